#include "places/names.h"

#include <gtest/gtest.h>

#include <string>

#include "places/regions.h"

namespace contrail::places {
namespace {

bool IsCode(std::string_view name) {
  for (char c : name) {
    if (!(c >= 'A' && c <= 'Z')) return false;
  }
  return !name.empty();
}

TEST(PlaceNamesTest, NamesAreLowercaseWordsOrCodes) {
  for (const PlaceName& n : PlaceNames()) {
    if (IsCode(n.name)) continue;
    EXPECT_FALSE(n.name.empty());
    EXPECT_NE(n.name.front(), ' ') << n.name;
    EXPECT_NE(n.name.back(), ' ') << n.name;
    EXPECT_EQ(n.name.find("  "), std::string_view::npos) << n.name;
    for (char c : n.name) EXPECT_FALSE(c >= 'A' && c <= 'Z') << n.name;
  }
}

TEST(PlaceNamesTest, EveryNameStandsForAPlaceItsReadersKnow) {
  for (const PlaceName& n : PlaceNames()) {
    EXPECT_FALSE((n.flags & kMentionOnly) && (n.flags & kMatchOnly)) << n.name;
    if (!(n.flags & kMatchOnly)) {
      EXPECT_FALSE(MentionOf(n.place).key.empty()) << n.name;
    }
    bool region_of_its_own = FindRegion(n.place) && FindRegion(n.place)->airport.empty();
    if (!(n.flags & kMentionOnly) && !region_of_its_own) {
      EXPECT_NE(DestinationOf(n.place), nullptr) << n.name;
    }
    // Labels are shown when a traveller is sent somewhere; a mention sends nobody.
    if (n.flags & kMentionOnly) {
      EXPECT_TRUE(n.label.empty()) << n.name;
    }
  }
}

TEST(PlaceNamesTest, DestinationOfResolvesAirportsMetrosAndRegions) {
  EXPECT_EQ(DestinationOf("LGA")->code, "LGA");
  EXPECT_EQ(DestinationOf("NYC")->code, "JFK");  // the metro's first destination
  EXPECT_EQ(DestinationOf("LON")->code, "LHR");
  EXPECT_EQ(DestinationOf("FL")->code, "MCO");  // a region's airport
  EXPECT_EQ(DestinationOf("EUR"), nullptr);     // a region no one airport stands for
  EXPECT_EQ(DestinationOf("ADL"), nullptr);     // an airport only the seed knows
  EXPECT_EQ(DestinationOf("XYZ"), nullptr);
}

TEST(PlaceNamesTest, MentionOfGivesTheMetroOrRegionAndItsArea) {
  Mention jfk = MentionOf("JFK");
  EXPECT_EQ(jfk.key, "NYC");
  EXPECT_EQ(jfk.area, "new york");
  EXPECT_EQ(MentionOf("EWR").key, "NYC");
  EXPECT_EQ(MentionOf("LON").area, "united kingdom");
  EXPECT_EQ(MentionOf("FL").key, "FL");
  EXPECT_EQ(MentionOf("FL").area, "florida");
  EXPECT_TRUE(MentionOf("ADL").key.empty());
  EXPECT_TRUE(MentionOf("XYZ").key.empty());
}

}  // namespace
}  // namespace contrail::places
