// The offline model's grounded answers: passages quoted with citations, live fares listed.

#include "flightly/offline/grounded_answer.h"

#include <gtest/gtest.h>

#include "flightly/offline/respond.h"

namespace contrail::flightly::offline {
namespace {

llm::ChatRequest Ask(const std::string& text) {
  llm::ChatRequest r;
  r.messages.emplace_back(llm::Role::kUser, text);
  return r;
}

bool Contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

llm::Source Passage(int n, std::string doc, std::string title, std::string text) {
  llm::Source s;
  s.n = n;
  s.document_id = std::move(doc);
  s.title = std::move(title);
  s.text = std::move(text);
  return s;
}

TEST(GroundedAnswerTest, PolicyAnswerComesFromTheDocumentsWithCitations) {
  llm::ChatRequest r = Ask("can I bring my dog in the cabin?");
  r.context.sources = {
      Passage(1, "policies/pets.md", "Travelling with pets",
              "Small dogs and cats can fly with you in the cabin for $95 each way. Larger pets travel in the hold."),
      Passage(2, "policies/pets.md", "Travelling with pets", "Service dogs always fly free in the cabin."),
      Passage(3, "guides/bali.md", "Bali travel guide", "Bali has great breaks for surfers of every level.")};
  Reply reply = Respond(r);
  EXPECT_TRUE(Contains(reply.content, "$95 each way")) << reply.content;
  EXPECT_TRUE(Contains(reply.content, "[1]"));
  EXPECT_TRUE(Contains(reply.content, "Sources: [1][2] Travelling with pets (policies/pets.md); [3] Bali travel guide"))
      << reply.content;
}

TEST(GroundedAnswerTest, TripAnswerListsLiveFaresInsteadOfRefusingPrices) {
  llm::ChatRequest r = Ask("flights from LAX to Honolulu in March");
  Reply without = Respond(r);
  EXPECT_TRUE(Contains(without.content, "won't guess prices"));
  r.context.live_facts = {"HA 12 LAX→HNL on 2027-03-14, economy, $279 a person, 9 seats left"};
  Reply with = Respond(r);
  EXPECT_FALSE(Contains(with.content, "won't guess prices")) << with.content;
  EXPECT_TRUE(Contains(with.content, "Current fares and offers in Flightly's system:\n- HA 12 LAX→HNL")) << with.content;
}

// A passage as the second stage returns it: its best units scored (knowledge/rerank.h).
llm::Source Scored(int n, std::string doc, std::string title, std::string meta,
                   std::vector<llm::SourceHighlight> highlights) {
  llm::Source s = Passage(n, std::move(doc), std::move(title), "");
  s.metadata_json = std::move(meta);
  s.highlights = std::move(highlights);
  return s;
}

const char* const kPolicy = R"({"doc_type":"policy"})";
const char* const kGuide = R"({"doc_type":"guide"})";

TEST(GroundedAnswerTest, TheBestUnitLeadsWithItsHeadingAndOnlyQuotedDocumentsAreCited) {
  llm::ChatRequest r = Ask("How many checked bags are included in Business?");
  r.context.sources = {
      Scored(1, "policies/checked-baggage.md", "Checked baggage", kPolicy,
             {{"Included allowance by fare and cabin", "Business — Checked bags included: 2; Maximum weight: 32 kg", 1.2},
              {"Included allowance by fare and cabin", "Economy Basic — Checked bags included: none", 0.7}}),
      Scored(2, "guides/bali.md", "Bali travel guide", kGuide, {{"Surf", "Bali has breaks for every level.", 0.2}})};
  const std::string answer = Respond(r).content;
  EXPECT_TRUE(answer.starts_with("From Flightly's documents: Checked baggage › Included allowance by fare and cabin: "
                                 "Business — Checked bags included: 2; Maximum weight: 32 kg [1]"))
      << answer;
  EXPECT_TRUE(Contains(answer, "- Checked baggage › Included allowance by fare and cabin: Economy Basic")) << answer;
  EXPECT_TRUE(Contains(answer, "Sources: [1] Checked baggage (policies/checked-baggage.md)")) << answer;
  EXPECT_FALSE(Contains(answer, "Bali")) << answer;  // below the floor: neither quoted nor cited
}

TEST(GroundedAnswerTest, AStrongPolicyQuoteAnswersInsteadOfABudgetTemplate) {
  llm::ChatRequest r = Ask("how much does it cost to send my kid alone?");
  r.context.sources = {Scored(1, "policies/minors.md", "Children and unaccompanied minors", kPolicy,
                              {{"Unaccompanied minor service", "The UM fee is $150 each way.", 1.1}})};
  const std::string answer = Respond(r).content;
  EXPECT_TRUE(Contains(answer, "$150 each way")) << answer;
  EXPECT_FALSE(Contains(answer, "budget")) << answer;
}

// Budget tips for no budget at all say nothing of the traveller's own: a relevant quote leads them
// ("the cheapest time to visit New York" is the guide's), not only a strong one. With a budget to
// work with, the template leads as before.
TEST(GroundedAnswerTest, BudgetTipsWithoutABudgetFollowARelevantQuote) {
  llm::ChatRequest r = Ask("cheapest time to vist new york");
  r.context.sources = {Scored(1, "guides/new-york.md", "New York City travel guide", kGuide,
                              {{"Best time to go", "January to March is cold and the cheapest time to visit.", 0.5}})};
  const std::string answer = Respond(r).content;
  EXPECT_TRUE(answer.starts_with("From Flightly's documents: New York City travel guide › Best time to go")) << answer;
  EXPECT_TRUE(Contains(answer, "fly midweek")) << "the tips follow: " << answer;
  r.messages.back().content = "cheapest time to visit new york on a budget of $300 a person";
  const std::string with_budget = Respond(r).content;
  EXPECT_TRUE(with_budget.starts_with("Your budget: ")) << with_budget;
}

// Quotes that match only the place a question names answer where, not what: the documents do not
// answer "what plug adapter do I need in Japan?". A quote that holds one of its words does.
TEST(GroundedAnswerTest, QuotesThatMatchOnlyThePlaceDoNotAnswer) {
  llm::ChatRequest r = Ask("what plug adapter do I need in Japan?");
  r.context.sources = {Scored(1, "guides/tokyo.md", "Tokyo travel guide", kGuide,
                              {{"Overview", "Flightly flies to Tokyo Haneda (HND), the airport closest to the city.", 0.6}})};
  const std::string answer = Respond(r).content;
  EXPECT_TRUE(answer.starts_with("I could not find that in Flightly's documents.")) << answer;
  EXPECT_FALSE(Contains(answer, "Haneda")) << answer;
  r.context.sources[0].highlights[0].text = "Japan uses type A plugs at 100 V: bring an adapter.";
  EXPECT_TRUE(Contains(Respond(r).content, "type A plugs")) << Respond(r).content;
}

TEST(GroundedAnswerTest, AFlightSearchLeadsWithItsFaresBeforeAStrongOfferQuote) {
  llm::ChatRequest r = Ask("Any flights from Las Vegas to Honolulu in March?");
  const char* offer = R"({"doc_type":"promotion"})";
  r.context.sources = {Scored(1, "promotions/spring-break-honolulu.md", "Spring Break Family Fares to Honolulu", offer,
                              {{"How to book", "Search for flights to Honolulu and choose your dates in March.", 1.1}})};
  const std::string without_fares = Respond(r).content;
  EXPECT_TRUE(without_fares.starts_with("From Flightly's documents: ")) << without_fares;
  r.context.live_facts = {"UA 803 LAS→HNL on 2027-03-06, economy, $248 a person, 19 seats left"};
  const std::string answer = Respond(r).content;
  const std::size_t fares = answer.find("UA 803 LAS→HNL");
  const std::size_t quote = answer.find("choose your dates in March");
  ASSERT_NE(fares, std::string::npos) << answer;
  ASSERT_NE(quote, std::string::npos) << answer;
  EXPECT_LT(fares, quote) << answer;
  // Offers alone are no fares; a question about an offer is answered by its document first.
  r.context.live_facts = {"Offer SPRINGHNL27: Spring break in Honolulu (valid 2027-03-01 to 2027-04-30)"};
  EXPECT_TRUE(Respond(r).content.starts_with("From Flightly's documents: ")) << Respond(r).content;
  r.messages.back().content = "Any flights from Las Vegas to Honolulu in March with the spring break deal?";
  r.context.live_facts = {"UA 803 LAS→HNL on 2027-03-06, economy, $248 a person, 19 seats left"};
  EXPECT_TRUE(Respond(r).content.starts_with("From Flightly's documents: ")) << Respond(r).content;
}

// PostgreSQL writes a chunk's metadata with a space after each colon: the kind of the strongest
// quote's document is read from the JSON, not matched as text (a policy was never recognised).
TEST(GroundedAnswerTest, TheStrongestQuotesDocumentKindIsReadAsPostgresWritesIt) {
  llm::ChatRequest r = Ask("how much is it?");
  r.context.sources = {Scored(1, "policies/minors.md", "Children", R"({"tags": ["minors"], "doc_type": "policy"})",
                              {{"Fees", "The UM fee is $150 each way.", 1.1}}),
                       Scored(2, "promotions/orlando.md", "Orlando deal", R"({"doc_type": "promotion"})",
                              {{"The offer", "Kids fly for $99.", 0.9}})};
  bool policy = false, offer = true;
  EXPECT_DOUBLE_EQ(StrongestQuote(r, &policy, &offer), 1.1);
  EXPECT_TRUE(policy);
  EXPECT_FALSE(offer);
  r.context.sources[1].highlights[0].score = 1.3;
  StrongestQuote(r, &policy, &offer);
  EXPECT_FALSE(policy);
  EXPECT_TRUE(offer);
}

TEST(GroundedAnswerTest, AFlightSearchThatFoundNoFaresLeadsBeforeAGuidesStrongQuote) {
  llm::ChatRequest r = Ask("flights from Boston to Miami on March 10");
  r.context.sources = {Scored(1, "guides/miami.md", "Miami travel guide", kGuide,
                              {{"Best time to go", "March brings spring-break crowds and Miami Music Week.", 1.1}})};
  const std::string answer = Respond(r).content;
  EXPECT_TRUE(answer.starts_with("Looking for flights from Boston (BOS) to Miami (MIA) on March 10")) << answer;
  EXPECT_TRUE(Contains(answer, "March brings spring-break crowds")) << "the guide follows: " << answer;
}

TEST(GroundedAnswerTest, NothingRelevantSaysSoAndSuggestsWhatToAsk) {
  llm::ChatRequest r = Ask("what's the policy on grand pianos?");
  r.context.sources = {Scored(1, "guides/bali.md", "Bali travel guide", kGuide, {{"Surf", "Bali has breaks.", 0.1}})};
  const std::string answer = Respond(r).content;
  EXPECT_TRUE(Contains(answer, "could not find that in Flightly's documents")) << answer;
  EXPECT_FALSE(Contains(answer, "[1]")) << answer;
}

TEST(GroundedAnswerTest, APolicyQuestionWithoutARelevantQuoteKeepsTheBuiltInAnswer) {
  llm::ChatRequest r = Ask("can I bring my dog in the cabin?");
  const std::string built_in = Respond(r).content;
  r.context.sources = {Scored(1, "guides/bali.md", "Bali travel guide", kGuide, {{"Surf", "Bali has breaks.", 0.1}})};
  const std::string answer = Respond(r).content;
  EXPECT_EQ(answer, built_in);
  EXPECT_FALSE(Contains(answer, "could not find")) << answer;
}

TEST(GroundedAnswerTest, SupportingQuotesComeFromTheLeadsDocumentFirst) {
  llm::ChatRequest r = Ask("any deals for Cancun in March?");
  const char* offer = R"({"doc_type":"promotion"})";
  r.context.sources = {
      Scored(1, "promotions/cancun.md", "Spring Break in Cancún", offer,
             {{"Dates", "Blackout dates: 13–20 March 2027.", 0.9}, {"Dates", "Travel: 1 March to 18 April 2027.", 0.5}}),
      Scored(2, "guides/cancun.md", "Cancún guide", kGuide, {{"Tips", "Book the spring break fares early.", 0.85}}),
      Scored(3, "promotions/cancun.md", "Spring Break in Cancún", offer, {{"", "Use promo code CANCUNSB27.", 0.45}}),
      Scored(4, "guides/cancun.md", "Cancún guide", kGuide, {{"Beaches", "Seaweed arrives in spring.", 0.8}})};
  const std::string answer = Respond(r).content;
  EXPECT_TRUE(Contains(answer, "Travel: 1 March to 18 April 2027")) << answer;
  EXPECT_TRUE(Contains(answer, "CANCUNSB27")) << answer;
  // Then another document's, close to the lead; three supporting at most.
  EXPECT_TRUE(Contains(answer, "Book the spring break fares early")) << answer;
  EXPECT_FALSE(Contains(answer, "Seaweed")) << answer;
}

TEST(GroundedAnswerTest, AnOfferQuotedByItsDatesStillNamesItsCode) {
  llm::ChatRequest r = Ask("can I use the spring break deal on March 30?");
  const char* offer = R"({"doc_type":"promotion","codes":["CANCUNSB27"]})";
  r.context.sources = {Scored(1, "promotions/cancun.md", "Spring Break in Cancún", offer,
                              {{"Dates", "Travel: 1 March to 18 April 2027.", 0.9},
                               {"Dates", "Blackout dates: 27 March–4 April 2027.", 0.8}})};
  const std::string answer = Respond(r).content;
  // Once, after the title of the document's first quote.
  EXPECT_TRUE(Contains(answer, "Spring Break in Cancún (code CANCUNSB27) › Dates: Travel: 1 March")) << answer;
  EXPECT_EQ(answer.find("CANCUNSB27"), answer.rfind("CANCUNSB27")) << answer;
  // A quote that holds the code itself is not told it again.
  r.context.sources = {Scored(1, "promotions/cancun.md", "Spring Break in Cancún", offer,
                              {{"", "Save with promo code CANCUNSB27.", 0.9}})};
  const std::string own = Respond(r).content;
  EXPECT_FALSE(Contains(own, "(code CANCUNSB27)")) << own;
  EXPECT_TRUE(Contains(own, "Save with promo code CANCUNSB27.")) << own;
}

}  // namespace
}  // namespace contrail::flightly::offline
