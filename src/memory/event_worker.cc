#include "memory/event_worker.h"

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/clock.h"
#include "core/log.h"
#include "core/metrics.h"
#include "valkey/pool.h"

namespace contrail::memory {

namespace asio = boost::asio;

namespace {

struct WorkerMetrics {
  core::Counter& events;
  core::Counter& duplicates;
  core::Counter& records;
  core::Counter& claimed;
  core::Counter& failures;
  core::Histogram& lag;
  static WorkerMetrics& Get() {
    auto& r = core::MetricsRegistry::Global();
    static WorkerMetrics m{
        r.GetCounter("contrail_memory_events_stored_total", "Memory events the worker stored in PostgreSQL."),
        r.GetCounter("contrail_memory_events_duplicate_total",
                     "Memory events read again that PostgreSQL already had (a retried turn, a re-read batch)."),
        r.GetCounter("contrail_memory_records_written_total", "Long-term memory records written (values, episodes)."),
        r.GetCounter("contrail_memory_events_claimed_total", "Stream entries claimed from a worker presumed dead."),
        r.GetCounter("contrail_memory_worker_failures_total", "Worker passes that failed and were retried."),
        r.GetHistogram("contrail_memory_lag_seconds",
                       "From a turn storing an event to the worker committing it (and its memories)."),
    };
    return m;
  }
};

}  // namespace

EventWorker::EventWorker(valkey::Pool& valkey, pg::Connection& pg, const Extractor* extractor,
                         embed::Embedder* embedder, EventWorkerOptions options)
    : valkey_(valkey), pg_(pg), extractor_(extractor), embedder_(embedder), options_(std::move(options)),
      episodes_(options_.episode_interval) {
  options_.store.episodes = &episodes_;
  for (int p = 0; p < std::max(1, options_.partitions); ++p) streams_.push_back(EventStreamKey(p));
  claim_cursor_.assign(streams_.size(), "0-0");
}

asio::awaitable<core::Status> EventWorker::Prepare() {
  valkey::CommandBatch batch;
  for (const std::string& stream : streams_) {
    batch.Add({"XGROUP", "CREATE", stream, kExtractorGroup, "0", "MKSTREAM"});
  }
  CONTRAIL_CO_TRY(valkey::Replies replies, co_await valkey_.Execute(std::move(batch)));
  for (const valkey::Reply& r : replies) {
    if (r.is_error() && r.str.rfind("BUSYGROUP", 0) != 0) co_return valkey::ReplyError(r);
  }
  co_return core::Ok();
}

asio::awaitable<core::Result<std::vector<StreamEvent>>> EventWorker::Claim() {
  std::vector<StreamEvent> out;
  valkey::CommandBatch batch;
  const std::string idle = std::to_string(options_.claim_idle.count());
  const std::string count = std::to_string(options_.batch);
  for (std::size_t i = 0; i < streams_.size(); ++i) {
    batch.Add({"XAUTOCLAIM", streams_[i], kExtractorGroup, options_.consumer, idle, claim_cursor_[i], "COUNT", count});
  }
  CONTRAIL_CO_TRY(valkey::Replies replies, co_await valkey_.Execute(std::move(batch)));
  for (std::size_t i = 0; i < streams_.size(); ++i) {
    if (replies[i].is_error()) co_return valkey::ReplyError(replies[i]);
    CONTRAIL_CO_TRY(std::vector<StreamEvent> claimed, DecodeAutoClaim(replies[i], streams_[i], &claim_cursor_[i]));
    for (StreamEvent& e : claimed) out.push_back(std::move(e));
  }
  co_return out;
}

asio::awaitable<core::Result<std::vector<StreamEvent>>> EventWorker::ReadNew() {
  std::vector<std::string> args = {"XREADGROUP", "GROUP", std::string(kExtractorGroup), options_.consumer,
                                   "COUNT", std::to_string(options_.batch), "BLOCK",
                                   std::to_string(options_.block.count()), "STREAMS"};
  args.insert(args.end(), streams_.begin(), streams_.end());
  for (std::size_t i = 0; i < streams_.size(); ++i) args.push_back(">");
  valkey::CommandBatch batch;
  batch.Add(std::span<const std::string>(args));
  CONTRAIL_CO_TRY(valkey::Replies replies,
                  co_await valkey_.Execute(std::move(batch), options_.block + std::chrono::milliseconds(2'000)));
  if (replies[0].is_error()) co_return valkey::ReplyError(replies[0]);
  co_return DecodeReadGroup(replies[0]);
}

asio::awaitable<core::Status> EventWorker::Acknowledge(const std::vector<StreamEvent>& entries,
                                                       const StoreReport& stored) {
  valkey::CommandBatch batch;
  // The speed layer's copy of the values that changed, before the entries are acknowledged: a
  // crash in between re-reads a batch that then changes nothing (recall.h: the copy's TTL).
  for (const auto& [user, memories] : stored.current) AppendMemoryCacheWrite(batch, user, memories, false);
  for (const std::string& stream : streams_) {
    std::vector<std::string_view> ids;
    for (const StreamEvent& e : entries) {
      if (e.stream == stream) ids.push_back(e.entry_id);
    }
    if (ids.empty()) continue;
    std::vector<std::string_view> ack = {"XACK", stream, kExtractorGroup};
    ack.insert(ack.end(), ids.begin(), ids.end());
    batch.Add(std::span<const std::string_view>(ack));
    std::vector<std::string_view> del = {"XDEL", stream};
    del.insert(del.end(), ids.begin(), ids.end());
    batch.Add(std::span<const std::string_view>(del));
  }
  if (batch.empty()) co_return core::Ok();
  CONTRAIL_CO_TRY(valkey::Replies replies, co_await valkey_.Execute(std::move(batch)));
  for (const valkey::Reply& r : replies) {
    if (r.is_error()) co_return valkey::ReplyError(r);
  }
  co_return core::Ok();
}

asio::awaitable<core::Result<PassReport>> EventWorker::RunOnce() {
  PassReport report;
  std::vector<StreamEvent> entries;
  if (std::chrono::steady_clock::now() >= next_claim_) {
    next_claim_ = std::chrono::steady_clock::now() + std::max(options_.claim_idle / 4, std::chrono::milliseconds(100));
    CONTRAIL_CO_TRY(entries, co_await Claim());
    report.claimed = entries.size();
  }
  if (entries.empty()) {
    CONTRAIL_CO_TRY(entries, co_await ReadNew());
  }
  report.read = entries.size();
  if (entries.empty()) {
    // Nothing new: the held episodes that are due are written on their own.
    const std::span<const MemoryEvent> none;
    CONTRAIL_CO_TRY(report.store, co_await StoreEvents(pg_, none, extractor_, embedder_, options_.store));
    co_return report;
  }
  std::vector<MemoryEvent> events;
  events.reserve(entries.size());
  for (const StreamEvent& e : entries) {
    if (e.valid) {
      events.insert(events.end(), e.events.begin(), e.events.end());
    } else {
      ++report.invalid;
    }
  }
  CONTRAIL_CO_TRY(report.store, co_await StoreEvents(pg_, events, extractor_, embedder_, options_.store));
  const std::int64_t committed_ms = core::UnixMillis();
  CONTRAIL_CO_TRY_STATUS(co_await Acknowledge(entries, report.store));
  WorkerMetrics& m = WorkerMetrics::Get();
  m.events.Inc(report.store.stored);
  m.duplicates.Inc(report.store.events - report.store.stored);
  m.records.Inc(report.store.records);
  m.claimed.Inc(report.claimed);
  for (const MemoryEvent& e : events) {
    if (e.ts > 0) m.lag.Observe(static_cast<double>(std::max<std::int64_t>(0, committed_ms - e.ts)) / 1000);
  }
  if (options_.on_commit) options_.on_commit(events, committed_ms);
  co_return report;
}

asio::awaitable<core::Status> EventWorker::FlushEpisodes() {
  StoreOptions store = options_.store;
  store.flush_episodes = true;
  const std::span<const MemoryEvent> none;
  auto stored = co_await StoreEvents(pg_, none, extractor_, embedder_, store);
  if (!stored) co_return stored.error();
  co_return core::Ok();
}

asio::awaitable<void> EventWorker::Run() {
  auto executor = co_await asio::this_coro::executor;
  int failures = 0;
  bool prepared = false;
  while (!stop_.load()) {
    core::Status status = core::Ok();
    if (!prepared) {
      status = co_await Prepare();
      prepared = status.ok();
    }
    std::size_t read = 0;
    if (prepared) {
      auto pass = co_await RunOnce();
      if (pass) read = pass->read; else status = pass.error();
    }
    if (status.ok()) {
      failures = 0;
      if (read > 0 && read < static_cast<std::size_t>(options_.batch) / 4 && options_.linger.count() > 0) {
        asio::steady_timer linger(executor, options_.linger);
        co_await linger.async_wait(asio::use_awaitable);
      }
      continue;
    }
    WorkerMetrics::Get().failures.Inc();
    ++failures;
    // A group that vanished (a stream deleted by hand, FLUSHALL) is created again.
    if (status.error().message.find("NOGROUP") != std::string::npos) prepared = false;
    if (failures == 1 || failures % 50 == 0) {
      core::log::Warn("memory worker pass failed; retrying",
                      {{"error", status.error().message}, {"failures", std::to_string(failures)}});
    }
    asio::steady_timer timer(executor, std::min(std::chrono::milliseconds(100 << std::min(failures - 1, 5)),
                                                std::chrono::milliseconds(3'000)));
    co_await timer.async_wait(asio::use_awaitable);
  }
  // (co_await kept out of the condition: GCC 12 mis-compiles some co_awaits inside expressions.)
  const core::Status flushed = co_await FlushEpisodes();
  if (!flushed.ok()) {
    core::log::Warn("memory worker stopped with episodes unwritten; the sessions' next changes rewrite them",
                    {{"error", flushed.error().message}, {"episodes", std::to_string(episodes_.held())}});
  }
}

}  // namespace contrail::memory
