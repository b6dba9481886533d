#include "embed/embedding_cache.h"

#include <cstring>

#include "core/metrics.h"
#include "core/text.h"
#include "net/sha256.h"
#include "valkey/pool.h"

namespace contrail::embed {

namespace asio = boost::asio;

// --- keys -------------------------------------------------------------------------------------

std::string NormalizeForCache(std::string_view text) { return core::CollapseWhitespace(text); }

std::string EmbeddingCacheKey(std::string_view model, int dimensions, std::string_view normalized_text) {
  // The first 128 bits of the SHA-256 are plenty to tell texts apart and keep keys short.
  std::string key = "emb:";
  key.append(model).append(":").append(std::to_string(dimensions)).append(":");
  key.append(net::DigestHex(net::Sha256(normalized_text), 16));
  return key;
}

// --- CachedEmbedder ---------------------------------------------------------------------------

namespace {

struct CacheCounters {
  core::Counter& lru_hits;
  core::Counter& valkey_hits;
  core::Counter& misses;
  core::Counter& errors;
};

CacheCounters& Counters() {
  auto& r = core::MetricsRegistry::Global();
  static CacheCounters c{
      r.GetCounter("contrail_embed_cache_lookups_total", "Embedding cache lookups by result.", "result=\"lru_hit\""),
      r.GetCounter("contrail_embed_cache_lookups_total", "Embedding cache lookups by result.", "result=\"valkey_hit\""),
      r.GetCounter("contrail_embed_cache_lookups_total", "Embedding cache lookups by result.", "result=\"miss\""),
      r.GetCounter("contrail_embed_cache_errors_total", "Embedding cache reads or writes Valkey failed.")};
  return c;
}

std::string_view Bytes(const Vector& v) {
  return {reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float)};
}

}  // namespace

// One call's work: the distinct keys still missing and the output positions each one fills.
struct CachedEmbedder::Pending {
  std::vector<Vector> out;
  std::vector<std::string> keys;                 // distinct missing keys
  std::vector<std::string> texts;                // their (original) texts
  std::vector<std::vector<std::size_t>> slots;   // output positions of each key
};

CachedEmbedder::CachedEmbedder(Embedder& inner, valkey::Pool* pool, VectorLru* lru, EmbeddingCacheOptions options)
    : inner_(inner), pool_(pool), lru_(lru), options_(options) {}

asio::awaitable<core::Result<std::vector<Vector>>> CachedEmbedder::Embed(std::span<const std::string> texts) {
  co_return co_await EmbedWithStats(texts, nullptr);
}

asio::awaitable<core::Result<std::vector<Vector>>> CachedEmbedder::EmbedWithStats(std::span<const std::string> texts,
                                                                                  EmbedStats* stats_out) {
  EmbedStats stats;
  Pending p;
  p.out.resize(texts.size());
  std::unordered_map<std::string, std::size_t> seen;  // key → index in p.keys
  for (std::size_t i = 0; i < texts.size(); ++i) {
    std::string key = EmbeddingCacheKey(inner_.model(), inner_.dimensions(), NormalizeForCache(texts[i]));
    if (lru_ != nullptr) {
      if (std::optional<Vector> hit = lru_->Get(key)) {
        p.out[i] = std::move(*hit);
        ++stats.lru_hits;
        continue;
      }
    }
    auto [it, fresh] = seen.emplace(key, p.keys.size());
    if (fresh) {
      p.keys.push_back(std::move(key));
      p.texts.push_back(texts[i]);
      p.slots.emplace_back();
    }
    p.slots[it->second].push_back(i);
  }
  if (!p.keys.empty() && pool_ != nullptr) co_await LookupValkey(p, stats);
  if (!p.keys.empty()) CONTRAIL_CO_TRY_STATUS(co_await Compute(p, stats));
  CacheCounters& c = Counters();
  c.lru_hits.Inc(stats.lru_hits);
  c.valkey_hits.Inc(stats.valkey_hits);
  c.misses.Inc(stats.computed);
  if (stats_out != nullptr) *stats_out = stats;
  co_return std::move(p.out);
}

// Fills what Valkey has, and leaves in `p` only what it does not.
asio::awaitable<void> CachedEmbedder::LookupValkey(Pending& p, EmbedStats& stats) {
  valkey::CommandBatch batch;
  for (const std::string& key : p.keys) batch.Add({"GET", key});
  auto replies = co_await pool_->Execute(std::move(batch), options_.valkey_timeout);
  if (!replies || replies->size() != p.keys.size()) {
    stats.valkey_failed = true;
    Counters().errors.Inc();
    co_return;
  }
  const std::size_t expected = static_cast<std::size_t>(inner_.dimensions()) * sizeof(float);
  Pending rest;
  rest.out = std::move(p.out);
  for (std::size_t k = 0; k < p.keys.size(); ++k) {
    const valkey::Reply& r = (*replies)[k];
    if (!r.is_string() || r.str.size() != expected) {  // missing, or written by something else
      rest.keys.push_back(std::move(p.keys[k]));
      rest.texts.push_back(std::move(p.texts[k]));
      rest.slots.push_back(std::move(p.slots[k]));
      continue;
    }
    Vector v(static_cast<std::size_t>(inner_.dimensions()));
    std::memcpy(v.data(), r.str.data(), expected);
    if (lru_ != nullptr) lru_->Put(p.keys[k], v);
    for (std::size_t slot : p.slots[k]) rest.out[slot] = v;
    stats.valkey_hits += static_cast<int>(p.slots[k].size());
  }
  p = std::move(rest);
}

asio::awaitable<core::Status> CachedEmbedder::Compute(Pending& p, EmbedStats& stats) {
  const std::size_t step = static_cast<std::size_t>(std::max(1, options_.batch_size));
  for (std::size_t start = 0; start < p.keys.size(); start += step) {
    const std::size_t n = std::min(step, p.keys.size() - start);
    CONTRAIL_CO_TRY(std::vector<Vector> vectors,
                    co_await inner_.Embed(std::span<const std::string>(p.texts).subspan(start, n)));
    if (vectors.size() != n) co_return core::Internal("embedder returned " + std::to_string(vectors.size()) + " vectors for " + std::to_string(n) + " texts");
    std::vector<std::string> keys;
    std::vector<const Vector*> stored;
    for (std::size_t j = 0; j < n; ++j) {
      const std::size_t k = start + j;
      for (std::size_t slot : p.slots[k]) p.out[slot] = vectors[j];
      stats.computed += static_cast<int>(p.slots[k].size());
      if (lru_ != nullptr) lru_->Put(p.keys[k], vectors[j]);
      keys.push_back(p.keys[k]);
      stored.push_back(&p.out[p.slots[k].front()]);
    }
    if (pool_ != nullptr) StoreInValkey(keys, stored);
  }
  co_return core::Ok();
}

void CachedEmbedder::StoreInValkey(const std::vector<std::string>& keys, const std::vector<const Vector*>& vectors) {
  valkey::CommandBatch batch;
  const std::string ttl = std::to_string(options_.ttl.count());
  for (std::size_t i = 0; i < keys.size(); ++i) batch.Add({"SET", keys[i], Bytes(*vectors[i]), "EX", ttl});
  // Behind the reply: the vectors are already returned; a failed write only costs a later miss.
  pool_->Submit(std::move(batch), [](core::Result<valkey::Replies> r) {
    bool failed = !r;
    if (r) {
      for (const valkey::Reply& reply : *r) failed |= reply.is_error();
    }
    if (failed) Counters().errors.Inc();
  });
}

}  // namespace contrail::embed
