// The embedding cache against a real Valkey: LRU, then pipelined GETs, then the embedder; keys,
// TTLs and raw float32 values as DESIGN.md §3 says; a Valkey outage costs only speed.

#include "embed/embedding_cache.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <thread>

#include "support/async.h"
#include "support/valkey_server.h"
#include "valkey/pool.h"

namespace contrail::embed {
namespace {

namespace asio = boost::asio;

// A deterministic embedder that counts the texts it was asked for.
class CountingEmbedder final : public Embedder {
 public:
  explicit CountingEmbedder(std::string model, int dims = 8) : model_(std::move(model)), dims_(dims) {}
  const std::string& model() const override { return model_; }
  int dimensions() const override { return dims_; }
  asio::awaitable<core::Result<std::vector<Vector>>> Embed(std::span<const std::string> texts) override {
    ++calls;
    std::vector<Vector> out;
    for (const std::string& t : texts) {
      ++texts_embedded;
      Vector v(dims_, 0.0f);
      for (std::size_t i = 0; i < t.size(); ++i) v[(static_cast<unsigned char>(t[i]) + i) % dims_] += 1.0f;
      Normalize(v);
      out.push_back(std::move(v));
    }
    co_return out;
  }
  int calls = 0;
  int texts_embedded = 0;

 private:
  std::string model_;
  int dims_;
};

class EmbeddingCacheTest : public ::testing::Test {
 protected:
  EmbeddingCacheTest() : pool_(io_.get_executor(), Options(), 1) { pool_.Start(); }
  ~EmbeddingCacheTest() override { pool_.Close(); }
  valkey::ConnectionOptions Options() {
    valkey::ConnectionOptions o;
    o.port = valkey_.port();
    o.command_timeout = std::chrono::seconds(2);
    o.max_backoff = std::chrono::milliseconds(50);
    return o;
  }
  core::Result<std::vector<Vector>> Run(CachedEmbedder& cache, std::vector<std::string> texts, EmbedStats* stats) {
    return test::RunAsync(io_, cache.EmbedWithStats(texts, stats));
  }
  // Lets the write-behind SETs land.
  void Settle() {
    for (int i = 0; i < 20; ++i) io_.poll();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    io_.poll();
  }

  test::ValkeyServer valkey_;
  asio::io_context io_;
  valkey::Pool pool_;
};

TEST_F(EmbeddingCacheTest, MissThenValkeyHitThenLruHit) {
  CountingEmbedder inner("m1");
  VectorLru lru(100);
  EmbeddingCacheOptions o;
  o.ttl = std::chrono::seconds(600);
  CachedEmbedder first(inner, &pool_, nullptr, o);
  EmbedStats s;
  auto a = Run(first, {"Flights to Paris", "hotels in Rome", "  Flights   to Paris\n"}, &s);
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(s.computed, 3);
  EXPECT_EQ(inner.texts_embedded, 2);  // the same normalised text is embedded once
  EXPECT_EQ((*a)[0], (*a)[2]);
  Settle();

  std::string key = EmbeddingCacheKey("m1", 8, "Flights to Paris");
  EXPECT_EQ(key.rfind("emb:m1:8:", 0), 0u);
  EXPECT_EQ(key.size(), std::string("emb:m1:8:").size() + 32);
  EXPECT_EQ(valkey_.Cli({"STRLEN", key}), "32");  // 8 float32
  int ttl = std::stoi(valkey_.Cli({"TTL", key}));
  EXPECT_GT(ttl, 590);
  EXPECT_LE(ttl, 600);

  CachedEmbedder second(inner, &pool_, &lru, o);  // a new process: empty LRU, warm Valkey
  auto b = Run(second, {"Flights to Paris", "hotels in Rome"}, &s);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(s.valkey_hits, 2);
  EXPECT_EQ(s.computed, 0);
  EXPECT_EQ((*b)[0], (*a)[0]);
  auto c = Run(second, {"hotels in Rome"}, &s);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(s.lru_hits, 1);
  EXPECT_EQ(inner.texts_embedded, 2);
}

// Keys already stored in Valkey must keep their names: the hash is pinned.
TEST(EmbeddingCacheKeyTest, IsModelSizeAndTheFirst128BitsOfTheTextsSha256) {
  EXPECT_EQ(EmbeddingCacheKey("m1", 8, "Flights to Paris"),
            "emb:m1:8:d07a452dcbb42905f2759b6fa4a53f7d");
}

TEST_F(EmbeddingCacheTest, ModelsAndSizesNeverShareEntries) {
  EXPECT_NE(EmbeddingCacheKey("m1", 8, "x"), EmbeddingCacheKey("m2", 8, "x"));
  EXPECT_NE(EmbeddingCacheKey("m1", 8, "x"), EmbeddingCacheKey("m1", 16, "x"));
  CountingEmbedder small("m", 8), large("m", 16);
  CachedEmbedder a(small, &pool_, nullptr, {}), b(large, &pool_, nullptr, {});
  EmbedStats s;
  ASSERT_TRUE(Run(a, {"same text"}, &s).ok());
  Settle();
  auto r = Run(b, {"same text"}, &s);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(s.computed, 1);
  EXPECT_EQ((*r)[0].size(), 16u);
}

TEST_F(EmbeddingCacheTest, ForeignValueIsAMissNotAnError) {
  CountingEmbedder inner("m1");
  valkey_.Cli({"SET", EmbeddingCacheKey("m1", 8, "odd"), "not a vector"});
  CachedEmbedder cache(inner, &pool_, nullptr, {});
  EmbedStats s;
  auto r = Run(cache, {"odd"}, &s);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(s.computed, 1);
  EXPECT_EQ((*r)[0].size(), 8u);
}

TEST_F(EmbeddingCacheTest, ValkeyDownStillEmbeds) {
  CountingEmbedder inner("m1");
  valkey_.Stop();
  CachedEmbedder cache(inner, &pool_, nullptr, {});
  EmbedStats s;
  auto r = Run(cache, {"anything"}, &s);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(s.valkey_failed);
  EXPECT_EQ(s.computed, 1);
  valkey_.Start();
}

TEST(VectorLruTest, EvictsLeastRecentlyUsed) {
  VectorLru lru(2);
  lru.Put("a", {1});
  lru.Put("b", {2});
  ASSERT_TRUE(lru.Get("a"));  // a is now the most recent
  lru.Put("c", {3});
  EXPECT_FALSE(lru.Get("b"));
  EXPECT_TRUE(lru.Get("a"));
  EXPECT_TRUE(lru.Get("c"));
  EXPECT_EQ(lru.size(), 2u);
  VectorLru off(0);
  off.Put("a", {1});
  EXPECT_FALSE(off.Get("a"));
}

TEST(NormalizeForCacheTest, CollapsesWhitespaceKeepsCase) {
  EXPECT_EQ(NormalizeForCache("  Hello\n\t world  "), "Hello world");
  EXPECT_EQ(NormalizeForCache("LAX"), "LAX");
  EXPECT_EQ(NormalizeForCache("   "), "");
}

}  // namespace
}  // namespace contrail::embed
