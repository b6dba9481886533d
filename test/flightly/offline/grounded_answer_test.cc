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

}  // namespace
}  // namespace contrail::flightly::offline
