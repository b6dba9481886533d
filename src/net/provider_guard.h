#pragma once
// What stands between contrail and one remote provider (a model or embedding API): a concurrency
// limit, retries with full-jitter exponential backoff that honour Retry-After, and a circuit
// breaker. Every provider object owns one guard, so one provider's outage does not slow others.
//
//   ProviderGuard guard(options);
//   Result<Answer> out;
//   core::Status s = co_await guard.Run([&]() -> awaitable<core::Status> {
//     CONTRAIL_CO_TRY(out, co_await CallOnce());  // sets out, or returns the error
//     co_return core::Ok();
//   });
//
// Thread-safe: Run() may be called concurrently from any I/O thread.

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>

#include "core/config.h"
#include "core/result.h"

namespace contrail::core {
class Counter;
}

namespace contrail::net {

struct GuardOptions {
  std::string name;                              // "anthropic", "bedrock", … (logs, metrics, errors)
  int max_retries = 2;                           // extra attempts after the first
  std::chrono::milliseconds backoff_base{200};   // attempt n sleeps random(0, base * 2^n)
  std::chrono::milliseconds backoff_max{5'000};  // cap of a sleep; a longer Retry-After is not waited
  int breaker_failures = 5;                      // consecutive failed calls that open the circuit
  std::chrono::milliseconds breaker_cooldown{10'000};
  int max_concurrency = 64;                      // calls in flight; more are refused at once
};

// The guard settings of [resilience] for the provider called `name`.
GuardOptions GuardOptionsFrom(const core::ResilienceConfig& config, std::string name);

class ProviderGuard {
 public:
  enum class BreakerState { kClosed, kOpen, kHalfOpen };
  using Attempt = std::function<boost::asio::awaitable<core::Status>()>;

  explicit ProviderGuard(GuardOptions options);

  // Runs `attempt` until it succeeds or fails for good: a non-retryable error (Error::retryable is
  // false), retries spent, a Retry-After longer than backoff_max, or `may_retry()` returning false
  // (a stream that already delivered text must not be replayed). Refuses at once with kUnavailable
  // while the circuit is open or `max_concurrency` calls are in flight. A provider that throttled
  // on every attempt (kRateLimited) is reported as kUnavailable (503): the client did nothing wrong.
  boost::asio::awaitable<core::Status> Run(Attempt attempt, std::function<bool()> may_retry = {});

  BreakerState state() const;
  int in_flight() const { return in_flight_.load(std::memory_order_relaxed); }
  const GuardOptions& options() const { return options_; }

 private:
  // Admission: the circuit allows a call (a half-open circuit allows exactly one trial).
  core::Status Admit();
  void OnOutcome(bool provider_failed);
  std::chrono::milliseconds Backoff(int attempt, int retry_after_ms) const;

  GuardOptions options_;
  std::atomic<int> in_flight_{0};
  mutable std::mutex mu_;
  BreakerState state_ = BreakerState::kClosed;       // guarded by mu_
  int consecutive_failures_ = 0;                     // guarded by mu_
  std::chrono::steady_clock::time_point open_until_;  // guarded by mu_
  bool trial_in_flight_ = false;                     // guarded by mu_
  core::Counter* calls_ok_;
  core::Counter* calls_failed_;
  core::Counter* calls_refused_;
  core::Counter* retries_;
};

}  // namespace contrail::net
