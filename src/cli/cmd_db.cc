// `contrail migrate` and `contrail seed`: the PostgreSQL schema and Flightly's seed data.

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include "cli/bench_util.h"
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "server/services.h"
#include "core/clock.h"
#include "flightly/seed/seed.h"
#include "pg/connection.h"
#include "pg/migrate.h"
#include "places/airports.h"

namespace contrail::cli {
namespace {

namespace asio = boost::asio;
using namespace std::chrono;

int Fail(const char* command, const core::Error& e) {
  std::fprintf(stderr, "contrail %s: %s\n", command, e.message.c_str());
  return 1;
}

std::optional<sys_days> ParseDate(const std::string& text) {
  int y = 0;
  unsigned m = 0, d = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3) return std::nullopt;
  year_month_day ymd{year{y}, month{m}, day{d}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days(ymd);
}

}  // namespace

std::string MigrationsDir(const MigrateFlags& flags) {
  if (!flags.dir.empty()) return flags.dir;
  if (const char* env = std::getenv("CONTRAIL_MIGRATIONS_DIR"); env != nullptr && *env != '\0') return env;
  return CONTRAIL_SOURCE_MIGRATIONS_DIR;
}

int RunMigrate(const ConfigFlags& config_flags, const MigrateFlags& flags) {
  auto config = LoadConfig(config_flags);
  if (!config) return Fail("migrate", config.error()) + 1;
  std::string dir = MigrationsDir(flags);
  auto files = pg::ReadMigrations(dir);
  if (!files) return Fail("migrate", files.error());
  asio::io_context io;
  pg::Connection conn(io.get_executor(), BulkPostgresOptions(*config, "contrail-cli"));
  auto report = RunToCompletion(io, pg::Migrate(conn, std::move(files).value()));
  if (!report) return Fail("migrate", report.error());
  for (const std::string& name : report->applied) std::printf("migrate: applied %s\n", name.c_str());
  std::printf("migrate: %s (%zu applied now, %d before) from %s\n",
              report->applied.empty() ? "up to date" : "done", report->applied.size(),
              report->already_applied, dir.c_str());
  return 0;
}

int RunSeed(const ConfigFlags& config_flags, const SeedFlags& flags) {
  auto config = LoadConfig(config_flags);
  if (!config) return Fail("seed", config.error()) + 1;
  flightly::seed::Request request;
  if (flags.scale > 0) request.scale = flags.scale;
  if (!flags.start_date.empty()) {
    request.start_date = ParseDate(flags.start_date);
    if (!request.start_date) {
      std::fprintf(stderr, "contrail seed: --start-date wants YYYY-MM-DD, got '%s'\n", flags.start_date.c_str());
      return 2;
    }
  }
  request.today = floor<days>(system_clock::now());
  request.force = flags.force;
  request.progress = true;
  asio::io_context io;
  pg::Connection conn(io.get_executor(), BulkPostgresOptions(*config, "contrail-cli"));
  auto report = RunToCompletion(io, flightly::seed::Seed(conn, request, places::Airports()));
  if (!report) return Fail("seed", report.error());
  const flightly::seed::Counts& c = report->counts;
  if (!report->seeded) {
    std::printf("seed: already seeded (scale %g from %s); nothing to do (--force reseeds)\n", report->scale,
                core::DateText(report->start_date).c_str());
    return 0;
  }
  std::printf("seed: scale %g from %s: %lld airports, %lld customers, %lld flights, %lld hotels, "
              "%lld promotions in %.1f s\n",
              report->scale, core::DateText(report->start_date).c_str(), static_cast<long long>(c.airports),
              static_cast<long long>(c.customers), static_cast<long long>(c.flights),
              static_cast<long long>(c.hotels), static_cast<long long>(c.promotions), report->seconds);
  return 0;
}

}  // namespace contrail::cli
