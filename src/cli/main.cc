// contrail: the server and its tools in one binary.
//   contrail serve | worker | config | migrate | seed | ingest | embed | keys | chat | mcp | payments-sim |
//            bench … | --version

#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  using namespace contrail::cli;
  CLI::App app{"contrail: a speed layer (Valkey) and intelligence layer (PostgreSQL) for conversational AI"};
  app.set_version_flag("--version", std::string("contrail ") + CONTRAIL_VERSION);
  app.require_subcommand(1);

  ConfigFlags config_flags;
  auto add_config_flags = [&config_flags](CLI::App* cmd) {
    cmd->add_option("--config", config_flags.config_file, "TOML configuration file");
    cmd->add_option("--host", config_flags.host, "HTTP listen address (server.host)");
    cmd->add_option("--port", config_flags.port, "HTTP port (server.port)");
    cmd->add_option("--threads", config_flags.threads, "I/O threads, 0 = one per core (server.threads)");
    cmd->add_option("--log-level", config_flags.log_level, "trace|debug|info|warn|error|off");
  };

  CLI::App* serve = app.add_subcommand("serve", "Serve the HTTP API");
  add_config_flags(serve);
  CLI::App* config = app.add_subcommand("config", "Print the effective configuration as TOML");
  add_config_flags(config);
  int worker_count = 1;
  CLI::App* worker = app.add_subcommand(
      "worker", "Move memory events from Valkey into PostgreSQL and extract long-term memories (until SIGTERM)");
  add_config_flags(worker);
  worker->add_option("--workers", worker_count, "workers in this process, each with its own connections")
      ->check(CLI::Range(1, 64));

  MigrateFlags migrate_flags;
  CLI::App* migrate = app.add_subcommand("migrate", "Apply the numbered SQL migrations to PostgreSQL");
  add_config_flags(migrate);
  migrate->add_option("--dir", migrate_flags.dir,
                      "migrations directory (default: $CONTRAIL_MIGRATIONS_DIR, else " +
                          MigrationsDir(MigrateFlags{}) + ")");
  SeedFlags seed_flags;
  CLI::App* seed = app.add_subcommand("seed", "Load Flightly's deterministic travel data (a no-op when seeded)");
  add_config_flags(seed);
  seed->add_option("--scale", seed_flags.scale, "row count multiplier (1 = about 105,700 fares: the timetable's routes)")
      ->check(CLI::PositiveNumber);
  seed->add_option("--start-date", seed_flags.start_date, "first flight day, YYYY-MM-DD (default: today, UTC)");
  seed->add_flag("--force", seed_flags.force, "replace the seeded data (in one transaction)");

  IngestFlags ingest_flags;
  CLI::App* ingest = app.add_subcommand("ingest", "Ingest knowledge documents (.md, .html, .txt) from folders, each "
                                        "folder a source; only changed files are re-embedded");
  ingest->footer(
      "Every document belongs to a source: the folder's name, or --source. A run brings only its sources in line:\n"
      "documents of theirs no longer in the folders are deleted (--keep-missing keeps them), other sources are\n"
      "left alone, and a document id stored under another source is an error. Deleting more than half of a\n"
      "source's documents is asked on a terminal; elsewhere it needs --yes, or the run changes nothing and exits 2.\n"
      "A file without front matter (<meta> in HTML, Key: value lines in text) still ingests: its title is its\n"
      "first heading (#, <h1>, a text file's short first line), else <title>, else its file name.");
  add_config_flags(ingest);
  ingest->add_option("path", ingest_flags.paths, "folders; a document's id is its path relative to its folder")
      ->required();
  ingest->add_option("--source", ingest_flags.source,
                     "the source the folders are ingested as ([A-Za-z0-9_.-]{1,64}; default: each folder's name)");
  ingest->add_option("--doc-type", ingest_flags.doc_type,
                     "doc_type of files that name none ([a-z_-]{1,32}; default: the folder's name, else 'document')");
  ingest->add_flag("--keep-missing", ingest_flags.keep_missing, "keep stored documents that are not in the folders");
  ingest->add_flag("--yes", ingest_flags.yes,
                   "delete more than half of a source's documents without asking (else asked on a terminal, "
                   "refused with exit code 2 otherwise)");

  std::vector<std::string> embed_texts;
  CLI::App* embed = app.add_subcommand("embed", "Embed texts with the configured embedder (through the embedding cache)");
  add_config_flags(embed);
  embed->add_option("text", embed_texts, "texts to embed; one JSON line each")->required();

  std::vector<std::string> mcp_tools;
  CLI::App* mcp = app.add_subcommand("mcp", "Serve Flightly's tools over MCP on stdio");
  add_config_flags(mcp);
  mcp->add_option("--tools", mcp_tools,
                  "only these tools, comma-separated (e.g. get_weather: the weather MCP server); default all")
      ->delimiter(',');
  std::string mcp_user;
  mcp->add_option("--user", mcp_user,
                  "act for this user: get_profile and the memory tools read and write theirs (stdio runs with the "
                  "configuration's own credentials, so whoever runs it may name any user)");

  PaymentsSimFlags payments_sim_flags;
  CLI::App* payments_sim = app.add_subcommand(
      "payments-sim", "Run the simulated payment processor (charges, refunds, voids by idempotency key; "
                      "declines and timeouts on demand) until SIGTERM");
  payments_sim->add_option("--host", payments_sim_flags.host, "listen address")->capture_default_str();
  payments_sim->add_option("--port", payments_sim_flags.port, "port (0 = any free port; printed)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  payments_sim->add_option("--api-key", payments_sim_flags.api_key,
                           "require Authorization: Bearer KEY (default: $CONTRAIL_PAYMENTS_SIM_API_KEY, else none)");
  payments_sim->add_option("--latency-ms", payments_sim_flags.latency_ms, "added before every charge's answer")
      ->check(CLI::Range(0, 600'000));
  payments_sim->add_option("--ledger", payments_sim_flags.ledger,
                           "append every charge, refund and void to this JSON Lines file (fsync'd) and replay it at start");

  KeysFlags keys_flags;
  CLI::App* keys = app.add_subcommand("keys", "API keys: create, list, revoke (in PostgreSQL)");
  keys->require_subcommand(1);
  CLI::App* keys_create = keys->add_subcommand("create", "Create a key and print it once");
  add_config_flags(keys_create);
  keys_create->add_option("--user", keys_flags.user, "a user key, acting for this user only");
  keys_create->add_flag("--service", keys_flags.service, "a service key, acting for any user a request names");
  keys_create->add_flag("--admin", keys_flags.admin, "an admin key: any user, and the admin routes");
  keys_create->add_option("--name", keys_flags.name, "what the key is for");
  keys_create->add_option("--out", keys_flags.out, "write the key to this file (mode 0600) instead of stdout");
  keys_create->add_option("--daily-tokens", keys_flags.daily_tokens,
                          "model tokens the key may use per UTC day (default: limits.daily_tokens_per_key)")
      ->check(CLI::PositiveNumber);
  CLI::App* keys_list = keys->add_subcommand("list", "List keys (newest first)");
  add_config_flags(keys_list);
  keys_list->add_flag("--all", keys_flags.all, "include revoked keys");
  CLI::App* keys_revoke = keys->add_subcommand("revoke", "Revoke a key (every instance stops accepting it)");
  add_config_flags(keys_revoke);
  keys_revoke->add_option("id", keys_flags.id, "the key's id (the part after ck_)")->required();

  ChatFlags chat_flags;
  CLI::App* chat = app.add_subcommand("chat", "Chat with a running server in the terminal (streaming)");
  add_config_flags(chat);
  chat->add_option("--url", chat_flags.url, "server base URL (default: client.url, else the configured server)");
  chat->add_option("--user", chat_flags.user, "user id (default: $USER or cli-user)");
  chat->add_option("--session", chat_flags.session, "session id (default: a new one)");
  chat->add_option("--model", chat_flags.model, "model id (default: the server's default)");
  chat->add_flag("--no-stream", chat_flags.no_stream, "wait for whole answers");
  chat->add_option("-m,--message", chat_flags.message, "send one message, print the answer, exit");

  CLI::App* bench = app.add_subcommand("bench", "Benchmarks against real services");
  bench->require_subcommand(1);
  BenchContextFlags bench_context_flags;
  CLI::App* bench_context = bench->add_subcommand(
      "context", "Context read: pipelined vs sequential vs new connection per read, vs PING");
  add_config_flags(bench_context);
  bench_context->add_option("--samples", bench_context_flags.samples, "samples per series")->capture_default_str();
  bench_context->add_option("--connect-samples", bench_context_flags.connect_samples,
                            "samples of the new-connection series")->capture_default_str();
  bench_context->add_option("--history", bench_context_flags.history, "history messages read")->capture_default_str();

  BenchMemoryFlags bench_memory_flags;
  CLI::App* bench_memory = bench->add_subcommand(
      "memory", "Memory worker throughput (--events) or lag at an offered rate (--rate), on the configured services");
  add_config_flags(bench_memory);
  bench_memory->add_option("--events", bench_memory_flags.events, "events appended, then stored")->capture_default_str()->check(CLI::Range(1, 100'000'000));
  bench_memory->add_option("--rate", bench_memory_flags.rate, "offer events at this rate (lag mode)")->check(CLI::Range(1, 1'000'000));
  bench_memory->add_option("--seconds", bench_memory_flags.seconds, "lag mode: seconds offered")->capture_default_str()->check(CLI::Range(1, 3600));
  bench_memory->add_option("--workers", bench_memory_flags.workers, "workers (0 with --rate: only the producer, the baseline of what the workers cost)")
      ->capture_default_str()
      ->check(CLI::Range(0, 64));
  bench_memory->add_option("--users", bench_memory_flags.users, "synthetic users")->capture_default_str()->check(CLI::Range(1, 1'000'000));

  BenchAgentFlags bench_agent_flags;
  CLI::App* bench_agent = bench->add_subcommand(
      "agent", "The agent loop's own time per model step (scripted model, no-op tool; no services)");
  add_config_flags(bench_agent);
  bench_agent->add_option("--runs", bench_agent_flags.runs, "agent runs timed")->capture_default_str()->check(CLI::Range(1, 10'000'000));
  bench_agent->add_option("--steps", bench_agent_flags.steps, "model steps a run")->capture_default_str()->check(CLI::Range(1, 32));
  bench_agent->add_option("--calls", bench_agent_flags.calls, "no-op tool calls a step")->capture_default_str()->check(CLI::Range(1, 16));
  BenchAgentFlags bench_orchestrator_flags;
  CLI::App* bench_orchestrator = bench->add_subcommand(
      "orchestrator", "An orchestrator's own time a turn, next to one agent doing the same (scripted; no services)");
  add_config_flags(bench_orchestrator);
  bench_orchestrator->add_option("--runs", bench_orchestrator_flags.runs, "turns timed, each way")->capture_default_str()->check(CLI::Range(1, 10'000'000));
  bench_orchestrator->add_option("--steps", bench_orchestrator_flags.steps, "the worker's model steps")->capture_default_str()->check(CLI::Range(1, 32));
  bench_orchestrator->add_option("--calls", bench_orchestrator_flags.calls, "no-op tool calls a step")->capture_default_str()->check(CLI::Range(1, 16));

  BenchEmbedFlags bench_embed_flags;
  CLI::App* bench_embed = bench->add_subcommand(
      "embed", "Local embedder quality and speed, embedding-cache hits vs a 200 ms provider, SigV4 cost");
  add_config_flags(bench_embed);
  bench_embed->add_option("--data", bench_embed_flags.data_dir, "folder of the paraphrase dev sets")->capture_default_str();
  bench_embed->add_option("--seconds", bench_embed_flags.seconds, "throughput measurement time")->capture_default_str();
  bench_embed->add_option("--samples", bench_embed_flags.samples, "samples per cache-hit series")->capture_default_str();
  bench_embed->add_option("--provider-ms", bench_embed_flags.provider_ms, "simulated provider latency")->capture_default_str();

  BenchSearchFlags bench_search_flags;
  CLI::App* bench_search = bench->add_subcommand(
      "search", "Knowledge search on a generated corpus: recall@10 vs exact, vector/text/hybrid latency vs psql");
  add_config_flags(bench_search);
  bench_search->add_option("--chunks", bench_search_flags.chunks, "chunks in the bench table")->capture_default_str();
  bench_search->add_option("--samples", bench_search_flags.samples, "timed queries per series")->capture_default_str();
  bench_search->add_option("--recall-queries", bench_search_flags.recall_queries, "queries compared with exact search")
      ->capture_default_str();
  bench_search->add_option("--ef", bench_search_flags.ef, "hnsw.ef_search settings")->capture_default_str();
  bench_search->add_option("--data", bench_search_flags.data_dir, "documents whose sentences seed the corpus")
      ->capture_default_str();
  bench_search->add_option("--m", bench_search_flags.m, "HNSW m")->check(CLI::Range(2, 100))->capture_default_str();
  bench_search->add_option("--ef-construction", bench_search_flags.ef_construction, "HNSW ef_construction")
      ->check(CLI::Range(4, 1000))->capture_default_str();
  bench_search->add_flag("--reload", bench_search_flags.reload, "rebuild the bench table even if it is complete");

  BenchAnswersFlags bench_answers_flags;
  CLI::App* bench_answers = bench->add_subcommand(
      "answers", "Answer quality of a running server on answer dev sets (recall@1/@5, facts), by kind");
  add_config_flags(bench_answers);
  bench_answers->add_option("files", bench_answers_flags.files, "JSON Lines dev sets (bench/data/answers_dev.jsonl …)")
      ->required()
      ->check(CLI::ExistingFile);
  bench_answers->add_option("--url", bench_answers_flags.url, "the server (default: client.url, else serve's address)");
  bench_answers->add_option("--model", bench_answers_flags.model, "the chat model")->capture_default_str();
  bench_answers->add_option("--failures", bench_answers_flags.failures, "print the first N wrong answers")
      ->capture_default_str();
  bench_answers->add_option("--late", bench_answers_flags.late,
                            "print the first N right answers that do not begin with their facts");

  BenchCacheFlags bench_cache_flags;
  CLI::App* bench_cache = bench->add_subcommand(
      "cache", "The semantic cache's index: insert rate and lookup p50/p99 at 1k, 10k and 100k entries");
  add_config_flags(bench_cache);
  bench_cache->add_option("--entries", bench_cache_flags.entries, "index sizes")->capture_default_str();
  bench_cache->add_option("--lookups", bench_cache_flags.lookups, "lookups per size")->capture_default_str();
  bench_cache->add_option("--fill", bench_cache_flags.fill, "write N entries into Valkey instead (bench/cache_load.sh)");

  BenchCacheQualityFlags bench_cache_quality_flags;
  CLI::App* bench_cache_quality = bench->add_subcommand(
      "cache-quality", "Semantic cache quality of a running server: paraphrase hits and false hits (needs an admin key)");
  add_config_flags(bench_cache_quality);
  bench_cache_quality->add_option("file", bench_cache_quality_flags.file, "a JSON Lines dev set (bench/data/cache_quality_dev.jsonl)")
      ->required()
      ->check(CLI::ExistingFile);
  bench_cache_quality->add_option("--url", bench_cache_quality_flags.url, "the server (default: client.url, else serve's address)");
  bench_cache_quality->add_option("--model", bench_cache_quality_flags.model, "the chat model")->capture_default_str();
  bench_cache_quality->add_option("--failures", bench_cache_quality_flags.failures, "print the first N misses and false hits")
      ->capture_default_str();
  bench_cache_quality->add_option("--replay", bench_cache_quality_flags.replay,
                                  "replay a generated traffic log of N requests instead (hits and false hits by kind)");

  CLI11_PARSE(app, argc, argv);
  if (serve->parsed()) return RunServe(config_flags);
  if (config->parsed()) return RunConfig(config_flags);
  if (worker->parsed()) return RunWorker(config_flags, worker_count);
  if (migrate->parsed()) return RunMigrate(config_flags, migrate_flags);
  if (seed->parsed()) return RunSeed(config_flags, seed_flags);
  if (ingest->parsed()) return RunIngest(config_flags, ingest_flags);
  if (embed->parsed()) return RunEmbed(config_flags, embed_texts);
  if (mcp->parsed()) return RunMcp(config_flags, mcp_tools, mcp_user);
  if (chat->parsed()) return RunChat(config_flags, chat_flags);
  if (payments_sim->parsed()) return RunPaymentsSim(payments_sim_flags);
  if (keys->parsed()) {
    keys_flags.command = keys_create->parsed() ? "create" : keys_list->parsed() ? "list" : "revoke";
    return RunKeys(config_flags, keys_flags);
  }
  if (bench_embed->parsed()) return RunBenchEmbed(config_flags, bench_embed_flags);
  if (bench_agent->parsed()) return RunBenchAgent(config_flags, bench_agent_flags);
  if (bench_orchestrator->parsed()) return RunBenchOrchestrator(config_flags, bench_orchestrator_flags);
  if (bench_memory->parsed()) return RunBenchMemory(config_flags, bench_memory_flags);
  if (bench_context->parsed()) return RunBenchContext(config_flags, bench_context_flags);
  if (bench_search->parsed()) return RunBenchSearch(config_flags, bench_search_flags);
  if (bench_answers->parsed()) return RunBenchAnswers(config_flags, bench_answers_flags);
  if (bench_cache->parsed()) return RunBenchCache(config_flags, bench_cache_flags);
  if (bench_cache_quality->parsed()) return RunBenchCacheQuality(config_flags, bench_cache_quality_flags);
  return 2;
}
