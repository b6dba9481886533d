// ProviderGuard: retries, Retry-After, circuit breaker, and the concurrency limit with its bounded
// FIFO queue (gated attempts, so outcomes and order are asserted, never durations).

#include "net/provider_guard.h"

#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <future>
#include <optional>
#include <thread>

#include "support/async.h"

namespace contrail::net {
namespace {

namespace asio = boost::asio;
using std::chrono::milliseconds;

GuardOptions Fast() {
  GuardOptions o;
  o.name = "test";
  o.max_retries = 2;
  o.backoff_base = milliseconds(1);
  o.backoff_max = milliseconds(50);
  o.breaker_failures = 3;
  o.breaker_cooldown = milliseconds(100);
  o.max_concurrency = 2;
  return o;
}

core::Error Retryable(core::Code code = core::Code::kUpstream, int retry_after_ms = 0) {
  core::Error e(code, "boom");
  e.retryable = true;
  e.retry_after_ms = retry_after_ms;
  return e;
}

// An attempt that fails `failures` times with `error`, then succeeds; counts its calls.
ProviderGuard::Attempt Flaky(int& calls, int failures, core::Error error) {
  return [&calls, failures, error]() -> asio::awaitable<core::Status> {
    ++calls;
    if (calls <= failures) co_return error;
    co_return core::Ok();
  };
}

TEST(ProviderGuard, RetriesRetryableFailuresThenSucceeds) {
  asio::io_context io;
  ProviderGuard guard(Fast());
  int calls = 0;
  core::Status s = test::RunAsync(io, guard.Run(Flaky(calls, 2, Retryable())));
  EXPECT_TRUE(s);
  EXPECT_EQ(calls, 3);
}

TEST(ProviderGuard, DoesNotRetryClientErrorsOrAfterDelivery) {
  asio::io_context io;
  ProviderGuard guard(Fast());
  int calls = 0;
  core::Status s = test::RunAsync(io, guard.Run(Flaky(calls, 5, core::InvalidArgument("bad"))));
  EXPECT_EQ(s.error().code, core::Code::kInvalidArgument);
  EXPECT_EQ(calls, 1);
  calls = 0;
  s = test::RunAsync(io, guard.Run(Flaky(calls, 5, Retryable()), [] { return false; }));
  EXPECT_FALSE(s);
  EXPECT_EQ(calls, 1);
}

TEST(ProviderGuard, GivesUpAfterMaxRetriesAndReportsThrottlingAs503) {
  asio::io_context io;
  ProviderGuard guard(Fast());
  int calls = 0;
  core::Status s = test::RunAsync(io, guard.Run(Flaky(calls, 10, Retryable(core::Code::kRateLimited))));
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(s.error().code, core::Code::kUnavailable);
  EXPECT_NE(s.error().message.find("throttling"), std::string::npos);
}

TEST(ProviderGuard, HonoursRetryAfterAndSkipsRetriesThatWouldWaitTooLong) {
  asio::io_context io;
  ProviderGuard guard(Fast());
  int calls = 0;
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(test::RunAsync(io, guard.Run(Flaky(calls, 1, Retryable(core::Code::kRateLimited, 40)))));
  EXPECT_GE(std::chrono::steady_clock::now() - t0, milliseconds(40));
  calls = 0;
  core::Status s = test::RunAsync(io, guard.Run(Flaky(calls, 1, Retryable(core::Code::kRateLimited, 60'000))));
  EXPECT_FALSE(s);
  EXPECT_EQ(calls, 1);  // asked to wait a minute: fail now instead
}

TEST(ProviderGuard, BreakerOpensRefusesThenTriesAgainAfterCooldown) {
  asio::io_context io;
  GuardOptions o = Fast();
  o.max_retries = 0;
  ProviderGuard guard(o);
  int calls = 0;
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(test::RunAsync(io, guard.Run(Flaky(calls, 100, Retryable()))));
  EXPECT_EQ(guard.state(), ProviderGuard::BreakerState::kOpen);
  core::Status refused = test::RunAsync(io, guard.Run(Flaky(calls, 100, Retryable())));
  EXPECT_EQ(refused.error().code, core::Code::kUnavailable);
  EXPECT_EQ(calls, 3);  // not called while open
  std::this_thread::sleep_for(milliseconds(120));
  EXPECT_EQ(guard.state(), ProviderGuard::BreakerState::kHalfOpen);
  int ok_calls = 0;
  EXPECT_TRUE(test::RunAsync(io, guard.Run(Flaky(ok_calls, 0, Retryable()))));
  EXPECT_EQ(guard.state(), ProviderGuard::BreakerState::kClosed);
}

// An attempt that holds its slot until the test opens the gate; records the order calls ran in.
class Gate {
 public:
  explicit Gate(asio::io_context& io) : timer_(io, asio::steady_timer::time_point::max()) {}
  ProviderGuard::Attempt Hold(std::vector<int>& ran, int id) {
    return [this, &ran, id]() -> asio::awaitable<core::Status> {
      ran.push_back(id);
      if (!open_) co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
      co_return core::Ok();
    };
  }
  void Open() {
    open_ = true;
    timer_.cancel();
  }

 private:
  asio::steady_timer timer_;
  bool open_ = false;
};

void Spawn(asio::io_context& io, ProviderGuard& guard, ProviderGuard::Attempt attempt,
           std::optional<core::Status>& out) {
  asio::co_spawn(io, guard.Run(std::move(attempt)),
                 [&out](std::exception_ptr, core::Status s) { out = std::move(s); });
}

GuardOptions OneSlot(milliseconds queue_timeout, int max_queued = 8) {
  GuardOptions o = Fast();
  o.max_concurrency = 1;
  o.queue_timeout = queue_timeout;
  o.max_queued = max_queued;
  return o;
}

TEST(ProviderGuard, WithoutAQueueRefusesBeyondTheConcurrencyLimitAtOnce) {
  asio::io_context io;
  GuardOptions o = Fast();  // max_concurrency 2
  o.queue_timeout = milliseconds(0);
  ProviderGuard guard(o);
  Gate gate(io);
  std::vector<int> ran;
  std::vector<std::optional<core::Status>> results(3);
  for (int i = 0; i < 3; ++i) Spawn(io, guard, gate.Hold(ran, i), results[i]);
  io.poll();
  ASSERT_TRUE(results[2].has_value());
  EXPECT_EQ(results[2]->error().code, core::Code::kUnavailable);
  EXPECT_GT(results[2]->error().retry_after_ms, 0);
  gate.Open();
  io.run();
  EXPECT_TRUE(*results[0]);
  EXPECT_TRUE(*results[1]);
  EXPECT_EQ(ran, (std::vector<int>{0, 1}));
  EXPECT_EQ(guard.in_flight(), 0);
}

TEST(ProviderGuard, QueuedCallRunsWhenASlotFrees) {
  asio::io_context io;
  ProviderGuard guard(OneSlot(milliseconds(60'000)));
  Gate gate(io);
  std::vector<int> ran;
  std::optional<core::Status> first, second;
  Spawn(io, guard, gate.Hold(ran, 0), first);
  Spawn(io, guard, gate.Hold(ran, 1), second);
  io.poll();
  EXPECT_EQ(guard.in_flight(), 1);
  EXPECT_EQ(guard.queued(), 1);
  EXPECT_FALSE(second.has_value()) << "the second call waits instead of being refused";
  EXPECT_EQ(ran, (std::vector<int>{0}));
  gate.Open();
  io.run();
  EXPECT_TRUE(*first);
  EXPECT_TRUE(*second);
  EXPECT_EQ(ran, (std::vector<int>{0, 1}));
  EXPECT_EQ(guard.in_flight(), 0);
  EXPECT_EQ(guard.queued(), 0);
}

TEST(ProviderGuard, QueuedCallIsRefusedWith503AtTheQueueTimeoutWithoutCallingTheProvider) {
  asio::io_context io;
  ProviderGuard guard(OneSlot(milliseconds(20)));
  Gate gate(io);
  std::vector<int> ran;
  std::optional<core::Status> first, second;
  Spawn(io, guard, gate.Hold(ran, 0), first);
  Spawn(io, guard, gate.Hold(ran, 1), second);
  while (!second) io.run_one();  // the gate never opens by itself: only the queue timeout ends this
  EXPECT_EQ(second->error().code, core::Code::kUnavailable);
  EXPECT_NE(second->error().message.find("queue_timeout_ms"), std::string::npos);
  EXPECT_GT(second->error().retry_after_ms, 0);
  EXPECT_EQ(guard.queued(), 0);
  EXPECT_FALSE(first.has_value());
  gate.Open();
  io.run();
  EXPECT_TRUE(*first);
  EXPECT_EQ(ran, (std::vector<int>{0}));
  EXPECT_EQ(guard.in_flight(), 0);
}

TEST(ProviderGuard, FullQueueRefusesAtOnce) {
  asio::io_context io;
  ProviderGuard guard(OneSlot(milliseconds(60'000), 1));
  Gate gate(io);
  std::vector<int> ran;
  std::vector<std::optional<core::Status>> results(3);
  for (int i = 0; i < 3; ++i) Spawn(io, guard, gate.Hold(ran, i), results[i]);
  io.poll();
  ASSERT_TRUE(results[2].has_value()) << "refused without waiting for the slot";
  EXPECT_EQ(results[2]->error().code, core::Code::kUnavailable);
  EXPECT_NE(results[2]->error().message.find("max_queued"), std::string::npos);
  EXPECT_FALSE(results[1].has_value());
  gate.Open();
  io.run();
  EXPECT_TRUE(*results[0]);
  EXPECT_TRUE(*results[1]);
  EXPECT_EQ(ran, (std::vector<int>{0, 1}));
}

TEST(ProviderGuard, QueuedCallsRunInArrivalOrder) {
  asio::io_context io;
  ProviderGuard guard(OneSlot(milliseconds(60'000)));
  Gate gate(io);
  std::vector<int> ran;
  std::vector<std::optional<core::Status>> results(6);
  for (int i = 0; i < 6; ++i) Spawn(io, guard, gate.Hold(ran, i), results[i]);
  io.poll();
  EXPECT_EQ(guard.queued(), 5);
  gate.Open();
  io.run();
  EXPECT_EQ(ran, (std::vector<int>{0, 1, 2, 3, 4, 5}));
  for (const auto& r : results) EXPECT_TRUE(*r);
  EXPECT_EQ(guard.in_flight(), 0);
}

TEST(ProviderGuard, SlotFreedOnOneThreadAdmitsACallWaitingOnAnother) {
  asio::io_context holder_io, waiter_io;
  auto holder_work = asio::make_work_guard(holder_io);
  auto waiter_work = asio::make_work_guard(waiter_io);
  ProviderGuard guard(OneSlot(milliseconds(60'000)));
  Gate gate(holder_io);
  std::vector<int> held, waited;
  std::optional<core::Status> first;
  std::promise<core::Status> second;
  Spawn(holder_io, guard, gate.Hold(held, 0), first);
  std::thread holder([&] { holder_io.run(); });
  while (guard.in_flight() == 0) std::this_thread::yield();
  asio::co_spawn(waiter_io, guard.Run(gate.Hold(waited, 1)),
                 [&second](std::exception_ptr, core::Status s) { second.set_value(std::move(s)); });
  std::thread waiter([&] { waiter_io.run(); });
  while (guard.queued() == 0) std::this_thread::yield();
  asio::post(holder_io, [&gate] { gate.Open(); });
  EXPECT_TRUE(second.get_future().get());
  holder_work.reset();
  waiter_work.reset();
  holder.join();
  waiter.join();
  EXPECT_TRUE(*first);
  EXPECT_EQ(guard.in_flight(), 0);
}

TEST(ProviderGuard, CallDestroyedWhileQueuedLeavesTheQueue) {
  asio::io_context io;
  ProviderGuard guard(OneSlot(milliseconds(60'000)));
  Gate gate(io);
  std::vector<int> ran;
  std::optional<core::Status> first, gone;
  Spawn(io, guard, gate.Hold(ran, 0), first);
  io.poll();
  {
    asio::io_context doomed;
    Spawn(doomed, guard, gate.Hold(ran, 1), gone);
    doomed.poll();
    EXPECT_EQ(guard.queued(), 1);
  }  // destroying the io_context destroys the waiting coroutine
  EXPECT_EQ(guard.queued(), 0);
  gate.Open();
  io.run();
  EXPECT_TRUE(*first);
  EXPECT_EQ(ran, (std::vector<int>{0}));
  EXPECT_EQ(guard.in_flight(), 0);
}

}  // namespace
}  // namespace contrail::net
