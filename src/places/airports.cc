#include "places/airports.h"

#include <unordered_map>
#include <vector>

#include "places/airport_parts.h"

namespace contrail::places {
namespace {

// The parts joined into one array (Airports() is one span), and an index by code.
class AirportTable {
 public:
  AirportTable() {
    for (std::span<const Airport> part :
         {parts::NorthAmericanAirports(), parts::LatinAmericanAirports(), parts::EuropeanAirports(),
          parts::MiddleEastAndAfricanAirports(), parts::AsiaPacificAirports()}) {
      airports_.insert(airports_.end(), part.begin(), part.end());
    }
    for (const Airport& airport : airports_) by_code_.emplace(airport.code, &airport);
  }

  std::span<const Airport> airports() const { return airports_; }
  const Airport* Find(std::string_view code) const {
    auto it = by_code_.find(code);
    return it == by_code_.end() ? nullptr : it->second;
  }

 private:
  std::vector<Airport> airports_;  // never changes after construction: the pointers below hold
  std::unordered_map<std::string_view, const Airport*> by_code_;
};

const AirportTable& TheTable() {
  static const AirportTable table;
  return table;
}

}  // namespace

std::span<const Airport> Airports() { return TheTable().airports(); }

const Airport* FindAirport(std::string_view code) { return TheTable().Find(code); }

std::string_view CountryOrTerritory(const Airport& airport) {
  return airport.territory.empty() ? airport.country : airport.territory;
}

}  // namespace contrail::places
