// get_weather with [weather] url against a local scripted forecast service (Open-Meteo's wire
// format): a date within the horizon asks for that day at the place and carries its forecast
// beside the climate normals; a failing service (an error status, no answer in time, a body that
// is not a forecast) leaves the normals and says why; a month, a date past the horizon, or no url
// asks nothing and answers as before. Also the [weather] settings and the forecast parser.

#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/json.hpp>
#include <mutex>

#include "core/clock.h"
#include "core/config.h"
#include "flightly/tools/travel_tools.h"
#include "flightly/tools/weather_forecast.h"
#include "mcp/tool_registry.h"
#include "support/async.h"
#include "support/scripted_server.h"

namespace contrail::flightly {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

std::string DaysFromToday(int days) { return core::DateText(core::Today() + std::chrono::days(days)); }

// A forecast service: answers each request with `status` and, for 200, Open-Meteo's body for the
// day it was asked (high 27.4 °C, low 21.2 °C, 20 %, WMO 2), and remembers what it was asked.
class ForecastService {
 public:
  explicit ForecastService(int status = 200, std::string body = {})
      : status_(status), body_(std::move(body)),
        server_([this](net::HttpRequest& r) -> asio::awaitable<net::HttpResponse> { co_return Reply(r); }) {}

  std::string url() const { return server_.url() + "/v1/forecast"; }
  std::vector<net::HttpRequest> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }

 private:
  net::HttpResponse Reply(const net::HttpRequest& r) {
    {
      std::lock_guard lock(mu_);
      requests_.push_back(r);
    }
    net::HttpResponse resp;
    resp.status = status_;
    resp.body = body_;
    if (status_ == 200 && body_.empty()) {
      const std::string day = r.QueryParam("start_date").value().value_or("");
      resp.body = json::serialize(json::object{
          {"latitude", 21.3}, {"longitude", -157.9}, {"timezone", "Pacific/Honolulu"},
          {"daily_units", {{"time", "iso8601"}, {"temperature_2m_max", "°C"}}},
          {"daily", {{"time", {day}}, {"temperature_2m_max", {27.4}}, {"temperature_2m_min", {21.2}},
                     {"precipitation_probability_max", {20}}, {"weather_code", {2}}}}});
    }
    return resp;
  }

  const int status_;
  const std::string body_;
  mutable std::mutex mu_;
  std::vector<net::HttpRequest> requests_;  // guarded by mu_
  test::ScriptedServer server_;             // last: stopped before the members its handler uses
};

class WeatherToolTest : public ::testing::Test {
 protected:
  // get_weather with `url` (empty: climate normals only), called through a registry.
  mcp::ToolOutput Call(const std::string& url, const json::object& args, int timeout_ms = 3'000) {
    core::WeatherConfig weather;
    weather.url = url;
    weather.timeout_ms = timeout_ms;
    mcp::ToolRegistry tools;
    EXPECT_TRUE(tools.Add(MakeGetWeatherTool(weather)).ok());
    return test::RunAsync(io_, tools.Call("get_weather", args, mcp::ToolCall{}));
  }
  static void ExpectNormals(const mcp::ToolOutput& out) {
    ASSERT_FALSE(out.is_error) << out.text;
    EXPECT_NE(out.structured.at("location").as_string().find("HNL"), std::string::npos) << out.text;
    EXPECT_FALSE(out.structured.at("typical").as_string().empty()) << out.text;
    EXPECT_FALSE(out.structured.at("in_brief").as_string().empty()) << out.text;
    EXPECT_EQ(out.structured.at("source"), "climate normals (built in), not a forecast");
  }

  asio::io_context io_;
};

TEST_F(WeatherToolTest, ADateWithinTheHorizonAsksForThatDayAtThePlace) {
  ForecastService service;
  const std::string day = DaysFromToday(2);
  mcp::ToolOutput out = Call(service.url(), {{"location", "Honolulu"}, {"date", day}});
  ExpectNormals(out);
  const std::vector<net::HttpRequest> asked = service.requests();
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0].method, "GET");
  EXPECT_EQ(asked[0].path(), "/v1/forecast");
  auto param = [&](std::string_view name) { return asked[0].QueryParam(name).value().value_or("(absent)"); };
  EXPECT_EQ(param("latitude"), "21.3187") << "HNL's coordinates in the airport table";
  EXPECT_EQ(param("longitude"), "-157.9224");
  EXPECT_EQ(param("start_date"), day);
  EXPECT_EQ(param("end_date"), day);
  EXPECT_EQ(param("daily"), "temperature_2m_max,temperature_2m_min,precipitation_probability_max,weather_code");
  EXPECT_EQ(param("timezone"), "auto");
  EXPECT_EQ(param("temperature_unit"), "(absent)") << "asked in °C, the API's default";

  const json::object expected{{"date", day},  {"high_c", 27.4}, {"low_c", 21.2},
                              {"high_f", 81.3}, {"low_f", 70.2}, {"precipitation_probability", 20},
                              {"conditions", "partly cloudy"}, {"source", "127.0.0.1"}};
  EXPECT_EQ(out.structured.at("forecast"), expected) << out.text;
  EXPECT_FALSE(out.structured.as_object().contains("forecast_error"));
}

TEST_F(WeatherToolTest, AUrlWithAQueryKeepsItAndTodayIsWithinTheHorizon) {
  ForecastService service;
  const auto day = core::Today();
  const std::string today = core::DateText(day);
  mcp::ToolOutput out = Call(service.url() + "?apikey=k1", {{"location", "HNL"}, {"date", today}});
  if (core::Today() != day) GTEST_SKIP() << "midnight passed during the call: `today` was yesterday for the tool";
  ExpectNormals(out);
  ASSERT_EQ(service.requests().size(), 1u);
  EXPECT_EQ(service.requests()[0].QueryParam("apikey").value(), "k1");
  EXPECT_EQ(out.structured.at("forecast").at("date").as_string(), today);
}

TEST_F(WeatherToolTest, AServerErrorKeepsTheNormalsAndSaysWhy) {
  ForecastService service(400, R"({"error":true,"reason":"Parameter 'start_date' is out of allowed range"})");
  mcp::ToolOutput out = Call(service.url(), {{"location", "Honolulu"}, {"date", DaysFromToday(3)}});
  ExpectNormals(out);
  EXPECT_EQ(service.requests().size(), 1u);
  EXPECT_FALSE(out.structured.as_object().contains("forecast"));
  EXPECT_EQ(out.structured.at("forecast_error"),
            "the forecast service answered 400: Parameter 'start_date' is out of allowed range");
}

TEST_F(WeatherToolTest, ATimeoutKeepsTheNormalsAndSaysWhy) {
  // A listening socket nobody accepts from: the connection completes in the kernel's backlog and
  // no answer ever comes.
  asio::ip::tcp::acceptor silent(io_, {asio::ip::make_address("127.0.0.1"), 0});
  const std::string url = "http://127.0.0.1:" + std::to_string(silent.local_endpoint().port()) + "/v1/forecast";
  mcp::ToolOutput out = Call(url, {{"location", "Honolulu"}, {"date", DaysFromToday(1)}}, 100);
  ExpectNormals(out);
  EXPECT_FALSE(out.structured.as_object().contains("forecast"));
  EXPECT_EQ(out.structured.at("forecast_error"), "the forecast service did not answer within 100 ms");
}

TEST_F(WeatherToolTest, ABodyThatIsNoForecastKeepsTheNormalsAndSaysWhy) {
  ForecastService junk(200, "<html>maintenance</html>");
  mcp::ToolOutput out = Call(junk.url(), {{"location", "Honolulu"}, {"date", DaysFromToday(1)}});
  ExpectNormals(out);
  EXPECT_EQ(out.structured.at("forecast_error"), "the forecast service sent no daily forecast");
  ForecastService other_day(
      200, R"({"daily":{"time":["2001-01-01"],"temperature_2m_max":[1],"temperature_2m_min":[0]}})");
  out = Call(other_day.url(), {{"location", "Honolulu"}, {"date", DaysFromToday(1)}});
  ExpectNormals(out);
  EXPECT_EQ(out.structured.at("forecast_error").as_string(),
            "the forecast service has no forecast for " + DaysFromToday(1));
}

TEST_F(WeatherToolTest, AMonthOnlyCallDoesNotAskTheService) {
  ForecastService service;
  mcp::ToolOutput out = Call(service.url(), {{"location", "Honolulu"}, {"month", 3}});
  ExpectNormals(out);
  EXPECT_TRUE(service.requests().empty());
  EXPECT_EQ(out.structured.as_object().size(), 5u) << "exactly as without a url: " << out.text;
  EXPECT_EQ(out.structured.at("month"), "March");
}

TEST_F(WeatherToolTest, ADateBeyondTheHorizonOrPastDoesNotAskTheService) {
  ForecastService service;
  for (int days : {16, 40, -1}) {  // forecast_days 16: today and the 15 days after it
    const auto day = core::Today();
    mcp::ToolOutput out = Call(service.url(), {{"location", "Honolulu"}, {"date", DaysFromToday(days)}});
    if (core::Today() != day) GTEST_SKIP() << "midnight passed during the call: the horizon moved under it";
    ExpectNormals(out);
    EXPECT_EQ(out.structured.as_object().size(), 5u) << days << ": " << out.text;
  }
  EXPECT_TRUE(service.requests().empty());
}

TEST_F(WeatherToolTest, WithoutAUrlNothingIsAskedAndTheOutputIsTheNormals) {
  ForecastService service;
  mcp::ToolOutput out = Call("", {{"location", "Honolulu"}, {"date", DaysFromToday(2)}});
  ExpectNormals(out);
  EXPECT_TRUE(service.requests().empty());
  EXPECT_EQ(out.structured.as_object().size(), 5u) << out.text;
}

TEST_F(WeatherToolTest, ForecastsAreCachedForTenMinutesAndTheNormalsForAnHour) {
  core::WeatherConfig weather;
  EXPECT_EQ(MakeGetWeatherTool(weather)->spec().cache_ttl, std::chrono::seconds(3'600));
  weather.url = "https://api.open-meteo.com/v1/forecast";
  const std::unique_ptr<mcp::Tool> tool = MakeGetWeatherTool(weather);
  EXPECT_EQ(tool->spec().cache_ttl, std::chrono::seconds(600));
  EXPECT_GT(tool->spec().timeout, std::chrono::milliseconds(weather.timeout_ms))
      << "the normals outlive a forecast's timeout";
}

TEST(WeatherForecastTest, ParsesTheAskedDayAndKeepsNullsAsNone) {
  const std::chrono::sys_days day{std::chrono::year{2031} / 3 / 15};
  auto f = ParseDayForecast(R"({"daily":{"time":["2031-03-14","2031-03-15"],"temperature_2m_max":[20,24.5],
      "temperature_2m_min":[10,12],"precipitation_probability_max":[5,null],"weather_code":[0,null]}})", day);
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f->date, "2031-03-15");
  EXPECT_DOUBLE_EQ(f->high_c, 24.5);
  EXPECT_DOUBLE_EQ(f->low_c, 12.0);
  EXPECT_FALSE(f->precipitation_probability.has_value());
  EXPECT_FALSE(f->weather_code.has_value());
  const char* no_high = R"({"daily":{"time":["2031-03-15"],"temperature_2m_max":[null],"temperature_2m_min":[1]}})";
  for (const char* bad : {"", "[]", R"({"daily":[]})", R"({"daily":{"time":["2031-03-15"]}})", no_high}) {
    auto r = ParseDayForecast(bad, day);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, core::Code::kUpstream) << bad;
  }
}

TEST(WeatherForecastTest, WeatherCodesReadAsWords) {
  EXPECT_EQ(WeatherCodeText(0), "clear sky");
  EXPECT_EQ(WeatherCodeText(2), "partly cloudy");
  EXPECT_EQ(WeatherCodeText(63), "moderate rain");
  EXPECT_EQ(WeatherCodeText(99), "thunderstorm with heavy hail");
  EXPECT_EQ(WeatherCodeText(42), "weather code 42");
}

TEST(WeatherConfigTest, TheSectionParsesFromTomlAndEnvironmentAndIsValidated) {
  core::Config c;
  EXPECT_TRUE(c.weather.url.empty()) << "climate normals only by default";
  const std::string toml = "[weather]\nurl = \"https://api.open-meteo.com/v1/forecast\"\ntimeout_ms = 2000\n";
  ASSERT_TRUE(core::ApplyTomlText(toml, c).ok());
  EXPECT_EQ(c.weather.url, "https://api.open-meteo.com/v1/forecast");
  EXPECT_EQ(c.weather.timeout_ms, 2'000);
  ASSERT_TRUE(core::ApplyEnvironment({{"CONTRAIL_WEATHER_FORECAST_DAYS", "7"}}, c).ok());
  EXPECT_EQ(c.weather.forecast_days, 7);
  EXPECT_TRUE(core::Validate(c).ok());
  for (auto bad : {+[](core::Config& x) { x.weather.url = "ftp://example.com/forecast"; },
                   +[](core::Config& x) { x.weather.forecast_days = 0; },
                   +[](core::Config& x) { x.weather.forecast_days = 17; },
                   +[](core::Config& x) { x.weather.timeout_ms = 0; }}) {
    core::Config broken = c;
    bad(broken);
    core::Status s = core::Validate(broken);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find("weather."), std::string::npos) << s.error().message;
  }
}

}  // namespace
}  // namespace contrail::flightly
