// Grounding: what a turn looks up before the model answers.

#include "flightly/grounding.h"

#include <gtest/gtest.h>

namespace contrail::flightly {
namespace {

using Profile = std::map<std::string, std::string>;

KnowledgeNeed Plan(const std::string& message, const Profile& profile = {}, std::string_view state = "") {
  return PlanKnowledge(*Understand(message, state), profile);
}

TEST(PlanKnowledgeTest, PolicyQuestionsRetrieveButNeedNoFares) {
  KnowledgeNeed need = Plan("can I bring my dog in the cabin?");
  EXPECT_TRUE(need.retrieve);
  EXPECT_FALSE(need.fares);
  EXPECT_EQ(need.query, "can I bring my dog in the cabin?");
}

TEST(PlanKnowledgeTest, ConversationTurnsNeedNothing) {
  for (const char* text : {"hello!", "what did I just ask?", "thanks", "who are you?"}) {
    EXPECT_FALSE(Plan(text).retrieve) << text;
  }
  EXPECT_FALSE(Plan("").retrieve);
}

TEST(PlanKnowledgeTest, TripQuestionsLookUpFaresWithTheirSlots) {
  KnowledgeNeed need = Plan("cheapest family trip to Honolulu in March under $300 a person",
                            {{"home_airport", "LAX"}, {"adults", "2"}, {"kids_ages", "4,8"}});
  EXPECT_TRUE(need.retrieve);
  ASSERT_TRUE(need.fares);
  EXPECT_EQ(need.destination, "HNL");
  EXPECT_EQ(need.origin, "LAX");
  EXPECT_EQ(need.month, 3);
  EXPECT_EQ(need.max_fare_usd, 300);
  EXPECT_EQ(need.seats, 4);
  EXPECT_EQ(need.day, 0);
  need = Plan("flights from LAX to Honolulu on March 14 2027 returning March 21");
  EXPECT_EQ(need.month, 3);
  EXPECT_EQ(need.day, 14);
  EXPECT_EQ(need.year, 2027);
  EXPECT_FALSE(need.nonstop);
  EXPECT_EQ(Plan("flights from LAX to Honolulu tomorrow").when, "tomorrow");
  EXPECT_EQ(Plan("flights from LAX to Honolulu in March").when, "");
  EXPECT_TRUE(Plan("nonstop flights from LAX to Honolulu").nonstop);
  EXPECT_TRUE(Plan("flights from LAX to Honolulu", {{"stops", "nonstop"}}).nonstop);
}

TEST(PlanKnowledgeTest, FollowUpIsSearchedWithTheSessionsPlace) {
  auto first = Understand("can I book a flight from Las Vegas to Honolulu?", "");
  KnowledgeNeed need = Plan("and hotels there?", {}, EncodeState(first->next));
  EXPECT_TRUE(need.retrieve);
  EXPECT_EQ(need.query, "and hotels there? Honolulu");
}

// Two turns of one session: the second's plan.
KnowledgeNeed PlanAfter(const std::string& first, const std::string& second, const Profile& profile = {}) {
  return Plan(second, profile, EncodeState(Understand(first, "")->next));
}

TEST(PlanKnowledgeTest, HotelQuestionsLookUpHotelsNearTheDestination) {
  KnowledgeNeed need = Plan("hotels in Honolulu for 2 adults and 2 kids under $200 a night");
  EXPECT_TRUE(need.hotels);
  EXPECT_FALSE(need.fares);
  EXPECT_TRUE(need.live());
  EXPECT_EQ(need.destination, "HNL");
  EXPECT_EQ(need.city, "Honolulu");
  EXPECT_EQ(need.max_nightly_usd, 200);
  EXPECT_TRUE(need.kids);
  EXPECT_FALSE(Plan("hotels in Honolulu for 2 adults").kids);
  EXPECT_TRUE(Plan("hotels in Honolulu", {{"kids_ages", "6"}}).kids);
}

TEST(PlanKnowledgeTest, FamilyTripsLookUpFaresAndHotelsTogether) {
  KnowledgeNeed need = Plan("family trip to Maui in July", {{"home_airport", "LAX"}});
  EXPECT_TRUE(need.fares);
  EXPECT_TRUE(need.hotels);
  EXPECT_EQ(need.origin, "LAX");
  EXPECT_EQ(need.destination, "OGG");
  EXPECT_FALSE(Plan("flights from Los Angeles to Maui").hotels);
}

// Issue 11: "hotels under $200" capped the fares of the session's next flight question.
TEST(PlanKnowledgeTest, AHotelBudgetNeverCapsTheNextFlightQuestion) {
  const std::string flights = "flights from Seattle to Honolulu in March";
  EXPECT_EQ(PlanAfter("hotels in Honolulu under $200", flights).max_fare_usd, 0);
  EXPECT_EQ(PlanAfter("hotels in Honolulu under $200 a night", flights).max_fare_usd, 0);
  EXPECT_EQ(PlanAfter("hotels in Honolulu for 4 nights, $800 in total", "and hotels in Maui?").max_nightly_usd, 200);
  // The profile's budget still caps fares; a fare budget said in the flight turn does too.
  EXPECT_EQ(PlanAfter("hotels in Honolulu under $200", flights, {{"budget_usd", "350"}}).max_fare_usd, 350);
  EXPECT_EQ(PlanAfter("hotels in Honolulu under $200", flights + " under $300 a person").max_fare_usd, 300);
}

// "over $200 a night" had been read as "under $200": any amount was a cap.
TEST(PlanKnowledgeTest, AFloorIsAMinimumNotACap) {
  KnowledgeNeed hotels = Plan("hotels in Maui over $200 a night", {{"hotel_budget_usd", "150"}});
  EXPECT_EQ(hotels.min_nightly_usd, 200);
  EXPECT_EQ(hotels.max_nightly_usd, 0) << "the profile's usual cap does not undo what was asked";
  KnowledgeNeed fares = Plan("flights from LAX to Honolulu for at least $300 per person", {{"budget_usd", "250"}});
  EXPECT_EQ(fares.min_fare_usd, 300);
  EXPECT_EQ(fares.max_fare_usd, 0);
  EXPECT_EQ(Plan("hotels in Maui under $200 a night").min_nightly_usd, 0);
  // The floor is the session's until a later turn says another budget.
  EXPECT_EQ(PlanAfter("hotels in Maui over $200 a night", "and in Honolulu?").min_nightly_usd, 200);
  EXPECT_EQ(PlanAfter("hotels in Maui over $200 a night", "hotels in Honolulu under $300 a night").min_nightly_usd, 0);
  KnowledgeNeed range = Plan("hotels in Honolulu between $150 and $250 a night");
  EXPECT_EQ(range.min_nightly_usd, 150);
  EXPECT_EQ(range.max_nightly_usd, 250);
  range = Plan("flights from New York to Cancun between $200 and $400 per person");
  EXPECT_EQ(range.min_fare_usd, 200);
  EXPECT_EQ(range.max_fare_usd, 400);
}

TEST(PlanKnowledgeTest, AHotelsStarsAndAmenities) {
  KnowledgeNeed need = Plan("4-star hotels in Maui with a pool and a kids club");
  ASSERT_TRUE(need.hotels);
  EXPECT_EQ(need.min_stars, 4);
  EXPECT_EQ(need.amenities, (std::vector<std::string>{"pool", "kids_club"}));
  EXPECT_TRUE(Plan("pet friendly hotels in Denver").hotels);
  EXPECT_EQ(PlanAfter("hotels in Maui with a spa", "what about Honolulu?").amenities, std::vector<std::string>{"spa"});
}

TEST(PlanKnowledgeTest, AFareBudgetIsNotAHotelBudget) {
  KnowledgeNeed need = PlanAfter("flights from Seattle to Honolulu under $300 a person", "and hotels there?");
  EXPECT_TRUE(need.hotels);
  EXPECT_EQ(need.max_nightly_usd, 0);
}

TEST(PlanKnowledgeTest, TheOriginIsTheTripsOrTheHomeAirportNeverAGuess) {
  EXPECT_EQ(Plan("flights to Honolulu in March").origin, "");
  EXPECT_EQ(Plan("flights to Honolulu in March", {{"home_airport", "LAS"}}).origin, "LAS");
  EXPECT_EQ(Plan("flights from Seattle to Honolulu", {{"home_airport", "LAS"}}).origin, "SEA");
}

TEST(PlanKnowledgeTest, NothingIsSearchedForGibberishOrQuestionsOutsideTravel) {
  for (const char* text : {"asdkjh qwe zzz", "???", "\xF0\x9F\x98\x80", "who won the world cup?", "write me a poem",
                           "what is 17*23?", "what did I ask first?", "where did I say I wanted to go?",
                           "Bonjour, je voudrais parler de la philosophie"}) {
    EXPECT_FALSE(Plan(text).retrieve) << text;
  }
  EXPECT_TRUE(Plan("¿Puedo llevar mi perro?").retrieve);
}

TEST(PlanKnowledgeTest, AServiceFollowUpIsSearchedWithItsTopic) {
  auto first = Understand("can my 8 year old fly alone?", "");
  KnowledgeNeed need = Plan("how much does that service cost?", {}, EncodeState(first->next));
  EXPECT_TRUE(need.retrieve);
  // The topic's words, and the question the follow-up leans on.
  EXPECT_EQ(need.query, "how much does that service cost? unaccompanied minor service can my 8 year old fly alone?");
  EXPECT_TRUE(need.topic_words.empty());
  EXPECT_FALSE(need.fares);
}

// A topic told in the traveller's own words (a breed is a pet) is looked for by the documents'
// words in the search's first stage; the question itself is what its units are ranked by.
TEST(PlanKnowledgeTest, ATopicToldInOwnWordsIsSearchedByTheDocumentsWordsToo) {
  KnowledgeNeed need = Plan("We have a big golden retriever. How does he travel?", {}, "");
  EXPECT_EQ(need.topic_words, "pets dogs cats in cabin");
  EXPECT_EQ(need.query.find("pets"), std::string::npos) << need.query;
  EXPECT_TRUE(Plan("can I bring my dog on the plane?", {}, "").topic_words.empty());  // "dog" is one of them
}

}  // namespace
}  // namespace contrail::flightly
