// The episode buffer's contract: a session's first change is written at once, changes within its
// interval are held (the newest summary, the sources of all), written once due, and the buffer
// changes only when told a transaction committed.

#include "memory/episode_buffer.h"

#include <gtest/gtest.h>

namespace contrail::memory {
namespace {

using namespace std::chrono_literals;
using Clock = EpisodeBuffer::Clock;

EpisodeWrite Change(std::string session, std::string text, std::vector<std::int64_t> ids, std::int64_t at) {
  return EpisodeWrite{{"ann", std::move(session)}, std::move(text), std::move(ids), at};
}

std::vector<std::string> Texts(const std::vector<EpisodeWrite>& writes) {
  std::vector<std::string> out;
  for (const EpisodeWrite& w : writes) out.push_back(w.session.second + ":" + w.text);
  return out;
}

TEST(EpisodeBufferTest, WithoutAnIntervalEveryChangeIsWrittenAtOnce) {
  EpisodeBuffer buffer(0ms);
  const auto t0 = Clock::now();
  for (int i = 0; i < 3; ++i) {
    auto plan = buffer.Split({Change("s1", "v" + std::to_string(i), {i}, i)}, t0);
    EXPECT_EQ(plan.write.size(), 1u);
    EXPECT_TRUE(plan.hold.empty());
    buffer.Committed(plan, t0);
  }
  EXPECT_EQ(buffer.held(), 0u);
}

TEST(EpisodeBufferTest, ChangesWithinTheIntervalAreHeldAndWrittenOnceDue) {
  EpisodeBuffer buffer(5s);
  const auto t0 = Clock::now();
  auto first = buffer.Split({Change("s1", "Asked about flights.", {1, 2}, 100)}, t0);
  ASSERT_EQ(Texts(first.write), std::vector<std::string>{"s1:Asked about flights."}) << "a session's first change";
  buffer.Committed(first, t0);

  auto second = buffer.Split({Change("s1", "Asked about flights and hotels.", {3, 4}, 200)}, t0 + 1s);
  EXPECT_TRUE(second.write.empty());
  buffer.Committed(second, t0 + 1s);
  ASSERT_NE(buffer.HeldText({"ann", "s1"}), nullptr);
  EXPECT_EQ(*buffer.HeldText({"ann", "s1"}), "Asked about flights and hotels.");

  auto third = buffer.Split({Change("s1", "Asked about flights, hotels and costs.", {5, 6}, 300)}, t0 + 2s);
  EXPECT_TRUE(third.write.empty());
  buffer.Committed(third, t0 + 2s);
  EXPECT_EQ(buffer.held(), 1u) << "one held episode a session";
  EXPECT_FALSE(buffer.AnyDue(t0 + 4s));
  EXPECT_TRUE(buffer.AnyDue(t0 + 5s));

  // Due: written by a batch that does not change it (or by an idle pass), with every held source.
  auto due = buffer.Split({Change("s2", "Asked about the weather.", {7, 8}, 400)}, t0 + 5s);
  ASSERT_EQ(due.write.size(), 2u);
  EXPECT_EQ(Texts(due.write), (std::vector<std::string>{"s2:Asked about the weather.",
                                                        "s1:Asked about flights, hotels and costs."}));
  EXPECT_EQ(due.write[1].source_ids, (std::vector<std::int64_t>{3, 4, 5, 6}));
  EXPECT_EQ(due.write[1].valid_from_ms, 300);
  buffer.Committed(due, t0 + 5s);
  EXPECT_EQ(buffer.held(), 0u);
  EXPECT_EQ(buffer.HeldText({"ann", "s1"}), nullptr);
}

TEST(EpisodeBufferTest, NothingChangesUntilATransactionCommitted) {
  EpisodeBuffer buffer(5s);
  const auto t0 = Clock::now();
  buffer.Committed(buffer.Split({Change("s1", "a", {1}, 1)}, t0), t0);
  auto held = buffer.Split({Change("s1", "b", {2}, 2)}, t0 + 1s);
  ASSERT_EQ(held.hold.size(), 1u);
  // Its transaction failed: nothing is held, and the retried batch (new event ids) plans the same.
  EXPECT_EQ(buffer.held(), 0u);
  auto retried = buffer.Split({Change("s1", "b", {3}, 2)}, t0 + 1s);
  buffer.Committed(retried, t0 + 1s);
  ASSERT_EQ(buffer.held(), 1u);
  auto due = buffer.Split({}, t0 + 6s);
  ASSERT_EQ(due.write.size(), 1u);
  EXPECT_EQ(due.write[0].source_ids, std::vector<std::int64_t>{3}) << "only the committed batch's events";
  // A failed flush keeps it held.
  EXPECT_EQ(buffer.held(), 1u);
}

TEST(EpisodeBufferTest, AnOlderChangeKeepsTheNewerTextButAddsItsSources) {
  EpisodeBuffer buffer(5s);
  const auto t0 = Clock::now();
  buffer.Committed(buffer.Split({Change("s1", "a", {1}, 100)}, t0), t0);
  buffer.Committed(buffer.Split({Change("s1", "newer", {3}, 300)}, t0 + 1s), t0 + 1s);
  buffer.Committed(buffer.Split({Change("s1", "older", {2}, 200)}, t0 + 2s), t0 + 2s);
  auto all = buffer.Split({}, t0 + 2s, /*everything=*/true);
  ASSERT_EQ(all.write.size(), 1u);
  EXPECT_EQ(all.write[0].text, "newer");
  EXPECT_EQ(all.write[0].valid_from_ms, 300);
  EXPECT_EQ(all.write[0].source_ids, (std::vector<std::int64_t>{3, 2}));
}

TEST(EpisodeBufferTest, PastItsCapTheOldestHeldAreWrittenRegardless) {
  EpisodeBuffer buffer(60s, 2);
  const auto t0 = Clock::now();
  for (int i = 0; i < 3; ++i) {
    const std::string s = "s" + std::to_string(i);
    buffer.Committed(buffer.Split({Change(s, "a", {1}, 1)}, t0), t0);
  }
  std::vector<std::string> written;
  for (int i = 0; i < 3; ++i) {
    const std::string s = "s" + std::to_string(i);
    auto plan = buffer.Split({Change(s, "b", {2}, 2)}, t0 + std::chrono::seconds(i + 1));
    for (const std::string& w : Texts(plan.write)) written.push_back(w);
    buffer.Committed(plan, t0 + std::chrono::seconds(i + 1));
  }
  EXPECT_EQ(written, std::vector<std::string>{"s0:b"}) << "the third held session wrote the one held longest";
  EXPECT_EQ(buffer.held(), 2u);
  EXPECT_FALSE(buffer.AnyDue(t0 + 4s));
}

// Sessions that came due together are written over several batches, the oldest first.
TEST(EpisodeBufferTest, ABatchWritesAtMostMaxDueHeldEpisodes) {
  EpisodeBuffer buffer(5s, 100, 2);
  const auto t0 = Clock::now();
  for (int i = 0; i < 3; ++i) {
    const std::string s = "s" + std::to_string(i);
    buffer.Committed(buffer.Split({Change(s, "a", {1}, 1)}, t0), t0);
    buffer.Committed(buffer.Split({Change(s, "b", {2}, 2)}, t0 + std::chrono::seconds(i + 1)),
                     t0 + std::chrono::seconds(i + 1));
  }
  ASSERT_EQ(buffer.held(), 3u);
  EXPECT_EQ(buffer.Split({}, t0 + 5s, /*everything=*/true).write.size(), 3u) << "a stopping worker writes them all";
  auto first = buffer.Split({}, t0 + 5s);
  EXPECT_EQ(Texts(first.write), (std::vector<std::string>{"s0:b", "s1:b"}));
  buffer.Committed(first, t0 + 5s);
  auto second = buffer.Split({Change("s9", "new", {3}, 3)}, t0 + 5s);
  EXPECT_EQ(Texts(second.write), (std::vector<std::string>{"s9:new", "s2:b"})) << "a batch's own changes are not counted";
}

}  // namespace
}  // namespace contrail::memory
