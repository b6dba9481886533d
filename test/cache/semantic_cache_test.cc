// The semantic answer cache against a real Valkey: hits and misses, scope isolation, slot
// disagreement, TTL expiry, eviction, invalidation by id, tag and all, two instances kept in step
// by sc:log, rebuild at start, a Valkey outage, verified thresholds, and the index's own graph
// rebuild after many deletions.

#include "cache/semantic_cache.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cmath>
#include <functional>
#include <random>
#include <thread>

#include "cache/cache_sync.h"
#include "core/clock.h"
#include "support/async.h"
#include "support/valkey_server.h"
#include "valkey/command.h"
#include "valkey/pool.h"

namespace contrail::cache {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

constexpr int kDims = 16;

valkey::ConnectionOptions Options(int port) {
  valkey::ConnectionOptions o;
  o.port = port;
  o.command_timeout = std::chrono::seconds(2);
  o.max_backoff = std::chrono::milliseconds(50);
  return o;
}

// A unit vector pointing mostly along `axis`, tilted by `tilt` towards the next axis: the cosine
// of two such vectors on one axis is cos(tilt difference).
std::vector<float> Vec(int axis, float tilt = 0) {
  std::vector<float> v(kDims, 0.0f);
  v[axis % kDims] = std::cos(tilt);
  v[(axis + 1) % kDims] = std::sin(tilt);
  return v;
}

AnswerEntry Entry(std::string answer, std::vector<float> vector, std::string scope = std::string(kGlobalScope),
                  QuestionSlots slots = {}, std::vector<std::string> tags = {}, std::int64_t ttl_ms = 60'000) {
  AnswerEntry e;
  e.key = "key-1";
  e.scope = std::move(scope);
  e.query = e.standalone = "question for " + answer;
  e.answer = std::move(answer);
  e.model = "flightly-local";
  e.slots = std::move(slots);
  e.vector = std::move(vector);
  e.tags = std::move(tags);
  e.created_ms = core::UnixMillis();
  e.expires_ms = e.created_ms + ttl_ms;
  e.answer_seconds = 0.5;
  return e;
}

class SemanticCacheTest : public ::testing::Test {
 protected:
  SemanticCacheTest() : pool_(io_.get_executor(), Options(valkey_.port()), 1) {
    pool_.Start();
    options_.dimensions = kDims;
    options_.similarity = 0.9f;
    options_.verify_rate = 0;
  }
  ~SemanticCacheTest() override { pool_.Close(); }

  std::unique_ptr<SemanticCache> MakeCache(std::size_t max_entries = 100) {
    SemanticCacheOptions o = options_;
    o.max_entries = max_entries;
    return std::make_unique<SemanticCache>(o);
  }
  // Puts `e` and waits for its write to land (a PING on the same connection answers after it).
  void Put(SemanticCache& cache, AnswerEntry e) {
    core::Status s = cache.Put(pool_, std::move(e));
    ASSERT_TRUE(s) << s.error().message;
    Flush();
  }
  void Flush() {
    valkey::CommandBatch ping;
    ping.Add({"PING"});
    (void)test::RunAsync(io_, pool_.Execute(std::move(ping)));
  }
  LookupResult Find(SemanticCache& cache, const std::vector<float>& v, std::string_view user_scope = "",
                    const QuestionSlots& slots = {}) {
    return cache.Find({"key-1", user_scope, v, &slots});
  }
  // Runs the io_context until `done` or `limit` passes; whether it became true.
  bool RunUntil(const std::function<bool()>& done, std::chrono::milliseconds limit = 2000ms) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    io_.restart();
    while (!done() && std::chrono::steady_clock::now() < deadline) io_.run_for(5ms);
    return done();
  }

  test::ValkeyServer valkey_;
  asio::io_context io_;
  valkey::Pool pool_;
  SemanticCacheOptions options_;
};

TEST_F(SemanticCacheTest, ASimilarQuestionHitsAndADifferentOneMisses) {
  auto cache = MakeCache();
  Put(*cache, Entry("pets answer", Vec(0)));
  LookupResult near = Find(*cache, Vec(0, 0.2f));  // cosine 0.98
  ASSERT_TRUE(near.entry);
  EXPECT_EQ(near.entry->answer, "pets answer");
  EXPECT_NEAR(near.similarity, std::cos(0.2f), 1e-3);
  EXPECT_FALSE(Find(*cache, Vec(0, 0.6f)).entry);  // cosine 0.83 < 0.9
  EXPECT_FALSE(Find(*cache, Vec(5)).entry);
  // Another key material (another model or prompt) never hits.
  const QuestionSlots none;
  EXPECT_FALSE(cache->Find({"key-2", "", Vec(0), &none}).entry);
  // The entry is in Valkey with its TTL, and logged.
  const std::string id = near.entry->id;
  EXPECT_EQ(valkey_.Cli({"HGET", EntryKey(id), "answer"}), "pets answer");
  EXPECT_GT(std::stoi(valkey_.Cli({"TTL", EntryKey(id)})), 50);
  EXPECT_EQ(valkey_.Cli({"XLEN", "sc:log"}), "1");
  // Hits reach the entry's counter in Valkey in batches, off the hot path.
  cache->RecordHit(*near.entry);
  cache->RecordHit(*near.entry);
  test::RunAsync(io_, cache->FlushHits(pool_));
  EXPECT_EQ(valkey_.Cli({"HGET", EntryKey(id), "hits"}), "2");
  test::RunAsync(io_, cache->FlushHits(pool_));  // nothing new: nothing sent
  EXPECT_EQ(valkey_.Cli({"HGET", EntryKey(id), "hits"}), "2");
}

TEST_F(SemanticCacheTest, OneUsersPersonalAnswerIsNeverFoundForAnother) {
  auto cache = MakeCache();
  Put(*cache, Entry("your budget is $300", Vec(1), UserScope("ana")));
  EXPECT_TRUE(Find(*cache, Vec(1), UserScope("ana")).entry);
  EXPECT_FALSE(Find(*cache, Vec(1), UserScope("ben")).entry);
  EXPECT_FALSE(Find(*cache, Vec(1)).entry);
  // Global entries are found by everyone; the caller's own entry wins when it is nearer.
  Put(*cache, Entry("general budget advice", Vec(1, 0.1f)));
  EXPECT_EQ(Find(*cache, Vec(1), UserScope("ben")).entry->answer, "general budget advice");
  EXPECT_EQ(Find(*cache, Vec(1), UserScope("ana")).entry->answer, "your budget is $300");
}

TEST_F(SemanticCacheTest, DisagreeingSlotsRejectANearMissAndAreCounted) {
  auto cache = MakeCache();
  Put(*cache, Entry("LAX to HNL fares", Vec(2), std::string(kGlobalScope), {{"origin", "LAX"}, {"destination", "HNL"}}));
  LookupResult reversed = Find(*cache, Vec(2), "", {{"origin", "HNL"}, {"destination", "LAX"}});
  EXPECT_FALSE(reversed.entry);
  EXPECT_EQ(reversed.rejected_slot, "destination");
  LookupResult negated = Find(*cache, Vec(2), "", {{"origin", "LAX"}, {"destination", "HNL"}, {"negation", "not"}});
  EXPECT_FALSE(negated.entry);
  EXPECT_EQ(negated.rejected_slot, "negation");
  EXPECT_TRUE(Find(*cache, Vec(2), "", {{"origin", "LAX"}, {"destination", "HNL"}}).entry);
  // The reversed question's own entry is found behind the rejected one.
  Put(*cache, Entry("HNL to LAX fares", Vec(2, 0.05f), std::string(kGlobalScope),
                    {{"origin", "HNL"}, {"destination", "LAX"}}));
  LookupResult other = Find(*cache, Vec(2), "", {{"origin", "HNL"}, {"destination", "LAX"}});
  ASSERT_TRUE(other.entry);
  EXPECT_EQ(other.entry->answer, "HNL to LAX fares");
  const auto stats = cache->Stats();
  EXPECT_EQ(stats.at("near_misses_rejected").as_object().at("destination").as_uint64(), 1u);
  EXPECT_EQ(stats.at("near_misses_rejected").as_object().at("negation").as_uint64(), 1u);
}

TEST_F(SemanticCacheTest, AnExpiredEntryIsNotServed) {
  auto cache = MakeCache();
  Put(*cache, Entry("live fares", Vec(3), std::string(kGlobalScope), {}, {"live"}, 300));
  EXPECT_TRUE(Find(*cache, Vec(3)).entry);
  std::this_thread::sleep_for(350ms);
  EXPECT_FALSE(Find(*cache, Vec(3)).entry);
}

TEST_F(SemanticCacheTest, TheLeastRecentlyUsedEntriesAreEvictedOverTheCap) {
  auto cache = MakeCache(3);
  for (int i = 0; i < 3; ++i) Put(*cache, Entry("answer " + std::to_string(i), Vec(4 + i)));
  std::this_thread::sleep_for(5ms);
  LookupResult used = Find(*cache, Vec(4));  // 0 is now the most recently used
  ASSERT_TRUE(used.entry);
  cache->RecordHit(*used.entry);
  Put(*cache, Entry("answer 3", Vec(7)));
  EXPECT_EQ(cache->index().size(), 3u);
  EXPECT_TRUE(Find(*cache, Vec(4)).entry);
  EXPECT_TRUE(Find(*cache, Vec(7)).entry);
  EXPECT_EQ(cache->Stats().at("evictions").as_uint64(), 1u);
  EXPECT_EQ(valkey_.Cli({"EVAL", "return #redis.call('KEYS', 'sc:e:*')", "0"}), "3");
}

TEST_F(SemanticCacheTest, InvalidationByIdTagAndAllReachesValkey) {
  auto cache = MakeCache();
  Put(*cache, Entry("pets", Vec(8), std::string(kGlobalScope), {}, {"doc:faq/pets.md"}));
  Put(*cache, Entry("pets again", Vec(9), std::string(kGlobalScope), {}, {"doc:faq/pets.md", "doc:faq/bags.md"}));
  Put(*cache, Entry("bags", Vec(10), std::string(kGlobalScope), {}, {"doc:faq/bags.md"}));
  auto by_tag = test::RunAsync(io_, cache->Invalidate(pool_, Invalidation::Tag("doc:faq/pets.md")));
  ASSERT_TRUE(by_tag) << by_tag.error().message;
  EXPECT_EQ(*by_tag, 2u);
  EXPECT_FALSE(Find(*cache, Vec(8)).entry);
  EXPECT_FALSE(Find(*cache, Vec(9)).entry);
  LookupResult bags = Find(*cache, Vec(10));
  ASSERT_TRUE(bags.entry);
  auto by_id = test::RunAsync(io_, cache->Invalidate(pool_, Invalidation::Entry(bags.entry->id)));
  ASSERT_TRUE(by_id);
  EXPECT_EQ(*by_id, 1u);
  EXPECT_FALSE(Find(*cache, Vec(10)).entry);
  Put(*cache, Entry("weather", Vec(11)));
  auto all = test::RunAsync(io_, cache->Invalidate(pool_, Invalidation::All()));
  ASSERT_TRUE(all);
  EXPECT_EQ(*all, 1u);
  EXPECT_EQ(cache->index().size(), 0u);
  EXPECT_EQ(valkey_.Cli({"EVAL", "return #redis.call('KEYS', 'sc:*:*')", "0"}), "0");
}

TEST_F(SemanticCacheTest, TwoInstancesShareEntriesAndInvalidationsThroughTheLog) {
  auto a = MakeCache();
  auto b = MakeCache();
  CacheSync sync_a(*a, io_.get_executor(), Options(valkey_.port()));
  CacheSync sync_b(*b, io_.get_executor(), Options(valkey_.port()));
  sync_a.Start();
  sync_b.Start();
  ASSERT_TRUE(RunUntil([&] { return a->in_sync() && b->in_sync(); }));
  Put(*a, Entry("written through a", Vec(12), std::string(kGlobalScope), {}, {"doc:x.md"}));
  const auto written = std::chrono::steady_clock::now();
  ASSERT_TRUE(RunUntil([&] { return Find(*b, Vec(12)).entry != nullptr; }, 1000ms));
  const auto lag = std::chrono::steady_clock::now() - written;
  std::printf("[ sync lag ] %.1f ms\n", std::chrono::duration<double, std::milli>(lag).count());
  // An invalidation through b reaches a.
  auto removed = test::RunAsync(io_, b->Invalidate(pool_, Invalidation::Tag("doc:x.md")));
  ASSERT_TRUE(removed);
  ASSERT_TRUE(RunUntil([&] { return Find(*a, Vec(12)).entry == nullptr; }, 1000ms));
  // A restarted instance rebuilds from Valkey.
  Put(*a, Entry("kept", Vec(13)));
  auto c = MakeCache();
  CacheSync sync_c(*c, io_.get_executor(), Options(valkey_.port()));
  sync_c.Start();
  ASSERT_TRUE(RunUntil([&] { return c->in_sync(); }));
  LookupResult rebuilt = Find(*c, Vec(13));
  ASSERT_TRUE(rebuilt.entry);
  EXPECT_EQ(rebuilt.entry->answer, "kept");
  EXPECT_FALSE(Find(*c, Vec(12)).entry);
  sync_a.Close();
  sync_b.Close();
  sync_c.Close();
  RunUntil([] { return false; }, 50ms);
}

TEST_F(SemanticCacheTest, AValkeyOutageMarksTheCacheOutOfSyncUntilItIsBack) {
  auto cache = MakeCache();
  CacheSync sync(*cache, io_.get_executor(), Options(valkey_.port()));
  sync.Start();
  ASSERT_TRUE(RunUntil([&] { return cache->in_sync(); }));
  valkey_.Stop();
  ASSERT_TRUE(RunUntil([&] { return !cache->in_sync(); }, 5000ms));
  // A put while Valkey is down is kept here only (its write fails), and never a crash.
  EXPECT_TRUE(cache->Put(pool_, Entry("during outage", Vec(14))));
  ASSERT_TRUE(valkey_.Start());
  ASSERT_TRUE(RunUntil([&] { return cache->in_sync(); }, 5000ms));
  // The rebuild dropped the entry Valkey never stored.
  EXPECT_FALSE(Find(*cache, Vec(14)).entry);
  sync.Close();
  RunUntil([] { return false; }, 50ms);
}

TEST_F(SemanticCacheTest, AWrongVerifiedHitRaisesItsEntrysThreshold) {
  auto cache = MakeCache();
  Put(*cache, Entry("pets", Vec(15)));
  LookupResult hit = Find(*cache, Vec(15, 0.3f));  // cosine 0.955
  ASSERT_TRUE(hit.entry);
  cache->RecordVerification(&pool_, *hit.entry, hit.similarity, /*agreed=*/false);
  EXPECT_FALSE(Find(*cache, Vec(15, 0.3f)).entry);
  EXPECT_TRUE(Find(*cache, Vec(15, 0.05f)).entry);  // nearer questions are still served
  const auto stats = cache->Stats();
  const auto& v = stats.at("verification").as_object();
  EXPECT_EQ(v.at("samples").as_uint64(), 1u);
  EXPECT_EQ(v.at("wrong").as_uint64(), 1u);
  EXPECT_GT(cache->base_threshold(), 0.9f);  // 1 of 1 wrong is over the 0.5% budget
  RunUntil([] { return false; }, 50ms);
  EXPECT_NE(valkey_.Cli({"HGET", EntryKey(hit.entry->id), "threshold"}), "");
}

// "carry on size limit" / "How big can my cabin bag be?": one service topic, 0.54 apart.
TEST_F(SemanticCacheTest, AQuestionOfTheSameKindNeedsLessSimilarityAndEverySlotToAgree) {
  options_.kind_similarity = 0.75f;
  auto cache = MakeCache();
  const QuestionSlots size{{"^kind", "carry_on"}, {"asks", "size"}};
  Put(*cache, Entry("carry-on size", Vec(11), std::string(kGlobalScope), size));
  // cosine 0.83: below the base threshold (0.9), above the kind's.
  EXPECT_FALSE(Find(*cache, Vec(11, 0.6f), "", {{"asks", "size"}}).entry);
  EXPECT_FALSE(Find(*cache, Vec(11, 0.6f), "", {{"^kind", "pets"}, {"asks", "size"}}).entry);
  LookupResult kind = Find(*cache, Vec(11, 0.6f), "", size);
  ASSERT_TRUE(kind.entry);
  EXPECT_EQ(kind.entry->answer, "carry-on size");
  // Below the base threshold, a soft slot one question states tells them apart; above it, not.
  const QuestionSlots where{{"^kind", "carry_on"}, {"asks", "size"}, {"~where", "cabin"}};
  LookupResult strict = Find(*cache, Vec(11, 0.6f), "", where);
  EXPECT_FALSE(strict.entry);
  EXPECT_EQ(strict.rejected_slot, "where");
  EXPECT_TRUE(Find(*cache, Vec(11, 0.2f), "", where).entry);
  EXPECT_FALSE(Find(*cache, Vec(11, 0.8f), "", size).entry);  // cosine 0.70: below the kind's too
  // An entry whose hit was verified wrong keeps the threshold it learned.
  cache->RecordVerification(&pool_, *kind.entry, kind.similarity, /*agreed=*/false);
  EXPECT_FALSE(Find(*cache, Vec(11, 0.6f), "", size).entry);
}

TEST(AnswerIndexTest, ManyDeletionsRebuildTheGraphAndSearchStaysRight) {
  AnswerIndex index(kDims);
  std::vector<std::string> ids;
  for (int i = 0; i < 3000; ++i) {
    AnswerEntry e = Entry("a" + std::to_string(i), Vec(i % kDims, 0.001f * static_cast<float>(i / kDims)));
    e.id = NewEntryId();
    ids.push_back(e.id);
    ASSERT_TRUE(index.Insert(std::move(e)));
  }
  for (int i = 0; i < 2900; ++i) ASSERT_TRUE(index.Remove(ids[i]));
  EXPECT_EQ(index.size(), 100u);
  // The graph holds int8 vectors: neighbours 0.001 rad apart are one point to it. What it finds
  // is a live entry as similar as the query's own.
  const auto near = index.Nearest("key-1", "", Vec(2999 % kDims, 0.001f * (2999 / kDims)), 4, core::UnixMillis());
  ASSERT_FALSE(near.empty());
  for (const auto& c : near) EXPECT_GE(std::stoi(c.entry->answer.substr(1)), 2900) << c.entry->answer;
  EXPECT_GT(near[0].similarity, 0.995f);
  EXPECT_EQ(near[0].entry->answer.substr(0, 1), "a");
  // A vector of another size is refused.
  EXPECT_FALSE(index.Insert(Entry("short", std::vector<float>(3, 1.0f))));
}

// The graph compares int8 vectors (a lookup quantizes its question's): the similarity it reports
// stays within a hundredth of the floats' cosine, for dense vectors of a size the SIMD steps do not
// divide (its tail is rounded one value at a time), global entries and a user's own alike.
TEST(AnswerIndexTest, QuantizedSimilarityIsTheFloatCosineWithinAHundredth) {
  constexpr std::size_t kDense = 100;
  std::mt19937 random(7);
  std::normal_distribution<float> normal;
  auto unit = [&] {
    std::vector<float> v(kDense);
    float norm = 0;
    for (float& x : v) {
      x = normal(random);
      norm += x * x;
    }
    for (float& x : v) x /= std::sqrt(norm);
    return v;
  };
  AnswerIndex index(static_cast<int>(kDense));
  std::vector<std::vector<float>> stored;
  for (int i = 0; i < 24; ++i) {
    stored.push_back(unit());
    AnswerEntry e = Entry(std::to_string(i), stored.back(), i % 2 == 0 ? std::string(kGlobalScope) : "user:ana");
    e.id = NewEntryId();
    ASSERT_TRUE(index.Insert(std::move(e)));
  }
  for (int q = 0; q < 8; ++q) {
    std::vector<float> query = stored[static_cast<std::size_t>(q)];
    const std::vector<float> noise = unit();
    float norm = 0;
    for (std::size_t i = 0; i < kDense; ++i) {
      query[i] += 0.5f * noise[i];
      norm += query[i] * query[i];
    }
    for (float& x : query) x /= std::sqrt(norm);
    const auto near = index.Nearest("key-1", "user:ana", query, 24, core::UnixMillis());
    ASSERT_FALSE(near.empty());
    EXPECT_EQ(near[0].entry->answer, std::to_string(q));
    for (const auto& c : near) {
      const std::vector<float>& v = stored[static_cast<std::size_t>(std::stoi(c.entry->answer))];
      float cosine = 0;
      for (std::size_t i = 0; i < kDense; ++i) cosine += v[i] * query[i];
      EXPECT_NEAR(c.similarity, cosine, 0.01f) << c.entry->answer;
    }
  }
}

TEST(AnswerEntryTest, IdsAreSixteenHexDigits) {
  EXPECT_TRUE(IsEntryId(NewEntryId()));
  EXPECT_FALSE(IsEntryId("0123456789abcdeG"));
  EXPECT_FALSE(IsEntryId("sc:e:*"));
  EXPECT_NE(NewEntryId(), NewEntryId());
}

}  // namespace
}  // namespace contrail::cache
