#pragma once
// What a traveller wants to know about a destination besides where it is: its climate, what it is
// good for and the months to go. Filled in for the destinations of the airport table (airports.h).

#include <cstdint>

namespace contrail::places {

enum class Climate : std::uint8_t {
  kTropicalTradeWinds,  // Hawaii: warm all year, trade winds, wetter winters
  kCaribbean,           // dry winters, hurricane season June to November
  kEquatorial,          // hot and humid, rain in any month
  kMonsoon,             // dry season about November to April, monsoon rains about June to September
  kTropicalSouth,       // southern tropics: dry April to October, wet November to March
  kDesert,
  kMediterranean,
  kHumidSubtropical,
  kOceanic,
  kContinental,
  kSubarctic,
  kHighland,
};

// What a place is good for. Profile interests and message words map onto these bits.
enum PlaceTag : std::uint16_t {
  kBeach = 1 << 0,
  kOutdoors = 1 << 1,
  kCity = 1 << 2,
  kCulture = 1 << 3,
  kFood = 1 << 4,
  kFamily = 1 << 5,
  kSki = 1 << 6,
  kNightlife = 1 << 7,
  kThemeParks = 1 << 8,
  kWildlife = 1 << 9,
  kRomance = 1 << 10,
};
inline constexpr std::uint16_t kHub = 0;  // the tags of a hub people fly through rather than to

// Months as bits, bit m-1 for month m (1..12): from `from` to `to` inclusive, wrapping over the
// new year, so Months(11, 4) is November to April. REQUIRES: 1 <= from, to <= 12.
constexpr std::uint16_t Months(int from, int to) {
  std::uint16_t bits = 0;
  for (int m = from;; m = m % 12 + 1) {
    bits = static_cast<std::uint16_t>(bits | (1u << (m - 1)));
    if (m == to) break;
  }
  return bits;
}
inline constexpr std::uint16_t kAllYear = 0xFFF;

}  // namespace contrail::places
