#pragma once
// The `contrail` subcommands. Each returns the process exit code.

#include <string>

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

struct ChatFlags {
  std::string url = "http://127.0.0.1:8080";
  std::string user;
  std::string session;
  std::string model;
  bool no_stream = false;
  std::string message;  // one message and exit, instead of the interactive loop
};
int RunChat(const ChatFlags& flags);

struct BenchContextFlags {
  int samples = 20'000;           // per pipelined/sequential/PING series
  int connect_samples = 2'000;    // for the new-connection-per-read series
  int history = 20;               // stored messages read per turn
};
int RunBenchContext(const ConfigFlags& config_flags, const BenchContextFlags& flags);

}  // namespace contrail::cli
