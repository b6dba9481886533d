#include "flightly/tools/weather_forecast.h"

#include <boost/json.hpp>
#include <charconv>
#include <cmath>

#include "core/clock.h"
#include "net/provider_call.h"

namespace contrail::flightly {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::string_view kWho = "the forecast service";

// Shortest round-trip form: the table's 21.3187 goes out as 21.3187, not 21.318700.
std::string Number(double value) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), value);
  return std::string(buf, end);
}

// Element `i` of daily.<name>: the number, or nullopt when the array or the value is missing or null.
std::optional<double> DailyNumber(const json::object& daily, std::string_view name, std::size_t i) {
  const json::value* values = daily.if_contains(name);
  if (values == nullptr || !values->is_array() || i >= values->get_array().size()) return std::nullopt;
  const json::value& v = values->get_array()[i];
  if (!v.is_number()) return std::nullopt;
  return v.to_number<double>();
}

std::optional<int> DailyInt(const json::object& daily, std::string_view name, std::size_t i) {
  std::optional<double> v = DailyNumber(daily, name, i);
  if (!v) return std::nullopt;
  return static_cast<int>(std::lround(*v));
}

// Open-Meteo's error body: {"error": true, "reason": "Latitude must be in range of -90 to 90°."}.
std::string ReasonOf(const net::HttpClientResponse& response) {
  boost::system::error_code ec;
  json::value v = json::parse(response.body, ec);
  const json::value* reason = !ec && v.is_object() ? v.get_object().if_contains("reason") : nullptr;
  return reason != nullptr && reason->is_string() ? std::string(reason->get_string()) : std::string();
}

}  // namespace

std::string ForecastUrl(std::string_view url, double lat, double lon, std::chrono::sys_days day) {
  const std::string date = core::DateText(day);
  std::string out(url);
  out += url.find('?') == std::string_view::npos ? '?' : '&';
  out += "latitude=" + Number(lat) + "&longitude=" + Number(lon) +
         "&daily=temperature_2m_max,temperature_2m_min,precipitation_probability_max,weather_code"
         "&timezone=auto&start_date=" + date + "&end_date=" + date;
  return out;
}

core::Result<DayForecast> ParseDayForecast(std::string_view body, std::chrono::sys_days day) {
  const std::string date = core::DateText(day);
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  const json::value* daily = !ec && v.is_object() ? v.get_object().if_contains("daily") : nullptr;
  if (daily == nullptr || !daily->is_object()) return core::Upstream(std::string(kWho) + " sent no daily forecast");
  const json::object& d = daily->get_object();
  const json::value* times = d.if_contains("time");
  if (times == nullptr || !times->is_array()) return core::Upstream(std::string(kWho) + " sent no daily forecast");
  for (std::size_t i = 0; i < times->get_array().size(); ++i) {
    const json::value& t = times->get_array()[i];
    if (!t.is_string() || t.get_string() != date) continue;
    std::optional<double> high = DailyNumber(d, "temperature_2m_max", i);
    std::optional<double> low = DailyNumber(d, "temperature_2m_min", i);
    if (!high || !low) break;
    return DayForecast{date, *high, *low, DailyInt(d, "precipitation_probability_max", i),
                       DailyInt(d, "weather_code", i)};
  }
  return core::Upstream(std::string(kWho) + " has no forecast for " + date);
}

asio::awaitable<core::Result<DayForecast>> FetchDayForecast(std::string_view url, std::chrono::milliseconds timeout,
                                                            double lat, double lon, std::chrono::sys_days day) {
  net::HttpClientRequest http;
  http.method = "GET";
  http.url = ForecastUrl(url, lat, lon, day);
  http.headers.emplace_back("Accept", "application/json");
  http.connect_timeout = timeout;
  http.timeout = timeout;
  const net::ProviderErrors errors{kWho, ReasonOf};
  CONTRAIL_CO_TRY(net::HttpClientResponse response, co_await net::CallProvider(errors, http));
  co_return ParseDayForecast(response.body, day);
}

std::string WeatherCodeText(int code) {
  // WMO 4677 as Open-Meteo's docs list it ("WMO Weather interpretation codes").
  switch (code) {
    case 0: return "clear sky";
    case 1: return "mainly clear";
    case 2: return "partly cloudy";
    case 3: return "overcast";
    case 45: return "fog";
    case 48: return "depositing rime fog";
    case 51: return "light drizzle";
    case 53: return "moderate drizzle";
    case 55: return "dense drizzle";
    case 56: return "light freezing drizzle";
    case 57: return "dense freezing drizzle";
    case 61: return "slight rain";
    case 63: return "moderate rain";
    case 65: return "heavy rain";
    case 66: return "light freezing rain";
    case 67: return "heavy freezing rain";
    case 71: return "slight snowfall";
    case 73: return "moderate snowfall";
    case 75: return "heavy snowfall";
    case 77: return "snow grains";
    case 80: return "slight rain showers";
    case 81: return "moderate rain showers";
    case 82: return "violent rain showers";
    case 85: return "slight snow showers";
    case 86: return "heavy snow showers";
    case 95: return "thunderstorm";
    case 96: return "thunderstorm with slight hail";
    case 99: return "thunderstorm with heavy hail";
    default: return "weather code " + std::to_string(code);
  }
}

}  // namespace contrail::flightly
