#include "net/provider_guard.h"

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

// Decrements the in-flight count when the call ends, however it ends.
struct InFlight {
  std::atomic<int>& count;
  ~InFlight() { count.fetch_sub(1, std::memory_order_relaxed); }
};

}  // namespace

GuardOptions GuardOptionsFrom(const core::ResilienceConfig& c, std::string name) {
  GuardOptions o;
  o.name = std::move(name);
  o.max_retries = c.max_retries;
  o.backoff_base = std::chrono::milliseconds(c.backoff_base_ms);
  o.backoff_max = std::chrono::milliseconds(c.backoff_max_ms);
  o.breaker_failures = c.breaker_failures;
  o.breaker_cooldown = std::chrono::milliseconds(c.breaker_cooldown_ms);
  o.max_concurrency = c.max_concurrency;
  return o;
}

ProviderGuard::ProviderGuard(GuardOptions options)
    : options_(std::move(options)),
      calls_ok_(&CallCounter(options_.name, "ok")),
      calls_failed_(&CallCounter(options_.name, "error")),
      calls_refused_(&CallCounter(options_.name, "refused")),
      retries_(&core::MetricsRegistry::Global().GetCounter(
          "contrail_provider_retries_total", "Retried provider calls.", "provider=\"" + options_.name + "\"")) {}

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
  return core::Unavailable(options_.name + " is failing (" + std::to_string(consecutive_failures_) +
                           " calls in a row); not calling it for another " +
                           std::to_string(std::max<long long>(wait_ms, 0)) + " ms");
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

asio::awaitable<core::Status> ProviderGuard::Run(Attempt attempt, std::function<bool()> may_retry) {
  if (in_flight_.fetch_add(1, std::memory_order_relaxed) >= options_.max_concurrency) {
    in_flight_.fetch_sub(1, std::memory_order_relaxed);
    calls_refused_->Inc();
    co_return core::Unavailable(options_.name + ": " + std::to_string(options_.max_concurrency) +
                                " requests already in flight (resilience.max_concurrency); try again shortly");
  }
  InFlight release{in_flight_};
  for (int n = 0;; ++n) {
    if (core::Status admitted = Admit(); !admitted) {
      calls_refused_->Inc();
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
