#pragma once
// Internal to the seed: the row generators of each table, writing binary COPY rows. Every row
// draws from its own RNG stream (table, row index; a flight's departure draws from the
// departure's, schedule.h), so output never depends on chunking.

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "pg/copy.h"
#include "places/airports.h"

namespace contrail::flightly::seed {

inline constexpr int kDays = 365;  // flights cover the start date and the 364 days after it

// SplitMix64: tiny, fast, and identical on every platform (unlike std::*_distribution).
class Rng {
 public:
  Rng(std::uint64_t table, std::uint64_t row);
  std::uint64_t Next();
  double Uniform();                        // [0, 1)
  int Range(int lo, int hi);               // [lo, hi]
  bool Chance(double p) { return Uniform() < p; }
  template <typename T>
  const T& Pick(std::span<const T> items) { return items[Next() % items.size()]; }

 private:
  std::uint64_t state_;
};

struct SeedContext {
  std::vector<places::Airport> airports;  // sorted by IATA code
  std::chrono::sys_days start;
  // Local time minus UTC, in minutes, per airport index and day (0..kDays-1), from PostgreSQL's
  // time zone data (local noon of that day).
  std::vector<std::vector<int>> utc_offset_min;
  // ISO code (places::CountryOrTerritory) → airport indexes
  std::unordered_map<std::string, std::vector<int>> by_country;
  std::unordered_map<std::string, int> by_iata;
};
// The context for `airports` in any order: the seed works on them sorted by IATA code.
SeedContext MakeContext(std::span<const places::Airport> airports, std::chrono::sys_days start);

// FNV-1a: a string hash that is the same on every platform (std::hash need not be).
std::uint64_t StableHash(std::string_view s);
// `minutes` after midnight UTC of `day`, as a timestamptz value.
std::chrono::sys_time<std::chrono::microseconds> Micros(std::chrono::sys_days day, int minutes);

double HaversineKm(const places::Airport& a, const places::Airport& b);
// The economy fare in USD for a flight of `km` departing `day` (seasonality, weekday, advance
// purchase) to `destination`; `noise` in [0, 1) adds ±12 %.
double EconomyFareUsd(double km, std::chrono::sys_days day, std::chrono::sys_days booked_on,
                      std::string_view destination, double noise);
bool IsBeachDestination(std::string_view iata);

// Each writes row `i` (0-based; ids are i + 1) of its table.
void WriteAirport(const SeedContext& ctx, std::int64_t i, pg::CopyWriter& w);
void WriteCustomer(const SeedContext& ctx, std::int64_t i, pg::CopyWriter& w);
// Hotels: `count` rows, names unique within each city (so it counts each city's hotels first).
class HotelWriter {
 public:
  HotelWriter(const SeedContext& ctx, std::int64_t count);
  // REQUIRES: 0 <= i < count
  void Write(std::int64_t i, pg::CopyWriter& w) const;
  // The name of the city's k-th hotel (0-based) and its kind ("Resort", "Hostel" …).
  static std::pair<std::string, std::string_view> Name(std::string_view city, std::uint32_t k);

 private:
  const SeedContext& ctx_;
  std::vector<std::uint32_t> ordinal_;  // per row: how many earlier rows are in the same city
};
// Promotions: the spring break ones first (one per beach destination present), then themed ones.
std::int64_t SpringBreakPromotions(const SeedContext& ctx);
void WritePromotion(const SeedContext& ctx, std::int64_t i, pg::CopyWriter& w);

}  // namespace contrail::flightly::seed
