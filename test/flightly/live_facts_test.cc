// LookupLiveFacts against a real PostgreSQL holding a few known rows: which fares, hotels and
// offers a turn is told about, and how each reads.

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "flightly/grounding.h"
#include "pg/pool.h"
#include "support/async.h"
#include "support/database_suite.h"
#include "support/services.h"

namespace contrail::flightly {
namespace {

using Facts = std::vector<std::string>;

constexpr const char* kToday = "2027-01-10";

constexpr const char* kRows = R"sql(
INSERT INTO airports (iata, name, city, country, lat, lon, tz) VALUES
  ('HNL', 'Honolulu Intl', 'Honolulu', 'US', 21.3, -157.9, 'Pacific/Honolulu'),
  ('OGG', 'Kahului', 'Maui', 'US', 20.9, -156.4, 'Pacific/Honolulu'),
  ('LAX', 'Los Angeles Intl', 'Los Angeles', 'US', 33.9, -118.4, 'America/Los_Angeles'),
  ('SEA', 'Seattle-Tacoma Intl', 'Seattle', 'US', 47.4, -122.3, 'America/Los_Angeles');
INSERT INTO hotels (name, iata, city, country, stars, rating, nightly_cents, family_friendly, amenities,
                    lat, lon, rooms_left) VALUES
  ('Budget Inn', 'HNL', 'Honolulu', 'US', 2, 7.1, 9000, false, '{wifi}', 21.3, -157.8, 5),
  ('Family Resort', 'HNL', 'Honolulu', 'US', 4, 8.7, 18900, true, '{wifi,pool,kids_club}', 21.3, -157.8, 3),
  ('Sold Out Hotel', 'HNL', 'Honolulu', 'US', 3, 8.0, 5000, true, '{pool}', 21.3, -157.8, 0),
  ('Luxury Palace', 'HNL', 'Honolulu', 'US', 5, 9.4, 45000, false, '{wifi,spa}', 21.3, -157.8, 2),
  ('Maui Hotel', 'OGG', 'Maui', 'US', 3, 8.0, 8000, true, '{}', 20.9, -156.4, 9);
INSERT INTO flights (flight_no, airline, origin, destination, depart_date, depart_time, arrive_time,
                     duration_min, cabin, fare_cents, seats_left) VALUES
  ('FL 1', 'FL', 'LAX', 'HNL', '2027-03-14', '2027-03-14 18:00Z', '2027-03-14 23:50Z', 350, 'economy', 27900, 9),
  ('FL 2', 'FL', 'SEA', 'HNL', '2027-03-20', '2027-03-20 18:00Z', '2027-03-21 00:10Z', 370, 'economy', 31900, 4),
  ('FL 3', 'FL', 'LAX', 'HNL', '2027-05-01', '2027-05-01 18:00Z', '2027-05-01 23:50Z', 350, 'economy', 19900, 9),
  ('FL 4', 'FL', 'LAX', 'OGG', '2027-03-12', '2027-03-12 18:00Z', '2027-03-12 23:50Z', 350, 'economy', 14900, 9),
  ('FL 5', 'FL', 'LAX', 'OGG', '2027-03-16', '2027-03-16 18:00Z', '2027-03-16 23:50Z', 350, 'economy', 25900, 9),
  ('FL 6', 'FL', 'LAX', 'OGG', '2027-04-20', '2027-04-20 18:00Z', '2027-04-20 23:50Z', 350, 'economy', 9900, 9),
  ('FL 7', 'FL', 'LAX', 'OGG', '2027-01-15', '2027-01-15 18:00Z', '2027-01-15 23:50Z', 350, 'economy', 25900, 9),
  ('FL 8', 'FL', 'LAX', 'OGG', '2027-01-25', '2027-01-25 18:00Z', '2027-01-25 23:50Z', 350, 'economy', 12900, 9);
INSERT INTO promotions (code, title, description, destinations, valid_from, valid_to, discount_pct,
                        price_from_cents) VALUES
  ('SPRING', 'Spring break', 'March and April.', '{HNL}', '2027-03-01', '2027-04-30', 10, 29900),
  ('FALL', 'Fall escape', 'September to November.', '{HNL}', '2027-09-01', '2027-11-30', 15, 24900),
  ('WINTER', 'Winter sun', 'December to February.', '{HNL}', '2026-12-01', '2027-02-28', 20, NULL),
  ('PAST', 'Last summer', 'Over.', '{HNL}', '2026-06-01', '2026-08-31', 25, 19900);
)sql";

class LiveFactsTest : public test::DatabaseSuite {
 protected:
  static void SetUpTestSuite() { OpenDatabase(kRows); }
  static void TearDownTestSuite() { CloseDatabase(); }

  Facts Lookup(const KnowledgeNeed& need) {
    auto facts = test::RunAsync(io_, LookupLiveFacts(*pool_, need, kToday));
    EXPECT_TRUE(facts.ok()) << facts.error().message;
    return facts.ok() ? *facts : Facts{};
  }

  static KnowledgeNeed Hotels() {
    KnowledgeNeed need;
    need.hotels = true;
    need.destination = "HNL";
    need.city = "Honolulu";
    return need;
  }
  static KnowledgeNeed Fares(std::string origin, int month) {
    KnowledgeNeed need;
    need.fares = true;
    need.destination = "HNL";
    need.city = "Honolulu";
    need.origin = std::move(origin);
    need.month = month;
    return need;
  }
};

TEST_F(LiveFactsTest, HotelsWithRoomsLeftNearTheDestinationCheapestFirst) {
  EXPECT_EQ(Lookup(Hotels()), (Facts{
                                  "Budget Inn (2★, guest rating 7.1), $90 a night",
                                  "Family Resort (4★, guest rating 8.7), $189 a night, family friendly, pool, kids club",
                                  "Luxury Palace (5★, guest rating 9.4), $450 a night, spa",
                              }));
}

TEST_F(LiveFactsTest, APartyWithKidsSeesFamilyFriendlyHotelsFirst) {
  KnowledgeNeed need = Hotels();
  need.kids = true;
  Facts facts = Lookup(need);
  ASSERT_EQ(facts.size(), 3u);
  EXPECT_EQ(facts[0].substr(0, 13), "Family Resort");
  EXPECT_EQ(facts[1].substr(0, 10), "Budget Inn");
}

TEST_F(LiveFactsTest, ANightlyBudgetLeavesOutDearerHotelsAndSaysWhenNoneFits) {
  KnowledgeNeed need = Hotels();
  need.max_nightly_usd = 200;
  Facts facts = Lookup(need);
  ASSERT_EQ(facts.size(), 2u);
  EXPECT_TRUE(IsHotelRateLine(facts[0]) && IsHotelRateLine(facts[1]));
  need.max_nightly_usd = 50;
  EXPECT_EQ(Lookup(need), Facts{"No hotel near HNL has rooms left under $50 a night in Flightly's system."});
}

// The hotels' names, each line up to its " (".
Facts Names(const Facts& facts) {
  Facts names;
  for (const std::string& f : facts) names.push_back(f.substr(0, f.find(" (")));
  return names;
}

TEST_F(LiveFactsTest, AFloorStarsAndAmenitiesLeaveOutOtherHotels) {
  KnowledgeNeed need = Hotels();
  need.min_nightly_usd = 150;
  EXPECT_EQ(Names(Lookup(need)), (Facts{"Family Resort", "Luxury Palace"}));
  need.min_nightly_usd = 500;
  EXPECT_EQ(Lookup(need), Facts{"No hotel near HNL has rooms left from $500 a night in Flightly's system."});
  need = Hotels();
  need.min_stars = 4;
  EXPECT_EQ(Names(Lookup(need)), (Facts{"Family Resort", "Luxury Palace"}));
  need.min_stars = 0;
  need.amenities = {"pool", "kids_club"};
  EXPECT_EQ(Names(Lookup(need)), Facts{"Family Resort"});  // the Sold Out Hotel has a pool but no rooms
  need.amenities = {"spa", "kids_club"};
  EXPECT_EQ(Lookup(need), Facts{"No hotel near HNL has rooms left with spa and kids club in Flightly's system."});
  need = Hotels();
  need.top_rated = true;  // "best rated hotels"
  EXPECT_EQ(Names(Lookup(need)), (Facts{"Luxury Palace", "Family Resort", "Budget Inn"}));
}

// "flights on March 15" had listed the month's cheapest fares, whatever their day.
TEST_F(LiveFactsTest, ADaysFaresComeNearestToItFirst) {
  KnowledgeNeed need = Fares("LAX", 3);
  need.destination = "OGG";
  need.city = "Maui";
  Facts month = Lookup(need);
  ASSERT_EQ(month.size(), 2u);
  EXPECT_EQ(month[0].substr(0, 4), "FL 4");  // the month: cheapest first
  need.day = 15;
  Facts day = Lookup(need);
  ASSERT_EQ(day.size(), 2u);
  EXPECT_EQ(day[0].substr(0, 4), "FL 5");  // the 16th, a day from the 15th, before the cheaper 12th
  EXPECT_EQ(day[1].substr(0, 4), "FL 4");
  need.day = 31;  // two weeks either side: from the 17th into April, not to the 20th
  EXPECT_EQ(Lookup(need), Facts{"No flight from LAX to OGG near March 31 has a seat in Flightly's system."});
  need.month = 4;
  need.day = 10;
  Facts april = Lookup(need);
  ASSERT_EQ(april.size(), 1u);
  EXPECT_EQ(april[0].substr(0, 4), "FL 6");
  need.day = 31;  // no such day: the month
  EXPECT_EQ(Lookup(need).size(), 1u);
}

// "tomorrow", "friday", "next week" had listed the next 60 days' cheapest fares. Today is Sunday 10 January.
TEST_F(LiveFactsTest, ANamedDayOrWeeksFares) {
  KnowledgeNeed need = Fares("LAX", 0);
  need.destination = "OGG";
  need.city = "Maui";
  auto first = [&](std::string when) {
    need.when = std::move(when);
    Facts facts = Lookup(need);
    return facts.empty() || !IsFareLine(facts[0]) ? std::string() : facts[0].substr(0, 4);
  };
  EXPECT_EQ(first(""), "FL 8");           // the cheapest of the next 60 days
  EXPECT_EQ(first("friday"), "FL 7");     // the 15th, nearest first
  EXPECT_EQ(first("next friday"), "FL 7");
  EXPECT_EQ(first("tomorrow"), "FL 7");   // the 11th: the 15th is nearer than the 25th
  EXPECT_EQ(first("next week"), "FL 7");  // the 11th to the 17th
  EXPECT_EQ(first("this week"), "");      // today, a Sunday, is its last day
  EXPECT_EQ(first("spring break"), "FL 8");  // no day: as without one
  need.when.clear();
  need.day = 24;  // "on the 24th": of this month, January
  Facts facts = Lookup(need);
  ASSERT_FALSE(facts.empty());
  EXPECT_EQ(facts[0].substr(0, 4), "FL 8");
  need.day = 5;  // the 5th is past: February's, whose fortnight before reaches the 25th
  facts = Lookup(need);
  ASSERT_FALSE(facts.empty());
  EXPECT_EQ(facts[0].substr(0, 4), "FL 8");
}

// "flights from LAX to Honolulu in March under $200" had listed no fare and said nothing of it.
TEST_F(LiveFactsTest, NoFareThatFitsIsSaidWithWhatTheRouteCosts) {
  KnowledgeNeed need = Fares("LAX", 3);
  need.max_fare_usd = 200;
  Facts facts = Lookup(need);
  ASSERT_EQ(facts.size(), 2u);  // and the offer
  EXPECT_EQ(facts[0], "No flight from LAX to HNL in March has a seat under $200 a person in Flightly's system; "
                      "the cheapest there is $279 a person.");
  need.max_fare_usd = 0;
  need.min_fare_usd = 300;
  EXPECT_EQ(Lookup(need)[0], "No flight from LAX to HNL in March has a seat from $300 a person in Flightly's "
                             "system; the dearest there is $279 a person.");
  need.min_fare_usd = 0;
  need.seats = 10;
  need.cabin = "business";
  EXPECT_EQ(Lookup(need)[0], "No flight from LAX to HNL in March has 10 seats in business in Flightly's system.");
  need = Fares("SEA", 0);
  need.when = "next friday";
  EXPECT_EQ(Lookup(need)[0], "No flight from SEA to HNL next Friday has a seat in Flightly's system.");
}

TEST_F(LiveFactsTest, FaresHotelsAndOffersComeTogether) {
  KnowledgeNeed need = Fares("LAX", 3);
  need.hotels = true;
  Facts facts = Lookup(need);
  ASSERT_EQ(facts.size(), 5u);
  EXPECT_EQ(facts[0], "FL 1 LAX→HNL on 2027-03-14, economy, $279 a person, 9 seats left");
  EXPECT_TRUE(IsHotelRateLine(facts[1]) && IsHotelRateLine(facts[3]));
  EXPECT_EQ(facts[4], "Offer SPRING: Spring break, from $299 (valid 2027-03-01 to 2027-04-30)");
  EXPECT_FALSE(IsHotelRateLine(facts[0]) || IsHotelRateLine(facts[4]));
}

TEST_F(LiveFactsTest, OffersForAMonthAreOnlyThoseValidInIt) {
  auto offers = [](const Facts& facts) {
    std::vector<std::string> codes;
    for (const std::string& f : facts) {
      if (f.starts_with("Offer ")) codes.push_back(f.substr(6, f.find(':') - 6));
    }
    return codes;
  };
  EXPECT_EQ(offers(Lookup(Fares("LAX", 3))), std::vector<std::string>{"SPRING"});
  EXPECT_EQ(offers(Lookup(Fares("LAX", 10))), std::vector<std::string>{"FALL"});
  // January is this month: from today to its end, the winter offer.
  EXPECT_EQ(offers(Lookup(Fares("LAX", 1))), std::vector<std::string>{"WINTER"});
  // No month: every offer still valid from today on, dearest last, none that has ended.
  EXPECT_EQ(offers(Lookup(Fares("LAX", 0))), (std::vector<std::string>{"FALL", "SPRING", "WINTER"}));
}

TEST_F(LiveFactsTest, WithoutAnOriginOnlyTheAirportsWithFaresAreNamed) {
  Facts facts = Lookup(Fares("", 3));
  ASSERT_FALSE(facts.empty());
  EXPECT_EQ(facts[0], "Fares to HNL in March depend on the airport you fly from; Flightly has them from LAX and SEA.");
  for (const std::string& f : facts) EXPECT_EQ(f.find("→"), std::string::npos) << f;
}

TEST_F(LiveFactsTest, NothingToLookUpIsNoQuery) {
  EXPECT_TRUE(Lookup(KnowledgeNeed{}).empty());
  auto facts = test::RunAsync(io_, LookupLiveFacts(*pool_, Hotels(), "not a date"));
  ASSERT_TRUE(facts.ok());
  EXPECT_TRUE(facts->empty());
}

}  // namespace
}  // namespace contrail::flightly
