// What a turn understands of a message in its session: the state it stores and the standalone
// query it retrieves with, whichever model answers.

#include "flightly/understanding.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "flightly/retrieval_focus.h"

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

TEST(UnderstandingTest, AMessageThatTellsAStoryIsSearchedWithItsQuestionFirst) {
  auto u = Understand("I'm flying Denver to Seattle and always late. What's the latest I can drop my bags?", "");
  EXPECT_EQ(u->standalone_query,
            "What's the latest I can drop my bags? "
            "I'm flying Denver to Seattle and always late. What's the latest I can drop my bags?");
  // A question alone, or a story without one, is searched as it is.
  EXPECT_EQ(Understand("Can I bring my dog?", "")->standalone_query, "Can I bring my dog?");
  EXPECT_EQ(Understand("We fly to Maui. Hotels near the beach please.", "")->standalone_query,
            "We fly to Maui. Hotels near the beach please.");
}

TEST(UnderstandingTest, AQuestionAfterAnAsideHasTheQuestionsIntent) {
  // What the traveller tells first is about something else than what they ask.
  auto aisle = Understand("I prefer an aisle seat. Is it warm in Maui in March?", "");
  EXPECT_EQ(aisle->intent, Intent::kWeather);
  EXPECT_TRUE(aisle->subject_words.empty());  // the aside's words are not the question's subject
  EXPECT_TRUE(AsksForTripAnswer(*aisle));
  EXPECT_EQ(Understand("I'm a vegan and I need a window seat. Is Paris cold in winter?", "")->intent,
            Intent::kWeather);
  EXPECT_EQ(Understand("I booked a Basic fare to save money. How big can my carry-on bag be?", "")->intent,
            Intent::kCarryOn);
  auto aside = Understand("We're a family of four on a budget. Is there wifi on the plane?", "");
  EXPECT_EQ(aside->intent, Intent::kWifi);
  // The slots the story states stay the turn's.
  auto told = Understand("We fly from Denver to Maui in March. Are there any deals?", "");
  EXPECT_EQ(told->intent, Intent::kPromotions);
  ASSERT_NE(told->said.destination, nullptr);
  EXPECT_EQ(told->said.destination->code, "OGG");
  EXPECT_EQ(told->said.month, 3);
  // A question that points back at the story, or has no topic of its own, is the story's.
  EXPECT_EQ(Understand("My dog is 9 kg. Can he fly in the cabin with me?", "")->intent, Intent::kPets);
  EXPECT_EQ(Understand("I have a small cat. Can I bring it to Maui?", "")->intent, Intent::kPets);
  EXPECT_EQ(Understand("Our suitcase never showed up in Orlando. Will you pay for the clothes?", "")->intent,
            Intent::kLostLuggage);
  // A service asked about the story's trip is the question, not a search for that route; a price
  // asked about it is still the trip's.
  EXPECT_EQ(Understand("So our flight home from Reykjavik to Denver got in four hours late because the crew timed "
                       "out. I heard Europe has some compensation law — how much would that be for a long flight?",
                       "")->intent,
            Intent::kDelays);
  EXPECT_EQ(Understand("We fly from Denver to Maui in March. How much would that cost?", "")->intent,
            Intent::kFlightSearch);
}

TEST(UnderstandingTest, StandaloneQueryIsBounded) {
  const std::string long_message(5000, 'a');
  EXPECT_EQ(Understand(long_message, "")->standalone_query.size(), Understanding::kMaxQueryBytes);
  std::string story;
  while (story.size() < 2000) story += "We land in Orlando at night with the kids. ";
  const std::string asked = Understand(story + "Will you pay for the hotel?", "")->standalone_query;
  EXPECT_LE(asked.size(), Understanding::kMaxQueryBytes);
  EXPECT_TRUE(asked.starts_with("Will you pay for the hotel? We land"));
  EXPECT_TRUE(Understand("", "")->standalone_query.empty());
}

TEST(UnderstandingTest, ARequestCarriesItInItsContext) {
  llm::ChatRequest request;
  EXPECT_EQ(UnderstandingOf(request), nullptr);
  auto u = Understand("hi", "");
  request.context.facts = u;
  EXPECT_EQ(UnderstandingOf(request), u.get());
}

// Issue 11 -----------------------------------------------------------------------------------

TEST(UnderstandingTest, AServiceFollowUpIsSearchedWithTheTopicsWords) {
  auto dog = Understand("can I bring my dog?", "");
  auto weight = Understand("what if he weighs 12 kg?", EncodeState(dog->next));
  EXPECT_EQ(weight->intent, Intent::kPets);
  EXPECT_TRUE(weight->follow_up);
  EXPECT_EQ(weight->standalone_query, "what if he weighs 12 kg? pets dogs cats in cabin can I bring my dog?");
  EXPECT_EQ(weight->next.intent, Intent::kPets);
  // A question with its own topic stands on its own.
  auto seats = Understand("can we choose seats?", EncodeState(dog->next));
  EXPECT_EQ(seats->standalone_query, "can we choose seats?");
  // "that service" names the topic back: the flight to a place says where, not what. A flight's
  // price alone, or another service's fee, is a question of its own.
  auto alone = Understand("Can my 10-year-old fly alone on a domestic flight?", "");
  auto abroad = Understand("and how much does that service cost on a flight to Mexico?", EncodeState(alone->next));
  EXPECT_EQ(abroad->intent, Intent::kUnaccompaniedMinors);
  EXPECT_TRUE(abroad->follow_up);
  EXPECT_EQ(Understand("what's the fee on a flight to Paris?", EncodeState(dog->next))->intent, Intent::kPets);
  EXPECT_EQ(Understand("how much is a flight to Paris?", EncodeState(dog->next))->intent, Intent::kFlightSearch);
  EXPECT_EQ(Understand("what's the fee for a checked bag?", EncodeState(dog->next))->intent, Intent::kBaggage);
}

TEST(UnderstandingTest, TheSessionKeepsItsFirstQuestion) {
  auto hello = Understand("hello", "");
  EXPECT_EQ(hello->next.first_question, "");
  auto dog = Understand("can I bring my dog?", EncodeState(hello->next));
  EXPECT_EQ(dog->next.first_question, "can I bring my dog?");
  auto later = Understand("flights to Paris", EncodeState(dog->next));
  EXPECT_EQ(later->next.first_question, "can I bring my dog?");
  // A session stored before the state kept it has topics but no first question: none is made up.
  auto old = Understand("flights to Paris", R"({"v":1,"turns":5,"topics":["pets"]})");
  EXPECT_EQ(old->next.first_question, "");
}

TEST(UnderstandingTest, GibberishAndOutOfDomainKeepTheTripThread) {
  auto trip = Understand("flights from Denver to Maui", "");
  for (const char* text : {"asdkjh qwe zzz", "???", "who won the world cup?"}) {
    auto u = Understand(text, EncodeState(trip->next));
    EXPECT_TRUE(u->intent == Intent::kGibberish || u->intent == Intent::kOutOfDomain) << text;
    EXPECT_EQ(u->next.intent, Intent::kFlightSearch) << text;
    EXPECT_EQ(u->next.slots.destination->code, "OGG") << text;
  }
  EXPECT_EQ(Understand("", "")->intent, Intent::kUnknown);
}

TEST(UnderstandingTest, HelpAloneIsAboutTheAssistantButAQuestionWithItsOwnSubjectIsNot) {
  EXPECT_EQ(Understand("help", "")->intent, Intent::kAbout);
  EXPECT_EQ(Understand("what can you help me with?", "")->intent, Intent::kAbout);
  auto sunflower = Understand("My son is autistic. Is there something he can wear so staff know he may need help?", "");
  EXPECT_NE(sunflower->intent, Intent::kAbout);
  EXPECT_NE(sunflower->intent, Intent::kGibberish);
}

TEST(UnderstandingTest, AFollowUpThatPointsBackIsSearchedWithTheQuestionItFollows) {
  auto weather = Understand("how is the weather in Banff in late September?", "");
  auto pass = Understand("do I need a pass to drive in the park?", EncodeState(weather->next));
  EXPECT_EQ(pass->next.topic_query, "do I need a pass to drive in the park? Calgary");
  auto cost = Understand("how much is it?", EncodeState(pass->next));
  EXPECT_TRUE(cost->leans_back);
  EXPECT_EQ(cost->standalone_query, "how much is it? Calgary do I need a pass to drive in the park? Calgary");
  EXPECT_FALSE(AsksForTripAnswer(*cost));  // not a budget question
  // The session's topic stays the question leaned on; thanks keeps it too.
  EXPECT_EQ(cost->next.topic_query, pass->next.topic_query);
  auto thanks = Understand("thanks!", EncodeState(cost->next));
  EXPECT_EQ(thanks->next.topic_query, pass->next.topic_query);
  // A trip follow-up with a place of its own has its own subject.
  auto maui = Understand("flights to Maui in March", "");
  auto reykjavik = Understand("and Reykjavik in March?", EncodeState(maui->next));
  EXPECT_EQ(reykjavik->standalone_query, "and Reykjavik in March?");
}

TEST(UnderstandingTest, ATripAnswerOnlyWhenItIsWhatIsAsked) {
  EXPECT_FALSE(AsksForTripAnswer(*Understand("When can I see whales near Cape Town?", "")));
  EXPECT_FALSE(AsksForTripAnswer(*Understand("What happens if I skip my outbound flight?", "")));
  EXPECT_FALSE(AsksForTripAnswer(*Understand("If my sister comes along, is her ticket any cheaper?", "")));
  for (const char* text : {"Cape Town?", "flights to Tokyo in May", "hotels in Honolulu under $200 a night",
                           "cheapest flights from Denver to Maui for my honeymoon", "can we afford Paris in June?"}) {
    EXPECT_TRUE(AsksForTripAnswer(*Understand(text, ""))) << text;
  }
  EXPECT_TRUE(AsksForTripAnswer(*Understand("can I bring my dog?", "")));  // not a trip intent
  // Words that ask for a search or say which leg a date is are no subject of their own: these
  // were answered with a policy about children flying alone.
  for (const char* text : {"Please search for flights departing Los Angeles for Honolulu on 14 March for 2 adults",
                           "JFK-LIS 3 Jun back 17 Jun 1 adult",
                           "Is there anything from Atlanta to Las Vegas departing March 3rd and coming back March 7th "
                           "for 4 people?",
                           "departing from Newark going to Lisbon June 3",
                           "Need 2 seats Boston to Orlando, out Feb 12 back Feb 19",  // a count of seats
                           "Round trip Phoenix-Honolulu from April 3 until April 10, family of 5",
                           "I'm looking at LAS to HNL, going March 6, coming home March 13, 2 adults 2 kids 4 and 8"}) {
    auto u = Understand(text, "");
    EXPECT_EQ(u->intent, Intent::kFlightSearch) << text;
    EXPECT_TRUE(u->subject_words.empty()) << text << ": " << u->subject_words.front();
    EXPECT_TRUE(AsksForTripAnswer(*u)) << text;
  }
  // Nor is a time said loosely: the search is what is asked.
  auto weekend = Understand("ok then, hotels in Las Vegas for the weekend?", "");
  EXPECT_EQ(weekend->intent, Intent::kHotelSearch);
  EXPECT_TRUE(weekend->subject_words.empty()) << weekend->subject_words.front();
}

TEST(UnderstandingTest, AServiceQuestionAboutATripAbroadIsSearchedAsInternational) {
  auto first = Understand("What's the pet fee to fly my cat in the cabin from Seattle to Denver?", "");
  EXPECT_EQ(first->standalone_query.find("international"), std::string::npos) << first->standalone_query;
  auto paris = Understand("sorry, it's to Paris, not Denver", EncodeState(first->next));
  EXPECT_EQ(paris->intent, Intent::kPets);
  EXPECT_NE(paris->standalone_query.find("international france"), std::string::npos) << paris->standalone_query;
  auto london = Understand("and if we go to London instead?", EncodeState(paris->next));
  EXPECT_NE(london->standalone_query.find("international united kingdom"), std::string::npos)
      << london->standalone_query;
}

TEST(UnderstandingTest, AForeignMessageIsUnderstoodThroughItsGloss) {
  auto u = Understand("¿Puedo llevar mi perro a París?", "");
  EXPECT_EQ(u->language, Language::kSpanish);
  EXPECT_EQ(u->intent, Intent::kPets);
  ASSERT_NE(u->said.destination, nullptr);
  EXPECT_EQ(u->said.destination->code, "CDG");
  EXPECT_EQ(u->standalone_query, "can i bring my dog paris");
  EXPECT_EQ(Understand("can I bring my dog?", "")->language, Language::kEnglish);
}


TEST(RetrievalFocusTest, APolicyQuestionsTopicIsWhatItsHeadingsSay) {
  const RetrievalFocus f = FocusOf(*Understand("How big can my cabin bag be?", ""), "2026-12-04");
  EXPECT_EQ(f.doc_types, (std::vector<std::string>{"policy", "faq"}));
  EXPECT_NE(std::find(f.topics.begin(), f.topics.end(), "carry on"), f.topics.end());
  EXPECT_NE(std::find(f.topics.begin(), f.topics.end(), "cabin bag"), f.topics.end());
  // A hint-weight word says little about a heading ("laptop" weighs 2 for carry-on).
  EXPECT_EQ(std::find(f.topics.begin(), f.topics.end(), "laptop"), f.topics.end());
}

TEST(RetrievalFocusTest, APolicyQuestionNamesItsTierOrFareFamilyWhereItAsks) {
  using Words = std::vector<std::string>;
  RetrievalFocus f = FocusOf(*Understand("do I get lounge access with Gold status?", ""), "2026-12-04");
  EXPECT_EQ(f.variants, Words{"gold"});
  EXPECT_EQ(f.other_variants, (Words{"blue", "silver", "platinum"}));
  f = FocusOf(*Understand("whats the checked luggage allowance on standard", ""), "2026-12-04");
  EXPECT_EQ(f.variants, Words{"standard"});
  EXPECT_EQ(f.other_variants, (Words{"basic", "flex"}));
  // "Blue" and "standard" are words of their own; a fare named in the story is no fare asked about.
  EXPECT_TRUE(FocusOf(*Understand("can I bring a standard size stroller?", ""), "2026-12-04").variants.empty());
  EXPECT_TRUE(FocusOf(*Understand("I booked a Basic fare to save money. How big can my carry-on bag be?", ""),
                      "2026-12-04")
                  .variants.empty());
  EXPECT_EQ(FocusOf(*Understand("what do Blue members earn with Flightly Miles?", ""), "2026-12-04").variants, Words{"blue"});
}

// "ski bag fee" had been answered by the bicycles' $50 handling fee: a unit naming the gear asked
// about ranks above one naming only other gear.
TEST(RetrievalFocusTest, APolicyQuestionNamesItsSportsGear) {
  using Words = std::vector<std::string>;
  RetrievalFocus f = FocusOf(*Understand("ski bag fee", ""), "2026-12-04");
  EXPECT_EQ(f.variants, (Words{"ski", "snowboard"}));
  EXPECT_EQ(f.other_variants, (Words{"bike", "bicycle", "golf", "surfboard", "paddleboard", "diving"}));
  f = FocusOf(*Understand("can I check my bicycles and golf clubs?", ""), "2026-12-04");
  EXPECT_EQ(f.variants, (Words{"bike", "bicycle", "golf"}));
  EXPECT_TRUE(FocusOf(*Understand("how much is an extra bag?", ""), "2026-12-04").variants.empty());
}

TEST(RetrievalFocusTest, NoTopicForATripQuestionOrOneAboutAnOffer) {
  EXPECT_TRUE(FocusOf(*Understand("Is it warm in Maui in March?", ""), "2026-12-04").topics.empty());
  EXPECT_TRUE(FocusOf(*Understand("Can we check in at 16 with the Orlando package?", ""), "2026-12-04").topics.empty());
}

TEST(RetrievalFocusTest, AFareFamilyIsNoOffer) {
  // "a Standard fare" is a kind of ticket: its rules are policies, whose headings name the topic.
  const auto standard = Understand("How many checked bags come with a Standard fare?", "");
  EXPECT_FALSE(FocusOf(*standard, "2026-12-04").topics.empty());
  EXPECT_FALSE(AsksForOffers(Tokens("what do the fare families include?")));
  EXPECT_FALSE(AsksForOffers(Tokens("is a lap infant fare free?")));
  EXPECT_TRUE(AsksForOffers(Tokens("is the spring break fare still on?")));
  EXPECT_TRUE(AsksForOffers(Tokens("any cheap fares to Tokyo?")));
}

TEST(RetrievalFocusTest, APolicyQuestionsDaysAreItsOwnNotTheTrips) {
  // The trip is in April; "what time does check-in close?" asks about no month.
  auto trip = Understand("planning a trip to Tokyo with my 2 kids in April, what should we do?", "");
  auto check_in = Understand("what time does check-in close for international flights?", EncodeState(trip->next));
  EXPECT_EQ(check_in->next.slots.month, 4) << "the trip keeps its month";
  const RetrievalFocus f = FocusOf(*check_in, "2026-12-04");
  EXPECT_TRUE(f.valid_from.empty() && f.valid_to.empty()) << f.valid_from;
  // Its own day still counts, and a trip question still reads the trip's month.
  auto dated = Understand("can I cancel my booking on March 3?", EncodeState(trip->next));
  EXPECT_EQ(FocusOf(*dated, "2026-12-04").valid_from, "2027-03-03");
  auto hotels = Understand("and hotels there?", EncodeState(trip->next));
  EXPECT_EQ(FocusOf(*hotels, "2026-12-04").valid_from, "2027-04-01");
}

TEST(UnderstandingTest, AServiceQuestionOnATripIsSearchedWithItsRoute) {
  auto trip = Understand("flights from Denver to Maui in July for 2 adults", "");
  auto dog = Understand("can I bring my dog?", EncodeState(trip->next));
  EXPECT_NE(dog->standalone_query.find("domestic"), std::string::npos) << dog->standalone_query;
  EXPECT_NE(dog->standalone_query.find(trip->next.slots.destination->area), std::string::npos);
  // A seat is the same on every route; the way into town is no route at all.
  auto seat = Understand("how do I choose my seat?", EncodeState(trip->next));
  EXPECT_EQ(seat->standalone_query.find("domestic"), std::string::npos) << seat->standalone_query;
}

TEST(UnderstandingTest, AReturnDayAloneContinuesTheTripSearch) {
  auto first = Understand("flights from Boston to Miami on March 10", "");
  auto next = Understand("and back on the 15th", EncodeState(first->next));
  EXPECT_EQ(next->intent, Intent::kFlightSearch);
  EXPECT_EQ(next->next.slots.day, 10);
  EXPECT_EQ(next->next.slots.nights, 5);
}

TEST(RetrievalFocusTest, TheWayIntoTownIsTheGuidesGettingAroundInTheAirportsCity) {
  const RetrievalFocus f = FocusOf(*Understand("Cheapest way from Lisbon airport into town?", ""), "2026-12-04");
  EXPECT_EQ(f.places, (std::vector<std::string>{"LIS"})) << "the town is the airport's";
  EXPECT_NE(std::find(f.topics.begin(), f.topics.end(), "getting around"), f.topics.end());
  EXPECT_EQ(f.doc_types, (std::vector<std::string>{"guide"}));
  EXPECT_EQ(FocusOf(*Understand("any rental car deals in Maui?", ""), "2026-12-04").doc_types,
            (std::vector<std::string>{"promotion"}));
  // The place a transfer question names as where the trip goes stays the place.
  EXPECT_EQ(FocusOf(*Understand("is there a train from the airport to downtown Seattle?", ""), "2026-12-04").places,
            (std::vector<std::string>{"SEA"}));
}


// Told, not asked: a trip with what the traveller is (remembered, not answered) is the trip; a
// trip with a pet is a question about the pet.
TEST(UnderstandingTest, ATripToldWithADietIsTheTrip) {
  EXPECT_EQ(Understand("I'm flying to Tokyo with my wife in April, we're both vegetarian", "")->intent,
            Intent::kFlightSearch);
  EXPECT_EQ(Understand("we're heading to Paris in June, I'm a Gold member", "")->intent, Intent::kFlightSearch);
  EXPECT_NE(Understand("we're flying to Tokyo with our dog", "")->intent, Intent::kFlightSearch);
  EXPECT_EQ(Understand("flying to Tokyo in April, do vegetarians get a special meal?", "")->intent, Intent::kMeals);
}

}  // namespace
}  // namespace contrail::flightly
