#include "flightly/gazetteer.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "flightly/places.h"
#include "flightly/text.h"

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

TEST(TokensTest, LowercasesAndKeepsNumberFacts) {
  Tokens t("Flights from LAS under $1,500 on the 14th? What's up, Kaua\xE2\x80\x99i");
  ASSERT_EQ(t.size(), 11u);
  EXPECT_EQ(t.text(0), "flights");
  EXPECT_TRUE(t[0].capital);
  EXPECT_TRUE(t[2].upper);
  EXPECT_EQ(t.text(3), "under");
  EXPECT_EQ(t[4].number, 1500);
  EXPECT_TRUE(t[4].dollar);
  EXPECT_EQ(t[7].number, 14);
  EXPECT_EQ(t.text(8), "whats");
  EXPECT_EQ(t.text(10), "kauai");
  EXPECT_EQ(t.text(11), "");
  EXPECT_EQ(t.number(99), -1);
}

TEST(TokensTest, SeparatorRecordsDashesAndSlashes) {
  Tokens t("2026-03-14 3/14 8-year-old");
  ASSERT_EQ(t.size(), 8u);
  EXPECT_EQ(t[1].separator, '-');
  EXPECT_EQ(t[4].separator, '/');
  EXPECT_EQ(t[6].separator, '-');
  EXPECT_EQ(t[7].separator, '-');
  EXPECT_EQ(t[3].separator, ' ');
}

TEST(TokensTest, CapsLongInput) {
  std::string big(Tokens::kMaxBytes * 4, 'a');
  for (std::size_t i = 0; i < big.size(); i += 8) big[i] = ' ';
  Tokens t(big);
  EXPECT_LE(t.size(), Tokens::kMaxBytes / 8 + 1);
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

TEST(GazetteerTest, TablesAreConsistent) {
  std::set<std::string_view> codes;
  for (const Place& p : AllPlaces()) {
    EXPECT_EQ(p.code.size(), 3u) << p.code;
    for (char c : p.code) EXPECT_TRUE(c >= 'A' && c <= 'Z') << p.code;
    EXPECT_TRUE(codes.insert(p.code).second) << "duplicate " << p.code;
    EXPECT_EQ(p.good_months & ~0xFFF, 0) << p.code;
    EXPECT_EQ(p.country.size(), 2u) << p.code;
    EXPECT_FALSE(p.city.empty());
  }
  EXPECT_GE(codes.size(), 150u);
  for (const PlaceAlias& a : AliasTable()) {
    EXPECT_NE(FindPlaceByCode(a.code), nullptr) << a.name;
    Tokens tokens(a.name);
    PlaceMatch m = MatchPlace(tokens, 0);
    if (a.flags == 0) {
      ASSERT_NE(m.place, nullptr) << a.name;
      EXPECT_EQ(m.words, tokens.size()) << a.name;
    }
  }
}

}  // namespace
}  // namespace contrail::flightly
