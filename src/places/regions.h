#pragma once
// Regions that are places of their own, named instead of a city: a few US states, countries and
// continents ("Florida", "the USA", "Europe"). Most states and countries are names of their main
// city instead (names.h: "hawaii" is a name of Honolulu); a text about one of these regions is not
// about any one city, though a traveller naming it may still be sent to one ("Florida" -> MCO).
//
// Plain data; every function is thread-safe.

#include <span>
#include <string_view>

namespace contrail::places {

// One region. All strings are static.
struct Region {
  std::string_view key;      // "FL", "USA", "EUR": a postal, country or continent code
  std::string_view area;     // lowercase: "florida", "usa", "europe" (the region is its own area)
  std::string_view airport;  // code of the destination a traveller naming it is sent to ("MCO");
                             // "" when there is none
};

// Every region, in table order.
std::span<const Region> Regions();

// The region with this key (exact), or nullptr.
const Region* FindRegion(std::string_view key);

}  // namespace contrail::places
