// `contrail serve`, `contrail worker` and `contrail config`.

#include <signal.h>

#include <cstdio>
#include <filesystem>

#include "cli/cli_support.h"
#include "cli/commands.h"
#include "core/log.h"
#include "embed/factory.h"
#include "server/app.h"
#include "server/memory_worker.h"
#include "server/providers.h"

namespace contrail::cli {

core::Result<core::Config> LoadConfig(const ConfigFlags& flags) {
  core::Config config;
  std::map<std::string, std::string> env = core::ProcessEnvironment();
  std::string file = flags.config_file;
  if (file.empty()) {
    if (auto it = env.find("CONTRAIL_CONFIG"); it != env.end()) file = it->second;
  }
  if (!file.empty()) {
    CONTRAIL_TRY_STATUS(core::ApplyTomlFile(file, config));
  } else if (std::error_code ec; std::filesystem::exists("contrail.toml", ec)) {
    CONTRAIL_TRY_STATUS(core::ApplyTomlFile("contrail.toml", config));
  }
  CONTRAIL_TRY_STATUS(core::ApplyEnvironment(env, config));
  if (!flags.host.empty()) config.server.host = flags.host;
  if (flags.port > 0) config.server.port = flags.port;
  if (flags.threads >= 0) config.server.threads = flags.threads;
  if (!flags.log_level.empty()) config.log.level = flags.log_level;
  CONTRAIL_TRY_STATUS(core::Validate(config));
  return config;
}

int RunConfig(const ConfigFlags& flags) {
  auto config = LoadConfig(flags);
  if (!config) {
    std::fprintf(stderr, "contrail: %s\n", config.error().message.c_str());
    return 2;
  }
  std::fputs(core::ToToml(*config).c_str(), stdout);
  return 0;
}

int RunWorker(const ConfigFlags& flags, int workers) {
  auto config = LoadConfig(flags);
  if (!config) {
    std::fprintf(stderr, "contrail: %s\n", config.error().message.c_str());
    return 2;
  }
  core::log::Init(config->log);
  if (config->memory.event_partitions < 1) {
    std::fprintf(stderr, "contrail: memory.event_partitions is 0: there are no event streams to work on\n");
    return 2;
  }
  sigset_t signals = BlockStopSignals();
  auto embedder = embed::MakeConfiguredEmbedder(*config);
  if (!embedder) {
    std::fprintf(stderr, "contrail: %s\n", embedder.error().message.c_str());
    return 1;
  }
  // The models only for memory.extraction_model (remote ones connect when first asked).
  auto models = server::BuildModels(*config);
  auto extractor = models ? server::ConfiguredExtractor::Make(*config, *models)
                          : core::Result<std::unique_ptr<server::ConfiguredExtractor>>(models.error());
  if (!extractor) {
    std::fprintf(stderr, "contrail: %s\n", extractor.error().message.c_str());
    return 2;
  }
  std::vector<std::unique_ptr<server::MemoryWorker>> running;
  for (int i = 0; i < workers; ++i) {
    running.push_back(std::make_unique<server::MemoryWorker>(*config, **embedder, "worker" + std::to_string(i),
                                                             memory::CommitObserver{}, &(*extractor)->get()));
    running.back()->Start();
  }
  core::log::Info("memory workers running", {{"workers", workers},
                                             {"partitions", config->memory.event_partitions}});
  int sig = 0;
  sigwait(&signals, &sig);
  core::log::Info("stopping", {{"signal", sig == SIGINT ? "SIGINT" : "SIGTERM"}});
  for (auto& w : running) w->Stop();
  core::log::Info("stopped");
  return 0;
}

int RunServe(const ConfigFlags& flags) {
  auto config = LoadConfig(flags);
  if (!config) {
    std::fprintf(stderr, "contrail: %s\n", config.error().message.c_str());
    return 2;
  }
  core::log::Init(config->log);
  sigset_t signals = BlockStopSignals();

  server::App app(*config);
  auto port = app.Start();
  if (!port) {
    core::log::Error("cannot start", {{"error", port.error().message}});
    return 1;
  }
  RunUntilStopSignal(signals, "stopping", [&app] { app.Run(); }, [&app] { app.Stop(); });
  core::log::Info("stopped");
  return 0;
}

}  // namespace contrail::cli
