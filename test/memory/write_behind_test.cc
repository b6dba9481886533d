// WriteBehind against a real Valkey: retries, and Save completing with the writes sent.

#include "memory/write_behind.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <thread>

#include "valkey_pool_fixture.h"

namespace contrail::memory {
namespace {

namespace asio = boost::asio;
using WriteBehindTest = testing::ValkeyPoolTest;

TEST_F(WriteBehindTest, RetriesUntilValkeyIsBack) {
  WriteBehind writer(io_.get_executor(), pool_, 20, 60, /*retries=*/6);
  Sleep(50);
  server_.Stop(/*crash=*/true);
  SessionUpdate update{"r", "s", {{llm::Role::kUser, "kept", 1}}, std::nullopt, "req-1"};
  test::RunAsync(io_, writer.Save(std::move(update)));
  Sleep(120);
  ASSERT_TRUE(server_.Start());
  while (writer.in_flight() > 0) io_.run_one();
  EXPECT_EQ(server_.Cli({"LRANGE", "{u:r}:s:s:msgs", "0", "-1"}), R"({"role":"user","content":"kept","ts":1})");
}

// Save completes only once the writes are in the kernel: Valkey receives them although the
// thread stops the moment Save completes (so a reply written next cannot overtake them).
TEST_F(WriteBehindTest, SaveCompletesWithTheWritesSent) {
  WriteBehind writer(io_.get_executor(), pool_, 20, 60, /*retries=*/0);
  Sleep(50);  // connected
  bool saved = false;
  auto save_then_stop = [&]() -> asio::awaitable<void> {
    SessionUpdate update{"k", "s", {{llm::Role::kUser, "sent", 1}}, std::string("state"), "req-2"};
    co_await writer.Save(std::move(update));
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
