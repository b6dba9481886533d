#pragma once
// Private to net/: the state shared by the acceptor (http_server.cc) and the per-connection
// sessions (http_session.cc).

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <list>
#include <optional>
#include <thread>

#include "core/error.h"
#include "net/admission.h"
#include "net/http_server.h"

namespace contrail::net {

// One live connection, as seen by shutdown (idle ones are closed at once, busy ones finish) and by
// admission (at max_connections the longest-idle one gives its slot to a new connection).
struct SessionEntry {
  boost::asio::ip::tcp::socket* socket = nullptr;
  bool busy = false;  // from the first byte of a request until its response is written
  std::chrono::steady_clock::time_point idle_since;  // when it last began waiting for a request
  std::uint64_t id = 0;  // unique within its worker: eviction names the session by it
  Admission::Slot slot;  // given back when the connection closes or is evicted, whichever is first
};

struct Worker {
  int index = 0;
  boost::asio::io_context ctx{1};
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guard;
  HttpHandler handler;
  std::list<SessionEntry> sessions;  // touched only on this worker's thread
  std::uint64_t last_session_id = 0;  // likewise
};

// A session that waits for a request, as one worker reported it to the acceptor.
struct IdleSession {
  Worker* worker = nullptr;
  std::uint64_t id = 0;
  std::chrono::steady_clock::time_point since;
};

struct HttpServer::Impl {
  explicit Impl(HttpServerOptions o);

  HttpServerOptions options;
  Admission admission;  // before the workers: their sessions hold its slots
  std::vector<std::unique_ptr<Worker>> workers;
  std::optional<boost::asio::ip::tcp::acceptor> acceptor;  // on worker 0
  std::function<boost::asio::awaitable<void>()> before_exit;
  std::atomic<bool> stopping{false};
  std::atomic<bool> stop_requested{false};
  std::string request_id_prefix;
  std::atomic<std::uint64_t> request_counter{0};

  std::string NextRequestId();
  // The coroutine that serves one connection until it closes; it holds `slot` until then.
  boost::asio::awaitable<void> ServeConnection(Worker& worker, boost::asio::ip::tcp::socket socket,
                                               Admission::Slot slot);
  // Answers a connection that gets no slot with `why` (a 503 with Retry-After), then closes it
  // the lingering way; `refusal` is held until then.
  boost::asio::awaitable<void> RefuseConnection(boost::asio::ip::tcp::socket socket,
                                                core::Error why, Admission::Refusal refusal);
  boost::asio::awaitable<void> AcceptLoop();
  // Serves `socket` on `worker` when it can have a slot, refuses it otherwise. On worker 0.
  boost::asio::awaitable<void> Admit(Worker& worker, boost::asio::ip::tcp::socket socket,
                                     const boost::asio::ip::address& client);
  void Refuse(Worker& worker, boost::asio::ip::tcp::socket socket, ShedReason reason);
  // Closes the connection, on any worker, that has waited longest for a request, so that its slot
  // goes to a new one. False when every connection is busy. On worker 0.
  boost::asio::awaitable<bool> EvictLongestIdle();
  boost::asio::awaitable<void> StopGracefully();
  // The CPU of each worker (index = worker) when options.pin_threads and there are enough CPUs;
  // empty = leave placement to the kernel. Logs the decision.
  std::vector<int> PlaceThreads() const;
};

}  // namespace contrail::net
