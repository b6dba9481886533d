#pragma once
// Internal to the seed: Flightly's timetable. A route is one direction of an airport pair and
// flies on a fixed schedule over the kDays seeded days:
//   * daily: popular and family pairs (Las Vegas–Honolulu, the mainland–Hawaii and Florida and
//     Cancún family routes, the busiest domestic and long-haul pairs), every day, each pair
//     served by up to two carriers that alternate by weekday (same flight number and local time
//     each time). Family pairs carry leisure fares (low-cost competition: kLeisureFareLevel of the
//     fare curve).
//   * weekly: one more pair per airport at scale 1 (55 % within its country, at least 150 km),
//     flown both ways on one weekday.
// Scale takes the first round(scale × 44) daily pairs (at least one, at most all) and
// round(scale × airports) weekly pairs. Each departure carries 1–4 cabins, one flights row each.
// Everything is drawn from fixed RNG streams: the same airports, scale and start give the same rows.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "flightly/seed/seed_rows.h"
#include "pg/copy.h"

namespace contrail::flightly::seed {

// The fare curve (EconomyFareUsd) prices 4,400 km like a business route; on leisure routes with
// low-cost competition half of it is what travellers pay: Las Vegas–Honolulu economy then costs about
// $250–440 one way in March (spring break raises it from the 7th), a few days under $300.
inline constexpr double kLeisureFareLevel = 0.5;

// One carrier's flight on a route.
struct Service {
  std::string airline;       // "HA"
  std::string flight_no;     // "HA 118"
  int depart_local_min = 0;  // minutes after local midnight at the origin
};

struct Route {
  int origin = 0, destination = 0;  // indexes into SeedContext::airports
  int weekday = -1;                 // -1: daily; else the weekly route's day, 0 = Sunday … 6
  double fare_level = 1;            // multiplies the economy fare curve
  double km = 0;                    // great-circle distance
  int stops = 0, duration_min = 0;
  std::vector<Service> services;  // 1–2; on a day, services[weekday % size()] flies
};

// The routes at `scale` (> 0): the daily ones first, both directions of a pair next to each other.
std::vector<Route> PlanRoutes(const SeedContext& ctx, double scale);

// Writes the timetable's flights rows: route by route in (origin, destination) order, day by day,
// cabin by cabin (ids 1…rows()).
class FlightWriter {
 public:
  FlightWriter(const SeedContext& ctx, double scale);
  std::int64_t rows() const { return rows_; }
  std::span<const Route> routes() const { return routes_; }
  // The next row. REQUIRES: fewer than rows() written.
  void Write(pg::CopyWriter& w);

 private:
  // Moves (route, day) to the next departure; false past the last route. Starts at (0, -1).
  bool Advance(int& route, int& day) const;
  // The departure's cabin indexes (economy first) and fare noise, from its own RNG stream.
  std::vector<int> Cabins(const Route& r, std::int64_t departure, double* noise) const;

  const SeedContext& ctx_;
  std::vector<Route> routes_;
  std::int64_t rows_ = 0;
  int route_ = 0, day_ = -1;
  std::int64_t departure_ = -1, row_ = 0;
  std::vector<int> cabins_;  // cabin indexes still to write for the current departure
  double economy_usd_ = 0;
};

}  // namespace contrail::flightly::seed
