#pragma once
// The contrail server: configuration in, a running HTTP server out. Builds the model registry,
// one Services per I/O thread, and the route table; serves until Stop() (or SIGTERM via the CLI).

#include <memory>

#include "core/config.h"
#include "core/result.h"
#include "server/router.h"

namespace contrail::server {

class App {
 public:
  // REQUIRES: core::Validate(config) passed.
  explicit App(core::Config config);
  ~App();

  // Binds the listening socket; returns the port (useful with port 0 in tests).
  // kUnavailable when the address is taken; kInvalidArgument for a bad model configuration.
  core::Result<int> Start();
  // Serves on the calling thread plus threads-1 more; returns after Stop() has drained.
  void Run();
  // Graceful stop, from any thread (see net::HttpServer::Stop); queued history writes are
  // flushed (up to the grace period) before Run() returns.
  void Stop();

  // Every route and who may call it. REQUIRES: Start() was called.
  std::vector<Router::RouteInfo> routes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace contrail::server
