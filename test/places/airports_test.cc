#include "places/airports.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

namespace contrail::places {
namespace {

std::size_t IndexOf(std::string_view code) {
  const Airport* airport = FindAirport(code);
  return airport == nullptr ? std::size_t(-1)
                            : static_cast<std::size_t>(airport - Airports().data());
}

TEST(AirportsTest, EveryAirportHasAUniqueUppercaseCodeAndIsFoundByIt) {
  std::set<std::string_view> codes;
  for (const Airport& airport : Airports()) {
    EXPECT_EQ(airport.code.size(), 3u) << airport.code;
    for (char c : airport.code) EXPECT_TRUE(c >= 'A' && c <= 'Z') << airport.code;
    EXPECT_TRUE(codes.insert(airport.code).second) << "duplicate " << airport.code;
    EXPECT_EQ(FindAirport(airport.code), &airport);
  }
  EXPECT_GE(codes.size(), 200u);
  EXPECT_EQ(FindAirport("hnl"), nullptr);
  EXPECT_EQ(FindAirport("XXX"), nullptr);
  EXPECT_EQ(FindAirport(""), nullptr);
}

TEST(AirportsTest, EveryAirportHasItsFacts) {
  for (const Airport& a : Airports()) {
    EXPECT_FALSE(a.name.empty()) << a.code;
    EXPECT_FALSE(a.city.empty()) << a.code;
    EXPECT_FALSE(a.region.empty()) << a.code;
    EXPECT_EQ(a.country.size(), 2u) << a.code;
    EXPECT_TRUE(a.territory.empty() || a.territory.size() == 2u) << a.code;
    EXPECT_TRUE(a.lat >= -90 && a.lat <= 90) << a.code;
    EXPECT_TRUE(a.lon >= -180 && a.lon <= 180) << a.code;
    EXPECT_NE(a.tz.find('/'), std::string_view::npos) << a.code;
  }
}

TEST(AirportsTest, OnlyDestinationsHaveTravelKnowledge) {
  std::size_t destinations = 0;
  for (const Airport& a : Airports()) {
    EXPECT_EQ(a.good_months & ~kAllYear, 0) << a.code;
    if (a.flags & kDestination) {
      ++destinations;
    } else {
      EXPECT_EQ(a.tags, 0) << a.code;
      EXPECT_EQ(a.good_months, 0) << a.code;
      EXPECT_EQ(a.flags & (kCodeIsWordWhenMatching | kCapitalizedCity), 0) << a.code;
    }
    if (a.tags == 0) {
      EXPECT_EQ(a.good_months, 0) << a.code << " is a hub: no months to go";
    }
  }
  EXPECT_GE(destinations, 150u);
  EXPECT_TRUE(FindAirport("HNL")->flags & kDestination);
  EXPECT_FALSE(FindAirport("ADL")->flags & kDestination);
}

TEST(AirportsTest, EveryAirportOfAMetroSharesItsArea) {
  std::map<std::string_view, std::string_view> area_of;
  for (const Airport& a : Airports()) {
    EXPECT_EQ(a.metro.empty(), a.area.empty()) << a.code;
    if (a.metro.empty()) continue;
    auto [it, added] = area_of.emplace(a.metro, a.area);
    EXPECT_EQ(it->second, a.area) << a.code << " in " << a.metro;
    // A metro keyed by an airport's code is that airport's own.
    if (const Airport* named = FindAirport(a.metro)) {
      EXPECT_EQ(named->metro, a.metro) << a.code;
    }
  }
  EXPECT_EQ(FindAirport("JFK")->metro, "NYC");
  EXPECT_EQ(FindAirport("EWR")->metro, "NYC");
  EXPECT_EQ(FindAirport("EWR")->area, "new york");
  EXPECT_EQ(FindAirport("HNL")->metro, "HNL");
}

TEST(AirportsTest, ACitysMainAirportComesFirst) {
  EXPECT_LT(IndexOf("JFK"), IndexOf("LGA"));
  EXPECT_LT(IndexOf("DFW"), IndexOf("DAL"));
  EXPECT_LT(IndexOf("LHR"), IndexOf("LGW"));
  EXPECT_LT(IndexOf("HND"), IndexOf("NRT"));
}

TEST(AirportsTest, ATerritoryWithItsOwnCodeCountsAsItsCountry) {
  const Airport* sju = FindAirport("SJU");
  ASSERT_NE(sju, nullptr);
  EXPECT_EQ(sju->country, "US");  // a flight from the mainland is domestic
  EXPECT_EQ(CountryOrTerritory(*sju), "PR");
  EXPECT_EQ(CountryOrTerritory(*FindAirport("HNL")), "US");
}

TEST(AirportsTest, MonthsWrapOverTheNewYear) {
  EXPECT_EQ(Months(3, 5), 0b000000011100);
  EXPECT_EQ(Months(11, 2), 0b110000000011);
  EXPECT_EQ(Months(12, 12), 0b100000000000);
  EXPECT_EQ(Months(1, 12), kAllYear);
}

}  // namespace
}  // namespace contrail::places
