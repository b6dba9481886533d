#pragma once
// The gazetteer's raw tables (places.cc). Internal to flightly/: everything else uses gazetteer.h.

#include <cstdint>
#include <span>
#include <string_view>

#include "flightly/gazetteer.h"

namespace contrail::flightly {

inline constexpr std::uint8_t kAliasCapitalized = 1;  // only when capitalised and not first
inline constexpr std::uint8_t kAliasUpperOnly = 2;    // only when written in uppercase ("LA")

// Another name for a place: a nickname, a district, a region or a country that defaults to it.
struct PlaceAlias {
  std::string_view name;   // lowercase words separated by single spaces
  std::string_view code;   // the place it stands for
  std::string_view label;  // shown with the place ("Hawaii"); "" shows the city alone
  std::uint8_t flags;
};

std::span<const Place> PlaceTable();
std::span<const PlaceAlias> AliasTable();
// Common English words and first names: an airport code equal to one of these only matches when
// written in uppercase ("SEA" is Seattle, "sea" is the sea).
std::span<const std::string_view> CommonWords();

}  // namespace contrail::flightly
