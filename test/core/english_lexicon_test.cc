// core/english_lexicon.h: English words from WordNet's index files, and their regular inflections.

#include "core/english_lexicon.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace contrail::core {
namespace {

TEST(EnglishLexiconTest, KnowsWordsAndTheirInflectionsButNotMisspellings) {
  const EnglishLexicon& words = EnglishLexicon::Shared();
  ASSERT_FALSE(words.empty()) << "wordnet-base is installed by scripts/lib/install-deps.sh";
  for (const char* w : {"bunny", "bunnies", "residents", "boarding", "hiking", "stopped", "bigger", "mileage",
                        "children", "quickly"}) {
    EXPECT_TRUE(words.Knows(w)) << w;
  }
  for (const char* w : {"boardng", "rabit", "internatinal", "seatle", "residnets", "cancle"}) {
    EXPECT_FALSE(words.Knows(w)) << w;
  }
}

TEST(EnglishLexiconTest, ReadsTheIndexFilesOfADirectory) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "contrail_lexicon_test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "index.noun") << "  1 license line\nrabbit n 2 1 @ 2 0 1\nice_cream n 1 0 1 0 1\n";
  std::ofstream(dir / "noun.exc") << "geese goose\n";
  auto lexicon = EnglishLexicon::Load(dir.string());
  ASSERT_TRUE(lexicon) << lexicon.error().message;
  EXPECT_TRUE(lexicon->Knows("rabbit"));
  EXPECT_TRUE(lexicon->Knows("rabbits"));
  EXPECT_TRUE(lexicon->Knows("geese"));
  EXPECT_FALSE(lexicon->Knows("license"));  // the header's words are not lemmas
  EXPECT_FALSE(lexicon->Knows("ice_cream"));
  std::filesystem::remove_all(dir);
  auto missing = EnglishLexicon::Load(dir.string());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Code::kNotFound);
}

}  // namespace
}  // namespace contrail::core
