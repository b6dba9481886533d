#pragma once
// The retrieval cache (DESIGN.md: "never pay twice for the same vector search"): the first stage's
// hits for a query (its text, full-text words, k, mode and filters) kept in process for a short TTL,
// so a question asked again — by anyone, in any scope, with any model — costs no search in
// PostgreSQL. The knowledge base's generation (`kn:gen` in Valkey, bumped by every ingest that
// changes a document: BumpKnowledgeGeneration) is part of each entry: after a re-ingest no entry of
// an older generation is served, on any instance. Thread-safe: one per process.
//
//   RetrievalCache cache(10'000, std::chrono::seconds{60});
//   auto gen = co_await ReadKnowledgeGeneration(valkey, 50ms);     // a failure: do not use the cache
//   if (auto hits = cache.Find(RetrievalCache::Key(query), *gen)) … else cache.Put(key, *gen, hits);

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/lru.h"
#include "core/result.h"
#include "knowledge/search.h"

namespace contrail::valkey {
class Pool;
}
namespace contrail::pg {
class Pool;
}
namespace contrail::embed {
class Embedder;
}

namespace contrail::cache {

inline constexpr const char* kKnowledgeGenerationKey = "kn:gen";

// The knowledge base's generation: 0 when no ingest has bumped it yet. Errors: Valkey's.
boost::asio::awaitable<core::Result<std::int64_t>> ReadKnowledgeGeneration(valkey::Pool& valkey,
                                                                           std::chrono::milliseconds timeout);
// Starts a new generation (INCR): every cached retrieval of the previous ones is stale. Returns it.
boost::asio::awaitable<core::Result<std::int64_t>> BumpKnowledgeGeneration(valkey::Pool& valkey);

class RetrievalCache {
 public:
  using Hits = std::vector<knowledge::SearchHit>;

  // At most `max_entries` (the least recently used go first), each served for `ttl`. 0 entries or
  // a zero ttl: nothing is kept.
  RetrievalCache(std::size_t max_entries, std::chrono::seconds ttl)
      : entries_(ttl.count() > 0 ? max_entries : 0), ttl_(ttl) {}

  // The cache key of a first-stage query: a hash of its canonical JSON.
  static std::string Key(const knowledge::SearchQuery& query);

  // The hits stored under `key` for `generation`, unexpired; nullptr otherwise (an entry of another
  // generation is dropped).
  std::shared_ptr<const Hits> Find(const std::string& key, std::int64_t generation);
  void Put(const std::string& key, std::int64_t generation, Hits hits);

  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::int64_t generation;
    std::chrono::steady_clock::time_point expires;
    std::shared_ptr<const Hits> hits;
  };
  core::Lru<Entry> entries_;
  std::chrono::seconds ttl_;
};

// knowledge::Search through `cache`: the hits of the same query found within cache.retrieval_ttl_s
// in the current knowledge generation, else searched and kept. Without the generation (Valkey down)
// the cache is bypassed: an entry could predate an ingest. With cache.retrieval_ttl_s or
// retrieval_entries 0, a plain search. Counts contrail_retrieval_cache_lookups_total{result=hit|
// miss|bypass}. Errors: knowledge::Search's.
boost::asio::awaitable<core::Result<RetrievalCache::Hits>> CachedSearch(RetrievalCache& cache, valkey::Pool& valkey,
                                                                        pg::Pool& pg, embed::Embedder& embedder,
                                                                        const core::Config& config,
                                                                        const knowledge::SearchQuery& query);

}  // namespace contrail::cache
