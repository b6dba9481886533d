#pragma once
// A local HTTP server on a free 127.0.0.1 port, running `handler` on its own thread: the double
// for a cloud provider, speaking that provider's wire format from the test's handler.
//
//   ScriptedServer server([](net::HttpRequest& r) -> asio::awaitable<net::HttpResponse> { … });
//   options.base_url = server.url();

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "net/http_server.h"

namespace contrail::test {

class ScriptedServer {
 public:
  using Handler = std::function<boost::asio::awaitable<net::HttpResponse>(net::HttpRequest&)>;

  explicit ScriptedServer(Handler handler) : handler_(std::move(handler)) {
    net::HttpServerOptions o;
    o.port = 0;
    server_ = std::make_unique<net::HttpServer>(o, [this](int) -> net::HttpHandler {
      return [this](net::HttpRequest& r) { return handler_(r); };
    });
    port_ = *server_->Listen();
    thread_ = std::thread([this] { server_->Run(); });
  }
  ~ScriptedServer() {
    server_->Stop();
    thread_.join();
  }
  ScriptedServer(const ScriptedServer&) = delete;
  ScriptedServer& operator=(const ScriptedServer&) = delete;

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  Handler handler_;
  std::unique_ptr<net::HttpServer> server_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace contrail::test
