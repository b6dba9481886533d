#pragma once
// `contrail seed`: Flightly's synthetic travel data, generated deterministically (a fixed RNG
// seed per table and row: the same scale and start date give identical rows on any machine) and
// loaded with binary COPY. At scale 1: the ~210 real airports of the place table
// (places/airports.h), the ~80 real airlines that fly them (code, name, alliance), 10,000
// customers, ~105,000 flight fares over 365 days from the start date on a timetable
// (schedule.h: 88 popular and family routes such as Las Vegas–Honolulu daily, ~420 others weekly
// on one weekday), 5,000 hotels in airport cities (names unique within a city) and ~200 promotions
// (spring break ones for March–April; titles name every city they cover). Scale multiplies every
// count but the airports and airlines; for flights it scales the number of routes.
//
// Seeding runs in ONE transaction (TRUNCATE, then the loads), so a failure leaves the old data.
// What was seeded is recorded in seed_state; seeding again is a no-op unless forced.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "core/result.h"
#include "pg/connection.h"
#include "places/airports.h"

namespace contrail::flightly::seed {

// Bumped whenever the generator's output changes, so seed_state tells old data from new.
inline constexpr int kGenerator = 2;

struct Counts {
  std::int64_t airlines = 0;
  std::int64_t airports = 0;
  std::int64_t customers = 0;
  std::int64_t flights = 0;
  std::int64_t hotels = 0;
  std::int64_t promotions = 0;
  std::int64_t total() const { return airlines + airports + customers + flights + hotels + promotions; }
};

struct Request {
  std::optional<double> scale;                        // unset: 1, or whatever is seeded already
  std::optional<std::chrono::sys_days> start_date;    // unset: `today`, or what is seeded already
  std::chrono::sys_days today;                        // UTC date, the default start
  bool force = false;                                 // replace what is seeded
  bool progress = false;                              // progress bars on stderr
};

struct Report {
  bool seeded = false;  // false: the same data was there already (nothing changed)
  double scale = 0;
  std::chrono::sys_days start_date;
  Counts counts;  // rows per table (a no-op: as recorded when it was seeded)
  double seconds = 0;
};

// Seeds the migrated database behind `conn` (which should have no statement timeout).
// Already seeded and no explicit different scale/start: a no-op report. Already seeded with an
// explicit different scale or start date and no `force`: kConflict (nothing changed). An
// advisory lock serialises concurrent seeders. `airports` may come in any order: the rows follow
// their IATA codes. REQUIRES: !airports.empty(), unique codes, valid IANA tz names (an unknown zone
// falls back to the longitude's offset).
boost::asio::awaitable<core::Result<Report>> Seed(pg::Connection& conn, Request request,
                                                      std::span<const places::Airport> airports);

}  // namespace contrail::flightly::seed
