#include "net/provider_guard.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <random>

#include "core/log.h"
#include "core/metrics.h"

namespace contrail::net {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

core::Counter& CallCounter(const std::string& provider, const char* outcome) {
  return core::MetricsRegistry::Global().GetCounter(
      "contrail_provider_calls_total", "Calls to model and embedding providers by outcome.",
      "provider=\"" + provider + "\",outcome=\"" + outcome + "\"");
}

core::Counter& RefusalCounter(const std::string& provider, const char* reason) {
  return core::MetricsRegistry::Global().GetCounter(
      "contrail_provider_refusals_total",
      "Provider calls refused without calling the provider, by reason.",
      "provider=\"" + provider + "\",reason=\"" + reason + "\"");
}

// Queue waits are short (bounded by queue_timeout): 1 ms to 30 s.
const std::vector<double>& QueueWaitBounds() {
  static const std::vector<double> bounds = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                             0.5,   1,     2,    5,     10,   30};
  return bounds;
}

}  // namespace

// A call waiting for a slot. The queue and the waiting coroutine share it, so that the wake-up a
// releasing thread posts to the waiter's executor never outlives it.
struct ProviderGuard::Waiter {
  explicit Waiter(asio::any_io_executor executor) : timer(std::move(executor)) {}
  asio::steady_timer timer;  // expires at the queue timeout; cancelled to admit the waiter
  bool admitted = false;     // guarded by slots_mu_: the releasing call handed over its slot
  std::list<std::shared_ptr<Waiter>>::iterator position;  // in queue_ while !admitted
};

// Leaves the queue if the waiting coroutine is destroyed while it waits (its io_context shut down),
// so that no slot is handed to a caller that is gone, and gives back a slot handed over meanwhile.
class ProviderGuard::QueueTicket {
 public:
  QueueTicket(ProviderGuard& guard, std::shared_ptr<Waiter> waiter)
      : guard_(guard), waiter_(std::move(waiter)) {}
  ~QueueTicket() {
    if (done_) return;
    bool admitted;
    {
      std::lock_guard lock(guard_.slots_mu_);
      admitted = waiter_->admitted;
      if (!admitted) {
        guard_.queue_.erase(waiter_->position);
        guard_.queued_->store(static_cast<int>(guard_.queue_.size()), std::memory_order_relaxed);
      }
    }
    if (admitted) guard_.ReleaseSlot();
  }
  void Done() { done_ = true; }  // the coroutine settled the outcome itself

 private:
  ProviderGuard& guard_;
  std::shared_ptr<Waiter> waiter_;
  bool done_ = false;
};

// Gives the slot back when the call ends, however it ends.
struct ProviderGuard::SlotHold {
  ProviderGuard& guard;
  ~SlotHold() { guard.ReleaseSlot(); }
};

GuardOptions GuardOptionsFrom(const core::ResilienceConfig& c, std::string name) {
  GuardOptions o;
  o.name = std::move(name);
  o.max_retries = c.max_retries;
  o.backoff_base = std::chrono::milliseconds(c.backoff_base_ms);
  o.backoff_max = std::chrono::milliseconds(c.backoff_max_ms);
  o.breaker_failures = c.breaker_failures;
  o.breaker_cooldown = std::chrono::milliseconds(c.breaker_cooldown_ms);
  o.max_concurrency = c.max_concurrency;
  o.queue_timeout = std::chrono::milliseconds(c.queue_timeout_ms);
  o.max_queued = c.max_queued > 0 ? c.max_queued : 4 * c.max_concurrency;
  return o;
}

ProviderGuard::ProviderGuard(GuardOptions options)
    : options_(std::move(options)),
      queued_(std::make_shared<std::atomic<int>>(0)),
      calls_ok_(&CallCounter(options_.name, "ok")),
      calls_failed_(&CallCounter(options_.name, "error")),
      calls_refused_(&CallCounter(options_.name, "refused")),
      retries_(&core::MetricsRegistry::Global().GetCounter(
          "contrail_provider_retries_total", "Retried provider calls.", "provider=\"" + options_.name + "\"")),
      queued_calls_(&core::MetricsRegistry::Global().GetCounter(
          "contrail_provider_queued_total", "Provider calls that waited for a slot (max_concurrency).",
          "provider=\"" + options_.name + "\"")),
      queue_wait_(&core::MetricsRegistry::Global().GetHistogram(
          "contrail_provider_queue_wait_seconds", "How long queued provider calls waited for a slot.",
          "provider=\"" + options_.name + "\"", QueueWaitBounds())),
      refused_circuit_(&RefusalCounter(options_.name, "circuit_open")),
      refused_queue_full_(&RefusalCounter(options_.name, "queue_full")),
      refused_queue_timeout_(&RefusalCounter(options_.name, "queue_timeout")) {
  // The gauge reads a counter the guard shares, so a guard destroyed first leaves nothing dangling.
  core::MetricsRegistry::Global().SetGauge(
      "contrail_provider_queued", "Provider calls waiting for a slot now.",
      "provider=\"" + options_.name + "\"",
      [queued = queued_] { return static_cast<double>(queued->load(std::memory_order_relaxed)); });
}

int ProviderGuard::in_flight() const {
  std::lock_guard lock(slots_mu_);
  return in_flight_;
}

int ProviderGuard::queued() const {
  std::lock_guard lock(slots_mu_);
  return static_cast<int>(queue_.size());
}

ProviderGuard::BreakerState ProviderGuard::state() const {
  std::lock_guard lock(mu_);
  if (state_ == BreakerState::kOpen && Clock::now() >= open_until_) return BreakerState::kHalfOpen;
  return state_;
}

core::Status ProviderGuard::Admit() {
  std::lock_guard lock(mu_);
  if (state_ == BreakerState::kClosed) return core::Ok();
  const auto now = Clock::now();
  if (state_ == BreakerState::kOpen && now >= open_until_) state_ = BreakerState::kHalfOpen;
  if (state_ == BreakerState::kHalfOpen && !trial_in_flight_) {
    trial_in_flight_ = true;
    return core::Ok();
  }
  const auto wait_ms = std::chrono::duration_cast<std::chrono::milliseconds>(open_until_ - now).count();
  core::Error error = core::Unavailable(options_.name + " is failing (" + std::to_string(consecutive_failures_) +
                                        " calls in a row); not calling it for another " +
                                        std::to_string(std::max<long long>(wait_ms, 0)) + " ms");
  // Half-open with the trial call still running: its outcome is due soon.
  error.retry_after_ms = wait_ms > 0 ? static_cast<int>(wait_ms) : kGuardRetryAfterMs;
  return error;
}

void ProviderGuard::OnOutcome(bool provider_failed) {
  std::lock_guard lock(mu_);
  trial_in_flight_ = false;
  if (!provider_failed) {
    consecutive_failures_ = 0;
    state_ = BreakerState::kClosed;
    return;
  }
  ++consecutive_failures_;
  if (state_ == BreakerState::kHalfOpen || consecutive_failures_ >= options_.breaker_failures) {
    if (state_ != BreakerState::kOpen) {
      core::log::Warn("provider circuit opened", {{"provider", options_.name},
                                                  {"failures", std::to_string(consecutive_failures_)}});
    }
    state_ = BreakerState::kOpen;
    open_until_ = Clock::now() + options_.breaker_cooldown;
  }
}

std::chrono::milliseconds ProviderGuard::Backoff(int attempt, int retry_after_ms) const {
  thread_local std::minstd_rand rng{std::random_device{}()};
  const long long cap = std::min<long long>(options_.backoff_max.count(),
                                            options_.backoff_base.count() << std::min(attempt, 20));
  std::uniform_int_distribution<long long> jitter(0, std::max<long long>(cap, 0));
  return std::chrono::milliseconds(std::max<long long>(jitter(rng), retry_after_ms));
}

core::Error ProviderGuard::Refuse(core::Counter& reason, std::string message) {
  calls_refused_->Inc();
  reason.Inc();
  core::Error error = core::Unavailable(std::move(message));
  error.retry_after_ms = kGuardRetryAfterMs;
  return error;
}

asio::awaitable<core::Status> ProviderGuard::AcquireSlot() {
  const asio::any_io_executor executor = co_await asio::this_coro::executor;
  std::shared_ptr<Waiter> waiter;
  {
    std::lock_guard lock(slots_mu_);
    // Nobody overtakes a waiter: while the queue is not empty every slot is taken.
    if (in_flight_ < options_.max_concurrency && queue_.empty()) {
      ++in_flight_;
      co_return core::Ok();
    }
    if (options_.queue_timeout.count() <= 0 || static_cast<int>(queue_.size()) >= options_.max_queued) {
      co_return Refuse(*refused_queue_full_,
                       options_.name + ": " + std::to_string(options_.max_concurrency) +
                           " requests in flight and " + std::to_string(queue_.size()) +
                           " waiting (resilience.max_concurrency, max_queued); try again shortly");
    }
    waiter = std::make_shared<Waiter>(executor);
    waiter->timer.expires_after(options_.queue_timeout);
    waiter->position = queue_.insert(queue_.end(), waiter);
    queued_->store(static_cast<int>(queue_.size()), std::memory_order_relaxed);
  }
  queued_calls_->Inc();
  const auto started = Clock::now();
  QueueTicket ticket(*this, waiter);
  // Ends at the timeout, or early when ReleaseSlot cancels the timer; `admitted` says which.
  co_await waiter->timer.async_wait(asio::as_tuple(asio::use_awaitable));
  ticket.Done();
  queue_wait_->Observe(std::chrono::duration<double>(Clock::now() - started).count());
  {
    std::lock_guard lock(slots_mu_);
    if (waiter->admitted) co_return core::Ok();
    queue_.erase(waiter->position);
    queued_->store(static_cast<int>(queue_.size()), std::memory_order_relaxed);
  }
  co_return Refuse(*refused_queue_timeout_,
                   options_.name + ": no free slot within " + std::to_string(options_.queue_timeout.count()) +
                       " ms (resilience.max_concurrency, queue_timeout_ms); try again shortly");
}

void ProviderGuard::ReleaseSlot() {
  std::shared_ptr<Waiter> next;
  {
    std::lock_guard lock(slots_mu_);
    if (queue_.empty()) {
      --in_flight_;
      return;
    }
    next = std::move(queue_.front());
    queue_.pop_front();
    next->admitted = true;  // the slot passes to it: in_flight_ stays the same
    queued_->store(static_cast<int>(queue_.size()), std::memory_order_relaxed);
  }
  // The timer belongs to the waiter's thread; cancel it there. A timer that already expired is
  // not affected, and the waiter still finds itself admitted.
  asio::post(next->timer.get_executor(), [next] { next->timer.cancel(); });
}

asio::awaitable<core::Status> ProviderGuard::Run(Attempt attempt, std::function<bool()> may_retry) {
  if (core::Status slot = co_await AcquireSlot(); !slot) co_return slot;
  SlotHold hold{*this};
  for (int n = 0;; ++n) {
    if (core::Status admitted = Admit(); !admitted) {
      calls_refused_->Inc();
      refused_circuit_->Inc();
      co_return admitted;
    }
    core::Status s = co_await attempt();
    // Only failures that say something about the provider's health count against the breaker.
    OnOutcome(!s && s.error().retryable);
    if (s) {
      calls_ok_->Inc();
      co_return s;
    }
    core::Error error = s.error();
    const bool can_retry = error.retryable && n < options_.max_retries &&
                           error.retry_after_ms <= options_.backoff_max.count() && (!may_retry || may_retry());
    if (!can_retry) {
      calls_failed_->Inc();
      if (error.code == core::Code::kRateLimited) {
        error.code = core::Code::kUnavailable;
        error.message = options_.name + " is throttling requests (" + std::to_string(n + 1) +
                        " attempts): " + error.message;
      }
      co_return error;
    }
    retries_->Inc();
    asio::steady_timer timer(co_await asio::this_coro::executor, Backoff(n, error.retry_after_ms));
    co_await timer.async_wait(asio::use_awaitable);
  }
}

}  // namespace contrail::net
