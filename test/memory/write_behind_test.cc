// WriteBehind against a real Valkey: what each durability mode confirms, retries that store a turn
// once and never after a later turn, and what counts as a failure.

#include "memory/write_behind.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <thread>

#include "core/metrics.h"
#include "valkey_pool_fixture.h"

namespace contrail::memory {
namespace {

namespace asio = boost::asio;
using WriteBehindTest = testing::ValkeyPoolTest;

WriteBehindOptions Mode(Durability durability, int retries = 6) {
  WriteBehindOptions o;
  o.durability = durability;
  o.ttl_seconds = 60;
  o.retries = retries;
  return o;
}

SessionUpdate Turn(std::string user, std::string text, std::string request_id, std::int64_t began_ms = 0) {
  return SessionUpdate{std::move(user), "s", {{llm::Role::kUser, text, 1}}, "state of " + text,
                       std::move(request_id), began_ms};
}

double Counted(const char* name) { return core::MetricsRegistry::Global().GetCounter(name, "").value(); }
double FailedTurns() { return Counted("contrail_write_behind_failed_total"); }

TEST_F(WriteBehindTest, AckedSaveReturnsOnceValkeyStoredTheTurn) {
  WriteBehind writer(io_.get_executor(), pool_, Mode(Durability::kAcked));
  Sleep(50);
  EXPECT_EQ(test::RunAsync(io_, writer.Save(Turn("a", "hello", "req-a"))), SaveOutcome::kStored);
  EXPECT_EQ(server_.Cli({"LRANGE", "{u:a}:s:s:msgs", "0", "-1"}), R"({"role":"user","content":"hello","ts":1})");
  EXPECT_EQ(server_.Cli({"GET", "{u:a}:s:s:state"}), "state of hello");
  EXPECT_EQ(writer.in_flight(), 0u);
}

TEST_F(WriteBehindTest, AckedSaveWithValkeyDownIsNotConfirmedThenStoredOnceItIsBack) {
  WriteBehind writer(io_.get_executor(), pool_, Mode(Durability::kAcked));
  Sleep(50);
  server_.Stop(/*crash=*/true);
  EXPECT_EQ(test::RunAsync(io_, writer.Save(Turn("r", "kept", "req-1"))), SaveOutcome::kNotConfirmed);
  Sleep(120);
  ASSERT_TRUE(server_.Start());
  while (writer.in_flight() > 0) io_.run_one();
  EXPECT_EQ(server_.Cli({"LRANGE", "{u:r}:s:s:msgs", "0", "-1"}), R"({"role":"user","content":"kept","ts":1})");
}

// A retry of a turn that was stored (its reply was lost) must not store it twice.
TEST_F(WriteBehindTest, ATurnIsStoredOnceHoweverOftenItIsWritten) {
  WriteBehind writer(io_.get_executor(), pool_, Mode(Durability::kAcked));
  Sleep(50);
  EXPECT_EQ(test::RunAsync(io_, writer.Save(Turn("o", "once", "req-o"))), SaveOutcome::kStored);
  EXPECT_EQ(test::RunAsync(io_, writer.Save(Turn("o", "once", "req-o"))), SaveOutcome::kStored);
  EXPECT_EQ(server_.Cli({"LLEN", "{u:o}:s:s:msgs"}), "1");
  EXPECT_EQ(test::RunAsync(io_, writer.Save(Turn("o", "twice", "req-o2"))), SaveOutcome::kStored);
  EXPECT_EQ(server_.Cli({"LLEN", "{u:o}:s:s:msgs"}), "2");
}

// A turn written late (a retry, or a write queued while Valkey was away) after the client has moved
// on and its next turn is stored: appending it would put the history out of order and make the
// session's state an older turn's. It is dropped, and counted.
TEST_F(WriteBehindTest, ATurnIsNeverStoredAfterOneThatBeganLater) {
  WriteBehind writer(io_.get_executor(), pool_, Mode(Durability::kAcked));
  Sleep(50);
  const double superseded_before = Counted("contrail_write_behind_superseded_total");
  EXPECT_EQ(test::RunAsync(io_, writer.Save(Turn("l", "first", "req-1", 1'000))), SaveOutcome::kStored);
  EXPECT_EQ(test::RunAsync(io_, writer.Save(Turn("l", "third", "req-3", 3'000))), SaveOutcome::kStored);
  EXPECT_EQ(test::RunAsync(io_, writer.Save(Turn("l", "second, late", "req-2", 2'000))), SaveOutcome::kNotConfirmed);
  EXPECT_EQ(writer.in_flight(), 0u) << "not retried";
  EXPECT_EQ(Counted("contrail_write_behind_superseded_total"), superseded_before + 1);
  EXPECT_EQ(server_.Cli({"LRANGE", "{u:l}:s:s:msgs", "0", "-1"}),
            R"({"role":"user","content":"first","ts":1})" "\n" R"({"role":"user","content":"third","ts":1})");
  EXPECT_EQ(server_.Cli({"GET", "{u:l}:s:s:state"}), "state of third");
  // The stored turn written again is still a no-op, and a turn that began in the same ms is stored.
  EXPECT_EQ(test::RunAsync(io_, writer.Save(Turn("l", "third", "req-3", 3'000))), SaveOutcome::kStored);
  EXPECT_EQ(test::RunAsync(io_, writer.Save(Turn("l", "fourth", "req-4", 3'000))), SaveOutcome::kStored);
  EXPECT_EQ(server_.Cli({"LLEN", "{u:l}:s:s:msgs"}), "3");
}

// Two continuations of one response that seed its chain's session with the copied history: the
// first stored seeds it; the other is not stored there (it is continued from its records), so
// the session's history never holds both.
TEST_F(WriteBehindTest, ASeedIsStoredOnlyInASessionNobodySeeded) {
  WriteBehind writer(io_.get_executor(), pool_, Mode(Durability::kAcked));
  Sleep(50);
  auto seed = [](std::string text, std::string request_id, std::int64_t began_ms) {
    SessionUpdate u = Turn("f", text, std::move(request_id), began_ms);
    u.messages.insert(u.messages.begin(), StoredMessage(llm::Role::kUser, "copied", 1));
    u.copied = 1;
    return u;
  };
  EXPECT_EQ(test::RunAsync(io_, writer.Save(seed("fork b", "req-b", 2'000))), SaveOutcome::kStored);
  EXPECT_EQ(test::RunAsync(io_, writer.Save(seed("fork a", "req-a", 1'000))), SaveOutcome::kStored);
  EXPECT_EQ(test::RunAsync(io_, writer.Save(seed("fork c", "req-c", 3'000))), SaveOutcome::kStored);
  EXPECT_EQ(server_.Cli({"LRANGE", "{u:f}:s:s:msgs", "0", "-1"}),
            R"({"role":"user","content":"copied","ts":1})" "\n" R"({"role":"user","content":"fork b","ts":1})");
  EXPECT_EQ(server_.Cli({"GET", "{u:f}:s:s:turn"}), "2000 req-b");
  // A retry of the seed that was stored is still a no-op, and the session's next turn is stored.
  EXPECT_EQ(test::RunAsync(io_, writer.Save(seed("fork b", "req-b", 2'000))), SaveOutcome::kStored);
  EXPECT_EQ(test::RunAsync(io_, writer.Save(Turn("f", "next", "req-n", 4'000))), SaveOutcome::kStored);
  EXPECT_EQ(server_.Cli({"LLEN", "{u:f}:s:s:msgs"}), "3");
}

// A session whose last turn was stored before turns carried their start (a bare request id).
TEST_F(WriteBehindTest, ASessionStoredBeforeTurnsCarriedTheirStartTakesNewTurns) {
  WriteBehind writer(io_.get_executor(), pool_, Mode(Durability::kAcked));
  Sleep(50);
  server_.Cli({"SET", "{u:b}:s:s:turn", "req-old"});
  EXPECT_EQ(test::RunAsync(io_, writer.Save(Turn("b", "old", "req-old", 5'000))), SaveOutcome::kStored);
  EXPECT_EQ(server_.Cli({"LLEN", "{u:b}:s:s:msgs"}), "0") << "its retry is still a no-op";
  EXPECT_EQ(test::RunAsync(io_, writer.Save(Turn("b", "new", "req-new", 5'000))), SaveOutcome::kStored);
  EXPECT_EQ(server_.Cli({"LLEN", "{u:b}:s:s:msgs"}), "1");
  EXPECT_EQ(server_.Cli({"GET", "{u:b}:s:s:turn"}), "5000 req-new");
}

TEST_F(WriteBehindTest, AofSaveIsConfirmedOnceOnDisk) {
  test::ValkeyServer aof({"--appendonly", "yes", "--appendfsync", "everysec"});
  valkey::ConnectionOptions o = Options();
  o.port = aof.port();
  valkey::Pool pool(io_.get_executor(), o, 1);
  pool.Start();
  WriteBehind writer(io_.get_executor(), pool, Mode(Durability::kAof));
  Sleep(50);
  EXPECT_EQ(test::RunAsync(io_, writer.Save(Turn("d", "on disk", "req-d"))), SaveOutcome::kStored);
  EXPECT_EQ(aof.Cli({"LLEN", "{u:d}:s:s:msgs"}), "1");
  pool.Close();
}

// kAsync: Save completes once the writes are in the kernel: Valkey receives them although the
// thread stops the moment Save completes (so a reply written next cannot overtake them).
TEST_F(WriteBehindTest, AsyncSaveCompletesWithTheWritesSent) {
  WriteBehind writer(io_.get_executor(), pool_, Mode(Durability::kAsync, 0));
  Sleep(50);  // connected
  bool saved = false;
  auto save_then_stop = [&]() -> asio::awaitable<void> {
    EXPECT_EQ(co_await writer.Save(Turn("k", "sent", "req-2")), SaveOutcome::kSent);
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
  EXPECT_EQ(stored, "state of sent");
  io_.restart();
  while (writer.in_flight() > 0) io_.run_one();
}

TEST_F(WriteBehindTest, ATurnCountsAsFailedOnlyWhenEveryRetryFailed) {
  WriteBehind writer(io_.get_executor(), pool_, Mode(Durability::kAcked, /*retries=*/2));
  Sleep(50);
  const double failed_before = FailedTurns();
  server_.Stop(/*crash=*/true);
  EXPECT_EQ(test::RunAsync(io_, writer.Save(Turn("f", "lost", "req-f"))), SaveOutcome::kNotConfirmed);
  EXPECT_EQ(FailedTurns(), failed_before) << "still retrying";
  while (writer.in_flight() > 0) io_.run_one();
  EXPECT_EQ(FailedTurns(), failed_before + 1);
}

}  // namespace
}  // namespace contrail::memory
