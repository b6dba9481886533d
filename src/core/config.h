#pragma once
// contrail's configuration: built-in defaults, then one TOML file, then CONTRAIL_* environment
// variables, then command-line flags (each layer overrides the one before). `contrail config`
// prints the effective result.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace contrail::core {

struct ServerConfig {
  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 0;                             // I/O threads; 0 = one per CPU it may use
  bool pin_threads = true;                     // I/O thread i on its own CPU (when enough CPUs)
  std::size_t body_limit_bytes = 1 << 20;      // larger request bodies get 413
  int header_timeout_ms = 10'000;              // a request's line and headers, from its first byte
  int read_timeout_ms = 10'000;                // a request's body, once its headers arrived
  int idle_timeout_ms = 60'000;                // waiting for a request's first byte (keep-alive)
  int shutdown_grace_ms = 10'000;              // SIGTERM: how long in-flight requests may finish
  int max_connections = 10'000;                // beyond: the longest-idle closes, or a 503
  // Connections one client address (IPv6: its /64) may hold; more get a 503. 512 leaves room for
  // a load test or a connection pool on one machine (wrk -c256) while one address holds at most
  // ~5% of max_connections. Behind a reverse proxy every client is the proxy: raise it.
  int max_connections_per_address = 512;
};

struct ValkeyConfig {
  std::string host = "127.0.0.1";
  int port = 7399;
  std::string username;                        // AUTH username (ACL); empty = default user
  std::string password;                        // AUTH password; empty = no AUTH
  bool tls = false;
  std::string tls_ca_file;                     // CA bundle to verify the server; empty = system
  bool tls_verify = true;
  int db = 0;
  int pool_size = 1;                           // pipelined connections per I/O thread
  int command_timeout_ms = 250;                // one batch of commands, queueing included
  int connect_timeout_ms = 500;
  int reconnect_max_backoff_ms = 2'000;
};

struct PostgresConfig {
  std::string host = "127.0.0.1";
  int port = 7432;
  std::string user = "postgres";
  std::string password;
  std::string database = "contrail";
  int connect_timeout_ms = 2'000;
  int query_timeout_ms = 2'000;               // statement_timeout of every query
  int pool_size = 2;                           // connections per I/O thread
};

struct ChatConfig {
  std::string default_model = "flightly-local";
  int history_window = 20;                     // stored messages kept per session (LTRIM)
  int history_context = 20;                    // stored messages loaded into a turn
  int session_ttl_s = 7 * 24 * 3600;           // idle sessions expire (EXPIRE on every turn)
  int max_messages = 256;                      // messages accepted in one request
  std::size_t max_message_bytes = 64 * 1024;   // one message's content
  int write_behind_retries = 10;               // background retries of a failed turn write (~11 s)
  bool grounding = true;                       // retrieve knowledge and live fares for turns that need them
};

// An OpenAI-compatible provider (OpenAI, vLLM, Ollama, LiteLLM …). Enabled when base_url is set.
struct OpenAiConfig {
  std::string base_url;                        // e.g. https://api.openai.com/v1
  std::string api_key;                         // also from OPENAI_API_KEY
  std::vector<std::string> models;             // model ids served through this provider
  int connect_timeout_ms = 3'000;
  int timeout_ms = 60'000;                     // whole request, first byte to last
};

// Amazon Bedrock (Converse / ConverseStream, Titan embeddings). Credentials come from here or from
// AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN / AWS_REGION.
struct BedrockConfig {
  bool enabled = false;                        // serve `models` through Bedrock
  std::string region = "us-east-1";
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;
  std::string endpoint;                        // default https://bedrock-runtime.REGION.amazonaws.com
  std::vector<std::string> models = {"us.anthropic.claude-sonnet-4-20250514-v1:0"};
  int connect_timeout_ms = 3'000;
  int timeout_ms = 60'000;
};

// Anthropic Messages API. Enabled when api_key is set (also from ANTHROPIC_API_KEY).
struct AnthropicConfig {
  std::string base_url = "https://api.anthropic.com";
  std::string api_key;
  std::vector<std::string> models = {"claude-sonnet-4-20250514"};
  std::string version = "2023-06-01";          // anthropic-version header
  int max_tokens = 1024;                       // required by the API; used when a request sets none
  int connect_timeout_ms = 3'000;
  int timeout_ms = 60'000;
};

// What happens around every provider call (each provider has its own breaker and limit).
struct ResilienceConfig {
  int max_retries = 2;                         // on 429 / 5xx / throttling / connection failure
  int backoff_base_ms = 200;                   // full jitter: sleep random(0, base * 2^attempt)
  int backoff_max_ms = 5'000;                  // also caps an honoured Retry-After
  int breaker_failures = 5;                    // consecutive failures that open the circuit
  int breaker_cooldown_ms = 10'000;            // open for this long, then one trial call
  int max_concurrency = 64;                    // calls in flight per provider; more wait in a queue
  int queue_timeout_ms = 2'000;                // longest wait for a slot, then 503; 0 = no queue
  int max_queued = 0;                          // calls waiting per provider, then 503; 0 = 4 × max_concurrency
};

// The embedder used for queries and the knowledge base, and the embedding cache in front of it.
struct EmbedConfig {
  std::string provider = "local";              // local | openai | bedrock
  std::string model = "contrail-local";        // openai: e.g. text-embedding-3-small;
                                               // bedrock: amazon.titan-embed-text-v2:0
  int dimensions = 1024;                       // the knowledge base stores vector(1024)
  std::string base_url;                        // openai: defaults to openai.base_url
  std::string api_key;                         // openai: defaults to openai.api_key
  int timeout_ms = 10'000;
  int batch_size = 64;                         // texts per provider call
  int cache_ttl_s = 30 * 24 * 3600;            // emb:* keys in Valkey
  int lru_entries = 10'000;                    // in-process LRU in front of Valkey (per process)
};

// Retrieval over the knowledge base.
struct KnowledgeConfig {
  int top_k = 5;                               // chunks a grounded chat turn retrieves
  int ef_search = 100;                         // hnsw.ef_search for vector queries
  std::string iterative_scan = "relaxed_order";  // off | relaxed_order | strict_order
  int rrf_k = 60;                              // reciprocal rank fusion constant
  int candidates = 40;                         // per-half candidates fused in hybrid mode
  int text_rank_cap = 1'000;                   // full-text matches one query ranks, at most …
  int text_rank_budget = 40'000;               // … and at most this / its tsquery nodes (numnode)
  int rerank_candidates = 30;                  // chunks a grounded turn re-scores in process for
                                               // its top_k (knowledge/rerank.h); 0 = no second stage
};

// The speed layer's caches of tool and lookup results (cache/tool_cache.h).
struct CacheConfig {
  int tool_ttl_s = 60;          // how long a live-fare and offer lookup is reused (0 = not cached)
  int retrieval_ttl_s = 60;     // how long a knowledge search's hits are reused (0 = not cached)
  int retrieval_entries = 10'000;  // searches kept in process, at most
  // The semantic answer cache (cache/semantic_cache.h).
  bool semantic = true;            // look answers up and store them
  double similarity = 0.7;         // the least cosine similarity of two questions for a hit
                                   // (contrail-local's vectors; see docs/benchmarks.md)
  double min_similarity = 0.5;     // … after an entry learned a lower threshold of its own
  double kind_similarity = 0.55;   // … between two questions of the same kind (cache/question_slots.h)
  double max_error_rate = 0.005;   // verified wrong hits allowed; thresholds rise above it
  double verify_rate = 0.05;       // the share of hits also answered the slow way and compared
  int answer_entries = 10'000;     // entries kept (least recently used evicted); 0 = none stored
  int answer_ttl_s = 86'400;       // how long an answer is kept
  int live_ttl_s = 60;             // … one that quoted live fares or seats
};

// An MCP server whose tools contrail's agents call (mcp/remote_servers.h), over stdio (contrail
// starts `command`) or streamable HTTP (`url`). TOML, one table per server:
//   [[mcp.servers]]
//   name = "everything"
//   command = ["npx", "-y", "@modelcontextprotocol/server-everything"]
//   agents = ["flightly"]
// Not settable through the environment (a list of tables has no one-variable form).
struct McpServerConfig {
  std::string name;                            // [A-Za-z0-9_-]{1,32}: in logs and tool errors
  std::vector<std::string> command;            // stdio: program and arguments (PATH searched) …
  std::string url;                             // … or an http(s) endpoint; exactly one of the two
  std::map<std::string, std::string> env;      // stdio: set for the server, besides PATH, HOME,
                                               // LANG… (contrail's own environment is not passed)
  std::map<std::string, std::string> headers;  // HTTP: sent with every request (Authorization)
  std::vector<std::string> tools;              // the server's tools to use, by its names; [] = all
  std::vector<std::string> agents;             // agents that may call them; "*" = every agent
  bool responses = false;                      // POST /v1/responses' "mcp" tools may name it
  std::string prefix;                          // put before each tool's name ("pg_" → pg_query)
  int timeout_ms = 10'000;                     // one tools/call, at most
  int connect_timeout_ms = 10'000;             // starting the server (or reaching it) + initialize

  // True when `agents` names `agent` or "*".
  bool ExposedTo(std::string_view agent) const;
};

// Tools and the MCP server (mcp/, the /mcp route, `contrail mcp`).
struct McpConfig {
  bool enabled = true;              // the /mcp route (stdio `contrail mcp` is run on purpose)
  int query_timeout_ms = 2'000;     // run_query's statement_timeout
  int query_max_rows = 200;         // rows run_query returns, at most (more: "truncated")
  int query_max_bytes = 262'144;    // bytes of rows run_query returns, at most
  int query_cache_ttl_s = 5;        // equal run_query calls share a result this long (0 = never)
  int session_ttl_s = 3'600;        // an idle MCP session over HTTP ends after this
  // Host names /mcp accepts besides the loopback ones (localhost, 127.0.0.1, [::1]): a
  // DNS-rebinding page cannot reach a local server through another name. Compared without case.
  std::vector<std::string> allowed_hosts;
  std::vector<std::string> allowed_origins;  // full origins, "https://app.example.com"
  std::vector<McpServerConfig> servers;      // [[mcp.servers]]: MCP servers whose tools agents use
};

// get_weather's forecasts (flightly/tools/weather_forecast.h): an Open-Meteo-compatible forecast
// API (https://open-meteo.com/en/docs, GET {url}?latitude=…&daily=…). Without a url, get_weather
// gives the built-in climate normals only.
struct WeatherConfig {
  std::string url;                  // http(s) forecast endpoint, e.g. https://api.open-meteo.com/v1/forecast
  int timeout_ms = 3'000;           // one forecast request, connecting included
  int forecast_days = 16;           // a date up to this many days ahead (today is the first) gets a forecast
};

// The payment processor Flightly's bookings charge (flightly/bookings/payment_processor.h): the
// simulated one of `contrail payments-sim`, or any service that speaks its wire format. Without a
// url, payments are off.
struct PaymentsConfig {
  std::string url;                  // http(s) base URL, e.g. http://127.0.0.1:8089; "" = payments off
  std::string api_key;              // sent as Authorization: Bearer; a secret
  int timeout_ms = 5'000;           // one processor call, connecting included
  // Holds that ran out unpaid are released and their charge key voided (flightly/bookings/
  // reconciler.h) every `reconcile_interval_s` (0: never) by `serve`, once `reconcile_grace_s`
  // have passed since they lapsed.
  int reconcile_interval_s = 60;
  int reconcile_grace_s = 60;
};

// Agents (agent/): `model: "flightly-agent"` runs Flightly's travel agent on `model`.
struct AgentConfig {
  bool enabled = true;              // offer flightly-agent
  std::string model = "flightly-local";  // the model that plans and answers (any configured id)
  int max_steps = 6;                // model calls that may ask for tools before it must answer
  int max_calls_per_step = 16;      // tool calls one step may run
  // Checkpoints in Valkey (agent/checkpoint.h): a turn cut off by a crash resumes where it was.
  bool checkpoints = true;
};

// Dollars per million tokens of one model, for `usage.cost_usd`, logs and /metrics.
struct ModelPrice {
  double input_per_mtok = 0;
  double output_per_mtok = 0;
  double CostUsd(long long input_tokens, long long output_tokens) const {
    return (input_tokens * input_per_mtok + output_tokens * output_per_mtok) / 1e6;
  }
};

// The list prices of the providers' default models (USD, per million tokens, late 2026); the
// built-in models cost nothing. TOML `[prices]` entries and CONTRAIL_PRICES add or replace entries.
std::map<std::string, ModelPrice> DefaultPrices();

// When a turn's reply may go out (memory/write_behind.h).
struct MemoryConfig {
  std::string durability = "acked";            // acked: Valkey applied the turn's writes;
                                               // aof: and fsynced them (WAITAOF); async: they are
                                               // sent (a turn in flight may be lost on a crash)
  // Tiered memory (memory/event_worker.h): every stored message is also an event on one of
  // `event_partitions` streams (mem:events:{pN}; 0 = no events); a worker moves them into
  // PostgreSQL and extracts long-term memories, which turns recall.
  int event_partitions = 4;
  bool worker = true;                          // `serve` runs one worker in-process (`contrail
                                               // worker` runs more, anywhere)
  int worker_batch = 1'000;                    // events per worker pass
  int worker_block_ms = 500;                   // how long a pass waits for new events
  int worker_nice = 5;                         // a worker thread's nice (0..19): under load the
                                               // chat turns get the cores first (its PostgreSQL
                                               // backend keeps its own priority)
  int claim_idle_ms = 30'000;                  // an event pending this long with a worker is
                                               // presumed orphaned (its worker died) and claimed
  int context_events = 16;                     // earlier session events the extractor reads
  int episode_interval_ms = 5'000;             // a session's episode (its summary) is rewritten
                                               // at most this often by a worker (0: with each
                                               // change); facts and preferences never wait
  std::string extraction_model;                // "": flightly's rules extract; a configured
                                               // model's id: an extraction prompt to it (the
                                               // rules take a batch it fails)
  bool recall = true;                          // turns read the user's long-term memories
  int recall_k = 8;                            // records a turn recalls at most
};

// Who may call the API: API keys bound to a user, a service or an admin (server/auth/).
struct AuthConfig {
  std::string mode = "required";               // required | off (off: loopback only, for development)
  int key_cache_ms = 1'000;                    // a thread trusts a key it looked up this long before
                                               // asking Valkey again: how long a revoked key lingers
  std::string metrics = "admin";               // who may read /metrics: admin | public
};

// Bounds on what one caller may use (server/limits/). A rate is a sustained rate with a burst on
// top (GCRA in Valkey, shared by every instance); 0 turns a limit off.
struct LimitsConfig {
  int key_requests_per_minute = 6'000;         // every authenticated request, per API key
  int key_burst = 500;                         // requests a key may send at once above its rate
  int user_turns_per_minute = 600;             // chat turns (and a user key's embeddings), per user
  int user_burst = 100;
  int daily_tokens_per_key = 0;                // model tokens a key may use per UTC day; a key's own
                                               // limit (contrail keys create --daily-tokens) wins
  int max_sessions_per_user = 1'000;           // live sessions one user may hold (idle ones expire)
};

// How this binary's own client commands (`contrail chat`) reach a server.
struct ClientConfig {
  std::string url;                             // "" = http://server.host:server.port
  std::string api_key;                         // the key to send; also CONTRAIL_API_KEY
  std::string key_file = ".data/contrail.key";  // read when api_key is empty (./scripts/run writes
                                               // it); relative to the working directory
};

struct LogConfig {
  std::string level = "info";                  // trace|debug|info|warn|error|off
  std::string format = "json";                 // json|text
  bool access_log = false;                     // one line per request at info level
};

struct Config {
  ServerConfig server;
  ValkeyConfig valkey;
  PostgresConfig postgres;
  ChatConfig chat;
  MemoryConfig memory;
  OpenAiConfig openai;
  BedrockConfig bedrock;
  AnthropicConfig anthropic;
  ResilienceConfig resilience;
  EmbedConfig embed;
  KnowledgeConfig knowledge;
  CacheConfig cache;
  McpConfig mcp;
  AgentConfig agent;
  WeatherConfig weather;
  PaymentsConfig payments;
  // Model id → price. TOML: [prices] "model-id" = { input = 3.0, output = 15.0 };
  // environment: CONTRAIL_PRICES="model-id=3.0/15.0,other=0.15/0.6".
  std::map<std::string, ModelPrice> prices = DefaultPrices();
  AuthConfig auth;
  LimitsConfig limits;
  ClientConfig client;
  LogConfig log;
};

// True for an address only this machine can reach: 127.0.0.0/8, ::1 or "localhost".
bool IsLoopbackHost(std::string_view host);

// Applies the TOML file at `path` over `config`. Unknown keys are errors (a typo should not be
// silently ignored). kInvalidArgument with the file, key and reason on failure; kNotFound if the
// file does not exist.
Status ApplyTomlFile(const std::string& path, Config& config);
// The same from TOML text (for tests).
Status ApplyTomlText(const std::string& text, Config& config);

// Applies CONTRAIL_* variables from `env` (name → value), e.g. CONTRAIL_HTTP_PORT,
// CONTRAIL_VALKEY_PORT, CONTRAIL_PG_PORT. kInvalidArgument names the variable on a bad value.
Status ApplyEnvironment(const std::map<std::string, std::string>& env, Config& config);
// The process environment as a map (only CONTRAIL_*, OPENAI_API_KEY, ANTHROPIC_API_KEY, AWS_*).
std::map<std::string, std::string> ProcessEnvironment();

// Checks ranges and combinations (ports, timeouts, window sizes).
Status Validate(const Config& config);

// The values of the settings that are secrets (API keys, passwords, AWS credentials) that are set,
// so that they can be kept out of what contrail repeats (net::RegisterSecret).
std::vector<std::string> SecretValues(const Config& config);

// The effective configuration as TOML; secrets are shown as "***".
std::string ToToml(const Config& config);

// The names of all environment variables ApplyEnvironment understands, for help text.
std::vector<std::string> EnvironmentVariableNames();

}  // namespace contrail::core
