#pragma once
// Concurrent identical calls made once, across the I/O threads of one process: the first caller of
// a key runs the call, the others wait for its result on their own executors. "Hawaii weather" asked
// by fifty turns at once costs one weather call, not fifty. Shared by every thread (thread-safe).
//
//   SingleFlight flights;                                   // one per process
//   auto r = co_await flights.Do("tc:weather:…", [&]() -> asio::awaitable<core::Result<std::string>> {
//     co_return co_await CallTheTool();
//   });
//
// A waiter's executor must run one thread at a time (an io_context run by one thread, or a strand):
// the result is handed over by a handler posted to it.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/result.h"

namespace contrail::cache {

class SingleFlight {
 public:
  using Call = std::function<boost::asio::awaitable<core::Result<std::string>>()>;

  // `max_wait` bounds how long a waiter waits for the leader's result; past it the waiter gets
  // kTimeout (its caller may answer without the call's result, or call again).
  explicit SingleFlight(std::chrono::milliseconds max_wait = std::chrono::seconds{10}) : max_wait_(max_wait) {}

  // The result of `call` for `key`: run here when no call for the key is in flight, else the one in
  // flight's (its value or its error). `shared` (optional) says which. A key's flight ends when its
  // call returns: a later Do runs the call again (the caller's cache is in front of it).
  boost::asio::awaitable<core::Result<std::string>> Do(const std::string& key, Call call, bool* shared = nullptr);

  // Calls in flight now, and callers waiting for one of them (for tests and metrics).
  std::size_t in_flight() const;
  std::size_t waiting() const;

 private:
  struct Flight;
  // Ends `flight` with `result`: its waiters are woken, and the key is free for a new call.
  void Finish(const std::string& key, Flight& flight, const core::Result<std::string>& result);

  std::chrono::milliseconds max_wait_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Flight>> flights_;
};

}  // namespace contrail::cache
