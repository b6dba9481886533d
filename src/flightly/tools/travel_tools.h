#pragma once
// Flightly's travel tools for agents and MCP clients (argument names are the contract):
//
//   search_flights {origin, destination, date | month, passengers, cabin, max_price,
//                   exclude_airlines}   flights with seats for the party, cheapest first (at most
//                                       20), with the airline's code, name and alliance (the
//                                       airlines table), the fare and the party's total in USD;
//                                       exclude_airlines takes codes or names ("AA", "American",
//                                       "American Airlines"; case and accents ignored; a two-
//                                       character entry no airline has is taken as a code), and a
//                                       name no airline matches is a tool error naming it
//   search_hotels  {city, check_in, nights, guests, max_price}
//                                       hotels with rooms near the city, cheapest first (at most
//                                       20), with the stay's total
//   get_weather    {location, month | date}
//                                       the place's typical weather that month: the climate
//                                       normals flightly's answers use (climate.h), not a forecast
//
// Places are IATA codes or names people use ("Honolulu", "vegas", "the big island"); an unknown
// one is a tool error that says so. Dates are YYYY-MM-DD; a month without a date means its next
// occurrence; neither means the next 60 days.

#include <memory>

#include "mcp/tool.h"
#include "pg/pool.h"

namespace contrail::flightly {

std::unique_ptr<mcp::Tool> MakeSearchFlightsTool(pg::Pool& pool, std::chrono::seconds cache_ttl);
std::unique_ptr<mcp::Tool> MakeSearchHotelsTool(pg::Pool& pool, std::chrono::seconds cache_ttl);
std::unique_ptr<mcp::Tool> MakeGetWeatherTool();

}  // namespace contrail::flightly
