// The memory worker against a real Valkey and PostgreSQL: a turn's messages become events on the
// user's stream (in the write-behind's pipeline), the worker stores each event exactly once however
// often it is written or read, takes over what a dead worker left pending, and keeps a slot's
// values as a history of supersessions.

#include "memory/event_worker.h"

#include <boost/json/parse.hpp>

#include "embed/embedder.h"
#include "memory/long_term.h"
#include "memory/write_behind.h"
#include "pg/connection.h"
#include "pg/pool.h"
#include "support/migrated_database.h"
#include "support/services.h"
#include "valkey_pool_fixture.h"

namespace contrail::memory {
namespace {

namespace asio = boost::asio;

// "my budget is $N" (with "actually": a correction) → budget_usd; "avoid X" → avoid_airlines
// (merged). The episode counts the session's user messages.
class FakeExtractor : public Extractor {
 public:
  asio::awaitable<core::Result<std::vector<ExtractedMemory>>> Extract(std::span<const MemoryEvent> earlier,
                                                                      std::span<const MemoryEvent> events) const override {
    std::vector<ExtractedMemory> out;
    for (std::size_t i = 0; i < events.size(); ++i) {
      const std::string& text = events[i].content;
      if (events[i].role != llm::Role::kUser) continue;
      if (auto at = text.find("budget is $"); at != std::string::npos) {
        std::string value = text.substr(at + 11, text.find_first_not_of("0123456789", at + 11) - at - 11);
        out.push_back({std::string(kPreference), "budget_usd", value, "Budget is $" + value + ".", false,
                       text.find("actually") != std::string::npos, {i}});
      }
      if (auto at = text.find("avoid "); at != std::string::npos) {
        std::string airline = text.substr(at + 6);
        out.push_back({std::string(kPreference), "avoid_airlines", airline, "Avoids " + airline + ".", true, false, {i}});
      }
      if (text == "forget my budget") {
        out.push_back({std::string(kPreference), "budget_usd", "", "Asked to forget: budget.", false, true, {i}});
      }
      if (text == "that one" && !earlier.empty()) seen_earlier_ = earlier.back().content;
    }
    co_return out;
  }
  ExtractedMemory Summarize(std::span<const MemoryEvent> session) const override {
    int asked = 0;
    for (const MemoryEvent& e : session) asked += e.role == llm::Role::kUser;
    return {std::string(kEpisode), "episode", "", "Asked " + std::to_string(asked) + " questions.", false, false, {}};
  }
  mutable std::string seen_earlier_;
};

class EventWorkerTest : public testing::ValkeyPoolTest {
 protected:
  void SetUp() override {
    db_ = test::MigratedDatabase();
    if (!db_) CONTRAIL_SKIP_OR_FAIL_WITHOUT("CONTRAIL_TEST_PG_PORT");
    pg_ = std::make_unique<pg::Connection>(io_.get_executor(), db_->options());
    Sleep(50);
  }
  EventWorkerOptions Options(std::string consumer = "w1", std::chrono::milliseconds episode_interval = {}) {
    EventWorkerOptions o;
    o.episode_interval = episode_interval;
    o.partitions = 2;
    o.block = std::chrono::milliseconds(50);
    o.claim_idle = std::chrono::milliseconds(200);
    o.consumer = std::move(consumer);
    return o;
  }
  SaveOutcome Say(WriteBehind& writer, const std::string& user, const std::string& session, const std::string& text,
                  const std::string& request_id, std::int64_t began_ms) {
    SessionUpdate u{user, session, {{llm::Role::kUser, text, began_ms}, {llm::Role::kAssistant, "ok: " + text, began_ms + 1}},
                    std::nullopt, request_id, began_ms};
    return test::RunAsync(io_, writer.Save(std::move(u)));
  }
  WriteBehind Writer(int event_partitions = 2) {
    WriteBehindOptions o;
    o.ttl_seconds = 60;
    o.event_partitions = event_partitions;
    return WriteBehind(io_.get_executor(), pool_, o);
  }
  // Passes until one reads nothing.
  StoreReport Drain(EventWorker& worker) {
    StoreReport total;
    for (;;) {
      auto pass = test::RunAsync(io_, worker.RunOnce());
      EXPECT_TRUE(pass) << pass.error().message;
      if (!pass || pass->read == 0) return total;
      total.stored += pass->store.stored;
      total.records += pass->store.records;
      total.superseded += pass->store.superseded;
    }
  }
  std::string Sql(const std::string& sql) {
    auto r = test::RunAsync(io_, pg_->Query(sql));
    EXPECT_TRUE(r) << r.error().message;
    std::string out;
    if (!r) return out;
    for (const auto& row : r->rows) {
      if (!out.empty()) out += "\n";
      for (std::size_t i = 0; i < row.size(); ++i) out += (i ? "|" : "") + row[i];
    }
    return out;
  }
  // Two turns of `user`'s session s1 through `worker` (its interval long): the first one's episode
  // is written, the second one's held.
  void SayTwiceHoldingAnEpisode(EventWorker& worker, WriteBehind& writer, const std::string& user) {
    ASSERT_EQ(Say(writer, user, "s1", "hi", "r1", 1'000), SaveOutcome::kStored);
    Drain(worker);
    ASSERT_EQ(Say(writer, user, "s1", "and hotels?", "r2", 2'000), SaveOutcome::kStored);
    Drain(worker);
    ASSERT_EQ(worker.episodes_held(), 1u);
  }
  long StreamLength() {
    long n = 0;
    for (int p = 0; p < 2; ++p) n += std::stol(server_.Cli({"XLEN", EventStreamKey(p)}));
    return n;
  }

  std::optional<test::TestDatabase> db_;
  std::unique_ptr<pg::Connection> pg_;
  FakeExtractor extractor_;
};

TEST_F(EventWorkerTest, ATurnIsOneEntryOfEventsOnTheUsersStream) {
  WriteBehind writer = Writer();
  ASSERT_EQ(Say(writer, "ann", "s1", "hello", "r1", 1'000), SaveOutcome::kStored);
  const std::string stream = EventStreamKey(EventPartition("ann", 2));
  EXPECT_EQ(server_.Cli({"XLEN", stream}), "1") << "one entry per turn";
  auto entries = DecodeRange(test::RunAsync(io_, pool_.Execute(valkey::CommandBatch().Add({"XRANGE", stream, "-", "+"}))).value()[0],
                             stream);
  ASSERT_EQ(entries.size(), 1u);
  ASSERT_EQ(entries[0].events.size(), 2u);
  EXPECT_EQ(entries[0].events[0].event_id, "r1:0");
  EXPECT_EQ(entries[0].events[1].event_id, "r1:1");
  EXPECT_EQ(entries[0].events[1].seq, 1'000'001);  // began_ms * 1000 + index
  EXPECT_EQ(entries[0].events[1].role, llm::Role::kAssistant);
  EXPECT_EQ(entries[0].events[0].content, "hello");
}

TEST_F(EventWorkerTest, EveryEventReachesPostgresOnceHoweverOftenItIsWritten) {
  WriteBehind writer = Writer();
  ASSERT_EQ(Say(writer, "bo", "s1", "hi", "r1", 1'000), SaveOutcome::kStored);
  ASSERT_EQ(Say(writer, "bo", "s1", "hi", "r1", 1'000), SaveOutcome::kStored);  // a retried turn
  ASSERT_EQ(Say(writer, "bo", "s1", "next", "r2", 2'000), SaveOutcome::kStored);
  EventWorker worker(pool_, *pg_, &extractor_, nullptr, Options());
  ASSERT_TRUE(test::RunAsync(io_, worker.Prepare()));
  EXPECT_EQ(Drain(worker).stored, 4u);
  EXPECT_EQ(Sql("SELECT role, content FROM memory_events WHERE user_id = 'bo' ORDER BY seq"),
            "user|hi\nassistant|ok: hi\nuser|next\nassistant|ok: next");
  EXPECT_EQ(StreamLength(), 0) << "stored entries are acknowledged and deleted";
  EXPECT_EQ(server_.Cli({"XPENDING", EventStreamKey(EventPartition("bo", 2)), "extractor"}).substr(0, 1), "0");
}

// A worker that died after reading (before its commit) leaves its entries pending; another
// worker claims them once idle. One that died after its commit (before XACK) is read again and
// changes nothing.
TEST_F(EventWorkerTest, WhatADeadWorkerLeftIsClaimedAndStoredOnce) {
  WriteBehind writer = Writer();
  EventWorker first(pool_, *pg_, &extractor_, nullptr, Options("dead"));
  ASSERT_TRUE(test::RunAsync(io_, first.Prepare()));
  ASSERT_EQ(Say(writer, "cy", "s1", "my budget is $300", "r1", 1'000), SaveOutcome::kStored);
  const std::string stream = EventStreamKey(EventPartition("cy", 2));
  // The dead worker read them (XREADGROUP) and never acknowledged them.
  EXPECT_NE(server_.Cli({"XREADGROUP", "GROUP", "extractor", "dead", "COUNT", "10", "STREAMS", stream, ">"}), "");
  // It also committed a copy of one event before dying (a crash between commit and XACK).
  MemoryEvent committed;
  committed.event_id = "r1:0";
  committed.user = "cy";
  committed.session = "s1";
  committed.seq = 1'000'000;
  committed.content = "my budget is $300";
  committed.ts = 1'000;
  committed.metadata = "{}";
  ASSERT_TRUE(test::RunAsync(io_, StoreEvents(*pg_, std::span(&committed, 1), &extractor_, nullptr)));
  EventWorker second(pool_, *pg_, &extractor_, nullptr, Options("alive"));
  EXPECT_EQ(Drain(second).stored, 0u) << "not idle long enough yet: still the dead worker's";
  Sleep(250);
  const StoreReport report = Drain(second);
  EXPECT_EQ(report.stored, 1u) << "only the assistant's message was not in PostgreSQL yet";
  EXPECT_EQ(Sql("SELECT count(*), count(DISTINCT event_id) FROM memory_events"), "2|2");
  EXPECT_EQ(Sql("SELECT count(*) FROM memory_records WHERE slot = 'budget_usd'"), "1");
  EXPECT_EQ(StreamLength(), 0);
}

TEST_F(EventWorkerTest, ANewValueSupersedesTheOldWhichStaysAsHistory) {
  WriteBehind writer = Writer();
  EventWorker worker(pool_, *pg_, &extractor_, nullptr, Options());
  ASSERT_TRUE(test::RunAsync(io_, worker.Prepare()));
  ASSERT_EQ(Say(writer, "di", "s1", "my budget is $300", "r1", 1'000), SaveOutcome::kStored);
  Drain(worker);
  ASSERT_EQ(Say(writer, "di", "s2", "actually my budget is $500", "r2", 5'000), SaveOutcome::kStored);
  ASSERT_EQ(Say(writer, "di", "s2", "avoid Spirit", "r3", 6'000), SaveOutcome::kStored);
  ASSERT_EQ(Say(writer, "di", "s2", "avoid United", "r4", 7'000), SaveOutcome::kStored);
  ASSERT_EQ(Say(writer, "di", "s2", "my budget is $500", "r5", 8'000), SaveOutcome::kStored);  // same: no new row
  Drain(worker);
  EXPECT_EQ(Sql("SELECT value, superseded_by IS NULL, metadata->>'correction' FROM memory_records "
                "WHERE user_id = 'di' AND slot = 'budget_usd' ORDER BY id"),
            "300|f|false\n500|t|true");
  EXPECT_EQ(Sql("SELECT value FROM memory_records WHERE user_id = 'di' AND slot = 'avoid_airlines' "
                "AND superseded_by IS NULL"),
            "Spirit,United");
  EXPECT_EQ(Sql("SELECT source_session_id, text FROM memory_records WHERE kind = 'episode' ORDER BY 1"),
            "s1|Asked 1 questions.\ns2|Asked 4 questions.");
  // The speed layer's copy holds the current values, as a turn reads them.
  const auto cached = DecodeCachedMemories(test::RunAsync(io_, pool_.Execute(valkey::CommandBatch().Add(
      {"HGETALL", "{u:di}:memory"}))).value()[0]);
  ASSERT_TRUE(cached.has_value());
  std::map<std::string, std::string> values;
  for (const RecalledMemory& m : *cached) values[m.slot] = m.value + "@" + m.session;
  EXPECT_EQ(values, (std::map<std::string, std::string>{{"avoid_airlines", "Spirit,United@s2"}, {"budget_usd", "500@s2"}}));
}

// "forget my budget": an empty value supersedes the current one, and no value is recalled; with
// nothing to withdraw, nothing is written.
TEST_F(EventWorkerTest, AWithdrawnValueSupersedesTheCurrentOneAndIsNotRecalled) {
  WriteBehind writer = Writer();
  EventWorker worker(pool_, *pg_, &extractor_, nullptr, Options());
  ASSERT_TRUE(test::RunAsync(io_, worker.Prepare()));
  ASSERT_EQ(Say(writer, "fo", "s1", "forget my budget", "r0", 500), SaveOutcome::kStored);
  ASSERT_EQ(Say(writer, "fo", "s1", "my budget is $300", "r1", 1'000), SaveOutcome::kStored);
  ASSERT_EQ(Say(writer, "fo", "s1", "avoid Spirit", "r2", 1'500), SaveOutcome::kStored);
  Drain(worker);
  ASSERT_EQ(Say(writer, "fo", "s2", "forget my budget", "r3", 5'000), SaveOutcome::kStored);
  Drain(worker);
  EXPECT_EQ(Sql("SELECT value, superseded_by IS NULL FROM memory_records "
                "WHERE user_id = 'fo' AND slot = 'budget_usd' ORDER BY id"),
            "300|f\n|t");
  const auto cached = DecodeCachedMemories(test::RunAsync(io_, pool_.Execute(valkey::CommandBatch().Add(
      {"HGETALL", "{u:fo}:memory"}))).value()[0]);
  ASSERT_TRUE(cached.has_value());
  std::map<std::string, std::string> values;
  for (const RecalledMemory& m : *cached) values[m.slot] = m.value;
  EXPECT_EQ(values, (std::map<std::string, std::string>{{"avoid_airlines", "Spirit"}}));
}

// A unit vector for every text: episodes get an embedding without a model.
class FixedEmbedder : public embed::Embedder {
 public:
  const std::string& model() const override { return model_; }
  int dimensions() const override { return 1024; }
  asio::awaitable<core::Result<std::vector<embed::Vector>>> Embed(std::span<const std::string> texts) override {
    embed::Vector v(1024, 0.0f);
    v[0] = 1.0f;
    co_return std::vector<embed::Vector>(texts.size(), v);
  }

 private:
  std::string model_ = "fixed";
};

// "Extract now" (and forgetting a user) read the user's waiting events page by page; a page that
// ends with one of the user's events goes on after it. With the workers stopped, a stream grows
// past a page: the second page's start was read from an event already moved out (an invalid id).
TEST_F(EventWorkerTest, ExtractNowReadsTheUsersEventsPastAFullPage) {
  WriteBehind writer = Writer(/*event_partitions=*/1);
  for (int i = 0; i < 999; ++i) {
    ASSERT_EQ(Say(writer, "other" + std::to_string(i % 7), "s", "hi", "o" + std::to_string(i), 1'000 + i),
              SaveOutcome::kStored);
  }
  ASSERT_EQ(Say(writer, "pg1", "s1", "my budget is $400", "r1", 5'000), SaveOutcome::kStored);  // entry 1,000
  ASSERT_EQ(Say(writer, "pg1", "s1", "avoid Spirit", "r2", 6'000), SaveOutcome::kStored);
  pg::Pool pg(io_.get_executor(), db_->options(), 1);
  FixedEmbedder embedder;
  auto report = test::RunAsync(io_, ExtractNow(pool_, pg, extractor_, embedder, "pg1", "", 1));
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->stored, 4u);  // both turns, each a user and an assistant message
  EXPECT_EQ(Sql("SELECT slot, value FROM memory_records WHERE user_id = 'pg1' AND kind <> 'episode' ORDER BY slot"),
            "avoid_airlines|Spirit\nbudget_usd|400");
}

// A session's episode is written at its first change, then at most once an interval: the changes
// between are held, and written (the newest summary, every event as a source) once due — by an
// idle pass too — or when the worker stops.
TEST_F(EventWorkerTest, EpisodeRewritesAreHeldForTheirIntervalAndNoneIsLost) {
  WriteBehind writer = Writer();
  EventWorker worker(pool_, *pg_, &extractor_, nullptr, Options("w1", std::chrono::minutes(1)));
  ASSERT_TRUE(test::RunAsync(io_, worker.Prepare()));
  ASSERT_EQ(Say(writer, "ed", "s1", "hi", "r1", 1'000), SaveOutcome::kStored);
  Drain(worker);
  const std::string episode = "SELECT text, cardinality(source_event_ids) FROM memory_records WHERE kind = 'episode'";
  EXPECT_EQ(Sql(episode), "Asked 1 questions.|2") << "a session's first episode is written at once";
  ASSERT_EQ(Say(writer, "ed", "s1", "and hotels?", "r2", 2'000), SaveOutcome::kStored);
  ASSERT_EQ(Say(writer, "ed", "s1", "my budget is $300", "r3", 3'000), SaveOutcome::kStored);
  Drain(worker);
  EXPECT_EQ(Sql(episode), "Asked 1 questions.|2") << "held";
  EXPECT_EQ(Sql("SELECT value FROM memory_records WHERE slot = 'budget_usd'"), "300") << "values never wait";
  EXPECT_EQ(worker.episodes_held(), 1u);
  ASSERT_TRUE(test::RunAsync(io_, worker.FlushEpisodes()));
  EXPECT_EQ(Sql(episode), "Asked 3 questions.|6");
  EXPECT_EQ(worker.episodes_held(), 0u);

  // 3 s: far longer than two passes take.
  EventWorker soon(pool_, *pg_, &extractor_, nullptr, Options("w2", std::chrono::seconds(3)));
  ASSERT_EQ(Say(writer, "ed", "s2", "hi", "r4", 4'000), SaveOutcome::kStored);
  Drain(soon);
  ASSERT_EQ(Say(writer, "ed", "s2", "and hotels?", "r5", 5'000), SaveOutcome::kStored);
  Drain(soon);
  EXPECT_EQ(soon.episodes_held(), 1u);
  // Passes that read nothing write it once due.
  for (int pass = 0; pass < 200 && soon.episodes_held() > 0; ++pass) {
    auto read = test::RunAsync(io_, soon.RunOnce());
    ASSERT_TRUE(read);
    EXPECT_EQ(read->read, 0u);
  }
  EXPECT_EQ(soon.episodes_held(), 0u);
  EXPECT_EQ(Sql("SELECT text FROM memory_records WHERE kind = 'episode' AND source_session_id = 's2'"),
            "Asked 2 questions.");
}

// Run() writes what it holds once stopped.
TEST_F(EventWorkerTest, AStoppingWorkerWritesTheEpisodesItHolds) {
  WriteBehind writer = Writer();
  EventWorker worker(pool_, *pg_, &extractor_, nullptr, Options("w1", std::chrono::minutes(1)));
  ASSERT_TRUE(test::RunAsync(io_, worker.Prepare()));
  SayTwiceHoldingAnEpisode(worker, writer, "gi");
  worker.Stop();
  test::RunAsync(io_, worker.Run());
  EXPECT_EQ(worker.episodes_held(), 0u);
  EXPECT_EQ(Sql("SELECT text FROM memory_records WHERE kind = 'episode'"), "Asked 2 questions.");
}

// An episode held across the user's forgetting is not written after it.
TEST_F(EventWorkerTest, AHeldEpisodeOfAForgottenUserIsNotWritten) {
  WriteBehind writer = Writer();
  EventWorker worker(pool_, *pg_, &extractor_, nullptr, Options("w1", std::chrono::minutes(1)));
  ASSERT_TRUE(test::RunAsync(io_, worker.Prepare()));
  SayTwiceHoldingAnEpisode(worker, writer, "fi");
  // What ForgetUser (long_term.h) does in PostgreSQL.
  Sql("INSERT INTO memory_forgotten VALUES ('fi', now()); DELETE FROM memory_records WHERE user_id = 'fi'; "
      "DELETE FROM memory_events WHERE user_id = 'fi'");
  ASSERT_TRUE(test::RunAsync(io_, worker.FlushEpisodes()));
  EXPECT_EQ(Sql("SELECT count(*) FROM memory_records WHERE user_id = 'fi'"), "0");
}

// An old value claimed late (its batch outlived a newer one) is history, not the current value.
TEST_F(EventWorkerTest, AnOlderValueStoredLateDoesNotReplaceANewerOne) {
  MemoryEvent newer{"r2:0", "el", "s1", 2'000'000, llm::Role::kUser, "my budget is $500", "{}", 2'000, 0};
  MemoryEvent older{"r1:0", "el", "s1", 1'000'000, llm::Role::kUser, "my budget is $300", "{}", 1'000, 0};
  ASSERT_TRUE(test::RunAsync(io_, StoreEvents(*pg_, std::span(&newer, 1), &extractor_, nullptr)));
  ASSERT_TRUE(test::RunAsync(io_, StoreEvents(*pg_, std::span(&older, 1), &extractor_, nullptr)));
  EXPECT_EQ(Sql("SELECT value FROM memory_records WHERE slot = 'budget_usd' AND superseded_by IS NULL"), "500");
  EXPECT_EQ(Sql("SELECT count(*) FROM memory_records WHERE slot = 'budget_usd'"), "2");
}

TEST_F(EventWorkerTest, TheExtractorSeesTheSessionsEarlierEvents) {
  MemoryEvent before{"r1:0", "fa", "s1", 1'000'000, llm::Role::kAssistant, "HA 193 (Hawaiian Airlines)", "{}", 1'000, 0};
  MemoryEvent now{"r2:0", "fa", "s1", 2'000'000, llm::Role::kUser, "that one", "{}", 2'000, 0};
  ASSERT_TRUE(test::RunAsync(io_, StoreEvents(*pg_, std::span(&before, 1), &extractor_, nullptr)));
  ASSERT_TRUE(test::RunAsync(io_, StoreEvents(*pg_, std::span(&now, 1), &extractor_, nullptr)));
  EXPECT_EQ(extractor_.seen_earlier_, "HA 193 (Hawaiian Airlines)");
}

TEST_F(EventWorkerTest, ContentPostgresCannotHoldIsCleanedNotRejected) {
  MemoryEvent nul{"r1:0", "go", "s1", 1'000'000, llm::Role::kUser, std::string("a\0b", 3), "{\"x\":1}", 1'000, 0};
  auto stored = test::RunAsync(io_, StoreEvents(*pg_, std::span(&nul, 1), &extractor_, nullptr));
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_EQ(Sql("SELECT content, metadata->>'x' FROM memory_events"), "ab|1");
}

}  // namespace
}  // namespace contrail::memory
