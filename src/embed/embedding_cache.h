#pragma once
// The embedding cache (DESIGN.md §3, key `emb:MODEL:DIM:HASH`): an Embedder decorator that asks,
// in order, a small in-process LRU, then Valkey (one pipelined round trip of GETs for the whole
// batch — not MGET, whose keys must share a cluster slot), then the real embedder for what is
// still missing, in batches. New vectors go into the LRU and, behind the reply, into Valkey with
// a TTL. Values are the raw float32 bytes (little-endian) of the unit vector.
//
// The key hashes the normalised text (trimmed, whitespace collapsed), the model and the dimensions,
// so two models or sizes never share entries. Valkey failures never fail an embedding: the batch is
// computed instead and the failure is counted (contrail_embed_cache_errors_total).

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/lru.h"
#include "embed/embedder.h"

namespace contrail::valkey {
class Pool;
}

namespace contrail::embed {

// A fixed-capacity LRU of vectors, shared by all threads of a process (one mutex; a lookup is a
// hash probe and a list splice).
using VectorLru = core::Lru<Vector>;

struct EmbeddingCacheOptions {
  std::chrono::seconds ttl{30 * 24 * 3600};
  std::chrono::milliseconds valkey_timeout{250};
  int batch_size = 64;  // texts per call of the inner embedder
};

// Where one Embed() call's vectors came from.
struct EmbedStats {
  int lru_hits = 0;
  int valkey_hits = 0;
  int computed = 0;
  bool valkey_failed = false;
};

// Whitespace trimmed and collapsed to single spaces: "  Hello\n world " → "Hello world".
std::string NormalizeForCache(std::string_view text);
// emb:MODEL:DIM:HASH with HASH = the first 32 hex digits of SHA-256(normalised text).
std::string EmbeddingCacheKey(std::string_view model, int dimensions, std::string_view normalized_text);

// Not thread-safe: it uses one I/O thread's Valkey pool (`pool` may be null: LRU only). `inner`
// and `lru` must outlive it; the LRU may be shared across threads.
class CachedEmbedder final : public Embedder {
 public:
  CachedEmbedder(Embedder& inner, valkey::Pool* pool, VectorLru* lru, EmbeddingCacheOptions options);

  const std::string& model() const override { return inner_.model(); }
  int dimensions() const override { return inner_.dimensions(); }
  bool computes_in_process() const override { return inner_.computes_in_process(); }

  boost::asio::awaitable<core::Result<std::vector<Vector>>> Embed(std::span<const std::string> texts) override;
  // The same, reporting where the vectors came from.
  boost::asio::awaitable<core::Result<std::vector<Vector>>> EmbedWithStats(std::span<const std::string> texts,
                                                                           EmbedStats* stats);

 private:
  struct Pending;
  boost::asio::awaitable<void> LookupValkey(Pending& p, EmbedStats& stats);
  boost::asio::awaitable<core::Status> Compute(Pending& p, EmbedStats& stats);
  void StoreInValkey(const std::vector<std::string>& keys, const std::vector<const Vector*>& vectors);

  Embedder& inner_;
  valkey::Pool* pool_;
  VectorLru* lru_;
  EmbeddingCacheOptions options_;
};

}  // namespace contrail::embed
