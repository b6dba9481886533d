#pragma once
// The `contrail` subcommands. Each returns the process exit code.

#include <cstdint>
#include <string>
#include <vector>

#include "core/config.h"

namespace CLI {
class App;
}

namespace contrail::cli {

// Flags shared by the commands that read configuration.
struct ConfigFlags {
  std::string config_file;  // --config; else $CONTRAIL_CONFIG; else ./contrail.toml if present
  std::string host;
  int port = 0;
  int threads = -1;
  std::string log_level;
};

// Defaults, then the TOML file, then CONTRAIL_* variables, then flags; validated.
core::Result<core::Config> LoadConfig(const ConfigFlags& flags);

int RunServe(const ConfigFlags& flags);
int RunConfig(const ConfigFlags& flags);
// `contrail worker`: `workers` memory workers (server/memory_worker.h) until SIGINT/SIGTERM.
int RunWorker(const ConfigFlags& flags, int workers);

struct MigrateFlags {
  std::string dir;  // --dir; else $CONTRAIL_MIGRATIONS_DIR; else the source tree's migrations/
};
// The directory `contrail migrate` reads with these flags.
std::string MigrationsDir(const MigrateFlags& flags);
int RunMigrate(const ConfigFlags& config_flags, const MigrateFlags& flags);

struct SeedFlags {
  double scale = 0;        // 0: not given (1, or what is seeded already)
  std::string start_date;  // YYYY-MM-DD; empty: today (UTC), or what is seeded already
  bool force = false;
};
int RunSeed(const ConfigFlags& config_flags, const SeedFlags& flags);

// `contrail keys create|list|revoke` (cmd_keys.cc).
struct KeysFlags {
  std::string command;  // create | list | revoke
  std::string user;     // create --user ID: a user key
  bool service = false;  // create --service
  bool admin = false;    // create --admin
  std::string name;     // create --name
  std::string out;      // create --out FILE: write the key there (mode 0600) instead of stdout
  long long daily_tokens = 0;  // create --daily-tokens N: the key's own daily token limit
  bool all = false;     // list --all: with revoked keys
  std::string id;       // revoke ID
};
int RunKeys(const ConfigFlags& config_flags, const KeysFlags& flags);

// `contrail bench memory` (bench_memory.cc).
struct BenchMemoryFlags {
  int events = 100'000;  // throughput: appended first, then stored
  int rate = 0;          // > 0: lag mode, events offered per second
  int seconds = 10;      // lag mode: how long
  int workers = 1;
  int users = 1'000;
};
int RunBenchMemory(const ConfigFlags& config_flags, const BenchMemoryFlags& flags);

struct ChatFlags {
  std::string url;  // "" = client.url, else the configured server's address
  std::string user;
  std::string session;
  std::string model;
  bool no_stream = false;
  std::string message;  // one message and exit, instead of the interactive loop
};
// The server's URL and API key come from the configuration (client.*), like `serve`'s address.
int RunChat(const ConfigFlags& config_flags, const ChatFlags& flags);

struct BenchContextFlags {
  int samples = 20'000;           // per pipelined/sequential/PING series
  int connect_samples = 2'000;    // for the new-connection-per-read series
  int history = 20;               // stored messages read per turn
};
int RunBenchContext(const ConfigFlags& config_flags, const BenchContextFlags& flags);

// `contrail mcp`: the MCP server on stdio (cmd_mcp.cc); its tools act for `user` ("" = for nobody:
// get_profile and the memory tools then answer with a tool error).
int RunMcp(const ConfigFlags& config_flags, const std::vector<std::string>& only_tools, const std::string& user);

// `contrail payments-sim` (cmd_payments_sim.cc): the simulated payment processor until SIGINT or
// SIGTERM (then exit 0). Reads no configuration file.
struct PaymentsSimFlags {
  std::string host = "127.0.0.1";
  int port = 8089;          // 0 = any free port (the printed line says which)
  std::string api_key;      // "" = $CONTRAIL_PAYMENTS_SIM_API_KEY, else no Authorization check
  int latency_ms = 0;       // added before every charge's answer
  std::string ledger;       // JSON Lines file kept across restarts; "" = in memory only
};
int RunPaymentsSim(const PaymentsSimFlags& flags);

// `contrail embed TEXT…`
int RunEmbed(const ConfigFlags& config_flags, const std::vector<std::string>& texts);

struct BenchEmbedFlags {
  std::string data_dir = "bench/data";  // paraphrases.tsv, paraphrases_heldout.tsv
  double seconds = 3;                   // throughput measurement
  int samples = 20'000;                 // per cache-hit series
  int provider_samples = 20;            // simulated provider calls
  int provider_ms = 200;
};
int RunBenchEmbed(const ConfigFlags& config_flags, const BenchEmbedFlags& flags);

// `contrail ingest PATH…`: document ids are paths relative to each PATH; each PATH is the source
// named after its folder unless --source names one source for them all.
struct IngestFlags {
  std::vector<std::string> paths;
  std::string source;         // --source: the source of every PATH ("" = each folder's name)
  std::string doc_type;       // --doc-type: for files that name none ("" = the folder's name)
  bool keep_missing = false;  // --keep-missing: do not delete documents absent from PATHs
  bool yes = false;           // --yes: prune more than half of a source without asking
};
int RunIngest(const ConfigFlags& config_flags, const IngestFlags& flags);

// `contrail bench search` (bench_search.cc): a generated corpus in its own table, recall and latency.
struct BenchSearchFlags {
  std::int64_t chunks = 100'000;
  int samples = 1'000;            // timed queries per latency series
  int queries = 200;              // distinct query texts, cycled
  int recall_queries = 200;       // queries compared against exact search
  std::vector<int> ef = {40, 100};  // hnsw.ef_search settings
  int m = 16;                     // HNSW build parameters (pgvector's defaults)
  int ef_construction = 64;
  std::string data_dir = "data/knowledge";  // sentences for the generated text
  bool reload = false;            // rebuild the bench table even if it holds `chunks` rows
};
int RunBenchSearch(const ConfigFlags& config_flags, const BenchSearchFlags& flags);

// `contrail bench answers FILE.jsonl…` (bench_answers.cc): answer quality of a running server on
// answer dev sets (knowledge/answer_eval.h), by kind.
struct BenchAnswersFlags {
  std::vector<std::string> files;
  std::string url;                       // "" = client.url, else the configured server's address
  std::string model = "flightly-local";
  int failures = 0;                      // print the first N wrong answers
  int late = 0;                          // print the first N right answers whose facts are not in the lead
};
int RunBenchAnswers(const ConfigFlags& config_flags, const BenchAnswersFlags& flags);

// `contrail bench cache` (bench_cache.cc)
struct BenchCacheFlags {
  std::vector<int> entries = {1'000, 10'000, 100'000};
  int lookups = 10'000;
  int fill = 0;  // > 0: write this many entries into Valkey instead (bench/cache_load.sh)
};
int RunBenchCache(const ConfigFlags& config_flags, const BenchCacheFlags& flags);

// `contrail bench cache-quality FILE.jsonl` (bench_cache_quality.cc)
struct BenchCacheQualityFlags {
  std::string file;
  std::string url;                       // "" = client.url, else the configured server's address
  std::string model = "flightly-local";
  int failures = 0;                      // print the first N misses and false hits
  int replay = 0;                        // > 0: replay a generated traffic log of this many requests
};
int RunBenchCacheQuality(const ConfigFlags& config_flags, const BenchCacheQualityFlags& flags);

// `contrail bench agent` (bench_agent.cc): the agent loop's own time per model step.
struct BenchAgentFlags {
  int runs = 20'000;  // agent runs timed (a tenth more first, to warm up)
  int steps = 4;      // model steps a run: steps-1 that call tools, then the answer
  int calls = 1;      // no-op tool calls a step
};
int RunBenchAgent(const ConfigFlags& config_flags, const BenchAgentFlags& flags);
// The orchestrator's own cost a turn: the same scripted work done by one agent, and handed by a
// lead agent to a delegate (agent/delegate.h); no services.
int RunBenchOrchestrator(const ConfigFlags& config_flags, const BenchAgentFlags& flags);

}  // namespace contrail::cli
