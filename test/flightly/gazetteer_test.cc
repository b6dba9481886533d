#include "flightly/gazetteer.h"

#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>

#include "flightly/text.h"
#include "places/names.h"

namespace contrail::flightly {
namespace {

// The code of the place that starts at token i of text, or "" when none does.
std::string CodeAt(std::string_view text, std::size_t i) {
  Tokens tokens(text);
  PlaceMatch m = MatchPlace(tokens, i);
  return m.place ? std::string(m.place->code) : std::string();
}

// Every place found scanning text left to right, as "CODE CODE".
std::string AllCodes(std::string_view text) {
  Tokens tokens(text);
  std::string out;
  for (std::size_t i = 0; i < tokens.size();) {
    PlaceMatch m = MatchPlace(tokens, i);
    if (!m.place) {
      ++i;
      continue;
    }
    if (!out.empty()) out += ' ';
    out += m.place->code;
    i += m.words;
  }
  return out;
}

TEST(GazetteerTest, MatchesMultiWordNamesInAnyCase) {
  EXPECT_EQ(AllCodes("from las vegas to New York"), "LAS JFK");
  EXPECT_EQ(AllCodes("SAN FRANCISCO or salt lake city"), "SFO SLC");
  EXPECT_EQ(AllCodes("st. louis and washington, d.c."), "STL DCA");
  EXPECT_EQ(AllCodes("playa del carmen"), "CUN");
}

TEST(GazetteerTest, MatchesCodesAsWholeTokens) {
  EXPECT_EQ(AllCodes("LAX to jfk, then hnl"), "LAX JFK HNL");
  EXPECT_EQ(AllCodes("laxative jfkx"), "");
}

TEST(GazetteerTest, CodesThatAreWordsNeedUppercase) {
  EXPECT_EQ(AllCodes("a view of the sea from the den"), "");
  EXPECT_EQ(AllCodes("SEA to DEN"), "SEA DEN");
  EXPECT_EQ(AllCodes("I'm mad, it's a sin"), "");
  EXPECT_EQ(AllCodes("MAD and SIN"), "MAD SIN");
  EXPECT_EQ(AllCodes("den airport to downtown"), "DEN");  // a word's code right before "airport"
}

TEST(GazetteerTest, OrdinaryWordsAreNotPlaces) {
  EXPECT_EQ(AllCodes("can you help me get in to the airport and go on a trip with my son for "
                     "one day, may I pay per bag?"),
            "");
}

TEST(GazetteerTest, HawaiiIsARegionThatDefaultsToHonolulu) {
  Tokens tokens("fly to Hawaii");
  PlaceMatch m = MatchPlace(tokens, 2);
  ASSERT_NE(m.place, nullptr);
  EXPECT_EQ(m.place->code, "HNL");
  EXPECT_EQ(m.label, "Hawaii");
  EXPECT_EQ(AllCodes("maui, the big island, kauai, oahu, hilo"), "OGG KOA LIH HNL ITO");
}

TEST(GazetteerTest, WordLikeNamesOnlyWhenCapitalisedMidSentence) {
  EXPECT_EQ(AllCodes("is it nice there? we may split up"), "");
  EXPECT_EQ(AllCodes("we fly to Nice and then Split"), "NCE SPU");
  EXPECT_EQ(CodeAt("Nice weather today", 0), "");
  EXPECT_EQ(AllCodes("LA or la"), "LAX");
}

TEST(GazetteerTest, FindsPlacesByCodeOrName) {
  ASSERT_NE(FindPlaceByCode("hnl"), nullptr);
  EXPECT_EQ(FindPlaceByCode("hnl")->city, "Honolulu");
  EXPECT_EQ(FindPlaceByCode("XXX"), nullptr);
  EXPECT_EQ(FindPlaceByCode("HNLX"), nullptr);
  ASSERT_NE(FindPlace("Las Vegas"), nullptr);
  EXPECT_EQ(FindPlace("Las Vegas")->code, "LAS");
  EXPECT_EQ(FindPlace(" las ")->code, "LAS");
  EXPECT_EQ(FindPlace("nowhere at all"), nullptr);
  EXPECT_EQ(FindPlace(""), nullptr);
}

TEST(GazetteerTest, CanonicalLabelOnlyKnowsGazetteerLabels) {
  EXPECT_EQ(CanonicalLabel("Hawaii"), "Hawaii");
  EXPECT_EQ(CanonicalLabel("Atlantis"), "");
}

TEST(GazetteerTest, AppendsDisplayNames) {
  std::string out;
  AppendPlaceName(out, *FindPlaceByCode("HNL"));
  out += " | ";
  AppendPlaceName(out, *FindPlaceByCode("HNL"), "Hawaii");
  EXPECT_EQ(out, "Honolulu (HNL) | Hawaii (Honolulu, HNL)");
}

TEST(GazetteerTest, PlacesAreTheDestinationsOfThePlaceTable) {
  std::set<std::string_view> codes;
  for (const Place& p : AllPlaces()) {
    EXPECT_TRUE(p.flags & places::kDestination) << p.code;
    EXPECT_TRUE(codes.insert(p.code).second) << "duplicate " << p.code;
    EXPECT_EQ(FindPlaceByCode(p.code), &p);
  }
  EXPECT_GE(codes.size(), 150u);
  EXPECT_EQ(FindPlaceByCode("ADL"), nullptr);  // in the seed's airports, not a destination
}

TEST(GazetteerTest, EveryNameThatMatchesFindsItsDestination) {
  for (const places::PlaceName& name : places::PlaceNames()) {
    const places::Airport* airport = places::DestinationOf(name.place);
    if ((name.flags & places::kMentionOnly) || airport == nullptr) continue;
    std::string text = "fly to " + std::string(name.name);
    if (name.flags & places::kCapitalized) text[7] = static_cast<char>(text[7] - 'a' + 'A');
    // A name matched only in capitals is written so ("l a" as "L A", as "L.A." tokenizes).
    if (name.flags & places::kUpperOnly) {
      for (std::size_t k = 7; k < text.size(); ++k) text[k] = static_cast<char>(std::toupper(text[k]));
    }
    Tokens tokens(text);
    PlaceMatch m = MatchPlace(tokens, 2);
    ASSERT_NE(m.place, nullptr) << name.name;
    EXPECT_EQ(m.place->code, airport->code) << name.name;
    EXPECT_EQ(m.label, name.label) << name.name;
    EXPECT_EQ(m.words, tokens.size() - 2) << name.name;
  }
}

TEST(GazetteerTest, MentionsOnlyAreNotDestinations) {
  EXPECT_EQ(AllCodes("a walk in central park near times square"), "");
  EXPECT_EQ(FindPlace("heathrow"), nullptr);
}

}  // namespace
}  // namespace contrail::flightly
