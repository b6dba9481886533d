// ProviderGuard: retries, Retry-After, circuit breaker and concurrency limit.

#include "net/provider_guard.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

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

TEST(ProviderGuard, RefusesBeyondTheConcurrencyLimit) {
  asio::io_context io;
  ProviderGuard guard(Fast());  // max_concurrency 2
  auto slow = []() -> asio::awaitable<core::Status> {
    asio::steady_timer t(co_await asio::this_coro::executor, milliseconds(30));
    co_await t.async_wait(asio::use_awaitable);
    co_return core::Ok();
  };
  std::vector<core::Status> results(3);
  for (int i = 0; i < 3; ++i) {
    asio::co_spawn(io, guard.Run(slow), [&results, i](std::exception_ptr, core::Status s) { results[i] = s; });
  }
  io.run();
  EXPECT_TRUE(results[0]);
  EXPECT_TRUE(results[1]);
  ASSERT_FALSE(results[2]);
  EXPECT_EQ(results[2].error().code, core::Code::kUnavailable);
  EXPECT_EQ(guard.in_flight(), 0);
}

}  // namespace
}  // namespace contrail::net
