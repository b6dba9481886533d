// pg::Pool: FIFO hand-out, bounded concurrency, acquire timeout, and leases returning connections.

#include "pg/pool.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <set>

#include "support/async.h"
#include "support/pg_env.h"
#include "support/services.h"

namespace contrail::pg {
namespace {

namespace asio = boost::asio;
using test::RunAsync;

class PoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = test::TestDatabase::Create();
    if (!db_) CONTRAIL_SKIP_OR_FAIL_WITHOUT("CONTRAIL_TEST_PG_PORT");
  }
  asio::io_context io_;
  std::optional<test::TestDatabase> db_;
};

TEST_F(PoolTest, WaitersAreServedFirstComeFirstServed) {
  Pool pool(io_.get_executor(), db_->options(), 1);
  std::vector<int> order;
  auto holder = [&]() -> asio::awaitable<void> {
    auto lease = co_await pool.Acquire();
    EXPECT_TRUE(lease);
    asio::steady_timer t(io_, std::chrono::milliseconds(100));
    co_await t.async_wait(asio::use_awaitable);  // the others queue up meanwhile
  };
  auto waiter = [&](int id) -> asio::awaitable<void> {
    auto lease = co_await pool.Acquire();
    EXPECT_TRUE(lease);
    if (!lease) co_return;
    order.push_back(id);
    Statement s("SELECT 1");
    auto r = co_await (*lease)->Execute(std::move(s));
    EXPECT_TRUE(r);
  };
  asio::co_spawn(io_, holder(), asio::detached);
  for (int id = 0; id < 5; ++id) asio::co_spawn(io_, waiter(id), asio::detached);
  io_.run();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(pool.idle(), 1);
}

TEST_F(PoolTest, RunsAtMostSizeStatementsAtOnce) {
  Pool pool(io_.get_executor(), db_->options(), 3);
  std::set<std::int64_t> backends;
  int done = 0;
  auto worker = [&]() -> asio::awaitable<void> {
    Statement s("SELECT pg_backend_pid(), pg_sleep(0.2)");
    auto r = co_await pool.Execute(std::move(s));
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    if (r) backends.insert(r->int64(0, 0));
    ++done;
  };
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 9; ++i) asio::co_spawn(io_, worker(), asio::detached);
  io_.run();
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(done, 9);
  EXPECT_EQ(backends.size(), 3u);  // three connections, each reused
  // 9 sleeps of 0.2 s on 3 connections: about 0.6 s, far below the 1.8 s of one connection.
  EXPECT_GE(elapsed, std::chrono::milliseconds(580));
  EXPECT_LT(elapsed, std::chrono::milliseconds(1500));
  EXPECT_EQ(pool.idle(), 3);
  EXPECT_EQ(pool.waiting(), 0);
}

TEST_F(PoolTest, AcquireTimesOutWhenAllAreBusy) {
  Pool pool(io_.get_executor(), db_->options(), 1, std::chrono::milliseconds(100));
  auto first = RunAsync(io_, pool.Acquire());
  ASSERT_TRUE(first);
  auto second = RunAsync(io_, pool.Acquire());
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, core::Code::kTimeout);
  EXPECT_EQ(pool.waiting(), 0);
  { Pool::Lease released = std::move(first).value(); }
  auto third = RunAsync(io_, pool.Acquire());
  EXPECT_TRUE(third);
}

}  // namespace
}  // namespace contrail::pg
