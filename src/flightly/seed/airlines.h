#pragma once
// Internal to the seed: the carriers it flies (real airlines, their IATA codes, names and
// alliances as of late 2026) and which of them serve a route. The airlines table holds exactly
// this list, so every flights.airline has a name.

#include <cstdint>
#include <span>
#include <string_view>

#include "flightly/seed/seed_rows.h"
#include "pg/copy.h"
#include "places/airports.h"

namespace contrail::flightly::seed {

struct Airline {
  std::string_view code;      // IATA, "AA"
  std::string_view name;      // "American Airlines"
  std::string_view alliance;  // "Star Alliance", "oneworld", "SkyTeam", or "" for none
};

// Every carrier the seed may pick, sorted by code.
std::span<const Airline> Airlines();

// A carrier for a flight between `a` and `b`: one based at either end (70 % the origin's), a
// regional one for Hawaii and Alaska, a network carrier (not a low-cost one) for a long haul, a
// global one when neither end's country has a carrier in the list.
std::string_view AirlineFor(const places::Airport& a, const places::Airport& b, bool long_haul, Rng& rng);

// Row `i` of the airlines table (code, name, alliance).
void WriteAirline(std::int64_t i, pg::CopyWriter& w);

}  // namespace contrail::flightly::seed
