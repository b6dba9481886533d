#pragma once
// Flightly's travel tools for agents and MCP clients (argument names are the contract):
//
//   search_flights {origin, destination, date | month, passengers, cabin, max_price,
//                   exclude_airlines}   flights with seats for the party, cheapest first (at most
//                                       20), with their flight_id (what hold_booking takes), the
//                                       airline's code, name and alliance (the
//                                       airlines table), departure and arrival in each airport's
//                                       local time ("2027-03-02T13:40"), the fare and the party's
//                                       total in USD;
//                                       exclude_airlines takes codes or names ("AA", "American",
//                                       "American Airlines"; case and accents ignored; a two-
//                                       character entry no airline has is taken as a code), and a
//                                       name no airline matches is a tool error naming it
//   search_hotels  {city, check_in, nights, guests, max_price}
//                                       hotels with rooms near the city, cheapest first (at most
//                                       20), with the stay's total
//   get_weather    {location, month | date}
//                                       the place's typical weather that month: the climate
//                                       normals flightly's answers use (climate.h); with [weather]
//                                       url set and a date up to forecast_days ahead, also that
//                                       day's forecast (weather_forecast.h) under "forecast", or,
//                                       when the forecast service fails, why under
//                                       "forecast_error" (the normals still answer)
//
// Places are IATA codes or names people use ("Honolulu", "vegas", "the big island"); an unknown
// one is a tool error that says so. Dates are YYYY-MM-DD; a month without a date means its next
// occurrence; neither means the next 60 days.

#include <memory>

#include "core/config.h"
#include "mcp/tool.h"
#include "pg/pool.h"

namespace contrail::flightly {

std::unique_ptr<mcp::Tool> MakeSearchFlightsTool(pg::Pool& pool, std::chrono::seconds cache_ttl);
std::unique_ptr<mcp::Tool> MakeSearchHotelsTool(pg::Pool& pool, std::chrono::seconds cache_ttl);
// `weather` is copied. Its results are reused (cache_ttl) for an hour, or for 10 minutes when it
// has a url: a forecast changes and a failed one is retried soon, while the tool cache's key is
// the arguments alone (the same TTL covers answers with and without a forecast). Its deadline is
// timeout_ms plus a second (at least 5 s): a forecast that times out leaves the normals time to answer.
std::unique_ptr<mcp::Tool> MakeGetWeatherTool(const core::WeatherConfig& weather = {});

}  // namespace contrail::flightly
