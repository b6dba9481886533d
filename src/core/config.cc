#include "core/config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <sstream>

extern char** environ;

namespace contrail::core {
namespace {

// One configuration value: where it lives in TOML, its environment variable, and its storage.
// Every layer (TOML, environment, printing) walks this one table, so a new setting is one line.
struct Field {
  const char* section;
  const char* key;
  const char* env;  // without the CONTRAIL_ prefix
  enum Kind { kString, kInt, kSize, kBool, kStringList, kDouble } kind;
  void* target;
  bool secret = false;
};

std::vector<Field> Fields(Config& c) {
  using F = Field;
  return {
      {"server", "host", "HTTP_HOST", F::kString, &c.server.host},
      {"server", "port", "HTTP_PORT", F::kInt, &c.server.port},
      {"server", "threads", "THREADS", F::kInt, &c.server.threads},
      {"server", "pin_threads", "PIN_THREADS", F::kBool, &c.server.pin_threads},
      {"server", "body_limit_bytes", "BODY_LIMIT_BYTES", F::kSize, &c.server.body_limit_bytes},
      {"server", "header_timeout_ms", "HEADER_TIMEOUT_MS", F::kInt, &c.server.header_timeout_ms},
      {"server", "read_timeout_ms", "READ_TIMEOUT_MS", F::kInt, &c.server.read_timeout_ms},
      {"server", "idle_timeout_ms", "IDLE_TIMEOUT_MS", F::kInt, &c.server.idle_timeout_ms},
      {"server", "shutdown_grace_ms", "SHUTDOWN_GRACE_MS", F::kInt, &c.server.shutdown_grace_ms},
      {"server", "max_connections", "MAX_CONNECTIONS", F::kInt, &c.server.max_connections},
      {"server", "max_connections_per_address", "MAX_CONNECTIONS_PER_ADDRESS", F::kInt,
       &c.server.max_connections_per_address},
      {"valkey", "host", "VALKEY_HOST", F::kString, &c.valkey.host},
      {"valkey", "port", "VALKEY_PORT", F::kInt, &c.valkey.port},
      {"valkey", "username", "VALKEY_USERNAME", F::kString, &c.valkey.username},
      {"valkey", "password", "VALKEY_PASSWORD", F::kString, &c.valkey.password, true},
      {"valkey", "tls", "VALKEY_TLS", F::kBool, &c.valkey.tls},
      {"valkey", "tls_ca_file", "VALKEY_TLS_CA_FILE", F::kString, &c.valkey.tls_ca_file},
      {"valkey", "tls_verify", "VALKEY_TLS_VERIFY", F::kBool, &c.valkey.tls_verify},
      {"valkey", "db", "VALKEY_DB", F::kInt, &c.valkey.db},
      {"valkey", "pool_size", "VALKEY_POOL_SIZE", F::kInt, &c.valkey.pool_size},
      {"valkey", "command_timeout_ms", "VALKEY_COMMAND_TIMEOUT_MS", F::kInt,
       &c.valkey.command_timeout_ms},
      {"valkey", "connect_timeout_ms", "VALKEY_CONNECT_TIMEOUT_MS", F::kInt,
       &c.valkey.connect_timeout_ms},
      {"valkey", "reconnect_max_backoff_ms", "VALKEY_RECONNECT_MAX_BACKOFF_MS", F::kInt,
       &c.valkey.reconnect_max_backoff_ms},
      {"postgres", "host", "PG_HOST", F::kString, &c.postgres.host},
      {"postgres", "port", "PG_PORT", F::kInt, &c.postgres.port},
      {"postgres", "user", "PG_USER", F::kString, &c.postgres.user},
      {"postgres", "password", "PG_PASSWORD", F::kString, &c.postgres.password, true},
      {"postgres", "database", "PG_DATABASE", F::kString, &c.postgres.database},
      {"postgres", "connect_timeout_ms", "PG_CONNECT_TIMEOUT_MS", F::kInt,
       &c.postgres.connect_timeout_ms},
      {"postgres", "query_timeout_ms", "PG_QUERY_TIMEOUT_MS", F::kInt,
       &c.postgres.query_timeout_ms},
      {"postgres", "pool_size", "PG_POOL_SIZE", F::kInt, &c.postgres.pool_size},
      {"chat", "default_model", "DEFAULT_MODEL", F::kString, &c.chat.default_model},
      {"chat", "history_window", "HISTORY_WINDOW", F::kInt, &c.chat.history_window},
      {"chat", "history_context", "HISTORY_CONTEXT", F::kInt, &c.chat.history_context},
      {"chat", "session_ttl_s", "SESSION_TTL_S", F::kInt, &c.chat.session_ttl_s},
      {"chat", "max_messages", "MAX_MESSAGES", F::kInt, &c.chat.max_messages},
      {"chat", "max_message_bytes", "MAX_MESSAGE_BYTES", F::kSize, &c.chat.max_message_bytes},
      {"chat", "write_behind_retries", "WRITE_BEHIND_RETRIES", F::kInt,
       &c.chat.write_behind_retries},
      {"chat", "grounding", "GROUNDING", F::kBool, &c.chat.grounding},
      {"memory", "durability", "DURABILITY", F::kString, &c.memory.durability},
      {"memory", "event_partitions", "MEMORY_EVENT_PARTITIONS", F::kInt, &c.memory.event_partitions},
      {"memory", "worker", "MEMORY_WORKER", F::kBool, &c.memory.worker},
      {"memory", "worker_batch", "MEMORY_WORKER_BATCH", F::kInt, &c.memory.worker_batch},
      {"memory", "worker_block_ms", "MEMORY_WORKER_BLOCK_MS", F::kInt, &c.memory.worker_block_ms},
      {"memory", "worker_nice", "MEMORY_WORKER_NICE", F::kInt, &c.memory.worker_nice},
      {"memory", "claim_idle_ms", "MEMORY_CLAIM_IDLE_MS", F::kInt, &c.memory.claim_idle_ms},
      {"memory", "context_events", "MEMORY_CONTEXT_EVENTS", F::kInt, &c.memory.context_events},
      {"memory", "episode_interval_ms", "MEMORY_EPISODE_INTERVAL_MS", F::kInt, &c.memory.episode_interval_ms},
      {"memory", "extraction_model", "MEMORY_EXTRACTION_MODEL", F::kString, &c.memory.extraction_model},
      {"memory", "recall", "MEMORY_RECALL", F::kBool, &c.memory.recall},
      {"memory", "recall_k", "MEMORY_RECALL_K", F::kInt, &c.memory.recall_k},
      {"openai", "base_url", "OPENAI_BASE_URL", F::kString, &c.openai.base_url},
      {"openai", "api_key", "OPENAI_API_KEY", F::kString, &c.openai.api_key, true},
      {"openai", "models", "OPENAI_MODELS", F::kStringList, &c.openai.models},
      {"openai", "connect_timeout_ms", "OPENAI_CONNECT_TIMEOUT_MS", F::kInt,
       &c.openai.connect_timeout_ms},
      {"openai", "timeout_ms", "OPENAI_TIMEOUT_MS", F::kInt, &c.openai.timeout_ms},
      {"bedrock", "enabled", "BEDROCK_ENABLED", F::kBool, &c.bedrock.enabled},
      {"bedrock", "region", "BEDROCK_REGION", F::kString, &c.bedrock.region},
      {"bedrock", "access_key_id", "BEDROCK_ACCESS_KEY_ID", F::kString, &c.bedrock.access_key_id},
      {"bedrock", "secret_access_key", "BEDROCK_SECRET_ACCESS_KEY", F::kString,
       &c.bedrock.secret_access_key, true},
      {"bedrock", "session_token", "BEDROCK_SESSION_TOKEN", F::kString, &c.bedrock.session_token, true},
      {"bedrock", "endpoint", "BEDROCK_ENDPOINT", F::kString, &c.bedrock.endpoint},
      {"bedrock", "models", "BEDROCK_MODELS", F::kStringList, &c.bedrock.models},
      {"bedrock", "connect_timeout_ms", "BEDROCK_CONNECT_TIMEOUT_MS", F::kInt,
       &c.bedrock.connect_timeout_ms},
      {"bedrock", "timeout_ms", "BEDROCK_TIMEOUT_MS", F::kInt, &c.bedrock.timeout_ms},
      {"anthropic", "base_url", "ANTHROPIC_BASE_URL", F::kString, &c.anthropic.base_url},
      {"anthropic", "api_key", "ANTHROPIC_API_KEY", F::kString, &c.anthropic.api_key, true},
      {"anthropic", "models", "ANTHROPIC_MODELS", F::kStringList, &c.anthropic.models},
      {"anthropic", "version", "ANTHROPIC_VERSION", F::kString, &c.anthropic.version},
      {"anthropic", "max_tokens", "ANTHROPIC_MAX_TOKENS", F::kInt, &c.anthropic.max_tokens},
      {"anthropic", "connect_timeout_ms", "ANTHROPIC_CONNECT_TIMEOUT_MS", F::kInt,
       &c.anthropic.connect_timeout_ms},
      {"anthropic", "timeout_ms", "ANTHROPIC_TIMEOUT_MS", F::kInt, &c.anthropic.timeout_ms},
      {"resilience", "max_retries", "MAX_RETRIES", F::kInt, &c.resilience.max_retries},
      {"resilience", "backoff_base_ms", "BACKOFF_BASE_MS", F::kInt, &c.resilience.backoff_base_ms},
      {"resilience", "backoff_max_ms", "BACKOFF_MAX_MS", F::kInt, &c.resilience.backoff_max_ms},
      {"resilience", "breaker_failures", "BREAKER_FAILURES", F::kInt, &c.resilience.breaker_failures},
      {"resilience", "breaker_cooldown_ms", "BREAKER_COOLDOWN_MS", F::kInt,
       &c.resilience.breaker_cooldown_ms},
      {"resilience", "max_concurrency", "MAX_CONCURRENCY", F::kInt, &c.resilience.max_concurrency},
      {"resilience", "queue_timeout_ms", "PROVIDER_QUEUE_TIMEOUT_MS", F::kInt,
       &c.resilience.queue_timeout_ms},
      {"resilience", "max_queued", "PROVIDER_MAX_QUEUED", F::kInt, &c.resilience.max_queued},
      {"embed", "provider", "EMBED_PROVIDER", F::kString, &c.embed.provider},
      {"embed", "model", "EMBED_MODEL", F::kString, &c.embed.model},
      {"embed", "dimensions", "EMBED_DIMENSIONS", F::kInt, &c.embed.dimensions},
      {"embed", "base_url", "EMBED_BASE_URL", F::kString, &c.embed.base_url},
      {"embed", "api_key", "EMBED_API_KEY", F::kString, &c.embed.api_key, true},
      {"embed", "timeout_ms", "EMBED_TIMEOUT_MS", F::kInt, &c.embed.timeout_ms},
      {"embed", "batch_size", "EMBED_BATCH_SIZE", F::kInt, &c.embed.batch_size},
      {"embed", "cache_ttl_s", "EMBED_CACHE_TTL_S", F::kInt, &c.embed.cache_ttl_s},
      {"embed", "lru_entries", "EMBED_LRU_ENTRIES", F::kInt, &c.embed.lru_entries},
      {"knowledge", "top_k", "KNOWLEDGE_TOP_K", F::kInt, &c.knowledge.top_k},
      {"knowledge", "ef_search", "KNOWLEDGE_EF_SEARCH", F::kInt, &c.knowledge.ef_search},
      {"knowledge", "iterative_scan", "KNOWLEDGE_ITERATIVE_SCAN", F::kString,
       &c.knowledge.iterative_scan},
      {"knowledge", "rrf_k", "KNOWLEDGE_RRF_K", F::kInt, &c.knowledge.rrf_k},
      {"knowledge", "candidates", "KNOWLEDGE_CANDIDATES", F::kInt, &c.knowledge.candidates},
      {"knowledge", "text_rank_cap", "KNOWLEDGE_TEXT_RANK_CAP", F::kInt, &c.knowledge.text_rank_cap},
      {"knowledge", "rerank_candidates", "KNOWLEDGE_RERANK_CANDIDATES", F::kInt, &c.knowledge.rerank_candidates},
      {"knowledge", "text_rank_budget", "KNOWLEDGE_TEXT_RANK_BUDGET", F::kInt, &c.knowledge.text_rank_budget},
      {"cache", "tool_ttl_s", "CACHE_TOOL_TTL_S", F::kInt, &c.cache.tool_ttl_s},
      {"cache", "retrieval_ttl_s", "CACHE_RETRIEVAL_TTL_S", F::kInt, &c.cache.retrieval_ttl_s},
      {"cache", "retrieval_entries", "CACHE_RETRIEVAL_ENTRIES", F::kInt, &c.cache.retrieval_entries},
      {"cache", "semantic", "CACHE_SEMANTIC", F::kBool, &c.cache.semantic},
      {"cache", "similarity", "CACHE_SIMILARITY", F::kDouble, &c.cache.similarity},
      {"cache", "min_similarity", "CACHE_MIN_SIMILARITY", F::kDouble, &c.cache.min_similarity},
      {"cache", "kind_similarity", "CACHE_KIND_SIMILARITY", F::kDouble, &c.cache.kind_similarity},
      {"cache", "max_error_rate", "CACHE_MAX_ERROR_RATE", F::kDouble, &c.cache.max_error_rate},
      {"cache", "verify_rate", "CACHE_VERIFY_RATE", F::kDouble, &c.cache.verify_rate},
      {"cache", "answer_entries", "CACHE_ANSWER_ENTRIES", F::kInt, &c.cache.answer_entries},
      {"cache", "answer_ttl_s", "CACHE_ANSWER_TTL_S", F::kInt, &c.cache.answer_ttl_s},
      {"cache", "live_ttl_s", "CACHE_LIVE_TTL_S", F::kInt, &c.cache.live_ttl_s},
      {"mcp", "enabled", "MCP_ENABLED", F::kBool, &c.mcp.enabled},
      {"mcp", "query_timeout_ms", "MCP_QUERY_TIMEOUT_MS", F::kInt, &c.mcp.query_timeout_ms},
      {"mcp", "query_max_rows", "MCP_QUERY_MAX_ROWS", F::kInt, &c.mcp.query_max_rows},
      {"mcp", "query_max_bytes", "MCP_QUERY_MAX_BYTES", F::kInt, &c.mcp.query_max_bytes},
      {"mcp", "query_cache_ttl_s", "MCP_QUERY_CACHE_TTL_S", F::kInt, &c.mcp.query_cache_ttl_s},
      {"mcp", "session_ttl_s", "MCP_SESSION_TTL_S", F::kInt, &c.mcp.session_ttl_s},
      {"mcp", "allowed_hosts", "MCP_ALLOWED_HOSTS", F::kStringList, &c.mcp.allowed_hosts},
      {"mcp", "allowed_origins", "MCP_ALLOWED_ORIGINS", F::kStringList, &c.mcp.allowed_origins},
      {"agent", "enabled", "AGENT_ENABLED", F::kBool, &c.agent.enabled},
      {"agent", "model", "AGENT_MODEL", F::kString, &c.agent.model},
      {"agent", "max_steps", "AGENT_MAX_STEPS", F::kInt, &c.agent.max_steps},
      {"agent", "max_calls_per_step", "AGENT_MAX_CALLS_PER_STEP", F::kInt, &c.agent.max_calls_per_step},
      {"agent", "checkpoints", "AGENT_CHECKPOINTS", F::kBool, &c.agent.checkpoints},
      {"weather", "url", "WEATHER_URL", F::kString, &c.weather.url},
      {"weather", "timeout_ms", "WEATHER_TIMEOUT_MS", F::kInt, &c.weather.timeout_ms},
      {"weather", "forecast_days", "WEATHER_FORECAST_DAYS", F::kInt, &c.weather.forecast_days},
      {"payments", "url", "PAYMENTS_URL", F::kString, &c.payments.url},
      {"payments", "api_key", "PAYMENTS_API_KEY", F::kString, &c.payments.api_key, true},
      {"payments", "timeout_ms", "PAYMENTS_TIMEOUT_MS", F::kInt, &c.payments.timeout_ms},
      {"payments", "reconcile_interval_s", "PAYMENTS_RECONCILE_INTERVAL_S", F::kInt, &c.payments.reconcile_interval_s},
      {"payments", "reconcile_grace_s", "PAYMENTS_RECONCILE_GRACE_S", F::kInt, &c.payments.reconcile_grace_s},
      {"auth", "mode", "AUTH", F::kString, &c.auth.mode},
      {"auth", "key_cache_ms", "AUTH_KEY_CACHE_MS", F::kInt, &c.auth.key_cache_ms},
      {"auth", "metrics", "AUTH_METRICS", F::kString, &c.auth.metrics},
      {"limits", "key_requests_per_minute", "LIMIT_KEY_REQUESTS_PER_MINUTE", F::kInt,
       &c.limits.key_requests_per_minute},
      {"limits", "key_burst", "LIMIT_KEY_BURST", F::kInt, &c.limits.key_burst},
      {"limits", "user_turns_per_minute", "LIMIT_USER_TURNS_PER_MINUTE", F::kInt,
       &c.limits.user_turns_per_minute},
      {"limits", "user_burst", "LIMIT_USER_BURST", F::kInt, &c.limits.user_burst},
      {"limits", "daily_tokens_per_key", "LIMIT_DAILY_TOKENS_PER_KEY", F::kInt, &c.limits.daily_tokens_per_key},
      {"limits", "max_sessions_per_user", "LIMIT_MAX_SESSIONS_PER_USER", F::kInt,
       &c.limits.max_sessions_per_user},
      {"client", "url", "CLIENT_URL", F::kString, &c.client.url},
      {"client", "api_key", "API_KEY", F::kString, &c.client.api_key, true},
      {"client", "key_file", "KEY_FILE", F::kString, &c.client.key_file},
      {"log", "level", "LOG_LEVEL", F::kString, &c.log.level},
      {"log", "format", "LOG_FORMAT", F::kString, &c.log.format},
      {"log", "access_log", "ACCESS_LOG", F::kBool, &c.log.access_log},
  };
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view item = text.substr(start, comma - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    start = comma + 1;
  }
  return out;
}

// Parses `text` into the field. Used for environment variables and flags.
Status SetFromText(const Field& f, std::string_view text, const std::string& where) {
  auto bad = [&](const char* what) {
    return InvalidArgument(where + ": expected " + what + ", got \"" + std::string(text) + "\"");
  };
  switch (f.kind) {
    case Field::kString: *static_cast<std::string*>(f.target) = std::string(text); return Ok();
    case Field::kStringList:
      *static_cast<std::vector<std::string>*>(f.target) = SplitList(text);
      return Ok();
    case Field::kBool:
      if (text == "1" || text == "true" || text == "yes" || text == "on") {
        *static_cast<bool*>(f.target) = true;
      } else if (text == "0" || text == "false" || text == "no" || text == "off") {
        *static_cast<bool*>(f.target) = false;
      } else {
        return bad("a boolean");
      }
      return Ok();
    case Field::kInt:
    case Field::kSize: {
      long long v = 0;
      auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc() || ptr != text.data() + text.size() || v < 0) return bad("an integer >= 0");
      if (f.kind == Field::kInt) {
        if (v > 2'000'000'000) return bad("a smaller integer");
        *static_cast<int*>(f.target) = static_cast<int>(v);
      } else {
        *static_cast<std::size_t*>(f.target) = static_cast<std::size_t>(v);
      }
      return Ok();
    }
    case Field::kDouble: {
      double v = 0;
      auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc() || ptr != text.data() + text.size() || !(v >= 0)) return bad("a number >= 0");
      *static_cast<double*>(f.target) = v;
      return Ok();
    }
  }
  return Ok();
}

Status SetFromToml(const Field& f, const toml::node& node, const std::string& where) {
  switch (f.kind) {
    case Field::kString:
      if (auto v = node.value<std::string>(); v && node.is_string()) {
        *static_cast<std::string*>(f.target) = *v;
        return Ok();
      }
      return InvalidArgument(where + ": expected a string");
    case Field::kBool:
      if (auto v = node.value<bool>(); v && node.is_boolean()) {
        *static_cast<bool*>(f.target) = *v;
        return Ok();
      }
      return InvalidArgument(where + ": expected true or false");
    case Field::kInt:
    case Field::kSize:
      if (auto v = node.value<int64_t>(); v && node.is_integer()) {
        return SetFromText(f, std::to_string(*v), where);
      }
      return InvalidArgument(where + ": expected an integer");
    case Field::kDouble:
      if (auto v = node.value<double>(); v && (node.is_floating_point() || node.is_integer())) {
        if (!(*v >= 0)) return InvalidArgument(where + ": expected a number >= 0");
        *static_cast<double*>(f.target) = *v;
        return Ok();
      }
      return InvalidArgument(where + ": expected a number");
    case Field::kStringList: {
      const toml::array* arr = node.as_array();
      if (arr == nullptr) return InvalidArgument(where + ": expected an array of strings");
      std::vector<std::string> out;
      for (const auto& item : *arr) {
        if (!item.is_string()) return InvalidArgument(where + ": expected an array of strings");
        out.push_back(*item.value<std::string>());
      }
      *static_cast<std::vector<std::string>*>(f.target) = std::move(out);
      return Ok();
    }
  }
  return Ok();
}

// [prices] "model" = { input = 3.0, output = 15.0 }
Status ApplyPrices(const toml::table& section, Config& config, const std::string& origin) {
  for (const auto& [model, node] : section) {
    std::string where = origin + ": prices.\"" + std::string(model.str()) + "\"";
    const toml::table* t = node.as_table();
    if (t == nullptr) return InvalidArgument(where + ": expected a table like { input = 3.0, output = 15.0 }");
    ModelPrice price;
    for (const auto& [key, value] : *t) {
      std::optional<double> v = value.value<double>();
      if (!v || *v < 0) return InvalidArgument(where + "." + std::string(key.str()) + ": expected a number >= 0");
      if (key.str() == "input") {
        price.input_per_mtok = *v;
      } else if (key.str() == "output") {
        price.output_per_mtok = *v;
      } else {
        return InvalidArgument(where + "." + std::string(key.str()) + ": unknown setting (input, output)");
      }
    }
    config.prices[std::string(model.str())] = price;
  }
  return Ok();
}

// CONTRAIL_PRICES="model=3.0/15.0,other=0.15/0.6"
Status ApplyPricesText(std::string_view text, Config& config) {
  for (const std::string& item : SplitList(text)) {
    std::size_t eq = item.rfind('=');
    std::size_t slash = item.find('/', eq == std::string::npos ? 0 : eq);
    if (eq == std::string::npos || eq == 0 || slash == std::string::npos) {
      return InvalidArgument("CONTRAIL_PRICES: expected model=INPUT/OUTPUT per million tokens, got \"" + item + "\"");
    }
    ModelPrice price;
    char* end = nullptr;
    std::string in = item.substr(eq + 1, slash - eq - 1), out = item.substr(slash + 1);
    price.input_per_mtok = std::strtod(in.c_str(), &end);
    bool ok = !in.empty() && *end == '\0' && price.input_per_mtok >= 0;
    price.output_per_mtok = std::strtod(out.c_str(), &end);
    ok = ok && !out.empty() && *end == '\0' && price.output_per_mtok >= 0;
    if (!ok) return InvalidArgument("CONTRAIL_PRICES: bad price in \"" + item + "\"");
    config.prices[item.substr(0, eq)] = price;
  }
  return Ok();
}

// One [[mcp.servers]] entry's scalar and list settings, walked like Fields (env and headers are
// tables of strings, read by ReadStringTable).
std::vector<Field> ServerFields(McpServerConfig& s) {
  using F = Field;
  return {
      {"", "name", "", F::kString, &s.name},
      {"", "command", "", F::kStringList, &s.command},
      {"", "url", "", F::kString, &s.url},
      {"", "tools", "", F::kStringList, &s.tools},
      {"", "agents", "", F::kStringList, &s.agents},
      {"", "responses", "", F::kBool, &s.responses},
      {"", "prefix", "", F::kString, &s.prefix},
      {"", "timeout_ms", "", F::kInt, &s.timeout_ms},
      {"", "connect_timeout_ms", "", F::kInt, &s.connect_timeout_ms},
  };
}

Status ReadStringTable(const toml::node& node, std::map<std::string, std::string>& out, const std::string& where) {
  const toml::table* table = node.as_table();
  if (table == nullptr) return InvalidArgument(where + ": expected a table of strings like { NAME = \"value\" }");
  out.clear();
  for (const auto& [key, value] : *table) {
    if (!value.is_string()) return InvalidArgument(where + "." + std::string(key.str()) + ": expected a string");
    out[std::string(key.str())] = *value.value<std::string>();
  }
  return Ok();
}

// [[mcp.servers]]: replaces the list (the file is the only layer that sets it).
Status ApplyMcpServers(const toml::node& node, std::vector<McpServerConfig>& out, const std::string& where) {
  const toml::array* list = node.as_array();
  if (list == nullptr) return InvalidArgument(where + ": expected [[mcp.servers]] tables");
  std::vector<McpServerConfig> servers(list->size());
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string at = where + "[" + std::to_string(i) + "]";
    const toml::table* table = (*list)[i].as_table();
    if (table == nullptr) return InvalidArgument(at + ": expected a table ([[mcp.servers]])");
    std::vector<Field> fields = ServerFields(servers[i]);
    for (const auto& [key, value] : *table) {
      const std::string name(key.str());
      Status s = Ok();
      if (name == "env" || name == "headers") {
        s = ReadStringTable(value, name == "env" ? servers[i].env : servers[i].headers, at + "." + name);
      } else {
        auto f = std::find_if(fields.begin(), fields.end(), [&](const Field& x) { return name == x.key; });
        s = f == fields.end() ? InvalidArgument(at + "." + name + ": unknown setting (name, command, url, env, "
                                                "headers, tools, agents, responses, prefix, timeout_ms, "
                                                "connect_timeout_ms)")
                              : SetFromToml(*f, value, at + "." + name);
      }
      if (!s) return s;
    }
  }
  out = std::move(servers);
  return Ok();
}

Status ApplyTable(const toml::table& root, Config& config, const std::string& origin) {
  std::vector<Field> fields = Fields(config);
  for (const auto& [section_key, section_node] : root) {
    const toml::table* section = section_node.as_table();
    std::string section_name(section_key.str());
    if (section == nullptr) {
      return InvalidArgument(origin + ": '" + section_name + "' must be a table like [" +
                             section_name + "]");
    }
    if (section_name == "prices") {
      if (Status s = ApplyPrices(*section, config, origin); !s) return s;
      continue;
    }
    for (const auto& [key, node] : *section) {
      std::string where = origin + ": " + section_name + "." + std::string(key.str());
      if (section_name == "mcp" && key.str() == "servers") {
        if (Status s = ApplyMcpServers(node, config.mcp.servers, where); !s) return s;
        continue;
      }
      const Field* match = nullptr;
      for (const Field& f : fields) {
        if (section_name == f.section && key.str() == f.key) match = &f;
      }
      if (match == nullptr) return InvalidArgument(where + ": unknown setting");
      if (Status s = SetFromToml(*match, node, where); !s) return s;
    }
  }
  return Ok();
}

std::string QuoteToml(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

// The password of a URL's user info ("postgresql://user:PASSWORD@host/db"), or "" when it has none:
// an MCP server's command line or URL may carry one.
std::string UrlPassword(std::string_view text) {
  const std::size_t scheme = text.find("://");
  if (scheme == std::string_view::npos) return "";
  std::string_view authority = text.substr(scheme + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  const std::size_t at = authority.rfind('@');
  const std::size_t colon = authority.find(':');
  if (at == std::string_view::npos || colon == std::string_view::npos || colon > at) return "";
  return std::string(authority.substr(colon + 1, at - colon - 1));
}

// `text` with its URL password, if any, shown as ***.
std::string MaskUrlPassword(const std::string& text) {
  const std::string password = UrlPassword(text);
  if (password.empty()) return text;
  const std::size_t at = text.find(":" + password + "@", text.find("://") + 3);
  return text.substr(0, at + 1) + "***" + text.substr(at + 1 + password.size());
}

// One value of `f` as TOML; secrets (and URL passwords, in strings and lists) as "***".
void WriteValue(std::ostream& out, const Field& f) {
  switch (f.kind) {
    case Field::kString: {
      const auto& s = *static_cast<std::string*>(f.target);
      out << QuoteToml(f.secret && !s.empty() ? "***" : MaskUrlPassword(s));
      break;
    }
    case Field::kInt: out << *static_cast<int*>(f.target); break;
    case Field::kSize: out << *static_cast<std::size_t*>(f.target); break;
    case Field::kBool: out << (*static_cast<bool*>(f.target) ? "true" : "false"); break;
    case Field::kDouble: out << *static_cast<double*>(f.target); break;
    case Field::kStringList: {
      const auto& list = *static_cast<std::vector<std::string>*>(f.target);
      out << "[";
      for (std::size_t i = 0; i < list.size(); ++i) out << (i ? ", " : "") << QuoteToml(MaskUrlPassword(list[i]));
      out << "]";
      break;
    }
  }
}

// True for an environment variable that likely holds a credential (API_KEY, GITHUB_TOKEN, …).
bool LooksSecret(std::string_view name) {
  std::string upper(name);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (std::string_view word : {"KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "AUTH", "CREDENTIAL"}) {
    if (upper.find(word) != std::string::npos) return true;
  }
  return false;
}

// [[mcp.servers]] as TOML, after every other section; header values, and env values that look
// like credentials, as "***".
void WriteMcpServers(std::ostream& out, std::vector<McpServerConfig> servers) {
  for (McpServerConfig& server : servers) {
    out << "\n[[mcp.servers]]\n";
    for (const Field& f : ServerFields(server)) {
      // Of command and url, only the one given; prefix only when set.
      const bool empty_string = f.kind == Field::kString && static_cast<std::string*>(f.target)->empty();
      if ((empty_string && f.target != &server.name) || (f.target == &server.command && server.command.empty())) continue;
      out << f.key << " = ";
      WriteValue(out, f);
      out << "\n";
    }
    for (const auto& [name, table] : {std::pair{"env", &server.env}, std::pair{"headers", &server.headers}}) {
      if (table->empty()) continue;
      out << name << " = {";
      const char* sep = " ";
      for (const auto& [key, value] : *table) {
        const bool hide = table == &server.headers || LooksSecret(key);
        out << sep << QuoteToml(key) << " = " << QuoteToml(hide ? "***" : value);
        sep = ", ";
      }
      out << " }\n";
    }
  }
}

}  // namespace

// toml++ is built with exceptions here: parse errors arrive as toml::parse_error.
Status ApplyTomlText(const std::string& text, Config& config) {
  try {
    toml::table table = toml::parse(text);
    return ApplyTable(table, config, "config");
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << "config:" << e.source().begin.line << ": " << e.description();
    return InvalidArgument(msg.str());
  }
}

Status ApplyTomlFile(const std::string& path, Config& config) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return NotFound("config file not found: " + path);
  try {
    toml::table table = toml::parse_file(path);
    return ApplyTable(table, config, path);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << path << ":" << e.source().begin.line << ": " << e.description();
    return InvalidArgument(msg.str());
  }
}

Status ApplyEnvironment(const std::map<std::string, std::string>& env, Config& config) {
  for (const Field& f : Fields(config)) {
    std::string name = std::string("CONTRAIL_") + f.env;
    auto it = env.find(name);
    if (it == env.end()) continue;
    if (Status s = SetFromText(f, it->second, name); !s) return s;
  }
  if (auto it = env.find("CONTRAIL_PRICES"); it != env.end()) {
    if (Status s = ApplyPricesText(it->second, config); !s) return s;
  }
  // The conventional variables, when contrail's own are not set.
  auto fallback = [&env](std::string& target, const char* name) {
    if (!target.empty()) return;
    if (auto it = env.find(name); it != env.end()) target = it->second;
  };
  fallback(config.openai.api_key, "OPENAI_API_KEY");
  fallback(config.anthropic.api_key, "ANTHROPIC_API_KEY");
  fallback(config.bedrock.access_key_id, "AWS_ACCESS_KEY_ID");
  fallback(config.bedrock.secret_access_key, "AWS_SECRET_ACCESS_KEY");
  fallback(config.bedrock.session_token, "AWS_SESSION_TOKEN");
  if (env.count("CONTRAIL_BEDROCK_REGION") == 0) {
    if (auto it = env.find("AWS_REGION"); it != env.end() && !it->second.empty()) {
      config.bedrock.region = it->second;
    }
  }
  return Ok();
}

std::map<std::string, std::string> ProcessEnvironment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view kv(*e);
    std::size_t eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view name = kv.substr(0, eq);
    if (name.starts_with("CONTRAIL_") || name.starts_with("AWS_") || name == "OPENAI_API_KEY" ||
        name == "ANTHROPIC_API_KEY") {
      env.emplace(name, kv.substr(eq + 1));
    }
  }
  return env;
}

bool McpServerConfig::ExposedTo(std::string_view agent) const {
  return std::any_of(agents.begin(), agents.end(), [&](const std::string& a) { return a == "*" || a == agent; });
}

bool IsLoopbackHost(std::string_view host) {
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

std::vector<std::string> SecretValues(const Config& config) {
  Config copy = config;
  std::vector<std::string> out;
  for (const Field& f : Fields(copy)) {
    if (!f.secret || f.kind != Field::kString) continue;
    if (const auto& s = *static_cast<std::string*>(f.target); !s.empty()) out.push_back(s);
  }
  // An MCP server's environment and headers (tokens), and passwords in its command line or URL.
  for (const McpServerConfig& server : config.mcp.servers) {
    for (const auto& [name, value] : server.env) {
      if (LooksSecret(name) && !value.empty()) out.push_back(value);
    }
    for (const auto& [name, value] : server.headers) {
      if (!value.empty()) out.push_back(value);
    }
    std::vector<std::string> texts = server.command;
    texts.push_back(server.url);
    for (const std::string& text : texts) {
      if (std::string password = UrlPassword(text); !password.empty()) out.push_back(std::move(password));
    }
  }
  return out;
}

std::string ToToml(const Config& config) {
  Config copy = config;
  std::ostringstream out;
  std::string section;
  for (const Field& f : Fields(copy)) {
    if (section != f.section) {
      section = f.section;
      out << (out.tellp() > 0 ? "\n" : "") << "[" << section << "]\n";
    }
    out << f.key << " = ";
    WriteValue(out, f);
    out << "   # CONTRAIL_" << f.env << "\n";
  }
  out << "\n[prices]   # USD per million tokens; CONTRAIL_PRICES=\"model=IN/OUT,…\"\n";
  for (const auto& [model, price] : config.prices) {
    out << QuoteToml(model) << " = { input = " << price.input_per_mtok << ", output = " << price.output_per_mtok
        << " }\n";
  }
  WriteMcpServers(out, config.mcp.servers);
  return out.str();
}

std::map<std::string, ModelPrice> DefaultPrices() {
  return {
      {"flightly-local", {0, 0}},
      {"contrail-local", {0, 0}},
      {"us.anthropic.claude-sonnet-4-20250514-v1:0", {3.0, 15.0}},
      {"anthropic.claude-sonnet-4-20250514-v1:0", {3.0, 15.0}},
      {"claude-sonnet-4-20250514", {3.0, 15.0}},
      {"gpt-4o", {2.5, 10.0}},
      {"gpt-4o-mini", {0.15, 0.6}},
      {"amazon.titan-embed-text-v2:0", {0.02, 0}},
      {"text-embedding-3-small", {0.02, 0}},
      {"text-embedding-3-large", {0.13, 0}},
  };
}

std::vector<std::string> EnvironmentVariableNames() {
  Config scratch;
  std::vector<std::string> names;
  for (const Field& f : Fields(scratch)) names.push_back(std::string("CONTRAIL_") + f.env);
  names.push_back("CONTRAIL_PRICES");
  return names;
}

}  // namespace contrail::core
