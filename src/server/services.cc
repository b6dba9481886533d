#include "server/services.h"

#include <stdexcept>

#include "core/english_lexicon.h"
#include "flightly/tools/tools.h"

namespace contrail::server {

void ModelRegistry::Add(std::shared_ptr<llm::ChatModel> model) {
  std::string id = model->id();
  models_[id] = std::move(model);
}

llm::ChatModel* ModelRegistry::Find(std::string_view id) const {
  auto it = models_.find(id);
  return it == models_.end() ? nullptr : it->second.get();
}

std::vector<const llm::ChatModel*> ModelRegistry::all() const {
  std::vector<const llm::ChatModel*> out;
  for (const auto& [id, m] : models_) out.push_back(m.get());
  return out;
}

valkey::ConnectionOptions ValkeyOptions(const core::Config& config) {
  const core::ValkeyConfig& v = config.valkey;
  valkey::ConnectionOptions o;
  o.host = v.host;
  o.port = v.port;
  o.username = v.username;
  o.password = v.password;
  o.tls = v.tls;
  o.tls_ca_file = v.tls_ca_file;
  o.tls_verify = v.tls_verify;
  o.db = v.db;
  o.connect_timeout = std::chrono::milliseconds(v.connect_timeout_ms);
  o.command_timeout = std::chrono::milliseconds(v.command_timeout_ms);
  o.max_backoff = std::chrono::milliseconds(v.reconnect_max_backoff_ms);
  return o;
}

pg::ConnectionOptions PostgresOptions(const core::Config& config) {
  const core::PostgresConfig& p = config.postgres;
  pg::ConnectionOptions o;
  o.host = p.host;
  o.port = p.port;
  o.user = p.user;
  o.password = p.password;
  o.database = p.database;
  o.connect_timeout = std::chrono::milliseconds(p.connect_timeout_ms);
  o.query_timeout = std::chrono::milliseconds(p.query_timeout_ms);
  return o;
}

memory::WriteBehindOptions WriteBehindOptionsFrom(const core::Config& c) {
  memory::WriteBehindOptions o;
  o.durability = memory::ParseDurability(c.memory.durability).value_or(memory::Durability::kAcked);
  o.window = c.chat.history_window;
  o.ttl_seconds = c.chat.session_ttl_s;
  o.retries = c.chat.write_behind_retries;
  o.event_partitions = c.memory.event_partitions;
  return o;
}

embed::EmbeddingCacheOptions EmbeddingCacheOptionsFrom(const core::Config& c) {
  embed::EmbeddingCacheOptions o;
  o.ttl = std::chrono::seconds(c.embed.cache_ttl_s);
  o.valkey_timeout = std::chrono::milliseconds(c.valkey.command_timeout_ms);
  o.batch_size = c.embed.batch_size;
  return o;
}

Services::Services(boost::asio::any_io_executor executor, const SharedServices& shared)
    : config(shared.config),
      models(shared.models),
      valkey(executor, ValkeyOptions(config), config.valkey.pool_size),
      postgres(executor, PostgresOptions(config)),
      pg(executor, PostgresOptions(config), config.postgres.pool_size),
      authenticator(config.auth, pg, valkey),
      limiter(config, valkey),
      profiles(valkey),
      history(valkey),
      write_behind(executor, valkey, WriteBehindOptionsFrom(config)),
      // An in-process embedder (contrail-local) is faster than a Valkey round trip: LRU only.
      embeddings(shared.embedder, shared.embedder.computes_in_process() ? nullptr : &valkey,
                 &shared.embedding_lru, EmbeddingCacheOptionsFrom(config)),
      tool_cache(valkey, shared.tool_flights,
                 cache::ToolCacheOptions{std::chrono::milliseconds(config.valkey.command_timeout_ms)}),
      retrievals(shared.retrievals),
      answers(shared.answers),
      extractor(shared.extractor),
      payments(shared.payments),
      mcp_servers(executor, config.mcp.servers, tools) {
  // Read once per process at start (~60 ms), not by the first turn that corrects a question's spelling.
  core::EnglishLexicon::Shared();
  // The tools' names and schemas are the code's own: a failure here is a bug, not a setting.
  const flightly::ToolDeps deps{pg,      &embeddings, &config.knowledge, &profiles, &config.weather,
                                &valkey, &extractor,  config.memory.event_partitions, payments,
                                std::chrono::milliseconds(config.payments.timeout_ms)};
  if (core::Status s = flightly::AddFlightlyTools(tools, deps, config.mcp); !s) throw std::logic_error(s.error().message);
  tools.set_cache(&tool_cache);
}

Services::~Services() { valkey.Close(); }

}  // namespace contrail::server
