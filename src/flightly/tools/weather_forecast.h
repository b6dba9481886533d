#pragma once
// One day's weather forecast from an Open-Meteo-compatible forecast API
// (https://open-meteo.com/en/docs): get_weather's forecast when [weather] url is set.
//
//   GET {url}?latitude=21.3187&longitude=-157.9224&daily=temperature_2m_max,temperature_2m_min,
//       precipitation_probability_max,weather_code&timezone=auto&start_date=D&end_date=D
//   200 {"daily": {"time": ["D"], "temperature_2m_max": [27.4], "temperature_2m_min": [21.2],
//                  "precipitation_probability_max": [20], "weather_code": [2]}, …}
//
// Temperatures are asked for in °C (the API's default); the day is the place's own (timezone=auto).

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace contrail::flightly {

struct DayForecast {
  std::string date;                              // YYYY-MM-DD
  double high_c = 0;
  double low_c = 0;
  std::optional<int> precipitation_probability;  // percent; none when the API gave null
  std::optional<int> weather_code;               // WMO 4677; none when the API gave null
};

// `url` with the query above for (`lat`, `lon`) and `day` appended ('&' when `url` has a query
// already, e.g. an apikey).
std::string ForecastUrl(std::string_view url, double lat, double lon, std::chrono::sys_days day);

// `day`'s forecast from a 2xx body. kUpstream when the body is not JSON of the shape above or has
// no high and low temperature for `day`.
core::Result<DayForecast> ParseDayForecast(std::string_view body, std::chrono::sys_days day);

// Asks the API at `url` for `day` at (`lat`, `lon`), all within `timeout`. Errors, short enough
// to show a model ("the forecast service answered 500: <the API's reason>"): kTimeout (no answer
// within `timeout`), kUpstream (unreachable, a non-2xx answer, or a body ParseDayForecast
// rejects), kInvalidArgument (`url` is not an http(s) URL). Runs on the caller's executor.
boost::asio::awaitable<core::Result<DayForecast>> FetchDayForecast(std::string_view url,
                                                                   std::chrono::milliseconds timeout, double lat,
                                                                   double lon, std::chrono::sys_days day);

// A few words for a WMO weather code as Open-Meteo uses them ("partly cloudy" for 2, "slight
// rain" for 61); "weather code N" for a code outside that table.
std::string WeatherCodeText(int code);

}  // namespace contrail::flightly
