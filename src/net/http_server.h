#pragma once
// An HTTP/1.1 server on Boost.Beast with C++20 coroutines, one io_context per I/O thread.
// It parses and writes HTTP and knows no routes: every request goes to the handler of the
// thread that accepted it. Keep-alive, body limit (413), header, body and idle timeouts, a
// connection limit and a per-address one (net/admission.h: at the limit the longest-idle
// connection makes room, or a 503 with Retry-After), X-Request-Id and Server-Timing on every
// response, a lingering close after an early error response, graceful shutdown.
//
//   HttpServer server(options, [&](int worker) { return MakeHandler(worker); });
//   CONTRAIL_TRY(int port, server.Listen());
//   server.Run();          // blocks until Stop() has drained; call Stop() from a signal handler

#include <boost/asio/awaitable.hpp>
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "net/http_message.h"

namespace boost::asio {
class io_context;
}

namespace contrail::net {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                   // 0 = any free port (see Listen's result)
  int threads = 1;                   // I/O threads, each with its own io_context
  bool pin_threads = false;          // thread i on the i-th allowed CPU, if there are enough CPUs
  std::size_t body_limit = 1 << 20;  // larger bodies get 413
  std::size_t header_limit = 16 * 1024;
  // A request's line and headers must arrive within this of its first byte, so a client that
  // trickles a header (slowloris) cannot hold a connection for long.
  int header_timeout_ms = 10'000;
  int read_timeout_ms = 10'000;      // a request's body, once its headers arrived
  int idle_timeout_ms = 60'000;      // for the first byte of a request (of the next, on keep-alive)
  int shutdown_grace_ms = 10'000;    // in-flight requests may finish within this on Stop()
  // Beyond this many connections the one that has waited longest for a request is closed to admit
  // a new one; when every connection is busy the new one gets a 503 with Retry-After.
  int max_connections = 10'000;
  // Connections one client address may hold (an IPv6 client: its /64); more get a 503 with
  // Retry-After. 512 leaves room for a load test or a connection pool on one machine (wrk -c256,
  // bench/http_load.sh's 32) while one address holds at most ~5% of the default max_connections.
  int max_connections_per_address = 512;
  // After an error response to a request that was not read to its end (a body over the limit, a
  // malformed request), the rest of it is read and discarded for at most this long and this many
  // bytes before the connection closes: closing with unread bytes makes the kernel reset the
  // connection, and a client still uploading would see the reset instead of the response.
  int linger_ms = 5'000;
  std::size_t linger_bytes = 16 << 20;
  // The response to an error the transport itself finds (malformed request, body or headers over
  // their limit, a handler that threw). Unset: the error's message as text/plain, with the status
  // of its code. The application sets its own error body here (server/ sets OpenAI's).
  std::function<HttpResponse(const core::Error&)> error_response;
};

// Maps a request to a response. Called on the I/O thread of its worker; must not block.
using HttpHandler = std::function<boost::asio::awaitable<HttpResponse>(HttpRequest&)>;

class HttpServer {
 public:
  // `make_handler(worker)` is called once per I/O thread, before Run(), so each thread's handler
  // can own per-thread resources (connection pools) without locks.
  HttpServer(HttpServerOptions options, std::function<HttpHandler(int worker)> make_handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens. Returns the bound port; kUnavailable if the address is taken.
  core::Result<int> Listen();

  // Runs the I/O threads (the calling thread is worker 0) until Stop() completes.
  void Run();

  // Graceful stop, callable from any thread: stop accepting, close idle keep-alive connections,
  // let in-flight requests finish (up to shutdown_grace_ms), run `before_exit` (e.g. to flush
  // write-behind work), then stop the I/O threads so Run() returns.
  void Stop();

  // Awaited once during Stop(), on worker 0, after the connections drained.
  void set_before_exit(std::function<boost::asio::awaitable<void>()> hook);

  // The io_context of worker `i`; valid from construction until destruction.
  boost::asio::io_context& context(int worker);
  int threads() const;
  std::size_t active_connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace contrail::net
