// The knowledge base's spelling fixes: a misspelt word becomes the documents' word, hyphenated
// words their written form, and the rest of the question stays as written.

#include "knowledge/corpus_stats.h"

#include <gtest/gtest.h>

#include "core/english_lexicon.h"

namespace contrail::knowledge {
namespace {

TEST(CorpusStatsTest, AMisspeltWordBecomesTheDocumentsWordAndTheRestStays) {
  const core::EnglishLexicon& english = core::EnglishLexicon::Shared();
  if (english.empty()) GTEST_SKIP() << "WordNet is not installed";
  CorpusStats stats({}, 10, {{"boarding", 5}, {"start", 3}, {"international", 2}}, &english);
  stats.set_hyphenated({{"wifi", "wi-fi"}});
  EXPECT_EQ(stats.CorrectSpelling("When does boardng start on internatinal flights?"),
            "When does boarding start on international flights?");
  EXPECT_EQ(stats.CorrectSpelling("Is there WIFI on board?"), "Is there wi-fi on board?");
  EXPECT_EQ(stats.CorrectSpelling("When does boarding start?"), "When does boarding start?");
}

TEST(CorpusStatsTest, WithoutALexiconNothingIsCorrected) {
  CorpusStats stats({}, 10, {{"boarding", 5}});
  EXPECT_EQ(stats.CorrectSpelling("boardng"), "boardng");
}

}  // namespace
}  // namespace contrail::knowledge
