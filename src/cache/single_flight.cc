#include "cache/single_flight.h"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <vector>

namespace contrail::cache {

namespace asio = boost::asio;

// One call in flight and the callers waiting for it. Guarded by SingleFlight::mutex_.
struct SingleFlight::Flight {
  bool done = false;
  core::Result<std::string> result = core::Unavailable("single-flight: no result yet");
  std::vector<std::shared_ptr<asio::steady_timer>> waiters;  // each on its caller's executor
};

asio::awaitable<core::Result<std::string>> SingleFlight::Do(const std::string& key, Call call, bool* shared) {
  const asio::any_io_executor executor = co_await asio::this_coro::executor;
  std::shared_ptr<Flight> flight;
  std::shared_ptr<asio::steady_timer> timer;
  {
    std::lock_guard lock(mutex_);
    auto [it, leader] = flights_.try_emplace(key);
    if (leader) {
      it->second = std::make_shared<Flight>();
    } else {
      timer = std::make_shared<asio::steady_timer>(executor);
      timer->expires_after(max_wait_);
      it->second->waiters.push_back(timer);
    }
    flight = it->second;
  }
  if (shared != nullptr) *shared = timer != nullptr;
  if (timer != nullptr) {
    // Woken by the leader's cancel (posted to this executor, so it cannot run before this wait
    // begins) or by max_wait.
    boost::system::error_code ec;
    co_await timer->async_wait(asio::redirect_error(asio::use_awaitable, ec));
    std::lock_guard lock(mutex_);
    if (!flight->done) co_return core::Timeout("single-flight: the call for this key did not return in time");
    co_return flight->result;
  }
  // The leader. Should this coroutine end without the call's result (its io_context stopped), the
  // flight still ends: its waiters get an error, and the next caller of the key runs the call.
  struct EndsTheFlight {
    SingleFlight& self;
    std::string key;
    std::shared_ptr<Flight> flight;
    bool finished = false;
    ~EndsTheFlight() {
      if (!finished) self.Finish(key, *flight, core::Unavailable("single-flight: the call was abandoned"));
    }
  } guard{*this, key, flight};
  core::Result<std::string> result = co_await call();
  guard.finished = true;
  Finish(key, *flight, result);
  co_return result;
}

void SingleFlight::Finish(const std::string& key, Flight& flight, const core::Result<std::string>& result) {
  std::vector<std::shared_ptr<asio::steady_timer>> waiters;
  {
    std::lock_guard lock(mutex_);
    flight.done = true;
    flight.result = result;
    waiters.swap(flight.waiters);
    if (auto it = flights_.find(key); it != flights_.end() && it->second.get() == &flight) flights_.erase(it);
  }
  for (auto& t : waiters) asio::post(t->get_executor(), [t] { t->cancel(); });
}

std::size_t SingleFlight::in_flight() const {
  std::lock_guard lock(mutex_);
  return flights_.size();
}

std::size_t SingleFlight::waiting() const {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const auto& [key, flight] : flights_) n += flight->waiters.size();
  return n;
}

}  // namespace contrail::cache
