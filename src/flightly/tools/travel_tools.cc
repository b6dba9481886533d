#include "flightly/tools/travel_tools.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <chrono>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/log.h"
#include "flightly/climate.h"
#include "flightly/gazetteer.h"
#include "flightly/slots.h"
#include "flightly/tools/tool_args.h"
#include "flightly/tools/weather_forecast.h"
#include "net/url.h"
#include "pg/statement.h"

namespace contrail::flightly {

namespace asio = boost::asio;
namespace json = boost::json;
using std::chrono::sys_days;
using std::chrono::year_month_day;

namespace {

constexpr int kMaxResults = 20;
constexpr int kDefaultDays = 60;

const char* kPlaceHelp = "an IATA code or a place name, e.g. HNL or Honolulu";

// The days a date, a month (its next occurrence) or neither (the next 60 days) stand for; a
// tool error's text when the date is not a real one.
struct Window {
  sys_days from, to;
};
std::variant<Window, std::string> WindowOf(const json::object& args) {
  const sys_days today = core::Today();
  if (std::string date = ArgText(args, "date"); !date.empty()) {
    std::optional<sys_days> day = core::ParseDateText(date);
    if (!day) return "`date` " + date + " is not a calendar date";
    return Window{*day, *day};
  }
  if (const std::int64_t month = ArgInt(args, "month", 0); month > 0) {
    const year_month_day now{today};
    std::chrono::year year = now.year();
    if (static_cast<unsigned>(now.month()) > static_cast<unsigned>(month)) ++year;
    const std::chrono::month m{static_cast<unsigned>(month)};
    return Window{sys_days(year / m / 1), sys_days(year / m / std::chrono::last)};
  }
  return Window{today, today + std::chrono::days(kDefaultDays)};
}

const Place* PlaceArg(const json::object& args, const char* key) { return FindPlace(ArgText(args, key)); }

std::string UnknownPlace(const json::object& args, const char* key) {
  return "unknown place `" + ArgText(args, key) + "` for `" + key + "`: give " + kPlaceHelp;
}

double Usd(std::int64_t cents) { return static_cast<double>(cents) / 100.0; }

// exclude_airlines, resolved through the airlines table.
struct Exclusion {
  std::string codes = "{}";           // the codes as a text[] literal (codes are [A-Z0-9]{2})
  json::array airlines;               // {code, name} of each airline left out
  std::vector<std::string> unknown;   // the entries no airline matched
};

// A two-letter or -digit entry no airline has is still a code: flights may carry codes the
// airlines table lacks (the schema does not tie them), and codes worked before names did.
std::optional<std::string> AsCode(std::string_view term) {
  while (!term.empty() && term.front() == ' ') term.remove_prefix(1);
  while (!term.empty() && term.back() == ' ') term.remove_suffix(1);
  if (term.size() != 2 || !std::isalnum(static_cast<unsigned char>(term[0])) ||
      !std::isalnum(static_cast<unsigned char>(term[1]))) {
    return std::nullopt;
  }
  std::string code(term);
  for (char& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return code;
}

// Each entry is a code or a name, or a name's leading words ("American", "american airlines",
// "aa"), case and accents ignored; a name's leading words may match several airlines ("Virgin").
asio::awaitable<core::Result<Exclusion>> ResolveAirlines(pg::Pool& pool, const json::array& entries) {
  Exclusion out;
  if (entries.empty()) co_return out;
  pg::Params p;
  p.Text(json::serialize(entries));
  pg::Statement s(
      "SELECT t.term, a.code, a.name FROM jsonb_array_elements_text($1::jsonb) WITH ORDINALITY AS t(term, n) "
      "LEFT JOIN airlines a ON lower(a.code) = lower(btrim(t.term)) "
      "OR lower(unaccent(a.name)) = lower(unaccent(btrim(t.term))) "
      "OR starts_with(lower(unaccent(a.name)), lower(unaccent(btrim(t.term))) || ' ') ORDER BY t.n, a.code",
      std::move(p), "tool_search_flights_airlines");
  CONTRAIL_CO_TRY(pg::Rows rows, co_await pool.Execute(std::move(s)));
  out.codes = "{";
  for (int r = 0; r < rows.size(); ++r) {
    if (rows.is_null(r, 1)) {
      if (std::optional<std::string> code = AsCode(rows.text(r, 0))) {
        out.codes += (out.codes.size() > 1 ? "," : "") + *code;
        out.airlines.push_back(json::object{{"code", *code}, {"name", nullptr}});
      } else {
        out.unknown.emplace_back(rows.text(r, 0));
      }
      continue;
    }
    out.codes += (out.codes.size() > 1 ? "," : "") + std::string(rows.text(r, 1));
    out.airlines.push_back(json::object{{"code", rows.text(r, 1)}, {"name", rows.text(r, 2)}});
  }
  out.codes += "}";
  co_return out;
}

// Row `r` of search_flights' query; airline_name and alliance are null for a code the airlines
// table lacks (and alliance for an airline in none).
json::object FlightJson(const pg::Rows& rows, int r, std::int64_t passengers) {
  auto nullable = [&rows, r](int c) {
    return rows.is_null(r, c) ? json::value(nullptr) : json::value(rows.text(r, c));
  };
  const std::int64_t fare = rows.int64(r, 12);
  return json::object{{"flight_id", rows.int64(r, 15)}, {"flight_no", rows.text(r, 0)}, {"airline", rows.text(r, 1)}, {"airline_name", nullable(2)},
                      {"alliance", nullable(3)}, {"origin", rows.text(r, 4)}, {"destination", rows.text(r, 5)},
                      {"depart_date", rows.text(r, 6)}, {"depart_time", rows.text(r, 7)},
                      {"arrive_time", rows.text(r, 8)}, {"duration_min", rows.int64(r, 9)},
                      {"stops", rows.int64(r, 10)}, {"cabin", rows.text(r, 11)}, {"fare_usd", Usd(fare)},
                      {"total_usd", Usd(fare * passengers)}, {"seats_left", rows.int64(r, 13)},
                      {"refundable", rows.text(r, 14) == "t"}};
}

std::string UnknownAirlines(const std::vector<std::string>& unknown) {
  std::string names;
  for (const std::string& u : unknown) names += (names.empty() ? "`" : ", `") + u + "`";
  return "no airline is called " + names +
         " (in `exclude_airlines`): give two-letter codes or airline names, e.g. AA or American Airlines";
}

class SearchFlights : public mcp::Tool {
 public:
  SearchFlights(pg::Pool& pool, std::chrono::seconds cache_ttl) : pool_(pool) {
    spec_.name = "search_flights";
    spec_.title = "Search flights";
    spec_.description =
        "Flights from origin to destination with seats for the party, cheapest first (at most 20): flight number, "
        "airline (code, name and alliance), times, stops, cabin, fare per person and the party's total in USD, seats "
        "left. Give a date, or a month (its next occurrence), or neither (the next 60 days). exclude_airlines takes "
        "codes or names (\"AA\", \"American\", \"American Airlines\"); a name no airline has is an error. "
        "max_stops leaves out flights with more connections; prefer_nonstop lists flights with fewer first.";
    spec_.input_schema = json::parse(R"({"type":"object","properties":{
        "origin":{"type":"string","minLength":2,"maxLength":64,"description":"IATA code or place name"},
        "destination":{"type":"string","minLength":2,"maxLength":64,"description":"IATA code or place name"},
        "date":{"type":"string","format":"date","description":"departure day, YYYY-MM-DD"},
        "month":{"type":"integer","minimum":1,"maximum":12,"description":"departure month, when no date"},
        "passengers":{"type":"integer","minimum":1,"maximum":9,"default":1},
        "cabin":{"enum":["economy","premium_economy","business","first"]},
        "max_price":{"type":"number","exclusiveMinimum":0,"description":"USD per person, at most"},
        "min_price":{"type":"number","exclusiveMinimum":0,"description":"USD per person, at least"},
        "max_stops":{"type":"integer","minimum":0,"maximum":3,"description":"connections, at most; 0 is nonstop"},
        "prefer_nonstop":{"type":"boolean","default":false,"description":"fewest connections first, then cheapest"},
        "exclude_airlines":{"type":"array","items":{"type":"string","minLength":2,"maxLength":64},"maxItems":20,
                            "description":"airlines to leave out: two-letter codes or names, e.g. AA or American"}},
        "required":["origin","destination"],"additionalProperties":false})").as_object();
    spec_.cache_ttl = cache_ttl;
  }
  const mcp::ToolSpec& spec() const override { return spec_; }

  asio::awaitable<core::Result<mcp::ToolOutput>> Call(const json::object& args, const mcp::ToolCall&) override {
    const Place* from = PlaceArg(args, "origin");
    if (from == nullptr) co_return mcp::ToolOutput::Failure(UnknownPlace(args, "origin"));
    const Place* to = PlaceArg(args, "destination");
    if (to == nullptr) co_return mcp::ToolOutput::Failure(UnknownPlace(args, "destination"));
    auto window = WindowOf(args);
    if (window.index() == 1) co_return mcp::ToolOutput::Failure(std::get<1>(window));
    const Window w = std::get<0>(window);
    const std::int64_t passengers = ArgInt(args, "passengers", 1);
    const json::array none;
    const json::value* excluded_arg = args.if_contains("exclude_airlines");
    const json::array& entries = excluded_arg != nullptr ? excluded_arg->get_array() : none;
    CONTRAIL_CO_TRY(Exclusion excluded, co_await ResolveAirlines(pool_, entries));
    if (!excluded.unknown.empty()) co_return mcp::ToolOutput::Failure(UnknownAirlines(excluded.unknown));
    pg::Params p;
    p.Text(from->code).Text(to->code).Text(core::DateText(w.from)).Text(core::DateText(w.to));
    if (std::string cabin = ArgText(args, "cabin"); !cabin.empty()) p.Text(cabin); else p.Null(pg::oid::kText);
    p.Int(passengers);
    AddCentsParam(p, args, "max_price");
    p.Text(excluded.codes);
    if (args.contains("max_stops")) p.Int(ArgInt(args, "max_stops", 0)); else p.Null(pg::oid::kInt8);
    const json::value* nonstop = args.if_contains("prefer_nonstop");
    p.Bool(nonstop != nullptr && nonstop->is_bool() && nonstop->get_bool());
    AddCentsParam(p, args, "min_price");
    pg::Statement s(
        "SELECT f.flight_no, f.airline, a.name, a.alliance, f.origin, f.destination, f.depart_date::text, "
        "to_char(f.depart_time AT TIME ZONE o.tz, 'YYYY-MM-DD\"T\"HH24:MI'), "
        "to_char(f.arrive_time AT TIME ZONE d.tz, 'YYYY-MM-DD\"T\"HH24:MI'), f.duration_min, f.stops, f.cabin, "
        "f.fare_cents, f.seats_left, f.refundable, f.id FROM flights f LEFT JOIN airlines a ON a.code = f.airline "
        "JOIN airports o ON o.iata = f.origin JOIN airports d ON d.iata = f.destination "
        "WHERE f.origin = $1 AND f.destination = $2 AND f.depart_date BETWEEN $3::date AND $4::date "
        "AND ($5::text IS NULL OR f.cabin = $5) AND f.seats_left >= $6 AND ($7::bigint IS NULL OR f.fare_cents <= $7) "
        "AND NOT (f.airline = ANY ($8::text[])) AND ($9::bigint IS NULL OR f.stops <= $9) "
        "AND ($11::bigint IS NULL OR f.fare_cents >= $11) "
        "ORDER BY CASE WHEN $10::bool THEN f.stops ELSE 0 END, f.fare_cents, f.depart_time LIMIT " +
            std::to_string(kMaxResults),
        std::move(p), "tool_search_flights");
    CONTRAIL_CO_TRY(pg::Rows rows, co_await pool_.Execute(std::move(s)));
    json::array flights;
    for (int r = 0; r < rows.size(); ++r) flights.push_back(FlightJson(rows, r, passengers));
    json::object out{{"origin", from->code}, {"destination", to->code}, {"from", core::DateText(w.from)},
                     {"to", core::DateText(w.to)}, {"passengers", passengers}, {"flights", std::move(flights)}};
    if (!excluded.airlines.empty()) out["excluded_airlines"] = std::move(excluded.airlines);
    co_return mcp::ToolOutput::Json(std::move(out));
  }

 private:
  pg::Pool& pool_;
  mcp::ToolSpec spec_;
};

class SearchHotels : public mcp::Tool {
 public:
  SearchHotels(pg::Pool& pool, std::chrono::seconds cache_ttl) : pool_(pool) {
    spec_.name = "search_hotels";
    spec_.title = "Search hotels";
    spec_.description =
        "Hotels with rooms near a city, cheapest first (at most 20): stars, guest rating, price a night and for the "
        "stay in USD, family friendliness and amenities.";
    spec_.input_schema = json::parse(R"({"type":"object","properties":{
        "city":{"type":"string","minLength":2,"maxLength":64,"description":"IATA code or place name"},
        "check_in":{"type":"string","format":"date","description":"YYYY-MM-DD"},
        "nights":{"type":"integer","minimum":1,"maximum":30,"default":1},
        "guests":{"type":"integer","minimum":1,"maximum":10,"default":2},
        "max_price":{"type":"number","exclusiveMinimum":0,"description":"USD a night, at most"},
        "min_price":{"type":"number","exclusiveMinimum":0,"description":"USD a night, at least"},
        "min_stars":{"type":"integer","minimum":1,"maximum":5,"description":"stars, at least"},
        "amenities":{"type":"array","maxItems":8,"description":"the hotel has every one","items":
                     {"enum":["pool","spa","gym","breakfast","parking","kids_club","pet_friendly","beach"]}},
        "sort":{"enum":["price","rating"],"default":"price","description":"cheapest or best rated first"}},
        "required":["city"],"additionalProperties":false})").as_object();
    spec_.cache_ttl = cache_ttl;
  }
  const mcp::ToolSpec& spec() const override { return spec_; }

  asio::awaitable<core::Result<mcp::ToolOutput>> Call(const json::object& args, const mcp::ToolCall&) override {
    const Place* place = PlaceArg(args, "city");
    if (place == nullptr) co_return mcp::ToolOutput::Failure(UnknownPlace(args, "city"));
    if (std::string day = ArgText(args, "check_in"); !day.empty() && !core::ParseDateText(day)) {
      co_return mcp::ToolOutput::Failure("`check_in` " + day + " is not a calendar date");
    }
    const std::int64_t nights = ArgInt(args, "nights", 1);
    pg::Params p;
    p.Text(place->code).Text(std::string(place->city));
    AddCentsParam(p, args, "max_price");
    AddCentsParam(p, args, "min_price");
    p.Int(ArgInt(args, "min_stars", 0));
    std::string wanted = "{";
    if (const json::value* list = args.if_contains("amenities"); list != nullptr) {
      for (const json::value& a : list->as_array()) {
        wanted += (wanted.size() > 1 ? "," : "") + std::string(a.as_string());  // enum values: no quoting
      }
    }
    p.Text(wanted + "}");
    p.Bool(ArgText(args, "sort") == "rating");
    pg::Statement s(
        "SELECT name, city, stars, rating, nightly_cents, family_friendly, array_to_string(amenities, ','), rooms_left "
        "FROM hotels WHERE (iata = $1 OR lower(city) = lower($2)) AND rooms_left > 0 "
        "AND ($3::bigint IS NULL OR nightly_cents <= $3) AND ($4::bigint IS NULL OR nightly_cents >= $4) "
        "AND stars >= $5 AND amenities @> $6::text[] "
        "ORDER BY CASE WHEN $7::bool THEN -rating ELSE 0 END, nightly_cents, rating DESC LIMIT " +
            std::to_string(kMaxResults),
        std::move(p), "tool_search_hotels");
    CONTRAIL_CO_TRY(pg::Rows rows, co_await pool_.Execute(std::move(s)));
    json::array hotels;
    for (int r = 0; r < rows.size(); ++r) {
      json::array amenities;
      std::string_view list = rows.text(r, 6);
      while (!list.empty()) {
        const std::size_t comma = list.find(',');
        amenities.emplace_back(list.substr(0, comma));
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
      }
      const std::int64_t nightly = rows.int64(r, 4);
      hotels.push_back(json::object{{"name", rows.text(r, 0)}, {"city", rows.text(r, 1)}, {"stars", rows.int64(r, 2)},
                                    {"rating", rows.float8(r, 3)}, {"nightly_usd", Usd(nightly)},
                                    {"stay_usd", Usd(nightly * nights)}, {"family_friendly", rows.text(r, 5) == "t"},
                                    {"amenities", std::move(amenities)}, {"rooms_left", rows.int64(r, 7)}});
    }
    json::object out{{"city", place->city}, {"iata", place->code}, {"nights", nights},
                     {"guests", ArgInt(args, "guests", 2)}, {"hotels", std::move(hotels)}};
    if (std::string day = ArgText(args, "check_in"); !day.empty()) out["check_in"] = day;
    co_return mcp::ToolOutput::Json(std::move(out));
  }

 private:
  pg::Pool& pool_;
  mcp::ToolSpec spec_;
};

// The forecast's temperatures in °F too: travellers from the US read those. One decimal.
double Fahrenheit(double celsius) { return std::round((celsius * 9.0 / 5.0 + 32.0) * 10.0) / 10.0; }

json::object ForecastJson(const DayForecast& f, std::string_view source) {
  json::value precipitation = nullptr;
  if (f.precipitation_probability) precipitation = *f.precipitation_probability;
  json::value conditions = nullptr;
  if (f.weather_code) conditions = WeatherCodeText(*f.weather_code);
  return json::object{{"date", f.date},
                      {"high_c", f.high_c},
                      {"low_c", f.low_c},
                      {"high_f", Fahrenheit(f.high_c)},
                      {"low_f", Fahrenheit(f.low_c)},
                      {"precipitation_probability", std::move(precipitation)},
                      {"conditions", std::move(conditions)},
                      {"source", source}};
}

class GetWeather : public mcp::Tool {
 public:
  explicit GetWeather(core::WeatherConfig weather) : weather_(std::move(weather)) {
    spec_.name = "get_weather";
    spec_.title = "Typical weather";
    spec_.description =
        "The typical weather of a place in a month (climate normals for travellers, not a forecast): give a month or a "
        "date; neither means this month.";
    if (!weather_.url.empty()) {
      spec_.description += " For a date in the next " + std::to_string(weather_.forecast_days) +
                           " days it also gives that day's forecast (forecast: high and low in °C and °F, chance of "
                           "precipitation, conditions), or forecast_error when the forecast service failed.";
    }
    spec_.input_schema = json::parse(R"({"type":"object","properties":{
        "location":{"type":"string","minLength":2,"maxLength":64,"description":"IATA code or place name"},
        "month":{"type":"integer","minimum":1,"maximum":12},
        "date":{"type":"string","format":"date","description":"YYYY-MM-DD"}},
        "required":["location"],"additionalProperties":false})").as_object();
    spec_.cache_ttl = std::chrono::seconds(weather_.url.empty() ? 3'600 : 600);
    spec_.timeout = std::max(spec_.timeout, std::chrono::milliseconds(weather_.timeout_ms + 1'000));
    // forecast.source: the service's host (a URL that does not parse fails each call, saying so).
    core::Result<net::Url> url = net::Url::Parse(weather_.url);
    source_ = url ? url->host : weather_.url;
  }
  const mcp::ToolSpec& spec() const override { return spec_; }

  asio::awaitable<core::Result<mcp::ToolOutput>> Call(const json::object& args, const mcp::ToolCall&) override {
    const Place* place = PlaceArg(args, "location");
    if (place == nullptr) co_return mcp::ToolOutput::Failure(UnknownPlace(args, "location"));
    int month = static_cast<int>(ArgInt(args, "month", 0));
    std::optional<sys_days> day;
    if (std::string date = ArgText(args, "date"); !date.empty()) {
      day = core::ParseDateText(date);
      if (!day) co_return mcp::ToolOutput::Failure("`date` " + date + " is not a calendar date");
      month = static_cast<int>(static_cast<unsigned>(year_month_day{*day}.month()));
    }
    if (month == 0) month = static_cast<int>(static_cast<unsigned>(year_month_day{core::Today()}.month()));
    std::string name;
    AppendPlaceName(name, *place);
    json::object out{{"location", name},
                     {"month", MonthName(month)},
                     {"typical", TypicalWeather(*place, month)},
                     {"in_brief", WeatherInBrief(*place, month)},
                     {"source", "climate normals (built in), not a forecast"}};
    if (day && Forecasts(*day)) co_await AddForecast(out, *place, *day);
    co_return mcp::ToolOutput::Json(std::move(out));
  }

 private:
  // Today (UTC) and the forecast_days - 1 days after it. Open-Meteo's days are the place's own, so
  // in a place behind UTC the last of them may be past the service's range: forecast_error says so.
  bool Forecasts(sys_days day) const {
    const sys_days today = core::Today();
    return !weather_.url.empty() && day >= today && day < today + std::chrono::days(weather_.forecast_days);
  }

  // Adds "forecast", or "forecast_error" when the service failed: a failed forecast is not a
  // failed call, since the normals beside it are still true.
  asio::awaitable<void> AddForecast(json::object& out, const Place& place, sys_days day) const {
    core::Result<DayForecast> forecast = co_await FetchDayForecast(
        weather_.url, std::chrono::milliseconds(weather_.timeout_ms), place.lat, place.lon, day);
    if (!forecast) {
      core::log::Warn("weather forecast failed", {{"location", place.code}, {"error", forecast.error().message}});
      out["forecast_error"] = forecast.error().message;
      co_return;
    }
    out["forecast"] = ForecastJson(*forecast, source_);
  }

  core::WeatherConfig weather_;
  std::string source_;
  mcp::ToolSpec spec_;
};

}  // namespace

std::unique_ptr<mcp::Tool> MakeSearchFlightsTool(pg::Pool& pool, std::chrono::seconds cache_ttl) {
  return std::make_unique<SearchFlights>(pool, cache_ttl);
}
std::unique_ptr<mcp::Tool> MakeSearchHotelsTool(pg::Pool& pool, std::chrono::seconds cache_ttl) {
  return std::make_unique<SearchHotels>(pool, cache_ttl);
}
std::unique_ptr<mcp::Tool> MakeGetWeatherTool(const core::WeatherConfig& weather) {
  return std::make_unique<GetWeather>(weather);
}

}  // namespace contrail::flightly
