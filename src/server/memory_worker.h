#pragma once
// A memory worker (memory/event_worker.h) on a thread of its own, with its own Valkey and
// PostgreSQL connections and the domain's extractor (flightly's rule-based one). `serve` runs one
// when memory.worker is on; `contrail worker` runs one or more without serving.

#include <memory>
#include <thread>

#include "core/config.h"
#include "core/result.h"
#include "memory/event_worker.h"

namespace contrail::embed {
class Embedder;
}

namespace contrail::server {

class MemoryWorker {
 public:
  // `embedder` (thread-safe) embeds the records; it must outlive the worker. `name` tells this
  // worker apart in the consumer group (with the host and process id).
  // `on_commit` (optional) is EventWorkerOptions::on_commit.
  MemoryWorker(const core::Config& config, embed::Embedder& embedder, std::string name = "serve",
               memory::CommitObserver on_commit = {});
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

// The consumer name of a worker: "<host>-<pid>-<name>".
std::string WorkerConsumerName(std::string_view name);

}  // namespace contrail::server
