#pragma once
// The airport table: about 210 real airports with their facts (name, city, coordinates, time
// zone), where they are (region, country, the metro they serve) and, for the ~190 destinations the
// offline model talks about, travel knowledge (travel.h). The names people use for airports,
// metros and regions are in names.h.
//
//   const Airport* hnl = FindAirport("HNL");   // hnl->city == "Honolulu", hnl->metro == "HNL"
//   FindAirport("LGA")->metro == "NYC"          // with JFK and EWR
//
// Plain data, joined into one table on first use; every function is thread-safe.

#include <cstdint>
#include <span>
#include <string_view>

#include "places/travel.h"

namespace contrail::places {

// Airport::flags. An airport's code and city are names of it, read two ways (names.h): matching
// and mentions. The two readers came with their own lists of codes that are also words; each list
// is kept as it was, as its own flag.
enum AirportFlag : std::uint16_t {
  kDestination = 1 << 0,      // a place the offline model knows: region and travel knowledge set
  kCapitalizedCity = 1 << 1,  // the city is an everyday word ("Nice", "Split"): only capitalised
  kCodeIsWordWhenMatching = 1 << 2,  // the code is a common word ("sea"): matched only in capitals
  kCodeIsWordInMentions = 1 << 3,  // the code is a word or abbreviation: a mention only in capitals
  kCodeIsWord = kCodeIsWordWhenMatching | kCodeIsWordInMentions,
  kCodeNotAMention = 1 << 4,  // the code is read as something else first ("GPS")
  kCityNotAMention = 1 << 5,  // the city's name is also another place's ("San José", "Liberia")
};

// One airport. All strings are static.
struct Airport {
  std::string_view code;       // IATA, uppercase: "HNL"
  std::string_view city;       // the city it serves, for display: "Honolulu", "Washington, D.C."
  std::string_view region;     // state, province or country, for display: "Hawaii", "Ontario"
  std::string_view country;    // ISO 3166-1 alpha-2; a US territory counts as the US ("US" for San
                               // Juan), so a flight between two airports of one country is domestic
  std::string_view territory;  // ISO 3166-1 alpha-2 of a territory with a code of its own ("PR"),
                               // else ""
  std::string_view metro;      // key of the city or metro it serves: the IATA metro code where
                               // there is one ("NYC" for JFK, LGA and EWR), else the code of its
                               // main airport ("HNL"; "DFW" for DFW and DAL). "" for the few
                               // airports that no name or code in a text stands for
  std::string_view area;       // the metro's US state or country, lowercase ("new york" for EWR):
                               // places in one area are related. "" when metro is
  std::string_view name;       // "Daniel K. Inouye International Airport"
  double lat;                  // degrees, north positive (negative: the southern hemisphere)
  double lon;                  // degrees, east positive
  std::string_view tz;         // IANA time zone, as listed for its country in zone.tab
  std::uint16_t flags = 0;     // AirportFlag bits
  // Travel knowledge, set for destinations only.
  Climate climate = Climate::kTropicalTradeWinds;
  std::uint16_t tags = 0;         // PlaceTag bits; 0 for hubs people fly through rather than to
  std::uint16_t good_months = 0;  // Months() when it is a good time to go
};

// Every airport in table order: by part of the world, and within a city the airport its name
// means first (JFK before LGA). Ties between destinations are broken in this order.
std::span<const Airport> Airports();

// The airport with this IATA code (uppercase), or nullptr.
const Airport* FindAirport(std::string_view code);

// The ISO 3166-1 alpha-2 code of where the airport is: its territory's ("PR") when it has one,
// else its country's.
std::string_view CountryOrTerritory(const Airport& airport);

}  // namespace contrail::places
