// The tool-result cache against a real Valkey: canonical arguments, cache-aside with a TTL, errors
// never cached, a Valkey outage costs only speed, and single-flight across two I/O threads.

#include "cache/tool_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <thread>

#include "cache/canonical_json.h"
#include "support/async.h"
#include "support/valkey_server.h"
#include "valkey/pool.h"

namespace contrail::cache {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

valkey::ConnectionOptions Options(int port) {
  valkey::ConnectionOptions o;
  o.port = port;
  o.command_timeout = std::chrono::seconds(2);
  o.max_backoff = std::chrono::milliseconds(50);
  return o;
}

TEST(CanonicalJsonTest, MemberOrderAndSpacingDoNotMatter) {
  const auto a = boost::json::parse(R"({"b": 1, "a": [{"d": 0, "c": "x\"y"}], "e": null})");
  const auto b = boost::json::parse(R"({"e":null,"a":[{"c":"x\"y","d":0}],"b":1})");
  EXPECT_EQ(CanonicalJson(a), R"({"a":[{"c":"x\"y","d":0}],"b":1,"e":null})");
  EXPECT_EQ(CanonicalJson(a), CanonicalJson(b));
  // Array order is meaning: it stays.
  EXPECT_NE(CanonicalJson(boost::json::parse("[1,2]")), CanonicalJson(boost::json::parse("[2,1]")));
  EXPECT_EQ(KeyHash("x").size(), 32u);
  EXPECT_NE(KeyHash("x"), KeyHash("y"));
}

class ToolCacheTest : public ::testing::Test {
 protected:
  ToolCacheTest() : pool_(io_.get_executor(), Options(valkey_.port()), 1), cache_(pool_, flights_, {}) {
    pool_.Start();
  }
  ~ToolCacheTest() override { pool_.Close(); }

  // A tool that counts its calls and answers "result N".
  SingleFlight::Call Counting(std::string answer = "result") {
    return [this, answer]() -> asio::awaitable<core::Result<std::string>> {
      ++calls_;
      co_return answer + " " + std::to_string(calls_);
    };
  }
  core::Result<ToolResult> Get(std::string_view args, std::chrono::seconds ttl, SingleFlight::Call call) {
    return test::RunAsync(io_, cache_.GetOrCall("weather", args, ttl, std::move(call)));
  }
  // Lets the SET sent behind the reply land.
  void Settle() {
    for (int i = 0; i < 20; ++i) io_.poll();
    std::this_thread::sleep_for(20ms);
    io_.poll();
  }

  test::ValkeyServer valkey_;
  asio::io_context io_;
  valkey::Pool pool_;
  SingleFlight flights_;
  ToolResultCache cache_;
  int calls_ = 0;
};

TEST_F(ToolCacheTest, AMissCallsTheToolAndTheNextAskIsAHitUntilTheTtl) {
  const std::string args = CanonicalJson(boost::json::parse(R"({"location":"HNL","month":3})"));
  auto first = Get(args, 60s, Counting());
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->value, "result 1");
  EXPECT_EQ(first->source, ToolResultSource::kCalled);
  Settle();
  const std::string key = ToolResultCache::Key("weather", args);
  EXPECT_TRUE(key.starts_with("tc:weather:")) << key;
  EXPECT_EQ(valkey_.Cli({"GET", key}), "result 1");
  const int ttl = std::stoi(valkey_.Cli({"TTL", key}));
  EXPECT_GT(ttl, 0);
  EXPECT_LE(ttl, 60);
  auto second = Get(args, 60s, Counting());
  ASSERT_TRUE(second);
  EXPECT_EQ(second->value, "result 1");
  EXPECT_EQ(second->source, ToolResultSource::kCache);
  EXPECT_EQ(calls_, 1);
  // Other arguments are another entry.
  auto other = Get(CanonicalJson(boost::json::parse(R"({"location":"OGG","month":3})")), 60s, Counting());
  ASSERT_TRUE(other);
  EXPECT_EQ(other->source, ToolResultSource::kCalled);
  EXPECT_EQ(calls_, 2);
}

TEST_F(ToolCacheTest, AnEntryExpiresAfterItsTtl) {
  auto first = Get("{}", 1s, Counting());
  ASSERT_TRUE(first);
  Settle();
  std::this_thread::sleep_for(1100ms);  // Valkey never returns a key past its TTL
  auto again = Get("{}", 1s, Counting());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->source, ToolResultSource::kCalled);
  EXPECT_EQ(again->value, "result 2");
}

TEST_F(ToolCacheTest, ErrorsAreReturnedAndNeverCached) {
  SingleFlight::Call failing = [this]() -> asio::awaitable<core::Result<std::string>> {
    ++calls_;
    co_return core::Unavailable("the weather service is down");
  };
  auto r = Get("{}", 60s, failing);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Code::kUnavailable);
  Settle();
  auto retried = Get("{}", 60s, Counting());
  ASSERT_TRUE(retried);
  EXPECT_EQ(retried->source, ToolResultSource::kCalled);
  EXPECT_EQ(calls_, 2);
}

TEST_F(ToolCacheTest, ValkeyDownCallsTheToolEveryTime) {
  valkey_.Stop();
  auto a = Get("{}", 60s, Counting());
  auto b = Get("{}", 60s, Counting());
  ASSERT_TRUE(a) << a.error().message;
  ASSERT_TRUE(b);
  EXPECT_EQ(a->source, ToolResultSource::kCalled);
  EXPECT_EQ(b->value, "result 2");
  valkey_.Start();
}

// Fifty identical misses at once, on two I/O threads with their own Valkey pools: one call.
TEST_F(ToolCacheTest, ConcurrentIdenticalMissesCallTheToolOnceAcrossThreads) {
  constexpr int kPerThread = 25;
  std::atomic<int> calls{0};
  std::atomic<int> answered{0};
  std::atomic<int> called{0};
  SingleFlight::Call slow = [&]() -> asio::awaitable<core::Result<std::string>> {
    ++calls;
    // Returns once every other caller waits on this flight (bounded: a broken flight fails the
    // expectation below instead of hanging).
    asio::steady_timer tick(co_await asio::this_coro::executor);
    for (int i = 0; i < 2000 && flights_.waiting() < 2 * kPerThread - 1; ++i) {
      tick.expires_after(5ms);
      co_await tick.async_wait(asio::use_awaitable);
    }
    co_return std::string("forecast");
  };
  auto run_thread = [&](asio::io_context& io) {
    valkey::Pool pool(io.get_executor(), Options(valkey_.port()), 1);
    pool.Start();
    ToolResultCache cache(pool, flights_, {});
    int finished = 0;
    for (int i = 0; i < kPerThread; ++i) {
      asio::co_spawn(io, [&]() -> asio::awaitable<void> {
        auto r = co_await cache.GetOrCall("weather", R"({"location":"HNL"})", 60s, slow);
        if (r && r->value == "forecast") ++answered;
        if (r && r->source == ToolResultSource::kCalled) ++called;
        ++finished;
      }, asio::detached);
    }
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (finished < kPerThread && std::chrono::steady_clock::now() < deadline) io.run_one_for(100ms);
    pool.Close();
    io.poll();
  };
  asio::io_context a, b;
  std::thread ta([&] { run_thread(a); });
  std::thread tb([&] { run_thread(b); });
  ta.join();
  tb.join();
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(called.load(), 1);
  EXPECT_EQ(answered.load(), 2 * kPerThread);
  EXPECT_EQ(flights_.in_flight(), 0u);
}

// A leader whose coroutine is destroyed before its call returns (its io_context stopped) still ends
// its flight: the next caller of the key runs the call instead of waiting for one that never ends.
TEST(SingleFlightTest, AnAbandonedCallEndsItsFlight) {
  SingleFlight flights(std::chrono::seconds(30));
  bool started = false;
  {
    asio::io_context doomed;
    asio::co_spawn(doomed, [&]() -> asio::awaitable<void> {
      co_await flights.Do("k", [&]() -> asio::awaitable<core::Result<std::string>> {
        started = true;
        asio::steady_timer forever(co_await asio::this_coro::executor, std::chrono::hours(1));
        co_await forever.async_wait(asio::use_awaitable);
        co_return std::string("never");
      });
    }, asio::detached);
    while (!started) doomed.run_one();
    EXPECT_EQ(flights.in_flight(), 1u);
  }  // destroyed with the call in flight
  EXPECT_EQ(flights.in_flight(), 0u);
  asio::io_context io;
  bool shared = true;
  auto r = test::RunAsync(io, flights.Do("k", []() -> asio::awaitable<core::Result<std::string>> {
    co_return std::string("fresh");
  }, &shared));
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, "fresh");
  EXPECT_FALSE(shared);
}

}  // namespace
}  // namespace contrail::cache
