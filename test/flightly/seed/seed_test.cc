// flightly::Seed against a real PostgreSQL: determinism (two databases, identical table
// checksums; without a database, identical rows from the generators), row counts, the no-op second
// run (reporting the counts it recorded), --force, and a failed reseed keeping the old data. The
// timetable and what agents read of the data: timetable_test.cc.
// Plus the fare curve and distances without a database.

#include "flightly/seed/seed.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <filesystem>

#include "flightly/seed/airlines.h"
#include "flightly/seed/schedule.h"
#include "flightly/seed/seed_rows.h"
#include "pg/migrate.h"
#include "support/async.h"
#include "support/pg_env.h"
#include "support/services.h"
#include "support/migrated_database.h"
#include "support/repo_path.h"

namespace contrail::flightly::seed {
namespace {

using namespace std::chrono;
using test::RunAsync;

constexpr sys_days kStart = sys_days(year{2025} / January / 10);

TEST(SeedFaresTest, DistanceAndFareCurve) {
  const places::Airport* las = places::FindAirport("LAS");
  const places::Airport* hnl = places::FindAirport("HNL");
  ASSERT_TRUE(las && hnl);
  EXPECT_NEAR(seed::HaversineKm(*las, *hnl), 4'440, 30);  // 2,762 miles
  sys_days tuesday = sys_days(year{2025} / October / 14);
  double short_hop = seed::EconomyFareUsd(500, tuesday, kStart, "SFO", 0.5);
  double long_haul = seed::EconomyFareUsd(9'000, tuesday, kStart, "SFO", 0.5);
  EXPECT_GT(long_haul, 5 * short_hop);
  EXPECT_LT(long_haul / 9'000, short_hop / 500);  // cheaper per km
  // Spring break raises beach fares in March, not city fares.
  sys_days march = sys_days(year{2025} / March / 18);
  EXPECT_GT(seed::EconomyFareUsd(4'000, march, kStart, "HNL", 0.5),
            1.3 * seed::EconomyFareUsd(4'000, march, kStart, "ORD", 0.5));
}

// The default run's half of the determinism check (labelled slow,
// SameScaleAndStartGiveIdenticalRowsInTwoDatabases seeds two databases): the row generators write
// the same bytes for the same start.
TEST(SeedRowsTest, TheSameStartWritesIdenticalRows) {
  auto rows = [] {
    SeedContext ctx = MakeContext(places::Airports(), kStart);
    ctx.utc_offset_min.assign(ctx.airports.size(), std::vector<int>(kDays, 0));
    pg::CopyWriter w;
    const auto airports = static_cast<std::int64_t>(ctx.airports.size());
    for (std::int64_t i = 0; i < airports; ++i) WriteAirport(ctx, i, w);
    for (std::int64_t i = 0; i < static_cast<std::int64_t>(Airlines().size()); ++i) WriteAirline(i, w);
    for (std::int64_t i = 0; i < 100; ++i) WriteCustomer(ctx, i, w);
    const HotelWriter hotels(ctx, 50);
    for (std::int64_t i = 0; i < 50; ++i) hotels.Write(i, w);
    for (std::int64_t i = 0; i < SpringBreakPromotions(ctx) + 10; ++i) WritePromotion(ctx, i, w);
    FlightWriter flights(ctx, 0.01);
    for (std::int64_t i = 0; i < flights.rows(); ++i) flights.Write(w);
    w.Finish();
    return w.data();
  };
  const std::string first = rows();
  EXPECT_GT(first.size(), 100'000u);
  EXPECT_TRUE(rows() == first);  // not EXPECT_EQ: a mismatch would print both buffers
}

class SeedTest : public ::testing::Test {
 protected:
  static std::optional<test::TestDatabase> MigratedDatabase() { return test::MigratedDatabase(); }
  core::Result<Report> Run(const test::TestDatabase& db, std::optional<double> scale,
                               std::optional<sys_days> start, bool force = false,
                               std::span<const places::Airport> airports = places::Airports()) {
    Request request;
    request.scale = scale;
    request.start_date = start;
    request.today = kStart;
    request.force = force;
    pg::Connection conn(io_.get_executor(), db.options());
    return RunAsync(io_, Seed(conn, request, airports));
  }
  // One md5 per seeded table over all its rows in key order.
  static std::string Checksums(const test::TestDatabase& db) {
    std::string out;
    for (const char* q : {"SELECT md5(string_agg(a::text, '|' ORDER BY code)) FROM airlines a",
                          "SELECT md5(string_agg(a::text, '|' ORDER BY iata)) FROM airports a",
                          "SELECT md5(string_agg(c::text, '|' ORDER BY id)) FROM customers c",
                          "SELECT md5(string_agg(f::text, '|' ORDER BY id)) FROM flights f",
                          "SELECT md5(string_agg(h::text, '|' ORDER BY id)) FROM hotels h",
                          "SELECT md5(string_agg(p::text, '|' ORDER BY id)) FROM promotions p"}) {
      out += db.Sql(q).rows.at(0).at(0) + " ";
    }
    return out;
  }
  static std::string Count(const test::TestDatabase& db, const std::string& table) {
    return db.Sql("SELECT count(*) FROM " + table).rows.at(0).at(0);
  }

  boost::asio::io_context io_;
};

TEST_F(SeedTest, SameScaleAndStartGiveIdenticalRowsInTwoDatabases) {
  auto a = MigratedDatabase();
  if (!a) CONTRAIL_SKIP_OR_FAIL_WITHOUT("CONTRAIL_TEST_PG_PORT");
  auto b = MigratedDatabase();
  auto ra = Run(*a, 0.01, kStart);
  ASSERT_TRUE(ra) << ra.error().message;
  auto rb = Run(*b, 0.01, kStart);
  ASSERT_TRUE(rb) << rb.error().message;
  EXPECT_TRUE(ra->seeded);
  EXPECT_EQ(Checksums(*a), Checksums(*b));
  EXPECT_EQ(Count(*a, "airports"), std::to_string(places::Airports().size()));
  EXPECT_EQ(Count(*a, "flights"), std::to_string(ra->counts.flights));
  EXPECT_GT(ra->counts.flights, 1000);  // Las Vegas–Honolulu daily both ways, and two weekly pairs
  EXPECT_EQ(Count(*a, "airlines"), std::to_string(Airlines().size()));
  EXPECT_EQ(Count(*a, "customers"), "100");
  EXPECT_EQ(Count(*a, "hotels"), "50");
  EXPECT_EQ(Count(*a, "promotions"), std::to_string(ra->counts.promotions));
  // Spring break promotions to Honolulu and Cancún, valid in March–April.
  EXPECT_EQ(a->Sql("SELECT count(*) FROM promotions WHERE 'spring break' = ANY(tags) AND destinations && "
                   "ARRAY['HNL','CUN'] AND valid_from = '2025-03-01' AND valid_to = '2025-04-30'")
                .rows[0][0],
            "2");
  // Flights stay within the 365 days from the start date, and times are real instants.
  EXPECT_EQ(a->Sql("SELECT min(depart_date)::text >= '2025-01-10' AND max(depart_date)::text <= '2026-01-09' "
                   "AND bool_and(arrive_time > depart_time) FROM flights")
                .rows[0][0],
            "t");
  // The app's inserts continue after the seeded ids.
  EXPECT_EQ(a->Sql("INSERT INTO customers (name, email) VALUES ('New', 'new@example.com') RETURNING id").rows[0][0],
            "101");
}

TEST_F(SeedTest, SecondRunIsANoOpAndForceReseeds) {
  auto db = MigratedDatabase();
  if (!db) CONTRAIL_SKIP_OR_FAIL_WITHOUT("CONTRAIL_TEST_PG_PORT");
  auto first = Run(*db, 0.01, kStart);
  ASSERT_TRUE(first) << first.error().message;
  std::string before = Checksums(*db);
  auto again = Run(*db, std::nullopt, std::nullopt);  // what ./scripts/run does on every start
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_FALSE(again->seeded);
  EXPECT_EQ(again->counts.flights, first->counts.flights);
  EXPECT_EQ(again->counts.total(), first->counts.total());
  EXPECT_EQ(again->scale, 0.01);
  EXPECT_EQ(again->start_date, kStart);
  EXPECT_EQ(Checksums(*db), before);
  auto other = Run(*db, 0.02, std::nullopt);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, core::Code::kConflict);
  auto forced = Run(*db, 0.02, kStart + days(30), true);
  ASSERT_TRUE(forced) << forced.error().message;
  EXPECT_TRUE(forced->seeded);
  EXPECT_EQ(Count(*db, "flights"), std::to_string(forced->counts.flights));
  EXPECT_GT(forced->counts.flights, again->counts.flights) << "more routes at the larger scale";
  EXPECT_EQ(db->Sql("SELECT scale, start_date FROM seed_state").rows[0],
            (std::vector<std::string>{"0.02", "2025-02-09"}));
}

TEST_F(SeedTest, FailedReseedKeepsTheOldData) {
  auto db = MigratedDatabase();
  if (!db) CONTRAIL_SKIP_OR_FAIL_WITHOUT("CONTRAIL_TEST_PG_PORT");
  ASSERT_TRUE(Run(*db, 0.01, kStart));
  std::string before = Checksums(*db);
  // A country code the airports table rejects makes the reseed fail half-way.
  places::Airport hnl = *places::FindAirport("HNL");
  hnl.country = "usa";
  const places::Airport bad[] = {*places::FindAirport("LAS"), hnl};
  auto r = Run(*db, 0.01, kStart, true, bad);
  ASSERT_FALSE(r);
  EXPECT_EQ(pg::SqlState(r.error()), "23514") << r.error().message;  // check_violation
  EXPECT_EQ(Checksums(*db), before);
}

}  // namespace
}  // namespace contrail::flightly::seed
