#pragma once
// Internal to places/: the airport table in parts, one file per part of the world
// (airports_<part>.cc); Airports() joins them in the order declared here. A part's rows are laid
// out as Airport is: where the airport is, then its facts, then its flags and travel knowledge.

#include <span>

#include "places/airports.h"

namespace contrail::places::parts {

std::span<const Airport> NorthAmericanAirports();  // Hawaii, the rest of the US, Canada
std::span<const Airport> LatinAmericanAirports();  // Mexico, the Caribbean, Central, South America
std::span<const Airport> EuropeanAirports();
std::span<const Airport> MiddleEastAndAfricanAirports();
std::span<const Airport> AsiaPacificAirports();  // Asia, Oceania

}  // namespace contrail::places::parts
