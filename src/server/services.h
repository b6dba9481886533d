#pragma once
// What a request handler may use. One Services per I/O thread, so its pools and stores are used
// without locks; the models and config are shared (read-only, thread-safe).

#include <map>
#include <memory>
#include <string>

#include "cache/retrieval_cache.h"
#include "cache/semantic_cache.h"
#include "cache/single_flight.h"
#include "cache/tool_cache.h"
#include "core/config.h"
#include "embed/embedder.h"
#include "embed/embedding_cache.h"
#include "knowledge/corpus_stats.h"
#include "llm/chat_model.h"
#include "memory/extractor.h"
#include "memory/history.h"
#include "mcp/remote_servers.h"
#include "mcp/tool_registry.h"
#include "memory/profile_store.h"
#include "memory/write_behind.h"
#include "pg/connection.h"
#include "pg/pool.h"
#include "server/auth/authenticator.h"
#include "server/limits/limiter.h"
#include "valkey/pool.h"

namespace contrail::flightly {
class PaymentProcessor;
}

namespace contrail::server {

// The configured chat models by id. Filled before serving; read-only afterwards.
class ModelRegistry {
 public:
  void Add(std::shared_ptr<llm::ChatModel> model);
  // nullptr when no model has that id.
  llm::ChatModel* Find(std::string_view id) const;
  // Every model, ordered by id.
  std::vector<const llm::ChatModel*> all() const;

 private:
  std::map<std::string, std::shared_ptr<llm::ChatModel>, std::less<>> models_;
};

// What every I/O thread shares: read-only after start (the LRU locks inside).
struct SharedServices {
  const core::Config& config;
  const ModelRegistry& models;
  embed::Embedder& embedder;        // the configured embedder (thread-safe)
  embed::VectorLru& embedding_lru;  // the in-process front of the embedding cache
  cache::SingleFlight& tool_flights;  // concurrent identical tool calls, across the I/O threads
  cache::RetrievalCache& retrievals;  // knowledge searches' hits, by knowledge generation
  const memory::Extractor& extractor;  // memory extraction (memory_worker.h: ConfiguredExtractor)
  cache::SemanticCache* answers = nullptr;  // the semantic answer cache; null when cache.semantic is off
  flightly::PaymentProcessor* payments = nullptr;  // [payments]; null when payments.url is empty
};

struct Services {
  Services(boost::asio::any_io_executor executor, const SharedServices& shared);
  // Closes Valkey first: failing its queued batches runs write-behind callbacks, which must find
  // write_behind still alive.
  ~Services();

  const core::Config& config;
  const ModelRegistry& models;
  valkey::Pool valkey;
  pg::Connection postgres;
  pg::Pool pg;  // config.postgres.pool_size connections (knowledge search, …)
  auth::Authenticator authenticator;  // this thread's key lookups
  limits::Limiter limiter;            // rates, quotas and caps of [limits]
  memory::ProfileStore profiles;
  memory::History history;
  memory::WriteBehind write_behind;
  embed::CachedEmbedder embeddings;  // the configured embedder behind the embedding cache
  knowledge::CorpusStatsCache corpus_stats{pg};  // how common words are in the knowledge base
  cache::ToolResultCache tool_cache;             // live fares and offers (tc:live_facts:…)
  cache::RetrievalCache& retrievals;             // shared by the threads
  cache::SemanticCache* answers;                 // shared by the threads; null when off
  const memory::Extractor& extractor;            // shared by the threads (and the memory worker)
  flightly::PaymentProcessor* payments;          // shared by the threads; null when payments are off
  mcp::ToolRegistry tools;                       // Flightly's tools, reading through `pg` (/mcp)
  // [[mcp.servers]]: their tools join `tools` as each server first lists them (App::Start starts
  // this); ToolsFor(agent) names those an agent may call.
  mcp::RemoteServers mcp_servers;
};

valkey::ConnectionOptions ValkeyOptions(const core::Config& config);
// [embed] cache_ttl_s and batch_size, with Valkey's command timeout.
embed::EmbeddingCacheOptions EmbeddingCacheOptionsFrom(const core::Config& config);
pg::ConnectionOptions PostgresOptions(const core::Config& config);
// memory.durability and the chat.history/session settings.
memory::WriteBehindOptions WriteBehindOptionsFrom(const core::Config& config);

}  // namespace contrail::server
