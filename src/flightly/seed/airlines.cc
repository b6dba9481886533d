#include "flightly/seed/airlines.h"

#include <array>

namespace contrail::flightly::seed {
namespace {

// Sorted by code (Airlines() promises it; the seed test checks it).
constexpr Airline kAirlines[] = {
    {"6E", "IndiGo", ""},
    {"A3", "Aegean Airlines", "Star Alliance"},
    {"AA", "American Airlines", "oneworld"},
    {"AC", "Air Canada", "Star Alliance"},
    {"AD", "Azul Brazilian Airlines", ""},
    {"AF", "Air France", "SkyTeam"},
    {"AI", "Air India", "Star Alliance"},
    {"AM", "Aeroméxico", "SkyTeam"},
    {"AR", "Aerolíneas Argentinas", "SkyTeam"},
    {"AS", "Alaska Airlines", "oneworld"},
    {"AT", "Royal Air Maroc", "oneworld"},
    {"AV", "Avianca", "Star Alliance"},
    {"AY", "Finnair", "oneworld"},
    {"AZ", "ITA Airways", ""},  // left SkyTeam in 2025
    {"B6", "JetBlue Airways", ""},
    {"BA", "British Airways", "oneworld"},
    {"BR", "EVA Air", "Star Alliance"},
    {"CA", "Air China", "Star Alliance"},
    {"CI", "China Airlines", "SkyTeam"},
    {"CM", "Copa Airlines", "Star Alliance"},
    {"CX", "Cathay Pacific", "oneworld"},
    {"CZ", "China Southern Airlines", ""},
    {"DL", "Delta Air Lines", "SkyTeam"},
    {"DY", "Norwegian Air Shuttle", ""},
    {"EI", "Aer Lingus", ""},
    {"EK", "Emirates", ""},
    {"ET", "Ethiopian Airlines", "Star Alliance"},
    {"EW", "Eurowings", ""},
    {"EY", "Etihad Airways", ""},
    {"FI", "Icelandair", ""},
    {"FR", "Ryanair", ""},
    {"G3", "GOL Linhas Aéreas", ""},
    {"GA", "Garuda Indonesia", "SkyTeam"},
    {"HA", "Hawaiian Airlines", "oneworld"},  // with Alaska Airlines, since April 2026
    {"IB", "Iberia", "oneworld"},
    {"JL", "Japan Airlines", "oneworld"},
    {"KE", "Korean Air", "SkyTeam"},
    {"KL", "KLM Royal Dutch Airlines", "SkyTeam"},
    {"KQ", "Kenya Airways", "SkyTeam"},
    {"LA", "LATAM Airlines", ""},
    {"LH", "Lufthansa", "Star Alliance"},
    {"LO", "LOT Polish Airlines", "Star Alliance"},
    {"LX", "Swiss International Air Lines", "Star Alliance"},
    {"LY", "El Al", ""},
    {"MH", "Malaysia Airlines", "oneworld"},
    {"MS", "EgyptAir", "Star Alliance"},
    {"MU", "China Eastern Airlines", "SkyTeam"},
    {"NH", "All Nippon Airways", "Star Alliance"},
    {"NK", "Spirit Airlines", ""},
    {"NZ", "Air New Zealand", "Star Alliance"},
    {"OS", "Austrian Airlines", "Star Alliance"},
    {"OZ", "Asiana Airlines", "Star Alliance"},
    {"PC", "Pegasus Airlines", ""},
    {"PR", "Philippine Airlines", ""},
    {"QF", "Qantas", "oneworld"},
    {"QR", "Qatar Airways", "oneworld"},
    {"QS", "Smartwings", ""},
    {"SA", "South African Airways", "Star Alliance"},
    {"SK", "SAS Scandinavian Airlines", "SkyTeam"},
    {"SN", "Brussels Airlines", "Star Alliance"},
    {"SQ", "Singapore Airlines", "Star Alliance"},
    {"SV", "Saudia", "SkyTeam"},
    {"TG", "Thai Airways", "Star Alliance"},
    {"TK", "Turkish Airlines", "Star Alliance"},
    {"TP", "TAP Air Portugal", "Star Alliance"},
    {"U2", "easyJet", ""},
    {"UA", "United Airlines", "Star Alliance"},
    {"UX", "Air Europa", "SkyTeam"},
    {"VA", "Virgin Australia", ""},
    {"VB", "Viva Aerobus", ""},
    {"VN", "Vietnam Airlines", "SkyTeam"},
    {"VS", "Virgin Atlantic", "SkyTeam"},
    {"VY", "Vueling", ""},
    {"W6", "Wizz Air", ""},
    {"WN", "Southwest Airlines", ""},
    {"WS", "WestJet", ""},
    {"Y4", "Volaris", ""},
};

// A country's carriers: its network carriers first (`networks` of them: the long hauls' choice),
// then its low-cost ones.
struct CountryAirlines {
  std::string_view country;
  int networks;
  std::array<std::string_view, 6> codes;  // "" = none
};
constexpr CountryAirlines kByCountry[] = {
    {"US", 3, {"AA", "DL", "UA", "WN", "B6", "AS"}}, {"CA", 1, {"AC", "WS"}}, {"MX", 1, {"AM", "Y4", "VB"}},
    {"GB", 2, {"BA", "VS", "U2"}}, {"FR", 1, {"AF"}}, {"DE", 1, {"LH", "EW"}}, {"NL", 1, {"KL"}},
    {"ES", 1, {"IB", "VY", "UX"}}, {"IT", 1, {"AZ"}}, {"PT", 1, {"TP"}}, {"IE", 1, {"EI", "FR"}},
    {"CH", 1, {"LX"}}, {"AT", 1, {"OS"}}, {"BE", 1, {"SN"}}, {"DK", 1, {"SK", "DY"}}, {"SE", 1, {"SK", "DY"}},
    {"NO", 1, {"SK", "DY"}}, {"FI", 1, {"AY"}}, {"TR", 1, {"TK", "PC"}}, {"AE", 2, {"EK", "EY"}},
    {"QA", 1, {"QR"}}, {"SA", 1, {"SV"}}, {"IN", 1, {"AI", "6E"}}, {"SG", 1, {"SQ"}}, {"JP", 2, {"JL", "NH"}},
    {"KR", 2, {"KE", "OZ"}}, {"CN", 3, {"CA", "MU", "CZ"}}, {"HK", 1, {"CX"}}, {"TH", 1, {"TG"}},
    {"AU", 1, {"QF", "VA"}}, {"NZ", 1, {"NZ"}}, {"BR", 1, {"LA", "G3", "AD"}}, {"AR", 1, {"AR"}},
    {"CL", 1, {"LA"}}, {"CO", 1, {"AV"}}, {"PE", 1, {"LA"}}, {"ZA", 1, {"SA"}}, {"EG", 1, {"MS"}},
    {"ET", 1, {"ET"}}, {"KE", 1, {"KQ"}}, {"MA", 1, {"AT"}}, {"IL", 1, {"LY"}}, {"PH", 1, {"PR"}},
    {"ID", 1, {"GA"}}, {"MY", 1, {"MH"}}, {"VN", 1, {"VN"}}, {"TW", 2, {"CI", "BR"}}, {"GR", 1, {"A3"}},
    {"PL", 1, {"LO"}}, {"IS", 1, {"FI"}}, {"PA", 1, {"CM"}}, {"PR", 1, {"B6", "NK"}}, {"HU", 1, {"W6"}},
    {"CZ", 1, {"QS"}}};
constexpr std::string_view kGlobalAirlines[] = {"EK", "QR", "TK", "LH", "BA", "AF", "KL", "UA", "DL", "AA"};

}  // namespace

std::span<const Airline> Airlines() { return kAirlines; }

std::string_view AirlineFor(const places::Airport& a, const places::Airport& b, bool long_haul, Rng& rng) {
  const places::Airport& home = rng.Chance(0.7) ? a : b;
  // The islands' own carriers fly most of what leaves them.
  if (home.region == "Hawaii") return "HA";
  if (home.region == "Alaska") return "AS";
  for (const auto& c : kByCountry) {
    if (c.country != places::CountryOrTerritory(home)) continue;
    int n = 0;
    while (n < static_cast<int>(c.codes.size()) && !c.codes[n].empty()) ++n;
    return c.codes[rng.Range(0, (long_haul ? c.networks : n) - 1)];
  }
  return rng.Pick(std::span<const std::string_view>(kGlobalAirlines));
}

void WriteAirline(std::int64_t i, pg::CopyWriter& w) {
  const Airline& a = kAirlines[i];
  w.Row(3).Text(a.code).Text(a.name);
  if (a.alliance.empty()) {
    w.Null();
  } else {
    w.Text(a.alliance);
  }
}

}  // namespace contrail::flightly::seed
