#pragma once
// ~200 real airports: facts used by the seed (the airports table) and for distances.
//
//   const AirportFact* hnl = FindAirportFact("HNL");   // hnl->tz == "Pacific/Honolulu"
//
// Coordinates are the airport reference points to 4 decimals (about 11 m); time zones are IANA
// names as listed for the airport's country in zone.tab, so they round-trip through any tz library.

#include <span>
#include <string_view>

namespace contrail::flightly::seed {

struct AirportFact {
  std::string_view iata;     // "HNL"
  std::string_view name;     // "Daniel K. Inouye International Airport"
  std::string_view city;     // "Honolulu"
  std::string_view country;  // ISO 3166-1 alpha-2, "US"
  double lat;                // degrees, north positive
  double lon;                // degrees, east positive
  std::string_view tz;       // IANA time zone, "Pacific/Honolulu"
};

// Every airport, sorted by IATA code; static storage, thread-safe.
std::span<const AirportFact> AirportFacts();

// The airport with this IATA code (uppercase), or nullptr.
const AirportFact* FindAirportFact(std::string_view iata);

}  // namespace contrail::flightly::seed
