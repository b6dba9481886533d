// Issue 11: what flightly-local does over a whole conversation — corrections replace slots,
// questions about the conversation are answered from it, follow-ups keep their topic, someone
// else's party is not the traveller's, questions outside travel are declined, gibberish is not
// understood, and a question in another language gets a note in that language.

#include <gtest/gtest.h>

#include "flightly/offline/chat_fixture.h"

namespace contrail::flightly::offline {
namespace {

const Profile kFamilyProfile = {
    {"name", "Sam"}, {"adults", "2"}, {"kids_ages", "4,8"}, {"home_airport", "LAS"}};

TEST(ConversationTest, ForgetAPlaceAndNameAnotherReplacesTheDestination) {
  Chat chat;
  chat.Ask("flights from Boston to Cancun in March for 2 adults");
  Reply r = chat.Ask("forget Cancun, let's do Tokyo instead");
  EXPECT_EQ(r.intent, Intent::kFlightSearch);
  EXPECT_TRUE(Contains(r.content, "from Boston (BOS) to Tokyo (HND) in March for 2 adults"))
      << r.content;
  EXPECT_FALSE(Contains(r.content, "Cancun")) << r.content;
}

TEST(ConversationTest, CorrectionsReplaceMonthPlaceAndParty) {
  Chat chat;
  chat.Ask("flights from Boston to Paris in March for 2 adults");
  Reply april = chat.Ask("actually, make it April");
  EXPECT_TRUE(Contains(april.content, "to Paris (CDG) in April for 2 adults")) << april.content;
  Reply lisbon = chat.Ask("not Paris, Lisbon");
  EXPECT_TRUE(Contains(lisbon.content, "from Boston (BOS) to Lisbon (LIS) in April"))
      << lisbon.content;
  Reply party = chat.Ask("change it to 3 adults");
  EXPECT_EQ(party.intent, Intent::kFlightSearch);  // not a question about changing a booking
  EXPECT_TRUE(Contains(party.content, "to Lisbon (LIS) in April for 3 adults")) << party.content;
  Reply instead = chat.Ask("what about Tokyo instead of Lisbon?");
  EXPECT_TRUE(Contains(instead.content, "from Boston (BOS) to Tokyo (HND)")) << instead.content;
}

TEST(ConversationTest, WhatDidIAskFirstQuotesTheFirstQuestionNotTheLast) {
  Chat chat;
  chat.Ask("hello");
  chat.Ask("can I bring my dog?");
  chat.Ask("flights from Denver to Maui in June");
  Reply r = chat.Ask("what did I ask first?");
  EXPECT_EQ(r.intent, Intent::kRecallFirst);
  EXPECT_TRUE(Contains(r.content, "Your first question was: \"can I bring my dog?\"")) << r.content;
  Reply last = chat.Ask("what was my last question?");
  EXPECT_TRUE(Contains(last.content, "\"what did I ask first?\"")) << last.content;
}

TEST(ConversationTest, TheFirstQuestionOutlivesTheHistoryATurnLoads) {
  Chat chat;
  chat.Ask("do I need a visa for Japan?");
  for (int k = 0; k < 30; ++k) chat.Ask("what's the weather in Lisbon in May?");
  // The server loads only recent history: keep the last few messages, as a turn would see them.
  auto& messages = chat.request().messages;
  messages.erase(messages.begin() + 1, messages.end() - 20);
  Reply r = chat.Ask("what was my first question?");
  EXPECT_TRUE(Contains(r.content, "\"do I need a visa for Japan?\"")) << r.content;
}

TEST(ConversationTest, WhereDidISayIWantedToGoQuotesTheLatestDestination) {
  Chat chat;
  chat.Ask("we want to fly from Boston to Cancun");
  chat.Ask("forget Cancun, let's do Tokyo instead");
  chat.Ask("is there wifi on board?");
  Reply r = chat.Ask("where did I say I wanted to go?");
  EXPECT_EQ(r.intent, Intent::kRecallSaid);
  EXPECT_TRUE(Contains(r.content, "You said: \"forget Cancun, let's do Tokyo instead\""))
      << r.content;
  EXPECT_TRUE(Contains(r.content, "to Tokyo (HND)")) << r.content;
}

TEST(ConversationTest, WhereDidISayFallsBackToTheSessionsTripWhenTheMessageIsNotLoaded) {
  Chat chat;
  chat.Ask("flights from Boston to Tokyo in April");
  for (int k = 0; k < 12; ++k) chat.Ask("is there wifi on board?");
  auto& messages = chat.request().messages;
  messages.erase(messages.begin() + 1, messages.end() - 20);
  Reply r = chat.Ask("where did I say I wanted to go?");
  EXPECT_TRUE(Contains(r.content, "no longer have the message itself")) << r.content;
  EXPECT_TRUE(Contains(r.content, "to Tokyo (HND) in April")) << r.content;
}

TEST(ConversationTest, WhatDidISayAboutMyBudgetQuotesIt) {
  Chat chat;
  chat.Ask("hotels in Paris under $200 a night");
  chat.Ask("what's the weather there in May?");
  Reply r = chat.Ask("what did I say about my budget?");
  EXPECT_TRUE(Contains(r.content, "\"hotels in Paris under $200 a night\"")) << r.content;
  EXPECT_TRUE(Contains(r.content, "$200 a night")) << r.content;
  Reply none = Chat().Ask("what did I say about my budget?");
  EXPECT_TRUE(Contains(none.content, "haven't told me a budget")) << none.content;
}

// "budget $300 per person" said of a trip is not the traveller's usual budget, but it was said.
TEST(ConversationTest, TheTripsBudgetIsTheOneAskedBackWhenNoneIsRemembered) {
  Chat chat;
  chat.Ask("we're planning a family trip to Maui, budget $300 per person");
  Reply r = chat.Ask("what did I say our budget was?");
  EXPECT_TRUE(Contains(r.content, "Your budget for this trip: under $300 a person")) << r.content;
  chat.Ask("hotels there between $150 and $250 a night");
  r = chat.Ask("what's my hotel budget?");
  EXPECT_TRUE(Contains(r.content, "Your hotel budget for this trip: $150 to $250 a night")) << r.content;
  EXPECT_TRUE(Contains(Chat().Ask("what is my budget?").content, "haven't told me your budget")) << r.content;
}

// What the session said of the traveller counts before a memory worker has stored it.
TEST(ConversationTest, AValueWithdrawnOrChangedInTheSessionIsTheOneAskedBack) {
  Chat chat;
  chat.request().context.profile = {{"diet", "vegetarian"}, {"home_airport", "DEN"}};
  chat.request().context.remembered = {{"diet", "2026-12-01"}, {"home_airport", "2026-12-01"}};
  chat.Ask("forget that I'm vegetarian");
  chat.Ask("we moved to Austin");
  EXPECT_TRUE(Contains(chat.Ask("what's my diet?").content, "haven't told me your diet"));
  Reply home = chat.Ask("what's my home airport again?");
  EXPECT_TRUE(Contains(home.content, "Austin (AUS)")) << home.content;
}

TEST(ConversationTest, WhatDidISayAboutMyDietFindsTheDietNamed) {
  Chat chat;
  chat.Ask("flying to Tokyo in April, we're both vegetarian");
  Reply r = chat.Ask("what did I say about my diet?");
  EXPECT_TRUE(Contains(r.content, "we're both vegetarian")) << r.content;
}

TEST(ConversationTest, WhatDidISayAboutAThingQuotesTheMessageThatNamedIt) {
  Chat chat;
  chat.Ask("can I bring my dog?");
  chat.Ask("flights from Denver to Maui");
  Reply r = chat.Ask("what did I say about my dog?");
  EXPECT_EQ(r.intent, Intent::kRecallSaid);
  EXPECT_TRUE(Contains(r.content, "You said: \"can I bring my dog?\"")) << r.content;
  Reply none = chat.Ask("what did I say about my surfboard?");
  EXPECT_TRUE(Contains(none.content, "haven't mentioned \"surfboard\"")) << none.content;
}

TEST(ConversationTest, PetWeightFollowUpStaysAboutPets) {
  Chat chat;
  chat.Ask("can I bring my dog?");
  Reply r = chat.Ask("what if he weighs 12 kg?");
  EXPECT_EQ(r.intent, Intent::kPets);
  EXPECT_TRUE(Contains(r.content, "Pets on Flightly")) << r.content;
  EXPECT_FALSE(Contains(r.content, "change fee")) << r.content;
  EXPECT_TRUE(Contains(chat.understood().standalone_query, "pets"))
      << chat.understood().standalone_query;
}

TEST(ConversationTest, CostOfAServiceIsNotABudgetQuestion) {
  Chat chat;
  chat.Ask("can my 8 year old fly alone?");
  Reply r = chat.Ask("how much does that service cost?");
  EXPECT_EQ(r.intent, Intent::kUnaccompaniedMinors);
  EXPECT_FALSE(Contains(r.content, "budget")) << r.content;
  EXPECT_TRUE(Contains(chat.understood().standalone_query, "unaccompanied minor"))
      << chat.understood().standalone_query;
  Reply wifi = Chat().Ask("how much does the wifi cost?");
  EXPECT_EQ(wifi.intent, Intent::kWifi);
  Reply dog = Chat().Ask("how much does it cost to bring my dog?");
  EXPECT_EQ(dog.intent, Intent::kPets);
}

TEST(ConversationTest, SomeoneElsesPartyDoesNotReplaceTheProfiles) {
  Chat chat(kFamilyProfile);
  chat.Ask("my friend went to Bali with her 3 kids");
  Reply r = chat.Ask("flights to Bali in July");
  EXPECT_TRUE(Contains(r.content, "for 2 adults and 2 kids (ages 4 and 8)")) << r.content;
  EXPECT_FALSE(Contains(r.content, "3 kids")) << r.content;
}

TEST(ConversationTest, TravellingWithAPartnerIsTwoAdultsWithoutChildren) {
  Chat chat;
  chat.Ask("my son and daughter want to see Orlando");
  Reply r = chat.Ask("planning a trip to Paris with my wife");
  EXPECT_TRUE(Contains(r.content, "trip to Paris (CDG) for 2 adults.")) << r.content;
  EXPECT_FALSE(Contains(r.content, "children")) << r.content;
  EXPECT_FALSE(Contains(r.content, "kids")) << r.content;
  Reply husband = Chat().Ask("flights to Rome for me and my husband");
  EXPECT_TRUE(Contains(husband.content, "for 2 adults")) << husband.content;
}

TEST(ConversationTest, OutOfDomainQuestionsAreDeclinedWithWhatFlightlyDoes) {
  Chat chat;
  chat.Ask("flights from Denver to Maui");
  for (const char* q : {"who won the world cup?", "write me a poem", "what is 17*23?",
                        "great, write me a poem", "cool, what's the meaning of life?"}) {
    Reply r = chat.Ask(q);
    EXPECT_EQ(r.intent, Intent::kOutOfDomain) << q;
    EXPECT_TRUE(Contains(r.content, "outside what I can help with")) << q << "\n" << r.content;
    EXPECT_TRUE(Contains(r.content, "flights and hotels")) << q << "\n" << r.content;
    EXPECT_FALSE(Contains(r.content, "You're welcome")) << q << "\n" << r.content;
  }
  Reply trip = chat.Ask("what about in June?");  // the trip thread survives the detour
  EXPECT_TRUE(Contains(trip.content, "from Denver (DEN) to Maui (OGG) in June")) << trip.content;
}

// The travel side of a place an off-topic question names is offered as the question named it: a
// trip to "Australia", not to Sydney, which would read as the capital.
TEST(ConversationTest, AnOffTopicQuestionsPlaceIsOfferedAsItWasNamed) {
  Reply capital = Chat().Ask("what's the capital of Australia?");
  EXPECT_EQ(capital.intent, Intent::kOutOfDomain);
  EXPECT_TRUE(Contains(capital.content, "a trip to Australia, ask me")) << capital.content;
  EXPECT_FALSE(Contains(capital.content, "Sydney")) << capital.content;
  EXPECT_TRUE(Contains(Chat().Ask("who won the match in Lisbon?").content, "a trip to Lisbon, ask me"));
  for (const char* q : {"who is the prime minister of Japan?", "what's the population of Tokyo?"}) {
    EXPECT_EQ(Chat().Ask(q).intent, Intent::kOutOfDomain) << q;
  }
  // The place offered is the trip's from then on: "flights there" goes to it. Its other words are
  // no trip's: "this week" is not when the trip is.
  Chat chat;
  chat.Ask("which stock should I buy this week?");
  EXPECT_FALSE(Contains(chat.Ask("hotels in Las Vegas?").content, "this week"));
  chat.Ask("what's the capital of Australia?");
  const std::string there = chat.Ask("ok, flights there from LAX in May?").content;
  EXPECT_TRUE(Contains(there, "to Australia (Sydney, SYD)")) << there;
}

TEST(ConversationTest, ThanksIsStillThanks) {
  for (const char* q : {"thanks!", "great, thank you so much", "ok cool"}) {
    EXPECT_EQ(Chat().Ask(q).intent, Intent::kThanks) << q;
  }
}

TEST(ConversationTest, GibberishIsNotUnderstoodAndGetsExamples) {
  Chat chat;
  chat.Ask("can I bring my dog?");
  for (const char* q : {"asdkjh qwe zzz", "\xF0\x9F\x98\x80\xF0\x9F\x98\x80", "???"}) {
    Reply r = chat.Ask(q);
    EXPECT_EQ(r.intent, Intent::kGibberish) << q;
    EXPECT_TRUE(r.content.starts_with("I did not understand")) << q << "\n" << r.content;
    EXPECT_TRUE(Contains(r.content, "\"can I bring my dog in the cabin?\"")) << r.content;
  }
}

TEST(ConversationTest, SpanishQuestionGetsANoteInSpanishAndTheEnglishAnswer) {
  Reply r = Chat().Ask("¿Puedo llevar mi perro en el avión?");
  EXPECT_EQ(r.intent, Intent::kPets);
  EXPECT_TRUE(r.content.starts_with("Nota: soy el modelo sin conexión de Flightly")) << r.content;
  EXPECT_TRUE(Contains(r.content, "cualquier idioma")) << r.content;
  EXPECT_TRUE(Contains(r.content, "Pets on Flightly")) << r.content;
}

TEST(ConversationTest, FrenchGermanAndPortugueseQuestionsGetTheirNote) {
  struct Case {
    const char* question;
    const char* note;
    Intent intent;
  };
  const Case cases[] = {
      {"Combien de bagages puis-je emporter avec mon billet ?",
       "Remarque : je suis le modèle hors ligne", Intent::kBaggage},
      {"Kann ich meinen Hund mitnehmen?", "Hinweis: Ich bin das Offline-Modell", Intent::kPets},
      {"Quanto custa levar a minha bagagem?", "Nota: sou o modelo offline", Intent::kBaggage},
  };
  for (const Case& c : cases) {
    Reply r = Chat().Ask(c.question);
    EXPECT_TRUE(r.content.starts_with(c.note)) << c.question << "\n" << r.content;
    EXPECT_EQ(IntentName(r.intent), IntentName(c.intent)) << c.question;
  }
}

TEST(ConversationTest, AForeignQuestionNotUnderstoodAsksForEnglish) {
  Reply r = Chat().Ask("Bonjour, je voudrais parler de la philosophie");
  EXPECT_TRUE(r.content.starts_with("Remarque : ")) << r.content;
  EXPECT_TRUE(Contains(r.content, "Please ask me in English")) << r.content;
}

}  // namespace
}  // namespace contrail::flightly::offline
