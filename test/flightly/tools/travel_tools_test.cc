// search_flights, search_hotels and get_weather against a real, migrated PostgreSQL with a few
// known rows: places by code or name, the date window, the party's seats and total, the filters,
// airlines by code or name, and tool errors for what cannot be searched.

#include "flightly/tools/travel_tools.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include "flightly/tools/tools.h"
#include "mcp/tool_registry.h"
#include "pg/pool.h"
#include "support/async.h"
#include "support/database_suite.h"
#include "support/services.h"

namespace contrail::flightly {
namespace {

namespace json = boost::json;

constexpr const char* kRows = R"sql(
INSERT INTO airports (iata, name, city, country, lat, lon, tz) VALUES
  ('HNL', 'Honolulu Intl', 'Honolulu', 'US', 21.3, -157.9, 'Pacific/Honolulu'),
  ('LAS', 'Harry Reid Intl', 'Las Vegas', 'US', 36.1, -115.2, 'America/Los_Angeles');
INSERT INTO airlines (code, name, alliance) VALUES
  ('AA', 'American Airlines', 'oneworld'), ('HA', 'Hawaiian Airlines', 'oneworld'),
  ('VS', 'Virgin Atlantic', 'SkyTeam'), ('VA', 'Virgin Australia', NULL), ('AM', 'Aeroméxico', 'SkyTeam');
INSERT INTO flights (flight_no, airline, origin, destination, depart_date, depart_time, arrive_time,
                     duration_min, cabin, fare_cents, seats_left) VALUES
  ('AA 1', 'AA', 'LAS', 'HNL', '2031-03-14', '2031-03-14 18:00Z', '2031-03-14 23:50Z', 350, 'economy', 25900, 9),
  ('HA 2', 'HA', 'LAS', 'HNL', '2031-03-15', '2031-03-15 18:00Z', '2031-03-15 23:50Z', 350, 'economy', 29900, 4),
  ('HA 3', 'HA', 'LAS', 'HNL', '2031-03-16', '2031-03-16 18:00Z', '2031-03-16 23:50Z', 350, 'business', 89900, 2),
  ('HA 4', 'HA', 'LAS', 'HNL', '2031-03-17', '2031-03-17 18:00Z', '2031-03-17 23:50Z', 350, 'economy', 19900, 1),
  ('HA 5', 'HA', 'HNL', 'LAS', '2031-03-14', '2031-03-14 18:00Z', '2031-03-14 23:50Z', 350, 'economy', 9900, 9),
  ('VA 6', 'VA', 'LAS', 'HNL', '2031-03-18', '2031-03-18 18:00Z', '2031-03-18 23:50Z', 350, 'economy', 19900, 9),
  ('ZZ 7', 'ZZ', 'LAS', 'HNL', '2031-03-18', '2031-03-18 19:00Z', '2031-03-19 00:50Z', 350, 'economy', 29900, 9);
INSERT INTO flights (flight_no, airline, origin, destination, depart_date, depart_time, arrive_time,
                     duration_min, stops, cabin, fare_cents, seats_left) VALUES
  ('AA 8', 'AA', 'LAS', 'HNL', '2031-03-20', '2031-03-20 15:00Z', '2031-03-21 01:00Z', 600, 1, 'economy', 15900, 9),
  ('HA 9', 'HA', 'LAS', 'HNL', '2031-03-20', '2031-03-20 18:00Z', '2031-03-20 23:50Z', 350, 0, 'economy', 24900, 9);
INSERT INTO hotels (name, iata, city, country, stars, rating, nightly_cents, family_friendly, amenities,
                    lat, lon, rooms_left) VALUES
  ('Aloha Inn', 'HNL', 'Honolulu', 'US', 3, 8.1, 14900, true, '{pool,wifi}', 21.3, -157.8, 3),
  ('Palace', 'HNL', 'Honolulu', 'US', 5, 9.4, 45000, false, '{spa}', 21.3, -157.8, 2),
  ('Full House', 'HNL', 'Honolulu', 'US', 3, 8.0, 9000, true, '{}', 21.3, -157.8, 0);
)sql";

class TravelToolsTest : public test::DatabaseSuite {
 protected:
  static void SetUpTestSuite() { OpenDatabase(kRows); }
  static void TearDownTestSuite() { CloseDatabase(); }
  void SetUp() override {
    DatabaseSuite::SetUp();
    if (IsSkipped()) return;
    ASSERT_TRUE(AddFlightlyTools(tools_, {*pool_}, core::McpConfig{}).ok());
  }
  mcp::ToolOutput Call(std::string_view tool, std::string_view args) {
    return test::RunAsync(io_, tools_.Call(tool, json::parse(args), mcp::ToolCall{}));
  }
  static std::vector<std::string> FlightNumbers(const mcp::ToolOutput& out) {
    std::vector<std::string> numbers;
    for (const json::value& f : out.structured.at("flights").as_array()) numbers.emplace_back(f.at("flight_no").as_string());
    return numbers;
  }

  mcp::ToolRegistry tools_;
};

TEST_F(TravelToolsTest, FlightsByNameOrCodeOnTheDayCheapestFirstWithThePartysTotal) {
  mcp::ToolOutput out = Call("search_flights", R"({"origin":"las vegas","destination":"HNL","date":"2031-03-15","passengers":2})");
  ASSERT_FALSE(out.is_error) << out.text;
  EXPECT_EQ(FlightNumbers(out), (std::vector<std::string>{"HA 2"}));
  const json::object& f = out.structured.at("flights").at(0).as_object();
  EXPECT_DOUBLE_EQ(f.at("fare_usd").as_double(), 299.0);
  EXPECT_DOUBLE_EQ(f.at("total_usd").as_double(), 598.0);
  EXPECT_EQ(out.structured.at("origin"), "LAS");
}

TEST_F(TravelToolsTest, FlightFiltersSeatsCabinPriceAndAirlines) {
  auto search = [&](std::string_view args) { return FlightNumbers(Call("search_flights", args)); };
  EXPECT_TRUE(search(R"({"origin":"LAS","destination":"HNL","month":3})").empty()) << "March of this or next year, not 2031";
  EXPECT_EQ(search(R"({"origin":"LAS","destination":"Honolulu","date":"2031-03-14"})"), (std::vector<std::string>{"AA 1"}));
  EXPECT_TRUE(search(R"({"origin":"LAS","destination":"HNL","date":"2031-03-14","exclude_airlines":["aa"]})").empty());
  const std::string many = R"({"origin":"LAS","destination":"HNL","date":"2031-03-17","passengers":2})";
  EXPECT_TRUE(FlightNumbers(Call("search_flights", many)).empty()) << "one seat left is not enough for two";
  const std::string business = R"({"origin":"LAS","destination":"HNL","date":"2031-03-16","cabin":"business","max_price":900})";
  EXPECT_EQ(FlightNumbers(Call("search_flights", business)), (std::vector<std::string>{"HA 3"}));
  const std::string cheap = R"({"origin":"LAS","destination":"HNL","date":"2031-03-16","cabin":"business","max_price":500})";
  EXPECT_TRUE(FlightNumbers(Call("search_flights", cheap)).empty());
  // A floor leaves out the cheaper fares: "flights over $250".
  const std::string dear = R"({"origin":"LAS","destination":"HNL","date":"2031-03-14","min_price":260})";
  EXPECT_TRUE(FlightNumbers(Call("search_flights", dear)).empty());
  const std::string from = R"({"origin":"LAS","destination":"HNL","date":"2031-03-14","min_price":250})";
  EXPECT_EQ(FlightNumbers(Call("search_flights", from)), (std::vector<std::string>{"AA 1"}));
}

TEST_F(TravelToolsTest, FlightsByConnections) {
  auto search = [&](std::string_view more) {
    return FlightNumbers(Call("search_flights", R"({"origin":"LAS","destination":"HNL","date":"2031-03-20")" +
                                                    std::string(more) + "}"));
  };
  using Numbers = std::vector<std::string>;
  EXPECT_EQ(search(""), (Numbers{"AA 8", "HA 9"})) << "cheapest first";
  EXPECT_EQ(search(R"(,"max_stops":0)"), Numbers{"HA 9"});
  EXPECT_EQ(search(R"(,"max_stops":1)"), (Numbers{"AA 8", "HA 9"}));
  EXPECT_EQ(search(R"(,"prefer_nonstop":true)"), (Numbers{"HA 9", "AA 8"}));
  EXPECT_TRUE(Call("search_flights", R"({"origin":"LAS","destination":"HNL","max_stops":-1})").is_error);
}

TEST_F(TravelToolsTest, FlightsCarryTheAirlinesNameAndAlliance) {
  mcp::ToolOutput out = Call("search_flights", R"({"origin":"LAS","destination":"HNL","date":"2031-03-18"})");
  ASSERT_FALSE(out.is_error) << out.text;
  const json::array& flights = out.structured.at("flights").as_array();
  ASSERT_EQ(flights.size(), 2u) << out.text;
  EXPECT_EQ(flights[0].at("airline"), "VA");
  EXPECT_EQ(flights[0].at("airline_name"), "Virgin Australia");
  EXPECT_TRUE(flights[0].at("alliance").is_null()) << "in no alliance";
  EXPECT_EQ(flights[1].at("airline"), "ZZ");
  EXPECT_TRUE(flights[1].at("airline_name").is_null()) << "a code the airlines table lacks still shows";
  mcp::ToolOutput hawaiian = Call("search_flights", R"({"origin":"LAS","destination":"HNL","date":"2031-03-15"})");
  EXPECT_EQ(hawaiian.structured.at("flights").at(0).at("airline_name"), "Hawaiian Airlines");
  EXPECT_EQ(hawaiian.structured.at("flights").at(0).at("alliance"), "oneworld");
}

TEST_F(TravelToolsTest, ExcludeAirlinesTakesCodesAndNamesInAnyCase) {
  const std::string day = R"({"origin":"LAS","destination":"HNL","date":"2031-03-14","exclude_airlines":)";
  for (const char* entries : {R"(["AA"])", R"(["aa"])", R"(["American"])", R"(["american airlines"])",
                              R"([" AMERICAN AIRLINES "])"}) {
    mcp::ToolOutput out = Call("search_flights", day + entries + "}");
    ASSERT_FALSE(out.is_error) << entries << ": " << out.text;
    EXPECT_TRUE(FlightNumbers(out).empty()) << entries << ": " << out.text;
    const json::array aa{json::object{{"code", "AA"}, {"name", "American Airlines"}}};
    EXPECT_EQ(out.structured.at("excluded_airlines"), aa) << entries;
  }
  // A name's leading words may name several airlines; accents need not be typed.
  const std::string other = R"({"origin":"LAS","destination":"HNL","date":"2031-03-18","exclude_airlines":)";
  EXPECT_EQ(FlightNumbers(Call("search_flights", other + R"(["virgin"]})")), (std::vector<std::string>{"ZZ 7"}));
  mcp::ToolOutput zz = Call("search_flights", other + R"(["zz"]})");
  EXPECT_EQ(FlightNumbers(zz), (std::vector<std::string>{"VA 6"})) << "a code without a name is still a code";
  mcp::ToolOutput two = Call("search_flights", other + R"(["Aeromexico","Hawaiian"]})");
  ASSERT_FALSE(two.is_error) << two.text;
  EXPECT_EQ(two.structured.at("excluded_airlines").as_array().size(), 2u);
}

TEST_F(TravelToolsTest, AnAirlineNoOneFliesUnderThatNameIsAToolErrorNamingIt) {
  mcp::ToolOutput out = Call(
      "search_flights", R"({"origin":"LAS","destination":"HNL","exclude_airlines":["American","Pan Am","Air"]})");
  EXPECT_TRUE(out.is_error);
  EXPECT_NE(out.text.find("no airline is called `Pan Am`, `Air`"), std::string::npos) << out.text;
  EXPECT_EQ(out.text.find("`American`"), std::string::npos) << "American is known: " << out.text;
  EXPECT_TRUE(Call("search_flights", R"({"origin":"LAS","destination":"HNL","exclude_airlines":["A"]})").is_error)
      << "shorter than a code";
}

TEST_F(TravelToolsTest, UnknownPlacesBadDatesAndBadArgumentsAreToolErrors) {
  mcp::ToolOutput atlantis = Call("search_flights", R"({"origin":"Atlantis","destination":"HNL"})");
  EXPECT_TRUE(atlantis.is_error);
  EXPECT_NE(atlantis.text.find("unknown place `Atlantis` for `origin`"), std::string::npos) << atlantis.text;
  EXPECT_TRUE(Call("search_flights", R"({"origin":"LAS","destination":"HNL","date":"2031-02-30"})").is_error);
  EXPECT_TRUE(Call("search_flights", R"({"origin":"LAS","destination":"HNL","passengers":0})").is_error);
  EXPECT_TRUE(Call("search_flights", R"({"origin":"LAS","destination":"HNL","cabin":"steerage"})").is_error);
  EXPECT_TRUE(Call("search_hotels", R"({"city":"Atlantis"})").is_error);
  EXPECT_TRUE(Call("get_weather", R"({"location":"HNL","month":13})").is_error);
}

TEST_F(TravelToolsTest, HotelsWithRoomsCheapestFirstWithTheStay) {
  mcp::ToolOutput out = Call("search_hotels", R"({"city":"Honolulu","nights":3,"max_price":200})");
  ASSERT_FALSE(out.is_error) << out.text;
  const json::array& hotels = out.structured.at("hotels").as_array();
  ASSERT_EQ(hotels.size(), 1u) << out.text;  // Full House has no rooms, Palace is over the budget
  EXPECT_EQ(hotels[0].at("name"), "Aloha Inn");
  EXPECT_DOUBLE_EQ(hotels[0].at("stay_usd").as_double(), 447.0);
  EXPECT_EQ(hotels[0].at("amenities"), (json::array{"pool", "wifi"}));
  // "over $200 a night": a floor.
  out = Call("search_hotels", R"({"city":"Honolulu","min_price":200})");
  ASSERT_FALSE(out.is_error) << out.text;
  ASSERT_EQ(out.structured.at("hotels").as_array().size(), 1u) << out.text;
  EXPECT_EQ(out.structured.at("hotels").at(0).at("name"), "Palace");
  EXPECT_TRUE(Call("search_hotels", R"({"city":"Honolulu","min_price":-5})").is_error);
  // Stars and amenities.
  out = Call("search_hotels", R"({"city":"Honolulu","min_stars":4})");
  ASSERT_EQ(out.structured.at("hotels").as_array().size(), 1u) << out.text;
  EXPECT_EQ(out.structured.at("hotels").at(0).at("name"), "Palace");
  out = Call("search_hotels", R"({"city":"Honolulu","amenities":["pool"]})");
  ASSERT_EQ(out.structured.at("hotels").as_array().size(), 1u) << out.text;
  EXPECT_EQ(out.structured.at("hotels").at(0).at("name"), "Aloha Inn");
  EXPECT_TRUE(Call("search_hotels", R"({"city":"Honolulu","amenities":["moat"]})").is_error);
  EXPECT_TRUE(Call("search_hotels", R"({"city":"Honolulu","min_stars":6})").is_error);
  out = Call("search_hotels", R"({"city":"Honolulu","sort":"rating"})");
  ASSERT_EQ(out.structured.at("hotels").as_array().size(), 2u) << out.text;
  EXPECT_EQ(out.structured.at("hotels").at(0).at("name"), "Palace");  // 9.4 before Aloha Inn's 8.1
  EXPECT_TRUE(Call("search_hotels", R"({"city":"Honolulu","sort":"stars"})").is_error);
}

TEST_F(TravelToolsTest, WeatherIsTheClimateTablesForThePlaceAndMonth) {
  mcp::ToolOutput out = Call("get_weather", R"({"location":"Honolulu","date":"2031-03-14"})");
  ASSERT_FALSE(out.is_error) << out.text;
  EXPECT_EQ(out.structured.at("month"), "March");
  EXPECT_NE(out.structured.at("location").as_string().find("HNL"), std::string::npos);
  EXPECT_FALSE(out.structured.at("typical").as_string().empty());
}

TEST_F(TravelToolsTest, OnlyTheNamedToolsWhenAskedAndUnknownNamesRefused) {
  mcp::ToolRegistry weather;
  ASSERT_TRUE(AddFlightlyTools(weather, {*pool_}, core::McpConfig{}, {"get_weather"}).ok());
  ASSERT_EQ(weather.all().size(), 1u);
  EXPECT_EQ(weather.all()[0]->spec().name, "get_weather");
  mcp::ToolRegistry two;  // the list's first tool is not the table's last
  ASSERT_TRUE(AddFlightlyTools(two, {*pool_}, core::McpConfig{}, {"run_query", "search_flights"}).ok());
  EXPECT_EQ(two.all().size(), 2u);
  mcp::ToolRegistry none;
  EXPECT_FALSE(AddFlightlyTools(none, {*pool_}, core::McpConfig{}, {"get_weather", "teleport"}).ok());
}

}  // namespace
}  // namespace contrail::flightly
