#pragma once
// A memory worker (memory/event_worker.h) on a thread of its own, with its own Valkey and
// PostgreSQL connections and the domain's extractor (flightly's rule-based one). `serve` runs one
// when memory.worker is on; `contrail worker` runs one or more without serving.

#include <memory>
#include <thread>

#include "core/config.h"
#include "core/result.h"
#include "memory/event_worker.h"
#include "server/services.h"

namespace contrail::embed {
class Embedder;
}
#include "flightly/memory_extractor.h"
#include "flightly/memory_prompt_extractor.h"

namespace contrail::server {

class MemoryWorker {
 public:
  // `embedder` (thread-safe) embeds the records; it must outlive the worker. `name` tells this
  // worker apart in the consumer group (with the host and process id).
  // `on_commit` (optional) is EventWorkerOptions::on_commit. `extractor` (optional, outliving the
  // worker; ConfiguredExtractor's): nullptr is flightly's rules.
  MemoryWorker(const core::Config& config, embed::Embedder& embedder, std::string name = "serve",
               memory::CommitObserver on_commit = {}, const memory::Extractor* extractor = nullptr);
  ~MemoryWorker();  // Stop()s

  // Starts the thread. The worker connects (and reconnects) by itself.
  void Start();
  // Returns once the current pass ended (at most memory.worker_block_ms later, or a batch).
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::thread thread_;
};

// The extractor the configuration asks for, shared by the workers, POST /v1/memory/extract and the
// memory_extract tool: flightly's rules, or with memory.extraction_model a prompt to that model
// (flightly::PromptExtractor) with the rules behind it. Thread-safe.
class ConfiguredExtractor {
 public:
  // kInvalidArgument when memory.extraction_model names no model of `models` (which must outlive it).
  static core::Result<std::unique_ptr<ConfiguredExtractor>> Make(const core::Config& config,
                                                                 const ModelRegistry& models);
  const memory::Extractor& get() const;

 private:
  flightly::RuleExtractor rules_;
  std::unique_ptr<flightly::PromptExtractor> prompted_;  // with an extraction model
};

// The consumer name of a worker: "<host>-<pid>-<name>".
std::string WorkerConsumerName(std::string_view name);

}  // namespace contrail::server
