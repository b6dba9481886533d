// The retrieval cache: entries by query, generation and TTL, least recently used evicted first; the
// knowledge generation in a real Valkey.

#include "cache/retrieval_cache.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <thread>

#include "support/async.h"
#include "support/valkey_server.h"
#include "valkey/pool.h"

namespace contrail::cache {
namespace {

using namespace std::chrono_literals;

RetrievalCache::Hits HitsOf(std::string document) {
  knowledge::SearchHit h{};
  h.document_id = std::move(document);
  h.chunk_id = 7;
  h.text = "passage";
  h.score = 0.5;
  return {h};
}

knowledge::SearchQuery Query(std::string text) {
  knowledge::SearchQuery q;
  q.text = std::move(text);
  q.k = 12;
  return q;
}

TEST(RetrievalCacheTest, TheKeyCoversEveryPartOfTheQuery) {
  const std::string base = RetrievalCache::Key(Query("pets in the cabin"));
  EXPECT_TRUE(base.starts_with("rc:")) << base;
  EXPECT_EQ(base, RetrievalCache::Key(Query("pets in the cabin")));
  knowledge::SearchQuery other = Query("pets in the cabin");
  other.k = 5;
  EXPECT_NE(base, RetrievalCache::Key(other));
  other = Query("pets in the cabin");
  other.text_words = "pets cabin";
  EXPECT_NE(base, RetrievalCache::Key(other));
  other = Query("pets in the cabin");
  other.mode = knowledge::SearchMode::kText;
  EXPECT_NE(base, RetrievalCache::Key(other));
  other = Query("pets in the cabin");
  other.filters.doc_type = "policy";
  EXPECT_NE(base, RetrievalCache::Key(other));
  EXPECT_NE(base, RetrievalCache::Key(Query("Pets in the cabin")));
}

TEST(RetrievalCacheTest, AHitNeedsTheSameGenerationAndAnUnexpiredEntry) {
  RetrievalCache cache(10, 60s);
  cache.Put("a", 3, HitsOf("policies/pets.md"));
  auto hit = cache.Find("a", 3);
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(hit->at(0).document_id, "policies/pets.md");
  EXPECT_EQ(cache.Find("b", 3), nullptr);
  // A new generation (an ingest changed the knowledge base): the entry is dropped.
  EXPECT_EQ(cache.Find("a", 4), nullptr);
  EXPECT_EQ(cache.Find("a", 3), nullptr);
  EXPECT_EQ(cache.size(), 0u);
  RetrievalCache short_lived(10, 1s);
  short_lived.Put("a", 0, HitsOf("x"));
  std::this_thread::sleep_for(1100ms);  // a steady clock past the TTL
  EXPECT_EQ(short_lived.Find("a", 0), nullptr);
  RetrievalCache off(0, 60s);
  off.Put("a", 0, HitsOf("x"));
  EXPECT_EQ(off.Find("a", 0), nullptr);
}

TEST(RetrievalCacheTest, TheLeastRecentlyUsedEntryIsEvictedFirst) {
  RetrievalCache cache(2, 60s);
  cache.Put("a", 0, HitsOf("a"));
  cache.Put("b", 0, HitsOf("b"));
  ASSERT_NE(cache.Find("a", 0), nullptr);  // a is now the most recent
  cache.Put("c", 0, HitsOf("c"));
  EXPECT_EQ(cache.Find("b", 0), nullptr);
  EXPECT_NE(cache.Find("a", 0), nullptr);
  EXPECT_NE(cache.Find("c", 0), nullptr);
  EXPECT_EQ(cache.size(), 2u);
}

TEST(KnowledgeGenerationTest, StartsAtZeroAndEachBumpStartsANewOne) {
  test::ValkeyServer valkey;
  boost::asio::io_context io;
  valkey::ConnectionOptions o;
  o.port = valkey.port();
  o.command_timeout = 2s;
  valkey::Pool pool(io.get_executor(), o, 1);
  pool.Start();
  auto first = test::RunAsync(io, ReadKnowledgeGeneration(pool, 2s));
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(*first, 0);
  auto bumped = test::RunAsync(io, BumpKnowledgeGeneration(pool));
  ASSERT_TRUE(bumped) << bumped.error().message;
  EXPECT_EQ(*bumped, 1);
  auto now = test::RunAsync(io, ReadKnowledgeGeneration(pool, 2s));
  ASSERT_TRUE(now);
  EXPECT_EQ(*now, 1);
  valkey.Stop();
  EXPECT_FALSE(test::RunAsync(io, ReadKnowledgeGeneration(pool, 200ms)));
  pool.Close();
}

}  // namespace
}  // namespace contrail::cache
