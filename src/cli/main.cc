// contrail: the server and its tools in one binary.
//   contrail serve | config | chat | bench context | --version

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

  ChatFlags chat_flags;
  CLI::App* chat = app.add_subcommand("chat", "Chat with a running server in the terminal (streaming)");
  chat->add_option("--url", chat_flags.url, "server base URL")->capture_default_str();
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

  CLI11_PARSE(app, argc, argv);
  if (serve->parsed()) return RunServe(config_flags);
  if (config->parsed()) return RunConfig(config_flags);
  if (chat->parsed()) return RunChat(chat_flags);
  if (bench_context->parsed()) return RunBenchContext(config_flags, bench_context_flags);
  return 2;
}
