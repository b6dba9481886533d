#include "cache/retrieval_cache.h"

#include <boost/json.hpp>

#include "cache/canonical_json.h"
#include "core/metrics.h"
#include "valkey/pool.h"

namespace contrail::cache {

namespace asio = boost::asio;

asio::awaitable<core::Result<std::int64_t>> ReadKnowledgeGeneration(valkey::Pool& valkey,
                                                                    std::chrono::milliseconds timeout) {
  valkey::CommandBatch batch;
  batch.Add({"GET", kKnowledgeGenerationKey});
  CONTRAIL_CO_TRY(valkey::Replies replies, co_await valkey.Execute(std::move(batch), timeout));
  if (replies.size() != 1 || replies[0].is_error()) co_return core::Unavailable("kn:gen: no reply");
  if (replies[0].is_nil()) co_return std::int64_t{0};
  try {
    co_return std::stoll(replies[0].str);
  } catch (const std::exception&) {
    co_return core::Internal("kn:gen is not a number");
  }
}

asio::awaitable<core::Result<std::int64_t>> BumpKnowledgeGeneration(valkey::Pool& valkey) {
  valkey::CommandBatch batch;
  batch.Add({"INCR", kKnowledgeGenerationKey});
  CONTRAIL_CO_TRY(valkey::Replies replies, co_await valkey.Execute(std::move(batch), std::chrono::seconds(2)));
  if (replies.size() != 1 || !replies[0].is_integer()) co_return core::Unavailable("INCR kn:gen failed");
  co_return replies[0].integer;
}

std::string RetrievalCache::Key(const knowledge::SearchQuery& query) {
  boost::json::object o;
  o["text"] = query.text;
  o["text_words"] = query.text_words;
  o["k"] = query.k;
  o["mode"] = knowledge::SearchModeName(query.mode);
  const knowledge::SearchFilters& f = query.filters;
  auto optional = [&](const char* name, const std::optional<std::string>& v) {
    if (v) o[name] = *v;
  };
  optional("doc_type", f.doc_type);
  optional("destination", f.destination);
  optional("valid_on", f.valid_on);
  optional("valid_from", f.valid_from);
  optional("valid_to", f.valid_to);
  return "rc:" + KeyHash(CanonicalJson(o));
}

std::shared_ptr<const RetrievalCache::Hits> RetrievalCache::Find(const std::string& key, std::int64_t generation) {
  std::optional<Entry> entry = entries_.Get(key);
  if (!entry) return nullptr;
  if (entry->generation != generation || std::chrono::steady_clock::now() >= entry->expires) {
    entries_.Erase(key);
    return nullptr;
  }
  return entry->hits;
}

void RetrievalCache::Put(const std::string& key, std::int64_t generation, Hits hits) {
  entries_.Put(key, Entry{generation, std::chrono::steady_clock::now() + ttl_,
                          std::make_shared<const Hits>(std::move(hits))});
}

namespace {

struct RetrievalCounters {
  core::Counter& hits;
  core::Counter& misses;
  core::Counter& bypassed;
};

RetrievalCounters& Counters() {
  static RetrievalCounters c = [] {
    auto& r = core::MetricsRegistry::Global();
    const char* name = "contrail_retrieval_cache_lookups_total";
    const char* help = "Knowledge searches by where their hits came from (bypass: the knowledge generation could "
                       "not be read, so the retrieval cache was not used).";
    return RetrievalCounters{r.GetCounter(name, help, "result=\"hit\""), r.GetCounter(name, help, "result=\"miss\""),
                             r.GetCounter(name, help, "result=\"bypass\"")};
  }();
  return c;
}

}  // namespace

asio::awaitable<core::Result<RetrievalCache::Hits>> CachedSearch(RetrievalCache& cache, valkey::Pool& valkey,
                                                                 pg::Pool& pg, embed::Embedder& embedder,
                                                                 const core::Config& config,
                                                                 const knowledge::SearchQuery& query) {
  if (config.cache.retrieval_ttl_s <= 0 || config.cache.retrieval_entries <= 0) {
    co_return co_await knowledge::Search(pg, embedder, config.knowledge, query);
  }
  RetrievalCounters& counters = Counters();
  auto generation =
      co_await ReadKnowledgeGeneration(valkey, std::chrono::milliseconds(config.valkey.command_timeout_ms));
  const std::string key = generation ? RetrievalCache::Key(query) : std::string();
  if (generation) {
    if (auto cached = cache.Find(key, *generation)) {
      counters.hits.Inc();
      co_return *cached;
    }
  }
  (generation ? counters.misses : counters.bypassed).Inc();
  auto hits = co_await knowledge::Search(pg, embedder, config.knowledge, query);
  if (hits && generation) cache.Put(key, *generation, *hits);
  co_return hits;
}

}  // namespace contrail::cache
