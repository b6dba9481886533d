// `contrail bench memory` (issue 15): the memory worker against the configured Valkey and
// PostgreSQL, with flightly's extractor and the configured embedder, as `contrail worker` runs it.
//   throughput  --events N: N events are appended to the streams first, then --workers workers
//               move them into PostgreSQL (with extraction); events/s from the workers' start to
//               the last commit.
//   lag         --rate R --seconds S: a producer appends R events/s (paced every 10 ms) while the
//               workers run; the lag of each event from its XADD to its commit, p50/p99/max. With
//               --workers 0 only the producer runs (a baseline for what the workers cost a
//               chat load running beside them); the streams are emptied at the end.
// The events are conversations of --users synthetic users (prefix bench-mem-) whose user
// messages state memories now and then; their rows are deleted at the end.

#include <algorithm>
#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdio>
#include <mutex>
#include <thread>

#include "cli/bench_util.h"
#include "cli/commands.h"
#include "core/clock.h"
#include "core/progress.h"
#include "embed/factory.h"
#include "memory/event_stream.h"
#include "pg/connection.h"
#include "server/memory_worker.h"
#include "server/services.h"
#include "valkey/pool.h"

namespace contrail::cli {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::string_view kUserPrefix = "bench-mem-";

// What travellers say, some of it worth remembering; the assistant answers at a typical length.
constexpr std::string_view kUserLines[] = {
    "flights from Las Vegas to Honolulu in March",
    "my budget is $400 per person",
    "I prefer an aisle seat",
    "what is the baggage allowance?",
    "we have 2 kids aged 5 and 9",
    "and hotels there?",
    "avoid United please",
    "what should we do in Honolulu?",
    "my email is traveller@example.com",
    "can I bring my dog?",
};
constexpr std::string_view kAnswer =
    "Here are the fares I found: UA 803 LAS→HNL on 2027-03-02, economy, $249 a person, 14 seats left; HA 193 "
    "LAS→HNL on 2027-03-03, economy, $259 a person. Children under 12 sit next to an adult at no charge. "
    "Sources: [1] Seats and seat selection.";

// Appends the next `n` events (turns of a user and an assistant message, one stream entry each, as
// chat turns write them) of the synthetic conversations. REQUIRES: `first` and `n` even.
void AppendEvents(valkey::CommandBatch& batch, std::uint64_t first, std::uint64_t n, int users, int partitions) {
  const std::int64_t now = core::UnixMillis();
  const auto u = static_cast<std::uint64_t>(users);
  for (std::uint64_t turn = first / 2; turn < (first + n) / 2; ++turn) {
    const std::string user = std::string(kUserPrefix) + std::to_string(turn % u);
    const std::string session = "s" + std::to_string(turn / u / 8);
    const memory::StoredMessage messages[] = {
        {llm::Role::kUser, std::string(kUserLines[(turn / u) % std::size(kUserLines)]), now},
        {llm::Role::kAssistant, std::string(kAnswer), now}};
    memory::AppendTurnEntry(batch, user, session, "bench-" + std::to_string(turn),
                            static_cast<std::int64_t>(turn), messages, partitions);
  }
}

// Lags (ms) and the count of events committed, from the workers' threads.
struct Committed {
  std::mutex mu;
  std::vector<double> lag_ms;
  std::atomic<std::uint64_t> events{0};
  Clock::time_point last;
  void Add(std::span<const memory::MemoryEvent> events_stored, std::int64_t committed_ms) {
    std::lock_guard lock(mu);
    for (const memory::MemoryEvent& e : events_stored) lag_ms.push_back(static_cast<double>(committed_ms - e.ts));
    last = Clock::now();
    events += events_stored.size();
  }
};

double Quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
}

asio::awaitable<core::Status> Produce(valkey::Pool& valkey, std::uint64_t total, int rate, int users, int partitions,
                                      bool show_progress) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  // Whole turns (two events) at a time.
  const std::uint64_t per_tick = rate > 0 ? std::max<std::uint64_t>(2, static_cast<std::uint64_t>(rate) / 100 / 2 * 2) : 1000;
  std::optional<core::Progress> progress;
  if (show_progress) progress.emplace("appending events", total);
  auto next = Clock::now();
  for (std::uint64_t done = 0; done < total;) {
    const std::uint64_t n = std::min(per_tick, total - done);
    valkey::CommandBatch batch;
    AppendEvents(batch, done, n, users, partitions);
    CONTRAIL_CO_TRY(valkey::Replies replies, co_await valkey.Execute(std::move(batch), std::chrono::seconds(10)));
    for (const valkey::Reply& r : replies) {
      if (r.is_error()) co_return valkey::ReplyError(r);
    }
    done += n;
    if (progress) progress->Tick(n);
    if (rate > 0) {
      next += std::chrono::milliseconds(10);
      timer.expires_at(next);
      co_await timer.async_wait(asio::use_awaitable);
    }
  }
  if (progress) progress->Finish();
  co_return core::Ok();
}

asio::awaitable<core::Status> DeleteBenchRows(pg::Connection& pg) {
  for (const char* sql : {"DELETE FROM memory_records WHERE user_id LIKE 'bench-mem-%'",
                          "DELETE FROM memory_events WHERE user_id LIKE 'bench-mem-%'"}) {
    CONTRAIL_CO_TRY(auto r, co_await pg.Query(sql));
    (void)r;
  }
  co_return core::Ok();
}

// Runs `task` on `io` until it is done (the pools' upkeep keeps io.run() from returning).
core::Status RunUntilDone(asio::io_context& io, asio::awaitable<core::Status> task) {
  std::optional<core::Status> out;
  asio::co_spawn(io, std::move(task), [&](std::exception_ptr e, core::Status s) {
    out = e ? core::Status(core::Internal("threw an exception")) : std::move(s);
  });
  io.restart();
  while (!out) io.run_one();
  return *out;
}

}  // namespace

int RunBenchMemory(const ConfigFlags& config_flags, const BenchMemoryFlags& flags) {
  auto config = LoadConfig(config_flags);
  if (!config) {
    std::fprintf(stderr, "contrail: %s\n", config.error().message.c_str());
    return 2;
  }
  const int partitions = std::max(1, config->memory.event_partitions);
  config->memory.event_partitions = partitions;
  auto embedder = embed::MakeConfiguredEmbedder(*config);
  if (!embedder) {
    std::fprintf(stderr, "contrail: %s\n", embedder.error().message.c_str());
    return 1;
  }
  asio::io_context io(1);
  valkey::Pool valkey(io.get_executor(), server::ValkeyOptions(*config), 1);
  valkey.Start();
  pg::ConnectionOptions pg_options = server::PostgresOptions(*config);
  pg_options.query_timeout = std::chrono::milliseconds(0);
  pg::Connection pg(io.get_executor(), pg_options);
  Committed committed;
  const bool rated = flags.rate > 0;
  const std::uint64_t offered = rated ? static_cast<std::uint64_t>(flags.rate) * static_cast<std::uint64_t>(flags.seconds)
                                      : static_cast<std::uint64_t>(flags.events);
  const std::uint64_t total = (offered + 1) / 2 * 2;  // whole turns
  std::printf("memory worker bench: %llu events, %s, %d worker(s), %d streams, %d users, embedder %s\n",
              static_cast<unsigned long long>(total),
              rated ? ("offered at " + std::to_string(flags.rate) + "/s").c_str() : "appended first",
              flags.workers, partitions, flags.users, (*embedder)->model().c_str());
  std::vector<std::unique_ptr<server::MemoryWorker>> workers;
  auto start_workers = [&] {
    for (int i = 0; i < flags.workers; ++i) {
      workers.push_back(std::make_unique<server::MemoryWorker>(
          *config, **embedder, "bench" + std::to_string(i),
          [&committed](std::span<const memory::MemoryEvent> e, std::int64_t ms) { committed.Add(e, ms); }));
      workers.back()->Start();
    }
  };
  core::Status status = RunUntilDone(io, [&]() -> asio::awaitable<core::Status> {
    CONTRAIL_CO_TRY_STATUS(co_await DeleteBenchRows(pg));
    if (rated) start_workers();
    co_return co_await Produce(valkey, total, flags.rate, flags.users, partitions, !rated);
  }());
  if (!status) {
    std::fprintf(stderr, "contrail: %s\n", status.error().message.c_str());
    return 1;
  }
  if (flags.workers == 0) {
    std::printf("appended %llu events; no workers\n", static_cast<unsigned long long>(total));
    const core::Status dropped = RunUntilDone(io, [&]() -> asio::awaitable<core::Status> {
      valkey::CommandBatch drop;
      for (int p = 0; p < partitions; ++p) drop.Add({"DEL", memory::EventStreamKey(p)});
      CONTRAIL_CO_TRY(valkey::Replies replies, co_await valkey.Execute(std::move(drop)));
      (void)replies;
      co_return core::Ok();
    }());
    valkey.Close();
    if (!dropped) std::fprintf(stderr, "contrail: %s\n", dropped.error().message.c_str());
    return dropped ? 0 : 1;
  }
  const auto started = Clock::now();
  if (!rated) start_workers();
  core::Progress progress("storing events", total);
  std::uint64_t seen = 0;
  const auto give_up = Clock::now() + std::chrono::seconds(120 + total / 1000);
  while (committed.events.load() < total && Clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const std::uint64_t now = committed.events.load();
    progress.Tick(now - seen);
    seen = now;
  }
  progress.Finish();
  for (auto& w : workers) w->Stop();
  const std::uint64_t stored = committed.events.load();
  std::vector<double> lags;
  Clock::time_point last;
  {
    std::lock_guard lock(committed.mu);
    lags = committed.lag_ms;
    last = committed.last;
  }
  if (!rated) {
    const double seconds = std::chrono::duration<double>(last - started).count();
    std::printf("throughput: %llu events stored in %.2f s = %.0f events/s (with extraction)\n",
                static_cast<unsigned long long>(stored), seconds, static_cast<double>(stored) / seconds);
  } else {
    std::printf("lag from XADD to commit: p50 %.0f ms, p99 %.0f ms, max %.0f ms over %llu events\n",
                Quantile(lags, 0.5), Quantile(lags, 0.99), Quantile(lags, 1.0), static_cast<unsigned long long>(stored));
  }
  core::Status cleaned = RunUntilDone(io, [&]() -> asio::awaitable<core::Status> {
    auto rows = co_await pg.Query("SELECT count(*) FROM memory_records WHERE user_id LIKE 'bench-mem-%'");
    if (rows && !rows->rows.empty()) std::printf("records extracted: %s\n", rows->rows[0][0].c_str());
    co_return co_await DeleteBenchRows(pg);
  }());
  valkey.Close();
  if (stored < total) {
    std::fprintf(stderr, "contrail: only %llu of %llu events were stored\n", static_cast<unsigned long long>(stored),
                 static_cast<unsigned long long>(total));
    return 1;
  }
  if (!cleaned) std::fprintf(stderr, "contrail: %s\n", cleaned.error().message.c_str());
  return cleaned ? 0 : 1;
}

}  // namespace contrail::cli
