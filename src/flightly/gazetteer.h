#pragma once
// The offline model's gazetteer: the destinations of the place table (places/airports.h: about
// 190 well-known airports with their city, region and a little travel knowledge), found by their
// codes, cities and the names people use for them (places/names.h: "vegas", "Hawaii" -> HNL, "the
// big island" -> KOA). Everything is built once on first use; all functions are thread-safe.
//
//   Tokens tokens("flights from las vegas to Maui");
//   PlaceMatch m = MatchPlace(tokens, 2);   // m.place->code == "LAS", m.words == 2

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "flightly/text.h"
#include "places/airports.h"
#include "places/travel.h"

namespace contrail::flightly {

// A destination airport: its code, city, region, country and travel knowledge. All strings are
// static.
using Place = places::Airport;
using places::Climate;
using places::PlaceTag;
using enum places::PlaceTag;

// A place found in a message.
struct PlaceMatch {
  const Place* place = nullptr;  // nullptr when nothing matched
  std::string_view label;        // the region or nickname used when it differs from the city
                                 // ("Hawaii", "Big Island"), static storage; "" otherwise
  std::size_t words = 0;         // how many tokens the match covers
};

// The longest place name, alias or code that starts at token i. Names match in any case; a few
// that are ordinary words ("Nice", "Split", "Turkey") only when capitalised mid-sentence. Codes
// match as whole tokens, in any case unless the code is a common word ("sea", "den", "mad"),
// which must be written in uppercase.
PlaceMatch MatchPlace(const Tokens& tokens, std::size_t i);

// The place with this IATA code (any case), or nullptr.
const Place* FindPlaceByCode(std::string_view code);

// A place from a free-form value such as a profile's home_airport: a code ("las") or a name
// ("Las Vegas"). nullptr when unknown.
const Place* FindPlace(std::string_view name_or_code);

// The gazetteer's own copy of a label MatchPlace can return ("Hawaii"), or "" if there is none.
// Lets decoded session state point at static storage.
std::string_view CanonicalLabel(std::string_view label);

// Every place, in table order (the order ties are broken in).
std::span<const Place> AllPlaces();

// Appends "Honolulu (HNL)", or "Hawaii (Honolulu, HNL)" when a label is given.
void AppendPlaceName(std::string& out, const Place& place, std::string_view label = {});

}  // namespace contrail::flightly
