#include "flightly/intents.h"

#include <gtest/gtest.h>

#include <set>

#include "flightly/intent_rules.h"

namespace contrail::flightly {
namespace {

Intent Classify(std::string_view text, Intent previous = Intent::kUnknown) {
  Tokens tokens(text);
  return ClassifyIntent(tokens, ExtractSlots(tokens), previous);
}

struct IntentCase {
  const char* text;
  Intent intent;
};

// At least one phrasing per intent; several for the ones that are easy to confuse.
constexpr IntentCase kCases[] = {
    {"what did I just ask?", Intent::kRecallLast},
    {"what was my last question", Intent::kRecallLast},
    {"what did we talk about?", Intent::kRecallConversation},
    {"can you recap our conversation", Intent::kRecallConversation},
    {"what do you know about me?", Intent::kProfileRecall},
    {"show my profile", Intent::kProfileRecall},
    {"who are you?", Intent::kAbout},
    {"what can you do?", Intent::kAbout},
    {"help", Intent::kAbout},
    {"my bag didn't arrive", Intent::kLostLuggage},
    {"the airline lost my luggage", Intent::kLostLuggage},
    {"my suitcase is overweight, what do I pay?", Intent::kExcessBaggage},
    {"can I bring my golf clubs?", Intent::kExcessBaggage},
    {"What does it cost to take my snowboard on the plane?", Intent::kExcessBaggage},
    {"can I bring a carry-on and a backpack?", Intent::kCarryOn},
    {"can I bring liquids in my hand luggage?", Intent::kCarryOn},
    {"how many bags can I check?", Intent::kBaggage},
    {"what's the baggage allowance in business class?", Intent::kBaggage},
    {"can I bring my dog on the plane?", Intent::kPets},
    {"can my 10 year old fly alone?", Intent::kUnaccompaniedMinors},
    {"we're flying with a 10 month old baby, can she sit on my lap?", Intent::kInfants},
    {"do you provide a bassinet?", Intent::kInfants},
    {"my flight is delayed 4 hours, do I get compensation?", Intent::kDelays},
    {"my flight was cancelled, what now?", Intent::kDelays},
    {"how do I get a refund?", Intent::kRefund},
    {"I need to cancel my booking", Intent::kCancellation},
    {"can I change my flight to a different date?", Intent::kChangeBooking},
    {"when does online check-in open?", Intent::kCheckIn},
    {"how early should I get to the airport?", Intent::kCheckIn},
    {"can I choose my seat?", Intent::kSeats},
    {"can we sit together?", Intent::kSeats},
    {"how do I upgrade to business class?", Intent::kUpgrades},
    {"what are your cabin classes?", Intent::kUpgrades},
    {"I need a wheelchair at the airport", Intent::kSpecialAssistance},
    {"do you have vegetarian meals?", Intent::kMeals},
    {"is there wifi on board?", Intent::kWifi},
    {"what movies can I watch in flight?", Intent::kWifi},
    {"how do I earn miles?", Intent::kLoyalty},
    {"should I buy travel insurance?", Intent::kInsurance},
    {"do I need a visa for Japan?", Intent::kTravelDocuments},
    {"do kids need a passport to fly to Cancun?", Intent::kTravelDocuments},
    {"what payment methods do you accept?", Intent::kPayment},
    {"can I pay with PayPal?", Intent::kPayment},
    {"any deals or promo codes?", Intent::kPromotions},
    {"is my flight on time?", Intent::kFlightStatus},
    {"I need a rental car in Maui", Intent::kCarRental},
    // The way into town, said in other words than a rental car's.
    {"How do we get from Narita to central Tokyo?", Intent::kCarRental},
    {"best way to get from CDG into Paris", Intent::kCarRental},  // one city: no flight
    {"public transport from Keflavik to Reykjavik?", Intent::kCarRental},
    {"we land in Denver at 10pm, how do we get to the city center?", Intent::kCarRental},
    {"Getting around Lisbon with kids — tram or metro?", Intent::kCarRental},
    {"is there a train from the airport to downtown Seattle?", Intent::kCarRental},
    {"find me hotels in the city center of Paris", Intent::kHotelSearch},
    {"hotels near the metro in Paris", Intent::kHotelSearch},
    {"I'm flying into Lisbon, how do I get to my hotel from the airport?", Intent::kCarRental},
    {"things to do in Central Park with kids", Intent::kThingsToDo},
    {"do you have flight and hotel packages?", Intent::kPackages},
    {"I want to speak to a human", Intent::kContactSupport},
    {"what's the weather like in Honolulu in March?", Intent::kWeather},
    {"is it hot in Las Vegas in July?", Intent::kWeather},
    {"what should we do in Honolulu?", Intent::kThingsToDo},
    {"things to do in Paris with kids", Intent::kThingsToDo},
    {"where should we go in March?", Intent::kDestinationIdeas},
    {"where is the best place for skiing in February?", Intent::kDestinationIdeas},
    {"we want to go skiing", Intent::kDestinationIdeas},
    {"best time to visit Bali?", Intent::kWeather},
    {"what is the cheapest time to fly to Hawaii?", Intent::kBudget},
    {"can I book a flight from Las Vegas to Hawaii?", Intent::kFlightSearch},
    {"flights LAX to JFK next week", Intent::kFlightSearch},
    {"red-eye from LAX to New York next Friday", Intent::kFlightSearch},
    {"any redeye LAX to JFK?", Intent::kFlightSearch},
    {"to Honolulu from Seattle in May", Intent::kFlightSearch},
    {"find me hotels in Paris", Intent::kHotelSearch},
    {"and hotels there?", Intent::kHotelSearch},
    {"we're planning a family vacation with the kids", Intent::kFamilyTrip},
    {"how much should we budget for a week in Orlando?", Intent::kBudget},
    {"how do I book a trip?", Intent::kBooking},
    {"hi there", Intent::kGreeting},
    {"thanks so much!", Intent::kThanks},
    {"bye!", Intent::kGoodbye},
    {"what is the meaning of life?", Intent::kOutOfDomain},
    {"is the sky blue?", Intent::kUnknown},
    {"", Intent::kUnknown},
    {"what did I ask first?", Intent::kRecallFirst},
    {"what was my first question?", Intent::kRecallFirst},
    {"where did I say I wanted to go?", Intent::kRecallSaid},
    {"what did I say about my budget?", Intent::kRecallSaid},
    {"who won the world cup?", Intent::kOutOfDomain},
    {"write me a poem", Intent::kOutOfDomain},
    {"what is 17*23?", Intent::kOutOfDomain},
    // Topics said without their usual words: a breed, a tier, a parent's letter, "can't go".
    {"can my dachshund sit under the seat?", Intent::kPets},
    {"did my flights last year get me Platinum?", Intent::kLoyalty},
    {"what paperwork does my daughter need to travel without her dad?", Intent::kTravelDocuments},
    {"I can't go on my trip anymore, what happens to my fare?", Intent::kCancellation},
    {"what's the latest I can drop my bags?", Intent::kCheckIn},
    {"if I bring a helper along, is their ticket cheaper?", Intent::kSpecialAssistance},
    {"can I give my plane ticket to a friend?", Intent::kChangeBooking},
    {"hey it's Dana again", Intent::kGreeting},
    {"hi, me again", Intent::kGreeting},
    {"what's my home airport again?", Intent::kProfileRecall},
    {"how old are my kids?", Intent::kProfileRecall},
};

TEST(IntentsTest, ClassifiesEachIntent) {
  std::set<Intent> covered;
  for (const IntentCase& c : kCases) {
    EXPECT_EQ(IntentName(Classify(c.text)), IntentName(c.intent)) << c.text;
    covered.insert(c.intent);
  }
  // Every intent has at least one case above, except gibberish: LooksLikeGibberish decides it.
  covered.insert(Intent::kGibberish);
  EXPECT_EQ(covered.size(), static_cast<std::size_t>(Intent::kCount));
}

TEST(IntentsTest, RealQuestionBeatsGreeting) {
  EXPECT_EQ(Classify("hi! can I bring my cat?"), Intent::kPets);
  EXPECT_EQ(Classify("thanks, and what about hotels in Rome?"), Intent::kHotelSearch);
}

TEST(IntentsTest, BareFollowUpContinuesPreviousTripIntent) {
  EXPECT_EQ(Classify("what about in April?", Intent::kFlightSearch), Intent::kFlightSearch);
  EXPECT_EQ(Classify("what about Maui?", Intent::kWeather), Intent::kWeather);
  EXPECT_EQ(Classify("under $200?", Intent::kHotelSearch), Intent::kHotelSearch);
  EXPECT_EQ(Classify("ok, and for 3 adults", Intent::kHotelSearch), Intent::kHotelSearch);
}

TEST(IntentsTest, SubjectWordsAreWhatNoIntentSlotOrPlaceExplains) {
  auto subject = [](const char* text) { return SubjectWords(Tokens(text)); };
  EXPECT_EQ(subject("When can I see whales near Cape Town?"), (std::vector<std::string>{"whales"}));
  EXPECT_TRUE(subject("flights from Denver to Maui in March for 2 adults").empty());
  EXPECT_TRUE(subject("can I bring my dog?").empty());
}

TEST(IntentsTest, QuestionsAboutTheStartAndHolidaysAreNotMisread) {
  EXPECT_EQ(Classify("and what did I ask at the very start?"), Intent::kRecallFirst);
  EXPECT_EQ(Classify("which place did I ask about first?"), Intent::kRecallFirst);
  EXPECT_EQ(Classify("where did I first say I wanted to go?"), Intent::kRecallFirst);
  EXPECT_NE(Classify("can I use it over Presidents' Day weekend?"), Intent::kOutOfDomain);
  EXPECT_EQ(Classify("who is the president of France?"), Intent::kOutOfDomain);
  EXPECT_EQ(Classify("which stock should I buy this week?"), Intent::kOutOfDomain);
  EXPECT_EQ(Classify("should I invest in bitcoin?"), Intent::kOutOfDomain);
  // A place after a service question asks about the service there.
  EXPECT_EQ(Classify("and between the Hawaiian islands?", Intent::kPets), Intent::kPets);
  // So does a place that corrects the one before.
  EXPECT_EQ(Classify("sorry, it's to Paris, not Denver", Intent::kPets), Intent::kPets);
  EXPECT_EQ(Classify("sorry, it's to Paris, not Denver"), Intent::kFlightSearch);
}

TEST(IntentsTest, BareFollowUpWithoutTripContext) {
  EXPECT_EQ(Classify("what about in April?"), Intent::kDestinationIdeas);
  EXPECT_EQ(Classify("Honolulu?"), Intent::kFlightSearch);
  // A policy question is not continued by a slot: it is its own question.
  EXPECT_EQ(Classify("what about in April?", Intent::kPets), Intent::kDestinationIdeas);
}

TEST(IntentsTest, RouteMakesAFlightQuestion) {
  EXPECT_EQ(Classify("Denver to Boston in June"), Intent::kFlightSearch);
  EXPECT_EQ(Classify("how much from LAX to HNL?"), Intent::kFlightSearch);
}

TEST(IntentsTest, NamesRoundTrip) {
  std::set<std::string_view> names;
  for (int k = 0; k < static_cast<int>(Intent::kCount); ++k) {
    Intent intent = static_cast<Intent>(k);
    EXPECT_EQ(ParseIntentName(IntentName(intent)), intent);
    EXPECT_TRUE(names.insert(IntentName(intent)).second) << IntentName(intent);
  }
  EXPECT_EQ(ParseIntentName("nonsense"), Intent::kUnknown);
  EXPECT_TRUE(IsTripIntent(Intent::kHotelSearch));
  EXPECT_FALSE(IsTripIntent(Intent::kPets));
  EXPECT_FALSE(IsTripIntent(Intent::kGreeting));
}

// Issue 11 -----------------------------------------------------------------------------------

TEST(IntentsTest, ACorrectionContinuesTheTripQuestion) {
  EXPECT_EQ(Classify("change it to 3 adults", Intent::kFlightSearch), Intent::kFlightSearch);
  EXPECT_EQ(Classify("actually, make it April", Intent::kHotelSearch), Intent::kHotelSearch);
  EXPECT_EQ(Classify("forget Cancun, let's do Tokyo instead", Intent::kFlightSearch), Intent::kFlightSearch);
  // A real new topic still wins, and without a trip a change is a booking change.
  EXPECT_EQ(Classify("actually, hotels in Tokyo instead", Intent::kFlightSearch), Intent::kHotelSearch);
  EXPECT_EQ(Classify("can I change my flight?", Intent::kFlightSearch), Intent::kChangeBooking);
  // "not" that rejects nothing is no correction.
  EXPECT_EQ(Classify("is Paris not too cold in March?", Intent::kFlightSearch), Intent::kWeather);
}

TEST(IntentsTest, AFollowUpWithoutATopicKeepsTheServiceTopic) {
  Tokens tokens("what if he weighs 12 kg?");
  IntentDecision d = DecideIntent(tokens, ExtractSlots(tokens), Intent::kPets);
  EXPECT_EQ(d.intent, Intent::kPets);
  EXPECT_TRUE(d.follow_up);
  EXPECT_EQ(Classify("how much does that service cost?", Intent::kUnaccompaniedMinors),
            Intent::kUnaccompaniedMinors);
  EXPECT_EQ(Classify("is it expensive?", Intent::kWifi), Intent::kWifi);
  EXPECT_EQ(Classify("how much?", Intent::kUpgrades), Intent::kUpgrades);
  // A message with a topic of its own, small talk or gibberish does not continue it.
  EXPECT_EQ(Classify("and what about seats?", Intent::kPets), Intent::kSeats);
  EXPECT_EQ(Classify("thanks, that is great", Intent::kPets), Intent::kThanks);
  EXPECT_EQ(Classify("asdkjh qwe zzz", Intent::kPets), Intent::kUnknown);
  EXPECT_FALSE(DecideIntent(tokens, ExtractSlots(tokens), Intent::kUnknown).follow_up);
}

TEST(IntentsTest, ARequestToTheAssistantAboutATopicAsksAboutTheTopic) {
  EXPECT_EQ(Classify("summarise the Summer Europe Sale"), Intent::kPromotions);
  EXPECT_EQ(Classify("alergic to peanuts, what do you do about it on the plane"), Intent::kMeals);
  EXPECT_EQ(Classify("summarise our conversation"), Intent::kRecallConversation);
  EXPECT_EQ(Classify("what can you do for me?"), Intent::kAbout);
  // The story's topic, when the question is put to the assistant.
  Tokens whole("I have a severe peanut allergy. What can you do for me on board?");
  Tokens asking("What can you do for me on board?");
  const IntentDecision decided = DecideIntent(whole, ExtractSlots(whole), Intent::kUnknown);
  EXPECT_EQ(AskedIntent(decided, asking, ExtractSlots(asking), Intent::kUnknown).intent, Intent::kMeals);
}

TEST(IntentsTest, TheWayToAHotelIsATransfer) {
  EXPECT_EQ(Classify("What's the best way to get from HNL to a hotel in Waikiki?"), Intent::kCarRental);
  EXPECT_EQ(Classify("find me a hotel in Waikiki"), Intent::kHotelSearch);
  EXPECT_EQ(Classify("How do I get from Charles de Gaulle airport into Paris?"), Intent::kCarRental);
  // Miles of distance are no loyalty miles.
  EXPECT_EQ(Classify("The Denver airport seems to be miles from anywhere — how do people usually get into downtown "
                     "from there?"),
            Intent::kCarRental);
  EXPECT_EQ(Classify("do my miles expire?"), Intent::kLoyalty);
  EXPECT_EQ(Classify("how many miles from Denver to Miami on an award?"), Intent::kLoyalty);
}

TEST(IntentsTest, AfterATripSearch) {
  // "what's the cheapest?" asks for the search's cheapest, not for budget tips.
  EXPECT_EQ(Classify("what's the cheapest?", Intent::kFlightSearch), Intent::kFlightSearch);
  EXPECT_EQ(Classify("anything cheaper?", Intent::kHotelSearch), Intent::kHotelSearch);
  EXPECT_EQ(Classify("what's the cheapest time to visit New York?", Intent::kFlightSearch), Intent::kBudget);
  EXPECT_EQ(Classify("what's there to do with kids?", Intent::kFlightSearch), Intent::kThingsToDo);
  EXPECT_EQ(Classify("can my son sit with us for free?", Intent::kFlightSearch), Intent::kSeats);
}

TEST(IntentsTest, EachPhraseWeighsOnceForAnIntent) {
  // Two rows of one phrase for one intent add up: a weight written twice, not meant.
  std::set<std::pair<std::string_view, Intent>> seen;
  for (const IntentRule& rule : IntentRules()) {
    EXPECT_TRUE(seen.insert({rule.phrase, rule.intent}).second) << rule.phrase;
  }
}

TEST(IntentsTest, APlaceThatPointsBackContinuesTheService) {
  EXPECT_EQ(Classify("does it work for Maui?", Intent::kPromotions), Intent::kPromotions);
  EXPECT_EQ(Classify("can I take him to Hawaii?", Intent::kPets), Intent::kPets);
  EXPECT_EQ(Classify("flights to Maui", Intent::kPromotions), Intent::kFlightSearch);
}

TEST(IntentsTest, OtherWordsForAServiceName) {
  EXPECT_EQ(Classify("first flight in ages and I'm paranoid about missing it — how much time before departure do "
                     "you recommend getting to the airport?"),
            Intent::kCheckIn);
  EXPECT_EQ(Classify("What is the recommended arrival time at the airport prior to departure?"), Intent::kCheckIn);
  EXPECT_EQ(Classify("my bag is missing"), Intent::kLostLuggage);
  EXPECT_EQ(Classify("Please state the charge for a child travelling without an adult under your supervision "
                     "service."),
            Intent::kUnaccompaniedMinors);
  // Someone else on my ticket is a name change; changing one's mind changes no booking.
  EXPECT_EQ(Classify("Can a friend use my ticket if I can't go?"), Intent::kChangeBooking);
  EXPECT_EQ(Classify("Can I get insurance that pays out even if I just change my mind?"), Intent::kInsurance);
  EXPECT_EQ(Classify("I want to change my flight to May"), Intent::kChangeBooking);
  EXPECT_EQ(Classify("Will you feed us if the flight is late?"), Intent::kDelays);
  // Baggage taken into the cabin is carry-on; one more bag than the ticket includes is an extra bag.
  EXPECT_EQ(Classify("What is the weight allowance for baggage taken into the cabin?"), Intent::kCarryOn);
  EXPECT_EQ(Classify("can my dog come into the cabin with me?"), Intent::kPets);
  EXPECT_EQ(Classify("if I need to check one more bag than my ticket includes, what will that set me back?"),
            Intent::kExcessBaggage);
}

TEST(IntentsTest, PriceWordsAskAboutTheServiceNamed) {
  EXPECT_EQ(Classify("how much does it cost to bring my dog?"), Intent::kPets);
  EXPECT_EQ(Classify("how much does the wifi cost?"), Intent::kWifi);
  EXPECT_EQ(Classify("what's the price of lounge access?"), Intent::kUpgrades);
  // Without a service they are still a budget question.
  EXPECT_EQ(Classify("how much does a trip to Paris cost?"), Intent::kBudget);
  EXPECT_EQ(Classify("is Tokyo expensive?"), Intent::kBudget);
}

TEST(IntentsTest, SmallTalkWinsOnlyWhenItIsMostOfTheMessage) {
  EXPECT_EQ(Classify("thank you so much!"), Intent::kThanks);
  EXPECT_EQ(Classify("ok cool"), Intent::kThanks);
  EXPECT_EQ(Classify("cool, what's the meaning of life?"), Intent::kOutOfDomain);
  EXPECT_EQ(Classify("great, who won the world cup?"), Intent::kOutOfDomain);
  EXPECT_NE(Classify("ok so what is the deal with airplane food"), Intent::kThanks);
}

TEST(IntentsTest, GibberishHasNoWordToUnderstand) {
  for (const char* text : {"asdkjh qwe zzz", "asdf qwerty", "???", "\xF0\x9F\x98\x80\xF0\x9F\x98\x80", "12345"}) {
    Tokens tokens(text);
    EXPECT_TRUE(LooksLikeGibberish(text, tokens)) << text;
  }
  // English words none of the rules know are still words: the documents may answer them.
  for (const char* text : {"", "  ", "is the sky blue?", "hmm what", "Paris", "fleet average age", "Ueno Zoo admission",
                           "schengen pasport validity requirment"}) {
    Tokens tokens(text);
    EXPECT_FALSE(LooksLikeGibberish(text, tokens)) << text;
  }
}

TEST(IntentsTest, ServiceTopicsHaveRetrievalWords) {
  for (int k = static_cast<int>(Intent::kLostLuggage); k <= static_cast<int>(Intent::kContactSupport); ++k) {
    EXPECT_FALSE(TopicWords(static_cast<Intent>(k)).empty()) << IntentName(static_cast<Intent>(k));
  }
  EXPECT_EQ(TopicWords(Intent::kFlightSearch), "");
}

}  // namespace
}  // namespace contrail::flightly
