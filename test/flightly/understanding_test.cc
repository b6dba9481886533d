// What a turn understands of a message in its session: the state it stores and the standalone
// query it retrieves with, whichever model answers.

#include "flightly/understanding.h"

#include <gtest/gtest.h>

namespace contrail::flightly {
namespace {

TEST(UnderstandingTest, FirstMessageStartsTheSessionWithItsSlots) {
  auto u = Understand("flights from Las Vegas to Hawaii in March for 2 adults", "");
  EXPECT_EQ(u->intent, Intent::kFlightSearch);
  ASSERT_NE(u->said.origin, nullptr);
  EXPECT_EQ(u->said.origin->code, "LAS");
  EXPECT_EQ(u->next.slots.destination->code, "HNL");
  EXPECT_EQ(u->next.slots.month, 3);
  EXPECT_EQ(u->next.turns, 1);
  EXPECT_EQ(u->next.intent, Intent::kFlightSearch);
  EXPECT_EQ(u->previous.turns, 0);
  EXPECT_EQ(u->standalone_query, "flights from Las Vegas to Hawaii in March for 2 adults");
}

TEST(UnderstandingTest, FollowUpKeepsTheSessionsPlaceAndNamesItInTheStandaloneQuery) {
  auto first = Understand("can I book a flight from Las Vegas to Honolulu?", "");
  auto next = Understand("and hotels there?", EncodeState(first->next));
  EXPECT_EQ(next->intent, Intent::kHotelSearch);
  EXPECT_EQ(next->said.destination, nullptr);
  ASSERT_NE(next->next.slots.destination, nullptr);
  EXPECT_EQ(next->next.slots.destination->code, "HNL");
  EXPECT_EQ(next->next.slots.origin->code, "LAS");
  EXPECT_EQ(next->next.turns, 2);
  EXPECT_EQ(next->standalone_query, "and hotels there? Honolulu");
  // A message that names its own destination stands on its own already.
  auto paris = Understand("and hotels in Paris?", EncodeState(first->next));
  EXPECT_EQ(paris->standalone_query, "and hotels in Paris?");
  EXPECT_EQ(paris->next.slots.destination->code, "CDG");
}

TEST(UnderstandingTest, SmallTalkKeepsTheTripThreadButCountsTheTurn) {
  auto trip = Understand("flights from Denver to Maui", "");
  auto thanks = Understand("thanks!", EncodeState(trip->next));
  EXPECT_EQ(thanks->intent, Intent::kThanks);
  EXPECT_EQ(thanks->next.intent, Intent::kFlightSearch);
  EXPECT_EQ(thanks->next.turns, 2);
  auto june = Understand("what about in June?", EncodeState(thanks->next));
  EXPECT_EQ(june->intent, Intent::kFlightSearch);
  EXPECT_EQ(june->next.slots.month, 6);
  EXPECT_EQ(june->next.slots.destination->code, "OGG");
}

TEST(UnderstandingTest, UnreadableStateIsAFreshSession) {
  for (const char* state : {"garbage", "{\"v\":1,\"slots\":[1,2]}", "{\"v\":1,\"intent\":7}", "\xff\xfe\xfd",
                            "{\"v\":1,\"slots\":{\"destination\":\"ZZZ\"}}"}) {
    auto u = Understand("and hotels there?", state);
    EXPECT_EQ(u->intent, Intent::kHotelSearch) << state;
    EXPECT_EQ(u->next.slots.destination, nullptr) << state;
    EXPECT_EQ(u->standalone_query, "and hotels there?") << state;
    EXPECT_TRUE(EncodeState(u->next).starts_with("{\"v\":1,")) << state;
  }
}

TEST(UnderstandingTest, StandaloneQueryIsBounded) {
  const std::string long_message(5000, 'a');
  EXPECT_EQ(Understand(long_message, "")->standalone_query.size(), Understanding::kMaxQueryBytes);
  EXPECT_TRUE(Understand("", "")->standalone_query.empty());
}

TEST(UnderstandingTest, ARequestCarriesItInItsContext) {
  llm::ChatRequest request;
  EXPECT_EQ(UnderstandingOf(request), nullptr);
  auto u = Understand("hi", "");
  request.context.facts = u;
  EXPECT_EQ(UnderstandingOf(request), u.get());
}

}  // namespace
}  // namespace contrail::flightly
