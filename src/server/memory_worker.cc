#include "server/memory_worker.h"

#include <sys/resource.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "core/log.h"
#include "memory/event_worker.h"
#include "pg/connection.h"
#include "server/services.h"
#include "valkey/pool.h"

namespace contrail::server {

namespace asio = boost::asio;

std::string WorkerConsumerName(std::string_view name) {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return std::string(host) + "-" + std::to_string(getpid()) + "-" + std::string(name);
}

core::Result<std::unique_ptr<ConfiguredExtractor>> ConfiguredExtractor::Make(const core::Config& config,
                                                                               const ModelRegistry& models) {
  auto out = std::make_unique<ConfiguredExtractor>();
  const std::string& id = config.memory.extraction_model;
  if (id.empty()) return out;
  llm::ChatModel* model = models.Find(id);
  if (model == nullptr) {
    return core::InvalidArgument("memory.extraction_model `" + id + "` is not a configured model (GET /v1/models)",
                                 "memory.extraction_model");
  }
  out->prompted_ = std::make_unique<flightly::PromptExtractor>(*model, out->rules_);
  return out;
}

const memory::Extractor& ConfiguredExtractor::get() const {
  if (prompted_) return *prompted_;
  return rules_;
}

struct MemoryWorker::Impl {
  Impl(const core::Config& config, embed::Embedder& embedder, std::string_view name,
       memory::CommitObserver on_commit, const memory::Extractor* extractor)
      : nice(config.memory.worker_nice),
        valkey(io.get_executor(), ValkeyOptions(config), 1),
        pg(io.get_executor(), PostgresOptions(config)),
        worker(valkey, pg, extractor != nullptr ? extractor : &rules, &embedder,
               Options(config, name, std::move(on_commit))) {}

  static memory::EventWorkerOptions Options(
      const core::Config& config, std::string_view name,
      memory::CommitObserver on_commit) {
    memory::EventWorkerOptions o;
    o.on_commit = std::move(on_commit);
    o.partitions = config.memory.event_partitions;
    o.batch = config.memory.worker_batch;
    o.block = std::chrono::milliseconds(config.memory.worker_block_ms);
    o.claim_idle = std::chrono::milliseconds(config.memory.claim_idle_ms);
    o.consumer = WorkerConsumerName(name);
    o.store.context_events = config.memory.context_events;
    o.episode_interval = std::chrono::milliseconds(config.memory.episode_interval_ms);
    return o;
  }

  int nice;
  asio::io_context io{1};
  flightly::RuleExtractor rules;  // when no extractor is given
  valkey::Pool valkey;
  pg::Connection pg;
  memory::EventWorker worker;
};

MemoryWorker::MemoryWorker(const core::Config& config, embed::Embedder& embedder, std::string name,
                           memory::CommitObserver on_commit, const memory::Extractor* extractor)
    : impl_(std::make_unique<Impl>(config, embedder, name, std::move(on_commit), extractor)) {}

MemoryWorker::~MemoryWorker() { Stop(); }

void MemoryWorker::Start() {
  if (thread_.joinable()) return;
  impl_->valkey.Start();
  thread_ = std::thread([this] {
    Impl& m = *impl_;
    // Background work yields to the chat turns when the cores are busy (Linux: a thread's own nice).
    if (m.nice != 0 && setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), m.nice) != 0) {
      core::log::Warn("memory worker: could not lower its priority", {{"nice", std::to_string(m.nice)}});
    }
    // The connections' upkeep would keep run() going: the loop ends when the worker does.
    asio::co_spawn(m.io, m.worker.Run(), [&m](std::exception_ptr error) {
      if (error) core::log::ExceptionLogger("memory worker")(error);
      m.valkey.Close();
      m.io.stop();
    });
    m.io.run();
  });
}

void MemoryWorker::Stop() {
  if (!thread_.joinable()) return;
  impl_->worker.Stop();
  thread_.join();
}

}  // namespace contrail::server
