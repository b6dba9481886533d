// `contrail bench context`: what a turn's context read costs, against a real Valkey.
// Baseline (same run): one PING round trip on a warm connection. Series:
//   pipelined   HGETALL profile + LRANGE history + GET state in one batch (what a turn does)
//   decoded     the same through memory::LoadSessionContext (JSON decoding of the history included)
//   sequential  the three reads one after another on one connection
//   new-conn    each of the three reads on a new connection (connect + read + close)
// Target (issue 2): pipelined p50 <= 1.5 x PING p50.

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <algorithm>
#include <cstdio>
#include <functional>

#include "cli/bench_util.h"
#include "cli/commands.h"
#include "core/progress.h"
#include "memory/keys.h"
#include "memory/session_context.h"
#include "server/services.h"
#include "valkey/connection.h"

namespace contrail::cli {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kUser = "bench-user";
constexpr const char* kSession = "bench-session";

valkey::CommandBatch ContextBatch(int history) {
  valkey::CommandBatch b;
  std::string start = std::to_string(-history);
  b.Add({"HGETALL", memory::ProfileKey(kUser)});
  b.Add({"LRANGE", memory::MessagesKey(kUser, kSession), start, "-1"});
  b.Add({"GET", memory::StateKey(kUser, kSession)});
  return b;
}

asio::awaitable<core::Status> Seed(valkey::Connection& c, int history) {
  valkey::CommandBatch b;
  b.Add({"DEL", memory::ProfileKey(kUser), memory::MessagesKey(kUser, kSession)});
  b.Add({"HSET", memory::ProfileKey(kUser), "name", "Ana", "adults", "2", "kids_ages", "4,8",
         "interests", "outdoors,beaches", "budget_usd", "300", "home_airport", "LAS", "seat", "aisle"});
  std::vector<memory::StoredMessage> msgs;
  for (int i = 0; i < history; ++i) {
    msgs.push_back({i % 2 ? llm::Role::kAssistant : llm::Role::kUser,
                    "message " + std::to_string(i) + ": a typical travel question or answer of a few dozen words about flights from Las Vegas to Honolulu in March", 1764028800000});
  }
  memory::AppendHistoryCommands(b, kUser, kSession, msgs, history, 3600);
  b.Add({"SET", memory::StateKey(kUser, kSession),
         R"({"v":1,"intent":"flight_search","slots":{"origin":"LAS","destination":"HNL","month":"march"}})", "EX", "3600"});
  CONTRAIL_CO_TRY(valkey::Replies r, co_await c.Execute(std::move(b), std::chrono::seconds(5)));
  for (const auto& reply : r) {
    if (reply.is_error()) co_return core::Upstream("seed: " + reply.str);
  }
  co_return core::Ok();
}

asio::awaitable<core::Status> CheckReplies(core::Result<valkey::Replies> r) {
  if (!r) co_return r.error();
  co_return core::Ok();
}

asio::awaitable<core::Result<std::vector<Series>>> RunAll(valkey::ConnectionOptions options,
                                                          BenchContextFlags flags) {
  auto ex = co_await asio::this_coro::executor;
  options.command_timeout = std::chrono::seconds(5);
  valkey::Connection conn(ex, options);
  conn.Start();
  CONTRAIL_CO_TRY_STATUS(co_await Seed(conn, flags.history));
  valkey::Pool pool(ex, options, 1);
  pool.Start();
  std::vector<Series> out;
  const int h = flags.history;
  Probe ping = [&]() -> asio::awaitable<core::Status> {
    valkey::CommandBatch b;
    b.Add({"PING"});
    co_return co_await CheckReplies(co_await conn.Execute(std::move(b)));
  };
  Probe pipelined = [&]() -> asio::awaitable<core::Status> {
    co_return co_await CheckReplies(co_await conn.Execute(ContextBatch(h)));
  };
  Probe decoded = [&]() -> asio::awaitable<core::Status> {
    auto m = co_await memory::LoadSessionContext(pool, kUser, kSession, h);
    if (!m) co_return m.error();
    co_return core::Ok();
  };
  Probe sequential = [&]() -> asio::awaitable<core::Status> {
    std::string start = std::to_string(-h);
    valkey::CommandBatch a, b, c;
    a.Add({"HGETALL", memory::ProfileKey(kUser)});
    b.Add({"LRANGE", memory::MessagesKey(kUser, kSession), start, "-1"});
    c.Add({"GET", memory::StateKey(kUser, kSession)});
    CONTRAIL_CO_TRY_STATUS(co_await CheckReplies(co_await conn.Execute(std::move(a))));
    CONTRAIL_CO_TRY_STATUS(co_await CheckReplies(co_await conn.Execute(std::move(b))));
    co_return co_await CheckReplies(co_await conn.Execute(std::move(c)));
  };
  Probe new_conn = [&]() -> asio::awaitable<core::Status> {
    std::string start = std::to_string(-h);
    for (int i = 0; i < 3; ++i) {
      valkey::Connection fresh(ex, options);
      fresh.Start();
      valkey::CommandBatch b;
      if (i == 0) b.Add({"HGETALL", memory::ProfileKey(kUser)});
      if (i == 1) b.Add({"LRANGE", memory::MessagesKey(kUser, kSession), start, "-1"});
      if (i == 2) b.Add({"GET", memory::StateKey(kUser, kSession)});
      CONTRAIL_CO_TRY_STATUS(co_await CheckReplies(co_await fresh.Execute(std::move(b))));
    }
    co_return core::Ok();
  };
  struct Plan { const char* name; int samples; Probe* probe; };
  for (Plan p : {Plan{"ping (baseline)", flags.samples, &ping}, Plan{"pipelined (3 reads)", flags.samples, &pipelined},
                 Plan{"pipelined + decode", flags.samples, &decoded}, Plan{"sequential (3 reads)", flags.samples, &sequential},
                 Plan{"new connection per read", flags.connect_samples, &new_conn}}) {
    CONTRAIL_CO_TRY(Series s, co_await Measure(p.name, p.samples, *p.probe));
    out.push_back(std::move(s));
  }
  conn.Close();
  pool.Close();
  co_return out;
}

}  // namespace

int RunBenchContext(const ConfigFlags& config_flags, const BenchContextFlags& flags) {
  auto config = LoadConfig(config_flags);
  if (!config) {
    std::fprintf(stderr, "contrail: %s\n", config.error().message.c_str());
    return 2;
  }
  core::Result<std::vector<Series>> result = RunToCompletion(RunAll(server::ValkeyOptions(*config), flags));
  if (!result) {
    std::fprintf(stderr, "bench context: %s\n", result.error().message.c_str());
    return 1;
  }
  const Series& ping = (*result)[0];
  std::printf("\nValkey %s:%d, history %d messages, %d samples (%d for new connections)\n\n",
              config->valkey.host.c_str(), config->valkey.port, flags.history, flags.samples,
              flags.connect_samples);
  std::printf("| series | p50 µs | p90 µs | p99 µs | mean µs | p50 / PING p50 |\n|---|---:|---:|---:|---:|---:|\n");
  for (const Series& s : *result) {
    std::printf("| %s | %.1f | %.1f | %.1f | %.1f | %.2f× |\n", s.name.c_str(), s.Percentile(0.5),
                s.Percentile(0.9), s.Percentile(0.99), s.Mean(), s.Percentile(0.5) / ping.Percentile(0.5));
  }
  double ratio = (*result)[1].Percentile(0.5) / ping.Percentile(0.5);
  std::printf("\npipelined p50 / PING p50 = %.2f (target <= 1.5): %s\n", ratio, ratio <= 1.5 ? "MET" : "NOT MET");
  return 0;
}

}  // namespace contrail::cli
