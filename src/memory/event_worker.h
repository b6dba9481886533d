#pragma once
// The memory worker: moves memory events from the Valkey streams into PostgreSQL and extracts
// long-term memories from them (event_store.h). Any number of workers share the consumer group
// `extractor` on every stream (XREADGROUP); a worker acknowledges and deletes entries (XACK, XDEL)
// only after their transaction committed, so a stream holds what is not yet in PostgreSQL, and
// entries a dead worker left pending are claimed by the others (XAUTOCLAIM) once idle for
// `claim_idle`. A crash anywhere leaves every event in PostgreSQL exactly once.
//
// Runs on one executor with connections of its own: XREADGROUP blocks its Valkey connection, and
// a batch's transaction spans several round trips on its PostgreSQL connection.

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "memory/event_store.h"
#include "memory/event_stream.h"

namespace contrail::valkey {
class Pool;
}

namespace contrail::memory {

// Called on a worker's thread after each commit with the events it stored anew and the Unix ms of
// the commit (benchmarks measure the lag with it).
using CommitObserver = std::function<void(std::span<const MemoryEvent> stored, std::int64_t committed_ms)>;

struct EventWorkerOptions {
  int partitions = 4;                              // memory.event_partitions
  int batch = 1'000;                               // entries per read
  std::chrono::milliseconds block{500};            // how long a read waits for new entries
  std::chrono::milliseconds claim_idle{30'000};    // pending this long: its worker is presumed dead
  // After a pass that read less than a quarter of `batch`, the next read waits this long, so a
  // trickle of events is stored in fewer, larger transactions (each costs round trips and a
  // commit); the lag grows by at most this much.
  std::chrono::milliseconds linger{100};
  std::string consumer;                            // this worker's name in the group (unique)
  // A session's episode is rewritten at most once this often (episode_buffer.h; 0: with every
  // change). Held rewrites are written when due, with a batch or by an idle pass, and all of them
  // when Run() stops.
  std::chrono::milliseconds episode_interval{0};
  StoreOptions store;                              // its `episodes` is the worker's own buffer
  CommitObserver on_commit;  // optional
};

struct PassReport {
  std::size_t read = 0;      // entries read (new and claimed)
  std::size_t claimed = 0;   // of them, claimed from other consumers
  std::size_t invalid = 0;   // entries that are not events (acknowledged and dropped)
  StoreReport store;
};

class EventWorker {
 public:
  // `valkey` and `pg` are this worker's alone (see above). `extractor` / `embedder` may be null.
  EventWorker(valkey::Pool& valkey, pg::Connection& pg, const Extractor* extractor, embed::Embedder* embedder,
              EventWorkerOptions options);

  // Creates the group on every stream (and the streams) where missing.
  boost::asio::awaitable<core::Status> Prepare();
  // One pass: entries pending too long with other consumers (every claim_idle), else new ones
  // (waiting up to `block`); stored in one transaction with the held episodes that are due; then
  // acknowledged and deleted. A pass that reads nothing still writes the due episodes.
  boost::asio::awaitable<core::Result<PassReport>> RunOnce();
  // Passes until Stop(); failures are logged and retried with backoff (nothing is acknowledged).
  boost::asio::awaitable<void> Run();
  // Thread-safe; Run() returns after its current pass.
  void Stop() { stop_.store(true); }
  // Writes every episode the worker holds (Run() does when it stops).
  boost::asio::awaitable<core::Status> FlushEpisodes();
  std::size_t episodes_held() const { return episodes_.held(); }

 private:
  boost::asio::awaitable<core::Result<std::vector<StreamEvent>>> Claim();
  boost::asio::awaitable<core::Result<std::vector<StreamEvent>>> ReadNew();
  // XACK and XDEL of `entries`, with the speed layer's copy of the values `stored` changed.
  boost::asio::awaitable<core::Status> Acknowledge(const std::vector<StreamEvent>& entries, const StoreReport& stored);

  valkey::Pool& valkey_;
  pg::Connection& pg_;
  const Extractor* extractor_;
  embed::Embedder* embedder_;
  EventWorkerOptions options_;
  EpisodeBuffer episodes_;
  std::vector<std::string> streams_;
  std::vector<std::string> claim_cursor_;   // per stream: where the next XAUTOCLAIM starts
  std::chrono::steady_clock::time_point next_claim_{};
  std::atomic<bool> stop_{false};
};

}  // namespace contrail::memory
