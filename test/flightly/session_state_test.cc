#include "flightly/session_state.h"

#include <gtest/gtest.h>

#include <string>

namespace contrail::flightly {
namespace {

TEST(SessionStateTest, RoundTripsEverySlot) {
  SessionState state;
  state.intent = Intent::kHotelSearch;
  state.turns = 7;
  state.AddTopic(Intent::kFlightSearch);
  state.AddTopic(Intent::kHotelSearch);
  Tokens tokens(
      "from Hawaii to Las Vegas on 2026-03-14 for 5 nights, 2 adults and 2 kids aged 4 and 8, "
      "under $300 a person in business");
  state.slots = ExtractSlots(tokens);

  SessionState back = DecodeState(EncodeState(state));
  EXPECT_EQ(back.intent, Intent::kHotelSearch);
  EXPECT_EQ(back.turns, 7);
  ASSERT_EQ(back.topic_count, 2);
  EXPECT_EQ(back.topics[0], Intent::kFlightSearch);
  EXPECT_EQ(back.topics[1], Intent::kHotelSearch);
  const Slots& s = back.slots;
  ASSERT_NE(s.origin, nullptr);
  EXPECT_EQ(s.origin->code, "HNL");
  EXPECT_EQ(s.origin_label, "Hawaii");
  ASSERT_NE(s.destination, nullptr);
  EXPECT_EQ(s.destination->code, "LAS");
  EXPECT_EQ(s.destination_label, "");
  EXPECT_EQ(s.month, 3);
  EXPECT_EQ(s.day, 14);
  EXPECT_EQ(s.year, 2026);
  EXPECT_EQ(s.nights, 5);
  EXPECT_EQ(s.adults, 2);
  EXPECT_EQ(s.kids, 2);
  ASSERT_EQ(s.kid_ages.size, 2);
  EXPECT_EQ(s.kid_ages.values[0], 4);
  EXPECT_EQ(s.kid_ages.values[1], 8);
  EXPECT_EQ(s.budget_usd, 300);
  EXPECT_EQ(s.budget_unit, BudgetUnit::kPerPerson);
  EXPECT_EQ(s.cabin, Cabin::kBusiness);
  EXPECT_EQ(EncodeState(back), EncodeState(state));
}

TEST(SessionStateTest, RoundTripsABudgetsFloor) {
  SessionState state;
  Tokens tokens("hotels in Maui over $200 a night");
  state.slots = ExtractSlots(tokens);
  ASSERT_EQ(state.slots.budget_min_usd, 200);
  SessionState back = DecodeState(EncodeState(state));
  EXPECT_EQ(back.slots.budget_min_usd, 200);
  EXPECT_EQ(back.slots.budget_usd, 0);
  EXPECT_EQ(back.slots.budget_unit, BudgetUnit::kPerNight);
  EXPECT_EQ(EncodeState(back), EncodeState(state));
  state.slots.budget_usd = 300;
  EXPECT_EQ(DecodeState(EncodeState(state)).slots.budget_usd, 300);
  EXPECT_EQ(DecodeState(EncodeState(state)).slots.budget_min_usd, 200);
  EXPECT_FALSE(DecodeState(EncodeState(state)).slots.nonstop);
  state.slots.nonstop = true;
  EXPECT_TRUE(DecodeState(EncodeState(state)).slots.nonstop);
  state.slots.hotel_stars = 4;
  state.slots.amenities = amenity::kPool | amenity::kKidsClub;
  EXPECT_NE(EncodeState(state).find(R"("amenities":["pool","kids_club"])"), std::string::npos) << EncodeState(state);
  back = DecodeState(EncodeState(state));
  EXPECT_EQ(back.slots.hotel_stars, 4);
  EXPECT_EQ(back.slots.amenities, amenity::kPool | amenity::kKidsClub);
  // Unknown amenities and stars out of range are skipped.
  const char* odd = R"({"v":1,"slots":{"hotel_stars":9,"amenities":["moat",3,"spa"]}})";
  EXPECT_EQ(DecodeState(odd).slots.amenities, amenity::kSpa);
  EXPECT_EQ(DecodeState(odd).slots.hotel_stars, 0);
}

TEST(SessionStateTest, WritesTheDocumentedFormat) {
  SessionState state;
  state.intent = Intent::kFlightSearch;
  state.turns = 1;
  state.AddTopic(Intent::kFlightSearch);
  Tokens tokens("from LAS to HNL in march");
  state.slots = ExtractSlots(tokens);
  EXPECT_EQ(EncodeState(state),
            R"({"v":1,"intent":"flight_search","turns":1,"topics":["flight_search"],)"
            R"("slots":{"origin":"LAS","destination":"HNL","month":"march"}})");
}

TEST(SessionStateTest, GarbageReadsAsAFreshSession) {
  const std::string garbage[] = {
      "",
      "garbage",
      "{",
      "[]",
      "null",
      "42",
      R"({"v":2,"intent":"flight_search"})",
      R"({"v":"1","intent":"flight_search"})",
      std::string("\0\xff\xfe{\"v\":1}", 10),
      std::string(100000, '{'),
  };
  for (const std::string& text : garbage) {
    SessionState state = DecodeState(text);
    EXPECT_EQ(state.intent, Intent::kUnknown) << text.substr(0, 40);
    EXPECT_EQ(state.turns, 0);
    EXPECT_TRUE(state.slots.empty());
  }
}

TEST(SessionStateTest, BadFieldsAreSkippedOneByOne) {
  SessionState state = DecodeState(
      R"({"v":1,"intent":"no_such_intent","turns":-5,"topics":["pets",3,"bogus","pets"],)"
      R"("slots":{"origin":"XXX","destination":"hnl","destination_label":"Atlantis",)"
      R"("month":"smarch","day":99,"adults":-3,"kids":"two","kid_ages":["a",99,5,{}],)"
      R"("budget_usd":1.5,"budget_per":"galaxy","cabin":"cargo hold","extra":[1,2,3]}})");
  EXPECT_EQ(state.intent, Intent::kUnknown);
  EXPECT_EQ(state.turns, 0);
  ASSERT_EQ(state.topic_count, 1);
  EXPECT_EQ(state.topics[0], Intent::kPets);
  const Slots& s = state.slots;
  EXPECT_EQ(s.origin, nullptr);
  ASSERT_NE(s.destination, nullptr);
  EXPECT_EQ(s.destination->code, "HNL");
  EXPECT_EQ(s.destination_label, "");
  EXPECT_EQ(s.month, 0);
  EXPECT_EQ(s.day, 0);
  EXPECT_EQ(s.adults, 0);
  EXPECT_EQ(s.kids, 0);
  ASSERT_EQ(s.kid_ages.size, 1);
  EXPECT_EQ(s.kid_ages.values[0], 5);
  EXPECT_EQ(s.budget_usd, 0);
  EXPECT_EQ(s.cabin, Cabin::kNone);
}

TEST(SessionStateTest, TopicsKeepFirstSeenOrderAndDropTheOldest) {
  SessionState state;
  state.AddTopic(Intent::kGreeting);  // social turns are not topics
  state.AddTopic(Intent::kUnknown);
  EXPECT_EQ(state.topic_count, 0);
  for (int k = static_cast<int>(Intent::kLostLuggage); k < static_cast<int>(Intent::kWeather);
       ++k) {
    state.AddTopic(static_cast<Intent>(k));
    state.AddTopic(static_cast<Intent>(k));
  }
  ASSERT_EQ(state.topic_count, SessionState::kMaxTopics);
  EXPECT_EQ(state.topics[SessionState::kMaxTopics - 1], Intent::kContactSupport);
  EXPECT_NE(state.topics[0], Intent::kLostLuggage);
}

TEST(SessionStateTest, KeepsTheFirstQuestionClipped) {
  SessionState state;
  state.first_question = "can I bring my dog?";
  EXPECT_EQ(DecodeState(EncodeState(state)).first_question, "can I bring my dog?");
  EXPECT_TRUE(EncodeState(state).find("\"first\":\"can I bring my dog?\"") != std::string::npos);
  state.first_question = std::string(1000, 'x');
  std::string back = DecodeState(EncodeState(state)).first_question;
  EXPECT_LE(back.size(), SessionState::kMaxFirstQuestionBytes + 3);  // plus "…"
  EXPECT_EQ(DecodeState(EncodeState(DecodeState(EncodeState(state)))).first_question, back);
}

TEST(SessionStateTest, QuestionsAboutTheConversationAreNotTopics) {
  SessionState state;
  state.AddTopic(Intent::kRecallFirst);
  state.AddTopic(Intent::kRecallSaid);
  state.AddTopic(Intent::kGibberish);
  state.AddTopic(Intent::kOutOfDomain);
  EXPECT_EQ(state.topic_count, 0);
}

}  // namespace
}  // namespace contrail::flightly
