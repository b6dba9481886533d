#pragma once
// The names people use for places: nicknames ("vegas"), other spellings ("cancún"), districts and
// landmarks ("waikiki", "times square"), other airports' and metro codes ("STN", "NYC"), and the
// states and countries that stand for a city ("hawaii" for Honolulu). An airport's own code and
// city are names too, without a row here (airports.h).
//
// Names are read two ways:
//   * Matching finds where a traveller means to fly: the offline model's gazetteer resolves a name
//     to one destination airport ("vegas" -> LAS; "Hawaii" -> HNL, shown as "Hawaii").
//   * Mentions mark a text as being about a place, so texts about one place are alike: the local
//     embedder adds the place's metro (or region) and area for each name it finds.
// Most names serve both. Many landmarks, districts and airport names only mention a place ("times
// square", "heathrow"); a few names only match ("nevada"). Where the two readers disagree, the
// table keeps what each had, so neither the embedder's vectors nor the gazetteer's matches changed
// ("turkey" mentions Istanbul in any case, but only "Turkey" sends a traveller there).
//
// Plain data; every function is thread-safe.

#include <cstdint>
#include <span>
#include <string_view>

#include "places/airports.h"

namespace contrail::places {

// PlaceName::flags.
enum NameFlag : std::uint8_t {
  kUpperOnly = 1 << 0,    // only written in capitals ("LA": "la" is an article)
  kCapitalized = 1 << 1,  // only capitalised ("Turkey", not the bird)
  kMentionOnly = 1 << 2,  // mentions the place, but a traveller saying it has not named where to
                          // fly ("times square", "heathrow", "big apple")
  kMatchOnly = 1 << 3,    // names where to fly, but is not a mention of the place ("nevada")
};

// A name of a place. All strings are static.
struct PlaceName {
  std::string_view place;       // an airport's code, a metro key (Airport::metro) or a region key
                                // (regions.h); checked in that order
  std::string_view name;        // lowercase words ("big island"), or a code in capitals ("NYC")
  std::string_view label = {};  // shown with the airport when matched ("Hawaii"): the place named
                                // when it is not the airport's city; "" shows the city alone
  std::uint8_t flags = 0;       // NameFlag bits
};

// Every name, grouped by the metro or region it is about, in the airport table's order.
std::span<const PlaceName> PlaceNames();

// The destination a traveller naming `place` (as in PlaceName::place) means: the airport with that
// code, else the first destination of the metro with that key in table order, else the region's
// airport. nullptr when that airport is not a destination (one only the seed knows) or there is
// none (a region of its own, an unknown key).
const Airport* DestinationOf(std::string_view place);

// What a text mentioning `place` is about: the metro (or region) key and its area. Both are ""
// when `place` is unknown or its airport has no metro.
struct Mention {
  std::string_view key;   // "NYC", "HNL", "FL"
  std::string_view area;  // "new york", "hawaii", "florida"
};
Mention MentionOf(std::string_view place);

}  // namespace contrail::places
