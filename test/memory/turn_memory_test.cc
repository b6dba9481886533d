// LoadTurnMemory and WriteBehind against a real Valkey.

#include "memory/turn_memory.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <thread>

#include "support/async.h"
#include "support/valkey_server.h"
#include "valkey/pool.h"

namespace contrail::memory {
namespace {

namespace asio = boost::asio;

class TurnMemoryTest : public ::testing::Test {
 protected:
  TurnMemoryTest() : pool_(io_.get_executor(), Options(), 1) { pool_.Start(); }
  valkey::ConnectionOptions Options() {
    valkey::ConnectionOptions o;
    o.port = server_.port();
    o.command_timeout = std::chrono::milliseconds(1000);
    return o;
  }
  void Sleep(int ms) {
    test::RunAsync(io_, [&]() -> asio::awaitable<void> {
      asio::steady_timer t(io_, std::chrono::milliseconds(ms));
      co_await t.async_wait(asio::use_awaitable);
    }());
  }

  test::ValkeyServer server_;
  asio::io_context io_;
  valkey::Pool pool_;
};

TEST_F(TurnMemoryTest, SavedTurnsComeBackNewestLastWithinTheWindow) {
  WriteBehind writer(io_.get_executor(), pool_, /*window=*/4, /*ttl=*/60, /*retries=*/2);
  for (int i = 0; i < 3; ++i) {
    TurnRecord turn{"u", "s", {{"user", "q" + std::to_string(i), 1}, {"assistant", "a" + std::to_string(i), 2}},
                    "state-" + std::to_string(i), "req"};
    test::RunAsync(io_, writer.Save(std::move(turn)));
  }
  while (writer.in_flight() > 0) io_.run_one();
  EXPECT_EQ(server_.Cli({"LLEN", "{u:u}:s:s:msgs"}), "4") << "trimmed to the window";
  server_.Cli({"HSET", "{u:u}:profile", "kids_ages", "4,8"});

  auto m = test::RunAsync(io_, LoadTurnMemory(pool_, "u", "s", 2));
  ASSERT_TRUE(m.ok()) << m.error().message;
  ASSERT_EQ(m->history.size(), 2u);
  EXPECT_EQ(m->history[0].content, "q2");
  EXPECT_EQ(m->history[1].content, "a2");
  EXPECT_EQ(m->session_state, "state-2");
  EXPECT_EQ(m->profile.at("kids_ages"), "4,8");

  auto none = test::RunAsync(io_, LoadTurnMemory(pool_, "u", "s", 0));
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->history.empty()) << "history_context 0 reads no history";
  EXPECT_EQ(none->session_state, "state-2");

  auto stateless = test::RunAsync(io_, LoadTurnMemory(pool_, "u", "", 20));
  ASSERT_TRUE(stateless.ok());
  EXPECT_TRUE(stateless->history.empty());
  EXPECT_EQ(stateless->profile.size(), 1u);
}

TEST_F(TurnMemoryTest, WrongTypeKeyIsAnUpstreamError) {
  server_.Cli({"SET", "{u:w}:profile", "not a hash"});
  auto m = test::RunAsync(io_, LoadTurnMemory(pool_, "w", "", 20));
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().code, core::Code::kUpstream);
}

TEST_F(TurnMemoryTest, WriteBehindRetriesUntilValkeyIsBack) {
  WriteBehind writer(io_.get_executor(), pool_, 20, 60, /*retries=*/6);
  Sleep(50);
  server_.Stop(/*crash=*/true);
  TurnRecord turn{"r", "s", {{"user", "kept", 1}}, std::nullopt, "req-1"};
  test::RunAsync(io_, writer.Save(std::move(turn)));
  Sleep(120);
  ASSERT_TRUE(server_.Start());
  while (writer.in_flight() > 0) io_.run_one();
  EXPECT_EQ(server_.Cli({"LRANGE", "{u:r}:s:s:msgs", "0", "-1"}), R"({"role":"user","content":"kept","ts":1})");
}

// Save completes only once the writes are in the kernel: Valkey receives them although the
// thread stops the moment Save completes (so a reply written next cannot overtake them).
TEST_F(TurnMemoryTest, SaveCompletesWithTheWritesSent) {
  WriteBehind writer(io_.get_executor(), pool_, 20, 60, /*retries=*/0);
  Sleep(50);  // connected
  bool saved = false;
  auto save_then_stop = [&]() -> asio::awaitable<void> {
    TurnRecord turn{"k", "s", {{"user", "sent", 1}}, std::string("state"), "req-2"};
    co_await writer.Save(std::move(turn));
    saved = true;
    io_.stop();  // nothing queued on this thread runs any more
  };
  asio::co_spawn(io_, save_then_stop(), asio::detached);
  io_.restart();
  io_.run();
  ASSERT_TRUE(saved);
  std::string stored;
  for (int i = 0; i < 100 && stored.empty(); ++i) {
    stored = server_.Cli({"GET", "{u:k}:s:s:state"});
    if (stored.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(stored, "state");
  io_.restart();
  while (writer.in_flight() > 0) io_.run_one();
}

}  // namespace
}  // namespace contrail::memory
