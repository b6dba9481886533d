#include "flightly/seed/seed.h"

#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/progress.h"
#include "flightly/seed/airlines.h"
#include "flightly/seed/schedule.h"
#include "flightly/seed/seed_rows.h"

namespace contrail::flightly::seed {

namespace asio = boost::asio;
using namespace std::chrono;

namespace {

// Serialises concurrent seeders for the length of the transaction.
constexpr const char* kLockSql = "SELECT pg_advisory_xact_lock(7161132079427070317)";
constexpr sys_days kPgEpoch = sys_days(year{2000} / January / 1);


struct SeededState {
  double scale;
  sys_days start;
  Counts counts;
};

asio::awaitable<core::Result<std::optional<SeededState>>> ReadState(pg::Connection& conn) {
  pg::Statement s(
      "SELECT scale, start_date - date '2000-01-01', coalesce((counts->>'airlines')::bigint, 0),"
      " (counts->>'airports')::bigint, (counts->>'customers')::bigint, (counts->>'flights')::bigint,"
      " (counts->>'hotels')::bigint, (counts->>'promotions')::bigint FROM seed_state WHERE id = 1");
  CONTRAIL_CO_TRY(pg::Rows rows, co_await conn.Execute(std::move(s)));
  if (rows.empty()) co_return std::optional<SeededState>();
  const Counts counts{.airlines = rows.int64(0, 2), .airports = rows.int64(0, 3), .customers = rows.int64(0, 4),
                      .flights = rows.int64(0, 5), .hotels = rows.int64(0, 6), .promotions = rows.int64(0, 7)};
  co_return std::optional<SeededState>(SeededState{rows.float8(0, 0), kPgEpoch + days(rows.int64(0, 1)), counts});
}

// Rows per table at `scale` but the flights, which follow the timetable (schedule.h).
Counts PlannedCounts(double scale, std::int64_t airports) {
  auto scaled = [scale](double n) { return std::max<std::int64_t>(1, std::llround(n * scale)); };
  return Counts{.airlines = static_cast<std::int64_t>(seed::Airlines().size()),
                .airports = airports,
                .customers = scaled(10'000),
                .flights = 0,
                .hotels = scaled(5'000),
                .promotions = scaled(200)};
}

// Streams rows [0, total) through one COPY, about kCopyChunkBytes at a time.
asio::awaitable<core::Status> CopyTable(pg::Connection& conn, const char* table, std::string copy_sql,
                                        std::int64_t total, std::function<void(std::int64_t, pg::CopyWriter&)> row,
                                        bool progress) {
  std::unique_ptr<core::Progress> bar;
  if (progress) bar = std::make_unique<core::Progress>(table, static_cast<std::uint64_t>(total));
  std::int64_t next = 0;
  pg::CopyFill fill = [&](pg::CopyWriter& w) {
    std::int64_t first = next;
    while (next < total && w.size() < pg::kCopyChunkBytes) row(next++, w);
    if (bar) bar->Tick(static_cast<std::uint64_t>(next - first));
    return next < total;
  };
  auto copied = co_await conn.CopyIn(std::move(copy_sql), fill);
  if (!copied) {
    core::Error e = std::move(copied).error();
    e.message += std::string(" (seeding ") + table + ")";  // keeps "postgres [SQLSTATE]" first
    co_return e;
  }
  if (bar) bar->Finish();
  if (*copied != total) co_return core::Internal(std::string("seeding ") + table + ": row count mismatch");
  co_return core::Ok();
}

// Each airport's UTC offset for every seeded day, from PostgreSQL's tz database (local noon). One
// series per zone the airports use, not per airport: fewer rows, and pg_timezone_names is read once.
asio::awaitable<core::Status> LoadUtcOffsets(pg::Connection& conn, seed::SeedContext& ctx) {
  pg::Params p;
  p.Text(core::DateText(ctx.start)).Int4(seed::kDays - 1);
  pg::Statement s(
      "SELECT z.tz, d.i, (extract(epoch FROM ((($1::date + d.i) + time '12:00') AT TIME ZONE 'UTC')"
      "  - ((($1::date + d.i) + time '12:00') AT TIME ZONE z.tz)) / 60)::int"
      " FROM (SELECT DISTINCT tz FROM airports WHERE tz IN (SELECT name FROM pg_timezone_names)) z"
      " CROSS JOIN generate_series(0, $2) AS d(i)",
      std::move(p));
  s.binary_results = true;
  CONTRAIL_CO_TRY(pg::Rows rows, co_await conn.Execute(std::move(s)));
  std::unordered_map<std::string, std::vector<int>> by_zone;
  for (int r = 0; r < rows.size(); ++r) {
    std::vector<int>& offsets = by_zone[std::string(rows.text(r, 0))];
    offsets.resize(seed::kDays);
    offsets[rows.int64(r, 1)] = static_cast<int>(rows.int64(r, 2));
  }
  ctx.utc_offset_min.assign(ctx.airports.size(), std::vector<int>(seed::kDays, 0));
  for (std::size_t a = 0; a < ctx.airports.size(); ++a) {
    if (auto it = by_zone.find(std::string(ctx.airports[a].tz)); it != by_zone.end()) {
      ctx.utc_offset_min[a] = it->second;
    } else {  // an unknown zone: the longitude's offset
      int by_longitude = static_cast<int>(std::lround(ctx.airports[a].lon / 15) * 60);
      std::fill(ctx.utc_offset_min[a].begin(), ctx.utc_offset_min[a].end(), by_longitude);
    }
  }
  co_return core::Ok();
}

std::string CountsJson(const Counts& c) {
  return "{\"airlines\":" + std::to_string(c.airlines) + ",\"airports\":" + std::to_string(c.airports) +
         ",\"customers\":" + std::to_string(c.customers) + ",\"flights\":" + std::to_string(c.flights) +
         ",\"hotels\":" + std::to_string(c.hotels) + ",\"promotions\":" + std::to_string(c.promotions) + "}";
}

// Everything after the lock, inside the caller's transaction.
asio::awaitable<core::Status> Load(pg::Connection& conn, seed::SeedContext& ctx, seed::FlightWriter& flights,
                                   const Counts& counts, double scale, bool progress) {
  CONTRAIL_CO_TRY_STATUS(co_await conn.Query(
      "TRUNCATE booking_outbox, insurance_policies, payments, bookings, flights, hotels, promotions, customers, airports,"
      " airlines, seed_state RESTART IDENTITY"));
  using W = pg::CopyWriter;
  const seed::SeedContext& c = ctx;
  CONTRAIL_CO_TRY_STATUS(co_await CopyTable(
      conn, "airlines", "COPY airlines (code, name, alliance) FROM STDIN (FORMAT binary)", counts.airlines,
      [](std::int64_t i, W& w) { seed::WriteAirline(i, w); }, progress));
  CONTRAIL_CO_TRY_STATUS(co_await CopyTable(
      conn, "airports", "COPY airports (iata, name, city, country, lat, lon, tz) FROM STDIN (FORMAT binary)",
      counts.airports, [&c](std::int64_t i, W& w) { seed::WriteAirport(c, i, w); }, progress));
  CONTRAIL_CO_TRY_STATUS(co_await LoadUtcOffsets(conn, ctx));
  CONTRAIL_CO_TRY_STATUS(co_await CopyTable(
      conn, "customers",
      "COPY customers (id, user_id, name, email, phone, home_airport, loyalty_tier, created_at)"
      " FROM STDIN (FORMAT binary)",
      counts.customers, [&c](std::int64_t i, W& w) { seed::WriteCustomer(c, i, w); }, progress));
  const seed::HotelWriter hotels(ctx, counts.hotels);
  CONTRAIL_CO_TRY_STATUS(co_await CopyTable(
      conn, "hotels",
      "COPY hotels (id, name, iata, city, country, stars, rating, nightly_cents, currency, family_friendly,"
      " amenities, lat, lon, rooms_left) FROM STDIN (FORMAT binary)",
      counts.hotels, [&hotels](std::int64_t i, W& w) { hotels.Write(i, w); }, progress));
  CONTRAIL_CO_TRY_STATUS(co_await CopyTable(
      conn, "promotions",
      "COPY promotions (id, code, title, description, destinations, valid_from, valid_to, discount_pct,"
      " price_from_cents, tags) FROM STDIN (FORMAT binary)",
      counts.promotions, [&c](std::int64_t i, W& w) { seed::WritePromotion(c, i, w); }, progress));
  CONTRAIL_CO_TRY_STATUS(co_await CopyTable(
      conn, "flights",
      "COPY flights (id, flight_no, airline, origin, destination, depart_date, depart_time, arrive_time,"
      " duration_min, stops, cabin, fare_cents, currency, seats_left, refundable) FROM STDIN (FORMAT binary)",
      counts.flights, [&flights](std::int64_t, W& w) { flights.Write(w); }, progress));
  // Ids came from the generator: move the identity sequences past them for the rows the app adds.
  CONTRAIL_CO_TRY_STATUS(co_await conn.Query(
      "SELECT setval(pg_get_serial_sequence(t, 'id'), greatest(m, 1), m > 0) FROM ("
      " VALUES ('customers', (SELECT max(id) FROM customers)), ('flights', (SELECT max(id) FROM flights)),"
      " ('hotels', (SELECT max(id) FROM hotels)), ('promotions', (SELECT max(id) FROM promotions))"
      ") AS s(t, m)"));
  pg::Params p;
  p.Float(scale).Text(core::DateText(ctx.start)).Int4(kGenerator).Text(CountsJson(counts));
  pg::Statement record("INSERT INTO seed_state (id, scale, start_date, generator, counts) VALUES (1, $1, $2, $3, $4)",
                       std::move(p));
  CONTRAIL_CO_TRY(auto inserted, co_await conn.Execute(std::move(record)));
  (void)inserted;
  co_return core::Ok();
}

asio::awaitable<core::Result<Report>> SeedInTransaction(pg::Connection& conn, const Request& request,
                                                            std::span<const places::Airport> airports) {
  CONTRAIL_CO_TRY_STATUS(co_await conn.Query(kLockSql));
  CONTRAIL_CO_TRY(auto state, co_await ReadState(conn));
  Report report;
  if (state && !request.force) {
    bool other_scale = request.scale && *request.scale != state->scale;
    bool other_start = request.start_date && *request.start_date != state->start;
    if (other_scale || other_start) {
      char scale[32];
      std::snprintf(scale, sizeof scale, "%g", state->scale);
      co_return core::Error(core::Code::kConflict, std::string("the database is seeded already (scale ") + scale +
                                                       ", start " + core::DateText(state->start) +
                                                       "); pass --force to replace that data");
    }
    report.scale = state->scale;
    report.start_date = state->start;
    report.counts = state->counts;
    co_return report;
  }
  report.seeded = true;
  report.scale = request.scale.value_or(1.0);
  report.start_date = request.start_date.value_or(request.today);
  report.counts = PlannedCounts(report.scale, static_cast<std::int64_t>(airports.size()));
  seed::SeedContext ctx = seed::MakeContext(airports, report.start_date);
  report.counts.promotions = std::max(report.counts.promotions, seed::SpringBreakPromotions(ctx));
  seed::FlightWriter flights(ctx, report.scale);
  report.counts.flights = flights.rows();
  CONTRAIL_CO_TRY_STATUS(co_await Load(conn, ctx, flights, report.counts, report.scale, request.progress));
  co_return report;
}

}  // namespace

asio::awaitable<core::Result<Report>> Seed(pg::Connection& conn, Request request,
                                              std::span<const places::Airport> airports) {
  if (airports.empty()) co_return core::InvalidArgument("seed: no airports");
  if (request.scale && !(*request.scale > 0 && *request.scale <= 1000)) {
    co_return core::InvalidArgument("seed: --scale must be in (0, 1000]", "scale");
  }
  auto started = steady_clock::now();
  CONTRAIL_CO_TRY_STATUS(co_await conn.Query("BEGIN"));
  auto report = co_await SeedInTransaction(conn, request, airports);
  if (!report || !report->seeded) {
    (void)co_await conn.Query("ROLLBACK");  // a failed load leaves the old data as it was
    co_return report;
  }
  CONTRAIL_CO_TRY_STATUS(co_await conn.Query("COMMIT"));
  // Fresh statistics, so the first searches get good plans.
  CONTRAIL_CO_TRY_STATUS(co_await conn.Query("ANALYZE airlines, airports, customers, flights, hotels, promotions"));
  report->seconds = duration<double>(steady_clock::now() - started).count();
  co_return report;
}

}  // namespace contrail::flightly::seed
