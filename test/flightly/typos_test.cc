// Misspelt phrase words are read as the words they miss, and nothing else is touched.

#include "flightly/typos.h"

#include <gtest/gtest.h>

#include "core/english_lexicon.h"
#include "flightly/understanding.h"

namespace contrail::flightly {
namespace {

class TyposTest : public testing::Test {
 protected:
  void SetUp() override {
    if (core::EnglishLexicon::Shared().empty()) GTEST_SKIP() << "WordNet is not installed";
  }
};

TEST_F(TyposTest, AMisspeltPhraseWordIsTheWordItMisses) {
  EXPECT_EQ(FixTypos("how erly do i need to be at the airprot?"), "how early do i need to be at the airport?");
  EXPECT_EQ(FixTypos("can i take my bunny rabit in the cabn"), "can i take my bunny rabbit in the cabin");
  EXPECT_EQ(FixTypos("is my ski bag free with the ski deel?"), "is my ski bag free with the ski deal?");
  EXPECT_EQ(FixTypos("whats the best tiem to visit maui"), "whats the best time to visit maui");
}

TEST_F(TyposTest, AMisspeltPlaceIsThePlace) {
  EXPECT_EQ(FixTypos("best tiem to visit mauii"), "best time to visit maui");
  EXPECT_EQ(FixTypos("stopover in Reykavik free?"), "stopover in Reykjavik free?");
  EXPECT_EQ(FixTypos("flights to honolullu"), "flights to honolulu");
  const auto u = Understand("best tiem to visit mauii", "");
  ASSERT_NE(u->said.destination, nullptr);
  EXPECT_EQ(u->said.destination->code, "OGG");
  // "Tokio" is WordNet's too (and the German and Spanish name): a name of the place, not a slip.
  const auto tokyo = Understand("fun stuff for kids in tokio", "");
  ASSERT_NE(tokyo->said.destination, nullptr);
  EXPECT_EQ(tokyo->said.destination->city, "Tokyo");
}

TEST_F(TyposTest, EnglishWordsNamesPlacesAndJoinedWordsStay) {
  const std::string kept[] = {
      "I'd rather bring my own skis than rent them",  // "than" and "them" are not "thank" and "theme"
      "How long is the Road to Hana?",                // a name: not "hand"
      "a 5 hour flite",                               // "elite" begins with another letter
      "flights to Kona and Lihue",                    // places
      "Coronado ferry price",                         // two edits from Colorado: another place
      "my bag didnt arrive, carry-on too",            // joined words
      "whats the best time?",
  };
  for (const std::string& message : kept) EXPECT_EQ(FixTypos(message), message);
}

TEST_F(TyposTest, TheIntentIsReadFromTheFixedWords) {
  EXPECT_EQ(Understand("how erly do i need to be at the airprot", "")->intent, Intent::kCheckIn);
  EXPECT_EQ(Understand("can i take my bunny rabit in the cabin?", "")->intent, Intent::kPets);
}

}  // namespace
}  // namespace contrail::flightly
