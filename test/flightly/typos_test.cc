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

TEST_F(TyposTest, EnglishWordsNamesPlacesAndJoinedWordsStay) {
  const std::string kept[] = {
      "I'd rather bring my own skis than rent them",  // "than" and "them" are not "thank" and "theme"
      "How long is the Road to Hana?",                // a name: not "hand"
      "a 5 hour flite",                               // "elite" begins with another letter
      "flights to Kona and Lihue",                    // places
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
