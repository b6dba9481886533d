// What an agent plans with, in a database seeded from 2026-12-05 at scale 0.3 (the first 13 daily
// pairs, 63 weekly ones, 60 promotions): Las Vegas–Honolulu every day, with fares a family can take in
// March 2027; weekly routes on one weekday every week; a name for every airline code; hotel names
// unique within a city; promotion titles that name every city they cover. The timetable's shape at
// scale 1 (routes, airports, row count) is checked without a database.

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "flightly/seed/airlines.h"
#include "flightly/seed/schedule.h"
#include "flightly/seed/seed.h"
#include "support/database_suite.h"

namespace contrail::flightly::seed {
namespace {

using namespace std::chrono;

constexpr sys_days kStart = sys_days(year{2026} / December / 5);

TEST(SeedTimetableTest, ScaleOneFliesPopularPairsDailyAndOnePairPerAirportWeekly) {
  const SeedContext ctx = MakeContext(places::Airports(), kStart);
  const std::vector<Route> routes = PlanRoutes(ctx, 1.0);
  std::set<std::pair<int, int>> daily, weekly;
  std::set<int> served;
  for (const Route& r : routes) {
    ASSERT_TRUE(r.services.size() == 1 || r.services.size() == 2);
    (r.weekday < 0 ? daily : weekly).insert({r.origin, r.destination});
    EXPECT_LE(r.weekday, 6);
    EXPECT_GE(r.km, 150);
    served.insert(r.origin);
  }
  EXPECT_EQ(daily.size(), 88u);
  EXPECT_GE(weekly.size(), 400u);
  EXPECT_EQ(daily.size() + weekly.size(), routes.size()) << "a route is listed once";
  for (const auto& [from, to] : weekly) EXPECT_FALSE(daily.count({from, to}));
  const int las = ctx.by_iata.at("LAS"), hnl = ctx.by_iata.at("HNL");
  EXPECT_TRUE(daily.count({las, hnl}) && daily.count({hnl, las}));
  EXPECT_EQ(served.size(), ctx.airports.size()) << "every airport has a flight out";
  EXPECT_GE(FlightWriter(ctx, 1.0).rows(), 100'000) << "no smaller than the seed before timetables";
}

TEST(SeedTimetableTest, EveryCarrierIsAListedAirline) {
  const std::span<const Airline> airlines = Airlines();
  EXPECT_TRUE(std::is_sorted(airlines.begin(), airlines.end(),
                             [](const Airline& a, const Airline& b) { return a.code < b.code; }));
  std::set<std::string_view> codes, names;
  for (const Airline& a : airlines) {
    codes.insert(a.code);
    names.insert(a.name);
    EXPECT_TRUE(a.alliance.empty() || a.alliance == "Star Alliance" || a.alliance == "oneworld" ||
                a.alliance == "SkyTeam")
        << a.code;
  }
  EXPECT_EQ(codes.size(), airlines.size());
  EXPECT_EQ(names.size(), airlines.size());
  const SeedContext ctx = MakeContext(places::Airports(), kStart);
  for (const Route& r : PlanRoutes(ctx, 2.0)) {
    for (const Service& s : r.services) EXPECT_TRUE(codes.count(s.airline)) << s.flight_no;
  }
}

TEST(SeedTimetableTest, HotelNamesOfACityNeverRepeat) {
  std::set<std::string> names;
  for (std::uint32_t k = 0; k < 400; ++k) names.insert(HotelWriter::Name("Honolulu", k).first);
  EXPECT_EQ(names.size(), 400u);
}

class SeededTimetableTest : public test::DatabaseSuite {
 protected:
  static void SetUpTestSuite() {
    Database() = test::MigratedDatabase();
    if (!Database()) return;
    boost::asio::io_context io;
    pg::Connection conn(io.get_executor(), Database()->options());
    Request request{.scale = 0.3, .start_date = kStart, .today = kStart};
    auto report = test::RunAsync(io, Seed(conn, request, places::Airports()));
    if (!report) throw std::runtime_error("seeding: " + report.error().message);
    Flights() = report->counts.flights;
  }
  static void TearDownTestSuite() { CloseDatabase(); }
  static std::int64_t& Flights() {
    static std::int64_t flights = 0;
    return flights;
  }
  static std::string Sql(const std::string& sql) { return Database()->Sql(sql).rows.at(0).at(0); }
};

TEST_F(SeededTimetableTest, LasVegasHonoluluFliesDailyWithFaresUnder300InMarch) {
  for (const char* route : {"origin = 'LAS' AND destination = 'HNL'", "origin = 'HNL' AND destination = 'LAS'"}) {
    EXPECT_EQ(Sql(std::string("SELECT count(DISTINCT depart_date) FROM flights WHERE ") + route), "365") << route;
    EXPECT_EQ(Sql(std::string("SELECT count(DISTINCT depart_date) FROM flights WHERE ") + route +
                  " AND depart_date BETWEEN '2027-03-01' AND '2027-03-31'"),
              "31")
        << route;
  }
  // "A family trip from Las Vegas to Honolulu in March under $300 a person": seats for four.
  EXPECT_GE(std::stoi(Sql("SELECT count(*) FROM flights WHERE origin = 'LAS' AND destination = 'HNL' "
                          "AND depart_date BETWEEN '2027-03-01' AND '2027-03-31' AND cabin = 'economy' "
                          "AND fare_cents < 30000 AND seats_left >= 4")),
            1);
  EXPECT_EQ(Sql("SELECT count(DISTINCT airline) FROM flights WHERE origin = 'LAS' AND destination = 'HNL'"), "2")
      << "avoiding one airline leaves another";
}

TEST_F(SeededTimetableTest, EveryRouteFliesDailyOrOnOneWeekdayEveryWeek) {
  const std::string per_route =
      "SELECT origin, destination, count(DISTINCT depart_date) AS days, "
      "count(DISTINCT extract(dow FROM depart_date)) AS weekdays FROM flights GROUP BY 1, 2";
  EXPECT_EQ(Sql("SELECT count(*) FROM (" + per_route + ") r WHERE days = 365"), "26");
  EXPECT_EQ(Sql("SELECT count(*) FROM (" + per_route + ") r WHERE days IN (52, 53) AND weekdays = 1"), "126");
  EXPECT_EQ(Sql("SELECT count(*) FROM (" + per_route + ") r"), "152") << "no other kind of route";
  EXPECT_EQ(Sql("SELECT count(*) FROM flights"), std::to_string(Flights())) << "the report counts what was loaded";
}

TEST_F(SeededTimetableTest, EveryFlightsAirlineHasANameAndTheQueryRoleReadsThem) {
  EXPECT_EQ(Sql("SELECT count(*) FROM flights f WHERE NOT EXISTS (SELECT FROM airlines a WHERE a.code = f.airline)"),
            "0");
  EXPECT_EQ(Sql("SELECT name || ' ' || alliance FROM airlines WHERE code = 'AA'"), "American Airlines oneworld");
  EXPECT_EQ(Sql("SELECT has_table_privilege('contrail_query', 'airlines', 'SELECT')"), "t");
}

TEST_F(SeededTimetableTest, HotelNamesAreUniqueWithinACity) {
  EXPECT_EQ(Sql("SELECT count(*) FROM (SELECT FROM hotels GROUP BY city, name HAVING count(*) > 1) d"), "0");
  EXPECT_GT(std::stoi(Sql("SELECT max(n) FROM (SELECT count(*) AS n FROM hotels GROUP BY city) c")), 2);
}

TEST_F(SeededTimetableTest, PromotionTitlesNameEveryCityTheyCover) {
  EXPECT_EQ(Sql("SELECT count(*) FROM promotions p CROSS JOIN unnest(p.destinations) AS d(iata) "
                "JOIN airports a ON a.iata = d.iata WHERE strpos(p.title, a.city) = 0"),
            "0");
  EXPECT_GT(std::stoi(Sql("SELECT count(*) FROM promotions WHERE cardinality(destinations) > 1")), 0);
}

}  // namespace
}  // namespace contrail::flightly::seed
