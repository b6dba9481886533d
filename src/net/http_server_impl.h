#pragma once
// Private to net/: the state shared by the acceptor (http_server.cc) and the per-connection
// sessions (http_session.cc).

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <list>
#include <optional>
#include <thread>

#include "net/http_server.h"

namespace contrail::net {

// One live connection, as seen by shutdown: idle ones are closed at once, busy ones finish.
struct SessionEntry {
  boost::asio::ip::tcp::socket* socket = nullptr;
  bool busy = false;
};

struct Worker {
  int index = 0;
  boost::asio::io_context ctx{1};
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guard;
  HttpHandler handler;
  std::list<SessionEntry> sessions;  // touched only on this worker's thread
};

struct HttpServer::Impl {
  HttpServerOptions options;
  std::vector<std::unique_ptr<Worker>> workers;
  std::optional<boost::asio::ip::tcp::acceptor> acceptor;  // on worker 0
  std::function<boost::asio::awaitable<void>()> before_exit;
  std::atomic<std::size_t> active{0};
  std::atomic<bool> stopping{false};
  std::atomic<bool> stop_requested{false};
  std::string request_id_prefix;
  std::atomic<std::uint64_t> request_counter{0};

  std::string NextRequestId();
  // The coroutine that serves one connection until it closes.
  boost::asio::awaitable<void> ServeConnection(Worker& worker, boost::asio::ip::tcp::socket socket);
  boost::asio::awaitable<void> AcceptLoop();
  boost::asio::awaitable<void> StopGracefully();
  // The CPU of each worker (index = worker) when options.pin_threads and there are enough CPUs;
  // empty = leave placement to the kernel. Logs the decision.
  std::vector<int> PlaceThreads() const;
};

}  // namespace contrail::net
