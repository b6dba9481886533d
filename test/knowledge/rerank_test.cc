// The second stage on the shipped knowledge base: the unit that answers leads, hints about the
// place and the dates move documents, and one document cannot fill every slot.

#include "knowledge/rerank.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "knowledge/query_terms.h"
#include "search_fixture.h"

namespace contrail::knowledge {
namespace {

class RerankTest : public testing::ShippedKnowledgeTest {
 protected:
  static std::vector<SearchHit> Ranked(const std::string& question, RerankHints hints = {}, int k = 5) {
    auto hits = Find(question, SearchMode::kHybrid, 12);
    auto ranked = test::RunAsync(kb_->io(), Rerank(kb_->embedder(), question, std::move(hints), std::move(hits), k));
    EXPECT_TRUE(ranked) << ranked.error().message;
    return ranked ? *ranked : std::vector<SearchHit>{};
  }
};

TEST_F(RerankTest, TheTableRowThatAnswersIsTheFirstHighlight) {
  auto hits = Ranked("How many checked bags are included in Business?");
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].document_id, "policies/checked-baggage.md");
  ASSERT_FALSE(hits[0].highlights.empty());
  EXPECT_EQ(hits[0].highlights[0].text, "Business — Checked bags included: 2; Maximum weight per bag: 32 kg (70 lb)");
  EXPECT_EQ(hits[0].highlights[0].path, "Included allowance by fare and cabin");
  for (std::size_t i = 1; i < hits.size(); ++i) EXPECT_LE(hits[i].score, hits[i - 1].score) << i;
}

TEST_F(RerankTest, AUnitUnderAHeadingThatNamesTheTopicOutranksOneThatSharesWords) {
  const std::string question = "How big can my cabin bag be?";
  RerankHints hints;
  hints.doc_types = {"policy", "faq"};
  // Without the topic, "cabin" and "bag" find "Checked baggage › Included allowance by fare and
  // cabin" first; the carry-on policy's headings say what is asked.
  auto without = Ranked(question, hints);
  ASSERT_FALSE(without.empty());
  EXPECT_EQ(without[0].document_id, "policies/checked-baggage.md");
  hints.topics = {"carry on", "cabin bag", "hand luggage"};
  auto with = Ranked(question, hints);
  ASSERT_FALSE(with.empty());
  EXPECT_EQ(with[0].document_id, "policies/carry-on.md");
}

TEST_F(RerankTest, AUnitThatNamesTheAskedTopicNowhereRanksBelowOnesThatDo) {
  // "maximum weight" is a checked bag's table row word for word; the pet's limit is under "Pets in
  // the cabin". Read from an aside, a topic moves nothing down.
  RerankHints hints;
  hints.doc_types = {"policy", "faq"};
  hints.topics = {"pet", "dog", "cat"};
  auto hits = Ranked("What's the maximum weight for a pet in the cabin?", hints);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].document_id, "policies/pets.md");
  hints.topics = {"exit row", "seat"};
  hints.doc_types = {};
  hits = Ranked("I always sit in the exit row. What's the dry season in Bali?", hints);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].document_id, "guides/bali.md");
}

TEST_F(RerankTest, TheLineOfTheNamedTierOutranksAnotherTiers) {
  // The second stage's score of the highlighted unit that starts with `label`, 0 when none is.
  auto score_of = [](const std::vector<SearchHit>& hits, std::string_view label) {
    for (const SearchHit& h : hits) {
      for (const auto& u : h.highlights) {
        if (u.text.starts_with(label)) return u.score;
      }
    }
    return 0.0;
  };
  const std::string question = "do I get lounge access with Gold status?";
  RerankHints hints;
  hints.doc_types = {"policy", "faq"};
  // "lounge access" is the Platinum line's, word for word; the Gold line says "two lounge passes".
  auto without = Ranked(question, hints);
  EXPECT_GT(score_of(without, "Platinum:"), score_of(without, "Gold:"));
  hints.variants = {"gold"};
  hints.other_variants = {"blue", "silver", "platinum"};
  auto with = Ranked(question, hints);
  EXPECT_GT(score_of(with, "Gold:"), score_of(with, "Platinum:"));
  EXPECT_GT(score_of(with, "Gold:"), 0.0);
}

TEST_F(RerankTest, ThePlaceAskedAboutOutranksOtherPlaces) {
  RerankHints hints;
  hints.places = {"OGG"};
  hints.doc_types = {"guide"};
  // Reykjavik's guide answers "best time" in the same words; it must not come before Maui's (a
  // third Maui chunk, beyond a document's share, is there only for the best unit it holds).
  auto hits = Ranked("when is the best time to go to Maui and what is the weather like?", hints);
  ASSERT_GE(hits.size(), 2u);
  EXPECT_EQ(hits[0].document_id, "guides/maui.md");
  EXPECT_EQ(hits[1].document_id, "guides/maui.md");
}

TEST_F(RerankTest, TheBestUnitsChunkIsAlwaysAmongTheTopK) {
  // The answer leads with the best unit of all; chunks ranked above its own (two of its document,
  // say) must not push it out however few are kept.
  for (const char* question : {"How much can I claim under European law when my flight is badly delayed?",
                               "when is the best time to go to Maui and what is the weather like?"}) {
    const auto all = Ranked(question, {}, 12);
    std::int64_t best_chunk = -1;
    double best = -1e9;
    for (const SearchHit& hit : all) {
      for (const auto& h : hit.highlights) {
        if (h.score > best) best = h.score, best_chunk = hit.chunk_id;
      }
    }
    ASSERT_GE(best_chunk, 0) << question;
    for (int k : {1, 2, 3}) {
      const auto top = Ranked(question, {}, k);
      EXPECT_EQ(static_cast<int>(top.size()), k) << question;
      EXPECT_TRUE(std::any_of(top.begin(), top.end(), [&](const SearchHit& h) { return h.chunk_id == best_chunk; }))
          << question << " k=" << k;
    }
  }
}

TEST_F(RerankTest, ASentenceAboutThePageIsNoAnswer) {
  // The checked-baggage page opens with "This page sets out how many bags you can check on a
  // Flightly flight, what they may weigh and measure, what extra bags cost …": every word of this
  // question, and none of its answers.
  auto hits = Ranked("how many bags can you check on a Flightly flight, what can they weigh and measure, and what "
                     "do extra bags cost?");
  ASSERT_FALSE(hits.empty());
  const Highlight* best = nullptr;
  for (const SearchHit& hit : hits) {
    for (const Highlight& h : hit.highlights) {
      if (best == nullptr || h.score > best->score) best = &h;
    }
  }
  ASSERT_NE(best, nullptr);
  EXPECT_FALSE(best->text.starts_with("This page")) << best->text;
}

TEST_F(RerankTest, AnOfferOutsideTheDatesRanksBelowOneInsideUnlessItIsNamed) {
  RerankHints july;
  july.doc_types = {"promotion"};
  july.valid_from = "2027-07-01";
  july.valid_to = "2027-07-31";
  auto hits = Ranked("any deals for a family trip to Hawaii?", july);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].document_id, "promotions/hawaii-summer-kids-fly-free.md");
  // Named, an offer that has ended is still what the question is about.
  RerankHints june = july;
  june.places = {"CUN"};  // as the turn understands "Cancun"
  june.valid_from = "2027-06-01";
  june.valid_to = "2027-06-30";
  hits = Ranked("Is the Cancun spring break fare valid for travel in June 2027?", june);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].document_id, "promotions/spring-break-cancun.md");
}

TEST_F(RerankTest, AQuestionThatNamesDaysIsAnsweredByTheWindows) {
  const std::string question = "Can I use the Orlando theme park package for a trip in May 2027?";
  RerankHints may;
  may.doc_types = {"promotion"};
  may.valid_from = "2027-05-01";
  may.valid_to = "2027-05-31";
  // The offer's travel window answers; "Stay: packages of 4 to 7 nights" shares a word, not a date.
  auto hits = Ranked(question, may);
  const SearchHit* dates = nullptr;
  for (const SearchHit& h : hits) {
    if (h.document_id == "promotions/orlando-theme-parks.md" && h.text.find("Travel: ") != std::string::npos) dates = &h;
  }
  ASSERT_NE(dates, nullptr);
  ASSERT_FALSE(dates->highlights.empty());
  EXPECT_TRUE(dates->highlights[0].text.starts_with("Travel: ")) << dates->highlights[0].text;
}

// A dated question about an offer asks about one of its windows: booking on a day is answered by
// when it can be booked ("Book: …"), flying on a day by when one can travel ("Travel: …",
// "Blackout dates: …").
TEST_F(RerankTest, ADatedQuestionIsAnsweredByTheWindowItAsksAbout) {
  RerankHints day;
  day.doc_types = {"promotion"};
  day.places = {"CUN"};
  day.valid_from = day.valid_to = "2027-03-20";
  auto first_unit = [](const std::vector<SearchHit>& hits) {
    for (const SearchHit& h : hits) {
      if (h.document_id == "promotions/spring-break-cancun.md" && !h.highlights.empty()) return h.highlights[0].text;
    }
    return std::string();
  };
  const std::string book = first_unit(Ranked("Can I still book the Cancun bundle on March 20, 2027?", day));
  EXPECT_TRUE(book.starts_with("Book: ")) << book;
  const std::string fly = first_unit(Ranked("Can we fly to Cancun on March 20, 2027 with the spring break bundle?", day));
  EXPECT_TRUE(fly.starts_with("Travel: ") || fly.starts_with("Blackout dates: ")) << fly;
}

TEST_F(RerankTest, OneDocumentTakesAtMostTwoOfTheTopSlotsWhenOthersAreThere) {
  auto hits = Ranked("things to do in Honolulu with kids");
  ASSERT_EQ(hits.size(), 5u);
  int honolulu = 0;
  for (const SearchHit& h : hits) honolulu += h.document_id == "guides/honolulu.md";
  EXPECT_LE(honolulu, 2);
}

TEST_F(RerankTest, CorpusStatsKnowWhichWordsAreCommon) {
  auto stats = test::RunAsync(kb_->io(), LoadCorpusStats(kb_->pool()));
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_GT(stats->chunks(), 100);
  const auto common = [&](const char* word) {
    return stats->Commonness(ContentTerms(word).at(0).stem);
  };
  // "see" is in many guides, "manatees" in the Orlando guide only, "zyzzyva" nowhere.
  EXPECT_GT(common("see"), common("manatees"));
  EXPECT_GT(common("manatees"), 0.0);
  EXPECT_EQ(common("zyzzyva"), 0.0);
  EXPECT_EQ(CorpusStats().Commonness(ContentTerms("see").at(0).stem), 0.0);
}

TEST_F(RerankTest, QuestionsAreCorrectedToTheDocumentsSpelling) {
  auto stats = test::RunAsync(kb_->io(), LoadCorpusStats(kb_->pool()));
  ASSERT_TRUE(stats) << stats.error().message;
  // Misspellings become the documents' words, in place; the rest of the question stays as typed.
  EXPECT_EQ(stats->CorrectSpelling("When does boardng start on internatinal flights?"),
            "When does boarding start on international flights?");
  EXPECT_EQ(stats->CorrectSpelling("seatle ferry to bainbrige"), "seattle ferry to bainbridge");
  // A word the documents write with a hyphen is searched as they write it.
  EXPECT_EQ(stats->CorrectSpelling("how much is wifi?"), "how much is wi-fi?");
  // English words the documents do not use are not "corrected" into others ("bunny" is not "sunny").
  EXPECT_EQ(stats->CorrectSpelling("can my bunny fly?"), "can my bunny fly?");
  EXPECT_EQ(stats->CorrectSpelling("Zyzzyva"), "Zyzzyva");
  // Without statistics nothing changes.
  EXPECT_EQ(CorpusStats().CorrectSpelling("boardng"), "boardng");
}

TEST_F(RerankTest, TheFullTextHalfSkipsWordsMostChunksHold) {
  auto stats = test::RunAsync(kb_->io(), LoadCorpusStats(kb_->pool()));
  ASSERT_TRUE(stats) << stats.error().message;
  // "flights" and "family" are in more than a third of the shipped chunks: they rank almost nothing
  // and would make most chunks matches to rank.
  EXPECT_EQ(stats->DistinctiveWords("flights from Denver to Orlando for a family"), "denver orlando");
  EXPECT_EQ(stats->DistinctiveWords("flights?"), "flights");  // the rarest word stays
  EXPECT_EQ(stats->DistinctiveWords("what is it?"), "");       // no content word: the caller's default
  EXPECT_EQ(CorpusStats().DistinctiveWords("flights to Denver"), "");
}

TEST_F(RerankTest, NoHitsStayNoHits) {
  auto ranked = test::RunAsync(kb_->io(), Rerank(kb_->embedder(), "anything", {}, {}, 5));
  ASSERT_TRUE(ranked);
  EXPECT_TRUE(ranked->empty());
}

}  // namespace
}  // namespace contrail::knowledge
