#include "places/regions.h"

#include <gtest/gtest.h>

#include "places/airports.h"

namespace contrail::places {
namespace {

TEST(RegionsTest, KeysNeverClashWithAirportsOrMetros) {
  for (const Region& region : Regions()) {
    EXPECT_EQ(FindRegion(region.key), &region);
    EXPECT_EQ(FindAirport(region.key), nullptr) << region.key;
    for (const Airport& airport : Airports()) EXPECT_NE(airport.metro, region.key);
    if (!region.airport.empty()) {
      ASSERT_NE(FindAirport(region.airport), nullptr) << region.key;
      EXPECT_TRUE(FindAirport(region.airport)->flags & kDestination) << region.key;
    }
  }
  EXPECT_EQ(FindRegion("XX"), nullptr);
}

TEST(RegionsTest, FloridaSendsTravellersToOrlando) {
  const Region* florida = FindRegion("FL");
  ASSERT_NE(florida, nullptr);
  EXPECT_EQ(florida->area, "florida");
  EXPECT_EQ(florida->airport, "MCO");
}

}  // namespace
}  // namespace contrail::places
