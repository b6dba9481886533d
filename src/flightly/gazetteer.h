#pragma once
// The offline model's built-in gazetteer: about 150 well-known airports with their city, region
// and a little travel knowledge (climate, what the place is good for, good months to go), plus
// the names, nicknames and regions people use for them ("vegas", "Hawaii" -> HNL, "the big
// island" -> KOA). Everything is built once on first use; all functions are thread-safe.
//
//   Tokens tokens("flights from las vegas to Maui");
//   PlaceMatch m = MatchPlace(tokens, 2);   // m.place->code == "LAS", m.words == 2

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "flightly/text.h"

namespace contrail::flightly {

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

// One airport. All strings are static.
struct Place {
  std::string_view code;     // IATA code, uppercase ("HNL")
  std::string_view city;     // display name ("Honolulu")
  std::string_view region;   // state, province or country for display ("Hawaii")
  std::string_view country;  // ISO 3166 alpha-2 ("US")
  Climate climate;
  bool southern;              // southern hemisphere: seasons are flipped
  std::uint16_t tags;         // PlaceTag bits; 0 for hubs that are not destinations in themselves
  std::uint16_t good_months;  // bit m-1 is set when month m (1..12) is a good time to go
};

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
