// Validate(): the checks a configuration passes before anything starts with it (config.h).

#include <algorithm>
#include <cctype>
#include <string>

#include "core/config.h"

namespace contrail::core {

namespace {

Status ValidateSemanticCache(const CacheConfig& c) {
  if (c.similarity <= 0 || c.similarity > 1) return InvalidArgument("cache.similarity must be in (0, 1]");
  if (c.min_similarity <= 0 || c.min_similarity > c.similarity) {
    return InvalidArgument("cache.min_similarity must be in (0, cache.similarity]");
  }
  if (c.kind_similarity < c.min_similarity || c.kind_similarity > c.similarity) {
    return InvalidArgument("cache.kind_similarity must be in [cache.min_similarity, cache.similarity]");
  }
  if (c.max_error_rate > 1 || c.verify_rate > 1) {
    return InvalidArgument("cache.max_error_rate and cache.verify_rate must be 0..1");
  }
  if (c.answer_entries < 0 || c.answer_entries > 10'000'000) {
    return InvalidArgument("cache.answer_entries must be 0..10000000");
  }
  if (c.answer_ttl_s < 1 || c.live_ttl_s < 1 || c.answer_ttl_s > 30 * 86'400 || c.live_ttl_s > c.answer_ttl_s) {
    return InvalidArgument("cache.answer_ttl_s must be 1..2592000 and cache.live_ttl_s 1..answer_ttl_s");
  }
  return Ok();
}

// [A-Za-z0-9_-]{1,max}: a server name, a tool name prefix (MCP's tool name alphabet).
bool IsNameLike(std::string_view s, std::size_t max) {
  return !s.empty() && s.size() <= max && std::all_of(s.begin(), s.end(), [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-';
  });
}

Status ValidateMcpServer(const McpServerConfig& s, const std::string& at) {
  if (!IsNameLike(s.name, 32)) return InvalidArgument(at + ".name must be 1..32 of A-Z a-z 0-9 _ -");
  if (s.command.empty() == s.url.empty()) {
    return InvalidArgument(at + ": give either command = [\"program\", \"arg\", …] (stdio) or url = \"http…\" (streamable HTTP), not both");
  }
  if (!s.command.empty() && s.command.front().empty()) return InvalidArgument(at + ".command: the program name is empty");
  if (!s.url.empty() && !s.url.starts_with("http://") && !s.url.starts_with("https://")) {
    return InvalidArgument(at + ".url must start with http:// or https://");
  }
  if (!s.env.empty() && s.command.empty()) return InvalidArgument(at + ".env is for a server started with command");
  for (const auto& [name, value] : s.env) {
    const bool ok = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0])) &&
                    std::all_of(name.begin(), name.end(), [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'; });
    if (!ok) return InvalidArgument(at + ".env: `" + name + "` is not a variable name");
  }
  if (!s.headers.empty() && s.url.empty()) return InvalidArgument(at + ".headers are for a server reached by url");
  if (!s.prefix.empty() && !IsNameLike(s.prefix, 32)) return InvalidArgument(at + ".prefix must be up to 32 of A-Z a-z 0-9 _ -");
  for (const std::string& tool : s.tools) {
    if (!IsNameLike(tool, 64)) return InvalidArgument(at + ".tools: `" + tool + "` is not a tool name");
  }
  if (s.agents.empty() && !s.responses) {
    return InvalidArgument(at + ".agents must name the agents that may call its tools, e.g. [\"flightly\"] (\"*\": every agent), "
                                "or set responses = true to let Responses requests call them");
  }
  if (s.timeout_ms < 1 || s.timeout_ms > 600'000) return InvalidArgument(at + ".timeout_ms must be 1..600000");
  if (s.connect_timeout_ms < 1 || s.connect_timeout_ms > 600'000) return InvalidArgument(at + ".connect_timeout_ms must be 1..600000");
  return Ok();
}

Status ValidateMcpServers(const std::vector<McpServerConfig>& servers) {
  for (std::size_t i = 0; i < servers.size(); ++i) {
    const std::string at = "mcp.servers[" + std::to_string(i) + "]" + (servers[i].name.empty() ? "" : " (" + servers[i].name + ")");
    if (Status s = ValidateMcpServer(servers[i], at); !s) return s;
    for (std::size_t j = 0; j < i; ++j) {
      if (servers[j].name == servers[i].name) return InvalidArgument(at + ": the name is used by mcp.servers[" + std::to_string(j) + "] too");
    }
  }
  return Ok();
}

Status ValidateMcp(const McpConfig& c) {
  if (c.query_timeout_ms < 10 || c.query_timeout_ms > 60'000) return InvalidArgument("mcp.query_timeout_ms must be 10..60000");
  if (c.query_max_rows < 1 || c.query_max_rows > 100'000) return InvalidArgument("mcp.query_max_rows must be 1..100000");
  if (c.query_max_bytes < 1'024 || c.query_max_bytes > 64 << 20) {
    return InvalidArgument("mcp.query_max_bytes must be 1024..67108864");
  }
  if (c.query_cache_ttl_s < 0 || c.query_cache_ttl_s > 86'400) return InvalidArgument("mcp.query_cache_ttl_s must be 0..86400");
  if (c.session_ttl_s < 1 || c.session_ttl_s > 7 * 86'400) return InvalidArgument("mcp.session_ttl_s must be 1..604800");
  return ValidateMcpServers(c.servers);
}

Status ValidateAgent(const AgentConfig& c) {
  if (c.max_steps < 1 || c.max_steps > 32) return InvalidArgument("agent.max_steps must be 1..32");
  if (c.max_calls_per_step < 1 || c.max_calls_per_step > 64) return InvalidArgument("agent.max_calls_per_step must be 1..64");
  if (c.model.empty()) return InvalidArgument("agent.model must name a configured model");
  return Ok();
}

// Open-Meteo forecasts at most 16 days ahead; the tool's deadline is timeout_ms plus a second.
Status ValidateWeather(const WeatherConfig& c) {
  if (!c.url.empty() && !c.url.starts_with("http://") && !c.url.starts_with("https://")) {
    return InvalidArgument("weather.url must start with http:// or https:// (or be empty: climate normals only)");
  }
  if (c.timeout_ms < 1 || c.timeout_ms > 30'000) return InvalidArgument("weather.timeout_ms must be 1..30000");
  if (c.forecast_days < 1 || c.forecast_days > 16) return InvalidArgument("weather.forecast_days must be 1..16");
  return Ok();
}

// A charge's caller waits up to timeout_ms for the processor (and may then void the charge).
Status ValidatePayments(const PaymentsConfig& c) {
  if (!c.url.empty() && !c.url.starts_with("http://") && !c.url.starts_with("https://")) {
    return InvalidArgument("payments.url must start with http:// or https:// (or be empty: payments off)");
  }
  if (c.timeout_ms < 1 || c.timeout_ms > 60'000) return InvalidArgument("payments.timeout_ms must be 1..60000");
  if (c.reconcile_interval_s < 0 || c.reconcile_interval_s > 86'400) {
    return InvalidArgument("payments.reconcile_interval_s must be 0..86400 (0: never)");
  }
  if (c.reconcile_grace_s < 0 || c.reconcile_grace_s > 86'400) {
    return InvalidArgument("payments.reconcile_grace_s must be 0..86400");
  }
  return Ok();
}

Status ValidateProviders(const Config& c) {
  if (c.postgres.pool_size < 1 || c.postgres.pool_size > 64) {
    return InvalidArgument("postgres.pool_size must be 1..64");
  }
  if (c.bedrock.enabled && c.bedrock.models.empty()) {
    return InvalidArgument("bedrock.models must list at least one model when bedrock.enabled is true");
  }
  if (c.resilience.max_retries > 10) return InvalidArgument("resilience.max_retries must be 0..10");
  if (c.resilience.max_concurrency < 1) return InvalidArgument("resilience.max_concurrency must be >= 1");
  if (c.resilience.queue_timeout_ms < 0 || c.resilience.queue_timeout_ms > 60'000) {
    return InvalidArgument("resilience.queue_timeout_ms must be 0..60000");
  }
  if (c.resilience.max_queued < 0 || c.resilience.max_queued > 100'000) {
    return InvalidArgument("resilience.max_queued must be 0..100000 (0 = 4 x max_concurrency)");
  }
  if (c.resilience.breaker_failures < 1) return InvalidArgument("resilience.breaker_failures must be >= 1");
  if (c.embed.provider != "local" && c.embed.provider != "openai" && c.embed.provider != "bedrock") {
    return InvalidArgument("embed.provider must be local, openai or bedrock");
  }
  if (c.embed.dimensions < 1 || c.embed.dimensions > 16'000) {
    return InvalidArgument("embed.dimensions must be 1..16000");
  }
  if (c.embed.batch_size < 1 || c.embed.batch_size > 2'048) {
    return InvalidArgument("embed.batch_size must be 1..2048");
  }
  if (c.knowledge.top_k < 1 || c.knowledge.top_k > 100) return InvalidArgument("knowledge.top_k must be 1..100");
  if (c.knowledge.ef_search < 1 || c.knowledge.ef_search > 1'000) {
    return InvalidArgument("knowledge.ef_search must be 1..1000");
  }
  if (c.cache.tool_ttl_s < 0 || c.cache.tool_ttl_s > 86'400) return InvalidArgument("cache.tool_ttl_s must be 0..86400");
  if (c.cache.retrieval_ttl_s < 0 || c.cache.retrieval_ttl_s > 86'400) {
    return InvalidArgument("cache.retrieval_ttl_s must be 0..86400");
  }
  if (c.cache.retrieval_entries < 0 || c.cache.retrieval_entries > 1'000'000) {
    return InvalidArgument("cache.retrieval_entries must be 0..1000000");
  }
  if (Status s = ValidateSemanticCache(c.cache); !s) return s;
  if (Status s = ValidateMcp(c.mcp); !s) return s;
  if (Status s = ValidateAgent(c.agent); !s) return s;
  if (Status s = ValidateWeather(c.weather); !s) return s;
  if (Status s = ValidatePayments(c.payments); !s) return s;
  if (c.knowledge.rerank_candidates < 0 || c.knowledge.rerank_candidates > 100) {
    return InvalidArgument("knowledge.rerank_candidates must be 0..100");
  }
  if (c.knowledge.text_rank_cap < 1 || c.knowledge.text_rank_budget < 1) {
    return InvalidArgument("knowledge.text_rank_cap and knowledge.text_rank_budget must be >= 1");
  }
  const std::string& scan = c.knowledge.iterative_scan;
  if (scan != "off" && scan != "relaxed_order" && scan != "strict_order") {
    return InvalidArgument("knowledge.iterative_scan must be off, relaxed_order or strict_order");
  }
  return Ok();
}

Status ValidateMemory(const MemoryConfig& m) {
  if (m.event_partitions < 0 || m.event_partitions > 1'024) return InvalidArgument("memory.event_partitions must be 0..1024");
  if (m.worker_batch < 1 || m.worker_batch > 10'000) return InvalidArgument("memory.worker_batch must be 1..10000");
  if (m.worker_block_ms < 1 || m.worker_block_ms > 10'000) return InvalidArgument("memory.worker_block_ms must be 1..10000");
  if (m.worker_nice < 0 || m.worker_nice > 19) return InvalidArgument("memory.worker_nice must be 0..19");
  if (m.claim_idle_ms < 100 || m.claim_idle_ms > 3'600'000) return InvalidArgument("memory.claim_idle_ms must be 100..3600000");
  if (m.context_events < 0 || m.context_events > 200) return InvalidArgument("memory.context_events must be 0..200");
  if (m.episode_interval_ms < 0 || m.episode_interval_ms > 600'000) {
    return InvalidArgument("memory.episode_interval_ms must be 0..600000");
  }
  if (m.recall_k < 0 || m.recall_k > 100) return InvalidArgument("memory.recall_k must be 0..100");
  return Ok();
}

Status ValidateAuth(const Config& c) {
  if (c.auth.mode != "required" && c.auth.mode != "off") return InvalidArgument("auth.mode must be required or off");
  if (c.auth.mode == "off" && !IsLoopbackHost(c.server.host)) {
    return InvalidArgument("auth.mode = off serves loopback only (server.host " + c.server.host +
                           "): anyone who reaches it may act as any user");
  }
  if (c.auth.key_cache_ms < 0 || c.auth.key_cache_ms > 60'000) {
    return InvalidArgument("auth.key_cache_ms must be 0..60000");
  }
  if (c.auth.metrics != "admin" && c.auth.metrics != "public") return InvalidArgument("auth.metrics must be admin or public");
  return Ok();
}

Status ValidateLimits(const LimitsConfig& l) {
  for (int v : {l.key_requests_per_minute, l.key_burst, l.user_turns_per_minute, l.user_burst,
                l.daily_tokens_per_key, l.max_sessions_per_user}) {
    if (v < 0) return InvalidArgument("limits.* must be >= 0 (0 = no limit)");
  }
  if (l.key_requests_per_minute > 6'000'000 || l.user_turns_per_minute > 6'000'000) {
    return InvalidArgument("limits.*_per_minute must be at most 6000000 (0 = no limit)");
  }
  return Ok();
}

}  // namespace

Status Validate(const Config& c) {
  auto port_ok = [](int p) { return p > 0 && p < 65536; };
  if (!port_ok(c.server.port)) return InvalidArgument("server.port must be 1..65535");
  if (!port_ok(c.valkey.port)) return InvalidArgument("valkey.port must be 1..65535");
  if (!port_ok(c.postgres.port)) return InvalidArgument("postgres.port must be 1..65535");
  if (c.server.threads > 256) return InvalidArgument("server.threads must be 0..256");
  if (c.server.body_limit_bytes < 1024) return InvalidArgument("server.body_limit_bytes must be >= 1024");
  if (c.server.header_timeout_ms < 1 || c.server.header_timeout_ms > 3'600'000) {
    return InvalidArgument("server.header_timeout_ms must be 1..3600000");
  }
  if (c.server.max_connections < 1) return InvalidArgument("server.max_connections must be >= 1");
  if (c.server.max_connections_per_address < 1) {
    return InvalidArgument("server.max_connections_per_address must be >= 1");
  }
  if (c.valkey.pool_size < 1 || c.valkey.pool_size > 64) {
    return InvalidArgument("valkey.pool_size must be 1..64");
  }
  if (c.valkey.command_timeout_ms < 1) return InvalidArgument("valkey.command_timeout_ms must be >= 1");
  if (c.chat.history_window < 1 || c.chat.history_window > 10'000) {
    return InvalidArgument("chat.history_window must be 1..10000");
  }
  if (c.chat.history_context < 0 || c.chat.history_context > c.chat.history_window) {
    return InvalidArgument("chat.history_context must be 0..chat.history_window");
  }
  if (c.chat.session_ttl_s < 1) return InvalidArgument("chat.session_ttl_s must be >= 1");
  if (c.chat.max_messages < 1) return InvalidArgument("chat.max_messages must be >= 1");
  if (c.chat.write_behind_retries < 0 || c.chat.write_behind_retries > 100) {
    return InvalidArgument("chat.write_behind_retries must be 0..100");
  }
  const std::string& d = c.memory.durability;
  if (d != "acked" && d != "aof" && d != "async") return InvalidArgument("memory.durability must be acked, aof or async");
  CONTRAIL_TRY_STATUS(ValidateMemory(c.memory));
  static const char* kLevels[] = {"trace", "debug", "info", "warn", "error", "off"};
  bool level_ok = false;
  for (const char* l : kLevels) level_ok |= (c.log.level == l);
  if (!level_ok) return InvalidArgument("log.level must be trace|debug|info|warn|error|off");
  if (c.log.format != "json" && c.log.format != "text") {
    return InvalidArgument("log.format must be json or text");
  }
  if (!c.openai.base_url.empty() && c.openai.models.empty()) {
    return InvalidArgument("openai.models must list at least one model when openai.base_url is set");
  }
  CONTRAIL_TRY_STATUS(ValidateAuth(c));
  CONTRAIL_TRY_STATUS(ValidateLimits(c.limits));
  return ValidateProviders(c);
}

}  // namespace contrail::core
