#pragma once
// What stands between contrail and one remote provider (a model or embedding API): a concurrency
// limit with a short, bounded FIFO queue in front of it, retries with full-jitter exponential
// backoff that honour Retry-After, and a circuit breaker. Every provider object owns one guard, so
// one provider's outage does not slow others.
//
//   ProviderGuard guard(options);
//   Result<Answer> out;
//   core::Status s = co_await guard.Run([&]() -> awaitable<core::Status> {
//     CONTRAIL_CO_TRY(out, co_await CallOnce());  // sets out, or returns the error
//     co_return core::Ok();
//   });
//
// Thread-safe: Run() may be called concurrently from any I/O thread. Each caller's executor must run
// its handlers one at a time (an io_context run by one thread, as every contrail I/O thread is, or a
// strand): a queued call is woken by a handler posted to its own executor.

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>

#include "core/config.h"
#include "core/result.h"

namespace contrail::core {
class Counter;
class Histogram;
}

namespace contrail::net {

struct GuardOptions {
  std::string name;                              // "anthropic", "bedrock", … (logs, metrics, errors)
  int max_retries = 2;                           // extra attempts after the first
  std::chrono::milliseconds backoff_base{200};   // attempt n sleeps random(0, base * 2^n)
  std::chrono::milliseconds backoff_max{5'000};  // cap of a sleep; a longer Retry-After is not waited
  int breaker_failures = 5;                      // consecutive failed calls that open the circuit
  std::chrono::milliseconds breaker_cooldown{10'000};
  int max_concurrency = 64;                      // calls in flight; more wait in the queue
  // At the limit a call waits (first come, first served) for up to queue_timeout, with at most
  // max_queued calls waiting; a call beyond that, or still waiting at the timeout, is refused with a
  // 503. The bound keeps latency from growing without limit when a provider is slow. A zero
  // queue_timeout or max_queued refuses at once, as before the queue existed.
  std::chrono::milliseconds queue_timeout{2'000};
  int max_queued = 256;
};

// How long a client refused by the guard is told to wait (Retry-After) before trying again.
inline constexpr int kGuardRetryAfterMs = 1'000;

// The guard settings of [resilience] for the provider called `name` (resilience.max_queued 0 means
// 4 × max_concurrency).
GuardOptions GuardOptionsFrom(const core::ResilienceConfig& config, std::string name);

class ProviderGuard {
 public:
  enum class BreakerState { kClosed, kOpen, kHalfOpen };
  using Attempt = std::function<boost::asio::awaitable<core::Status>()>;

  explicit ProviderGuard(GuardOptions options);

  // Runs `attempt` until it succeeds or fails for good: a non-retryable error (Error::retryable is
  // false), retries spent, a Retry-After longer than backoff_max, or `may_retry()` returning false
  // (a stream that already delivered text must not be replayed). With `max_concurrency` calls in
  // flight it first waits its turn in the queue (see GuardOptions). kUnavailable, with
  // retry_after_ms set and without calling `attempt`, while the circuit is open, when the queue is
  // full, and when the wait reaches queue_timeout. A provider that throttled on every attempt
  // (kRateLimited) is reported as kUnavailable (503): the client did nothing wrong.
  boost::asio::awaitable<core::Status> Run(Attempt attempt, std::function<bool()> may_retry = {});

  BreakerState state() const;
  int in_flight() const;  // calls holding a slot
  int queued() const;     // calls waiting for one
  const GuardOptions& options() const { return options_; }

 private:
  struct Waiter;
  class QueueTicket;
  struct SlotHold;
  // A slot for one call, at once or after waiting in the queue; kUnavailable when refused.
  boost::asio::awaitable<core::Status> AcquireSlot();
  // Hands the caller's slot to the longest waiter, or frees it when nobody waits.
  void ReleaseSlot();
  // A 503 with a Retry-After hint, counted under `reason`.
  core::Error Refuse(core::Counter& reason, std::string message);

  // Admission: the circuit allows a call (a half-open circuit allows exactly one trial).
  core::Status Admit();
  void OnOutcome(bool provider_failed);
  std::chrono::milliseconds Backoff(int attempt, int retry_after_ms) const;

  GuardOptions options_;
  mutable std::mutex slots_mu_;
  int in_flight_ = 0;                          // guarded by slots_mu_
  std::list<std::shared_ptr<Waiter>> queue_;   // guarded by slots_mu_; front waited longest
  std::shared_ptr<std::atomic<int>> queued_;   // queue_.size() for the metrics gauge (outlives us)
  mutable std::mutex mu_;
  BreakerState state_ = BreakerState::kClosed;       // guarded by mu_
  int consecutive_failures_ = 0;                     // guarded by mu_
  std::chrono::steady_clock::time_point open_until_;  // guarded by mu_
  bool trial_in_flight_ = false;                     // guarded by mu_
  core::Counter* calls_ok_;
  core::Counter* calls_failed_;
  core::Counter* calls_refused_;
  core::Counter* retries_;
  core::Counter* queued_calls_;
  core::Histogram* queue_wait_;
  core::Counter* refused_circuit_;
  core::Counter* refused_queue_full_;
  core::Counter* refused_queue_timeout_;
};

}  // namespace contrail::net
