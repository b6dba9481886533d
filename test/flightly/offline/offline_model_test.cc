#include "flightly/offline/offline_model.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/text.h"
#include "flightly/grounding.h"
#include "flightly/offline/chat_fixture.h"
#include "flightly/offline/memory_note.h"
#include "flightly/offline/respond.h"
#include "flightly/understanding.h"

namespace contrail::flightly::offline {
namespace {

const Profile kFamilyProfile = {
    {"name", "Sam"},
    {"email", "sam@example.com"},
    {"adults", "2"},
    {"kids_ages", "4,8"},
    {"interests", "outdoors,hiking"},
    {"budget_usd", "300"},
    {"home_airport", "LAS"},
    {"seat", "aisle"},
};

// Runs the model's Complete() to the end on a private io_context.
core::Result<llm::ChatResult> Complete(llm::ChatModel& model, const llm::ChatRequest& request,
                                       llm::ChatSink* sink) {
  boost::asio::io_context io;
  std::optional<core::Result<llm::ChatResult>> out;
  boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> {
        out.emplace(co_await model.Complete(request, sink));
      },
      [](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);
      });
  io.run();
  return std::move(*out);
}

using core::IsValidUtf8;

class RecordingSink : public llm::ChatSink {
 public:
  explicit RecordingSink(int fail_at = -1) : fail_at_(fail_at) {}
  boost::asio::awaitable<core::Status> OnDelta(std::string_view text) override {
    if (static_cast<int>(pieces.size()) == fail_at_) {
      co_return core::Status(core::Error(core::Code::kUnavailable, "client went away"));
    }
    pieces.emplace_back(text);
    co_return core::Ok();
  }
  std::vector<std::string> pieces;

 private:
  int fail_at_;
};

TEST(OfflineModelTest, FollowUpHotelsThereUsesPreviousDestination) {
  Chat chat;
  Reply flights = chat.Ask("can I book a flight from Las Vegas to Hawaii?");
  EXPECT_EQ(flights.intent, Intent::kFlightSearch);
  EXPECT_TRUE(Contains(flights.content, "from Las Vegas (LAS) to Hawaii (Honolulu, HNL)"))
      << flights.content;
  Reply hotels = chat.Ask("and hotels there?");
  EXPECT_EQ(hotels.intent, Intent::kHotelSearch);
  EXPECT_TRUE(Contains(hotels.content, "hotels in Hawaii (Honolulu, HNL)")) << hotels.content;
  EXPECT_TRUE(Contains(hotels.content, "\"there\" to be Hawaii")) << hotels.content;
  EXPECT_TRUE(hotels.personalised);
}

TEST(OfflineModelTest, AServiceAskedInAFewWordsIsAnsweredNotOnlyNoted) {
  // "vegan meal request" names a diet, as "I'm vegan" does; it asks about special meals.
  llm::ChatRequest keywords = OneQuestion("vegan meal request");
  keywords.context.remembers = true;
  const Reply asked = Respond(keywords);
  EXPECT_EQ(asked.intent, Intent::kMeals);
  EXPECT_FALSE(asked.content.starts_with("Got it")) << asked.content;
  EXPECT_TRUE(AsksSomething("Please state the charge for a child travelling alone."));
  EXPECT_TRUE(AsksSomething("Kindly advise the fee for an extra bag."));
  EXPECT_FALSE(AsksSomething("Please remember that I'm vegan."));
  // Someone telling about themselves is noted, not answered.
  llm::ChatRequest told = OneQuestion("I'm vegan");
  told.context.remembers = true;
  const Reply noted = Respond(told);
  EXPECT_TRUE(noted.content.starts_with("Got it")) << noted.content;
}

TEST(OfflineModelTest, AProfilesKidsTravelWithTheTraveller) {
  // The profile knows the kids, not how many adults: the kids do not fly alone.
  const Reply r = Respond(OneQuestion("flights from Denver to Orlando in April", {{"kids_ages", "4,8"}}));
  EXPECT_TRUE(Contains(r.content, "for you and 2 kids (ages 4 and 8)")) << r.content;
  // Their seats are looked for with one more.
  const auto asked = Understand("flights from Denver to Orlando in April", "");
  EXPECT_EQ(PlanKnowledge(*asked, {{"kids_ages", "4,8"}}).seats, 3);
  EXPECT_EQ(PlanKnowledge(*asked, {{"adults", "2"}, {"kids_ages", "4,8"}}).seats, 4);
}

TEST(OfflineModelTest, FollowUpWithoutStateDoesNotInventAPlace) {
  Reply hotels = Respond(OneQuestion("and hotels there?"));
  EXPECT_EQ(hotels.intent, Intent::kHotelSearch);
  EXPECT_TRUE(Contains(hotels.content, "Which city")) << hotels.content;
}

TEST(OfflineModelTest, FlightSearchStatesEverySlotWithoutPrices) {
  Reply r = Respond(OneQuestion(
      "flights from Las Vegas to Honolulu in March for 2 adults and 2 kids under $300 a person"));
  EXPECT_TRUE(Contains(r.content,
                       "Looking for flights from Las Vegas (LAS) to Honolulu (HNL) in March for 2 "
                       "adults and 2 kids, under $300 a person."))
      << r.content;
  EXPECT_TRUE(Contains(r.content, "won't guess prices")) << r.content;
  EXPECT_FALSE(r.personalised);
  Reply plain = Respond(OneQuestion("flights from Denver to Boston next week"));
  EXPECT_EQ(plain.content.find('$'), std::string::npos) << plain.content;
}

TEST(OfflineModelTest, FlightWithoutOriginUsesHomeAirport) {
  Reply r = Respond(OneQuestion("flights to Orlando in April", {{"home_airport", "las vegas"}}));
  EXPECT_TRUE(Contains(r.content, "from Las Vegas (LAS) to Orlando (MCO) in April")) << r.content;
  EXPECT_TRUE(Contains(r.content, "home airport from your profile")) << r.content;
  EXPECT_TRUE(r.personalised);
  Reply no_home = Respond(OneQuestion("flights to Orlando in April"));
  EXPECT_TRUE(Contains(no_home.content, "Where will you fly from?")) << no_home.content;
}

TEST(OfflineModelTest, ProfileCabinAppliesUnlessTheMessageSaysOtherwise) {
  Profile profile = {{"cabin", "Business"}};
  Reply flights = Respond(OneQuestion("flights from Boston to Paris", profile));
  EXPECT_TRUE(Contains(flights.content, ", in business.")) << flights.content;
  EXPECT_TRUE(flights.personalised);
  Reply economy = Respond(OneQuestion("flights from Boston to Paris in economy", profile));
  EXPECT_TRUE(Contains(economy.content, ", in economy.")) << economy.content;
  Reply bags = Respond(OneQuestion("how many bags can I check?", profile));
  EXPECT_TRUE(bags.content.starts_with("In Business you can check 2 bags")) << bags.content;
}

TEST(OfflineModelTest, HonoluluIdeasUseKidsAgesInterestsAndBudgetFromProfile) {
  Reply r = Respond(OneQuestion("what should we do in Honolulu?", kFamilyProfile));
  EXPECT_EQ(r.intent, Intent::kThingsToDo);
  EXPECT_TRUE(Contains(r.content, "for your kids (4 and 8)")) << r.content;
  EXPECT_TRUE(Contains(r.content, "outdoors and hiking")) << r.content;
  EXPECT_TRUE(Contains(r.content, "Within your $300 budget")) << r.content;
  // With a budget, paid tours don't make the list while free and low-cost ideas remain.
  EXPECT_FALSE(Contains(r.content, "paid tickets")) << r.content;
  EXPECT_TRUE(r.personalised);
}

TEST(OfflineModelTest, ActivitiesSuitTheKidsAges) {
  // Bali's sunrise volcano hike is for ages 10+: not for a 4- and a 6-year-old.
  Reply young = Respond(OneQuestion("things to do in Bali with kids aged 4 and 6"));
  EXPECT_FALSE(Contains(young.content, "Mount Batur")) << young.content;
  Reply teens =
      Respond(OneQuestion("things to do in Bali with kids aged 12 and 14 who love hiking"));
  EXPECT_TRUE(Contains(teens.content, "Mount Batur")) << teens.content;
}

TEST(OfflineModelTest, RecallQuotesThePreviousQuestion) {
  Chat chat;
  chat.Ask("can I bring my dog?");
  Reply r = chat.Ask("what did I just ask?");
  EXPECT_EQ(r.intent, Intent::kRecallLast);
  EXPECT_TRUE(Contains(r.content, "\"can I bring my dog?\"")) << r.content;
}

TEST(OfflineModelTest, RecallWithNoEarlierQuestionSaysSo) {
  Reply r = Respond(OneQuestion("what did I just ask?"));
  EXPECT_TRUE(Contains(r.content, "no earlier question")) << r.content;
}

TEST(OfflineModelTest, ConversationRecapListsQuestionsAndTrip) {
  Chat chat;
  chat.Ask("flights from Boston to Rome in May");
  chat.Ask("is there wifi on board?");
  Reply r = chat.Ask("what did we talk about?");
  EXPECT_EQ(r.intent, Intent::kRecallConversation);
  EXPECT_TRUE(Contains(r.content, "\"flights from Boston to Rome in May\"")) << r.content;
  EXPECT_TRUE(Contains(r.content, "\"is there wifi on board?\"")) << r.content;
  EXPECT_TRUE(Contains(r.content, "from Boston (BOS) to Rome (FCO) in May")) << r.content;
}

TEST(OfflineModelTest, ProfileRecallListsWhatItKnows) {
  Reply r = Respond(OneQuestion("what do you know about me?", kFamilyProfile));
  for (const char* fact : {"Name: Sam", "Home airport: Las Vegas (LAS)", "Kids' ages: 4 and 8",
                           "Interests: outdoors and hiking", "Budget: $300", "aisle"}) {
    EXPECT_TRUE(Contains(r.content, fact)) << fact << "\n" << r.content;
  }
  Reply empty = Respond(OneQuestion("what do you know about me?"));
  EXPECT_TRUE(Contains(empty.content, "don't have a Flightly profile")) << empty.content;
}

TEST(OfflineModelTest, SaysItIsTheOfflineModel) {
  Reply r = Respond(OneQuestion("who are you?"));
  EXPECT_TRUE(r.content.starts_with("I'm flightly-local, Flightly's built-in offline assistant."))
      << r.content;
  EXPECT_TRUE(Contains(r.content, "without a cloud model")) << r.content;
}

TEST(OfflineModelTest, UnknownSaysPlainlyItDoesNotKnow) {
  for (const char* q : {"is the sky blue?", "", "   "}) {
    Reply r = Respond(OneQuestion(q));
    EXPECT_EQ(r.intent, Intent::kUnknown) << q;
    EXPECT_TRUE(r.content.starts_with("I don't know that yet")) << q << ": " << r.content;
  }
}

// One question per intent family and a phrase its answer must contain.
struct AnswerCase {
  const char* question;
  Intent intent;
  const char* must_contain;
};

TEST(OfflineModelTest, EachIntentFamilyAnswersWithItsContent) {
  const AnswerCase cases[] = {
      {"hello", Intent::kGreeting, "Hi! I'm flightly-local"},
      {"thank you", Intent::kThanks, "You're welcome"},
      {"goodbye", Intent::kGoodbye, "safe travels"},
      {"how many bags can I check in business?", Intent::kBaggage, "2 bags of up to 32 kg"},
      {"what size can my carry on be?", Intent::kCarryOn, "56 × 36 × 23 cm"},
      {"my bag is overweight", Intent::kExcessBaggage, "nothing over 32 kg"},
      {"can I bring my cat?", Intent::kPets, "8 kg (17 lb)"},
      {"can my 4 year old fly alone?", Intent::kUnaccompaniedMinors, "Your youngest (4)"},
      {"do babies need a seat?", Intent::kInfants, "under 2 years"},
      {"how do refunds work?", Intent::kRefund, "within 24 hours of booking"},
      {"I want to cancel", Intent::kCancellation, "Cancel trip"},
      {"can I change my flight?", Intent::kChangeBooking, "fare difference"},
      {"when can I check in?", Intent::kCheckIn, "24 hours before departure"},
      {"can I pick my seat?", Intent::kSeats, "Children under 12"},
      {"how do I upgrade?", Intent::kUpgrades, "Premium Economy"},
      {"I need wheelchair assistance", Intent::kSpecialAssistance, "48 hours"},
      {"do you have vegan meals?", Intent::kMeals, "vegan"},
      {"is there wifi?", Intent::kWifi, "Wi-Fi"},
      {"how do miles work?", Intent::kLoyalty, "Flightly Miles"},
      {"do I need travel insurance?", Intent::kInsurance, "trip cancellation"},
      {"do I need a visa for Japan?", Intent::kTravelDocuments, "For Tokyo, Japan"},
      {"what's the weather in Honolulu in March?", Intent::kWeather, "not a forecast"},
      {"where should we go in March?", Intent::kDestinationIdeas, "ideas for March"},
      {"what to do in Paris?", Intent::kThingsToDo, "Here's what I'd do in Paris (CDG)"},
      {"flights from LAX to JFK", Intent::kFlightSearch, "Los Angeles (LAX) to New York (JFK)"},
      {"hotels in Rome", Intent::kHotelSearch, "hotels in Rome (FCO)"},
      {"is $300 enough for a cheap trip?", Intent::kBudget, "Your budget: $300"},
      {"planning a family trip to Orlando", Intent::kFamilyTrip, "family trip to Orlando (MCO)"},
      {"is my flight on time?", Intent::kFlightStatus, "can't see live flight status"},
      {"my flight is delayed", Intent::kDelays, "meal vouchers"},
      {"my luggage is lost", Intent::kLostLuggage, "21 days"},
      {"can I pay with Apple Pay?", Intent::kPayment, "Apple Pay"},
      {"do you have any deals?", Intent::kPromotions, "promo code"},
      {"how do I book a trip?", Intent::kBooking, "6-character booking reference"},
      {"I need a rental car", Intent::kCarRental, "21 or over"},
      {"flight and hotel package to Cancun", Intent::kPackages, "one booking"},
      {"can I talk to someone?", Intent::kContactSupport, "Contact us"},
  };
  for (const AnswerCase& c : cases) {
    Reply r = Respond(OneQuestion(c.question));
    EXPECT_EQ(IntentName(r.intent), IntentName(c.intent)) << c.question;
    EXPECT_TRUE(Contains(r.content, c.must_contain)) << c.question << "\n" << r.content;
  }
}

TEST(OfflineModelTest, WeatherUsesMonthAndHemisphere) {
  Reply north = Respond(OneQuestion("weather in Chicago in January"));
  EXPECT_TRUE(Contains(north.content, "cold")) << north.content;
  Reply south = Respond(OneQuestion("weather in Buenos Aires in January"));
  EXPECT_TRUE(Contains(south.content, "hot and humid")) << south.content;
}

TEST(OfflineModelTest, WeatherWithoutMonthGivesTheBestMonths) {
  Reply bali = Respond(OneQuestion("best time to visit Bali?"));
  EXPECT_TRUE(Contains(bali.content, "usually April to October.")) << bali.content;
  Reply paris = Respond(OneQuestion("when should we go to Paris?"));
  EXPECT_TRUE(Contains(paris.content, "April to June, September to October and December."))
      << paris.content;
  Reply denver = Respond(OneQuestion("weather in Denver"));  // a run across the new year
  EXPECT_TRUE(Contains(denver.content, "June to September and December to March."))
      << denver.content;
  Reply singapore = Respond(OneQuestion("weather in Singapore"));
  EXPECT_TRUE(Contains(singapore.content, "Any time of year")) << singapore.content;
}

TEST(OfflineModelTest, GarbageSessionStateIsIgnored) {
  for (const char* state : {"garbage", "{\"v\":1,\"slots\":[1,2]}", "{\"v\":1,\"intent\":7}",
                            "\xff\xfe\xfd", "{\"v\":1,\"slots\":{\"destination\":\"ZZZ\"}}"}) {
    llm::ChatRequest request = OneQuestion("and hotels there?");
    request.context.facts = Understand("and hotels there?", state);
    Reply r = Respond(request);
    EXPECT_EQ(r.intent, Intent::kHotelSearch) << state;
    EXPECT_TRUE(Contains(r.content, "Which city")) << state;
  }
}

TEST(OfflineModelTest, WithoutTheTurnsUnderstandingTheMessageStartsASession) {
  llm::ChatRequest request = OneQuestion("and hotels there?");
  request.messages.insert(request.messages.begin(), {llm::Role::kUser, "flights from Las Vegas to Honolulu"});
  Reply r = Respond(request);  // no context.facts: nothing is known of the session
  EXPECT_EQ(r.intent, Intent::kHotelSearch);
  EXPECT_TRUE(Contains(r.content, "Which city")) << r.content;
}

TEST(OfflineModelTest, NoUserMessageStillAnswers) {
  llm::ChatRequest request;
  request.messages.push_back({llm::Role::kSystem, "system only"});
  Reply r = Respond(request);
  EXPECT_EQ(r.intent, Intent::kUnknown);
  EXPECT_FALSE(r.content.empty());
  EXPECT_FALSE(Respond(llm::ChatRequest{}).content.empty());
}

TEST(OfflineModelTest, StateCountsTurnsAndKeepsTripThroughSmallTalk) {
  Chat chat;
  chat.Ask("flights from Denver to Maui");
  chat.Ask("thanks!");
  Reply r = chat.Ask("what about in June?");
  EXPECT_EQ(r.intent, Intent::kFlightSearch);
  EXPECT_TRUE(Contains(r.content, "from Denver (DEN) to Maui (OGG) in June")) << r.content;
  EXPECT_TRUE(Contains(chat.state(), "\"turns\":3")) << chat.state();
}

TEST(OfflineModelTest, SameRequestSameReply) {
  Chat chat(kFamilyProfile);
  chat.Ask("can I book a flight from Las Vegas to Hawaii in March?");
  llm::ChatRequest request = chat.request();
  request.messages.push_back({llm::Role::kUser, "where should we go in March?"});
  Reply a = Respond(request);
  Reply b = Respond(request);
  EXPECT_EQ(a.content, b.content);
  auto model = MakeOfflineModel();
  auto via_model = Complete(*model, request, nullptr);
  ASSERT_TRUE(via_model.ok());
  EXPECT_EQ(via_model->content, a.content);
}

TEST(OfflineModelTest, CompleteFillsResultAndUsage) {
  auto model = MakeOfflineModel();
  EXPECT_EQ(model->id(), "flightly-local");
  llm::ChatRequest request = OneQuestion("can I bring my dog?");
  request.messages.insert(request.messages.begin(), {llm::Role::kSystem, "Be brief."});
  auto result = Complete(*model, request, nullptr);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->finish_reason, "stop");
  EXPECT_TRUE(Contains(result->content, "Pets on Flightly"));
  EXPECT_EQ(result->usage.prompt_tokens,
            llm::EstimateTokens("Be brief.") + llm::EstimateTokens("can I bring my dog?"));
  EXPECT_EQ(result->usage.completion_tokens, llm::EstimateTokens(result->content));
}

TEST(OfflineModelTest, StreamingDeliversPiecesThatConcatenateToContent) {
  auto model = MakeOfflineModel();
  RecordingSink sink;
  auto result =
      Complete(*model, OneQuestion("what should we do in Honolulu?", kFamilyProfile), &sink);
  ASSERT_TRUE(result.ok());
  EXPECT_GT(sink.pieces.size(), 10u);
  std::string joined;
  for (const std::string& piece : sink.pieces) {
    EXPECT_FALSE(piece.empty());
    joined += piece;
  }
  EXPECT_EQ(joined, result->content);
}

TEST(OfflineModelTest, SinkErrorAbortsTheStream) {
  auto model = MakeOfflineModel();
  RecordingSink sink(/*fail_at=*/2);
  auto result = Complete(*model, OneQuestion("how do refunds work?"), &sink);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, core::Code::kUnavailable);
  EXPECT_EQ(result.error().message, "client went away");
  EXPECT_EQ(sink.pieces.size(), 2u);
}

TEST(OfflineModelTest, MaxTokensTruncates) {
  auto model = MakeOfflineModel();
  for (int max_tokens : {0, 1, 10, 25}) {
    llm::ChatRequest request = OneQuestion("how do refunds work?");
    request.max_tokens = max_tokens;
    RecordingSink sink;
    auto result = Complete(*model, request, &sink);
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->finish_reason, "length") << max_tokens;
    EXPECT_LE(result->usage.completion_tokens, max_tokens);
    EXPECT_LE(llm::EstimateTokens(result->content), max_tokens);
    EXPECT_TRUE(std::string_view("Refunds: Flex fares are fully refundable")
                    .starts_with(result->content.substr(0, 20)));
    std::string joined;
    for (const std::string& piece : sink.pieces) joined += piece;
    EXPECT_EQ(joined, result->content);
  }
  llm::ChatRequest roomy = OneQuestion("how do refunds work?");
  roomy.max_tokens = 100000;
  auto result = Complete(*model, roomy, nullptr);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->finish_reason, "stop");
}

TEST(OfflineModelTest, TruncationNeverSplitsUtf8) {
  auto model = MakeOfflineModel();
  for (int max_tokens = 1; max_tokens < 60; ++max_tokens) {
    llm::ChatRequest request = OneQuestion("what size can my carry on be?");  // has "×" and "—"
    request.max_tokens = max_tokens;
    auto result = Complete(*model, request, nullptr);
    ASSERT_TRUE(result.ok());
    EXPECT_TRUE(IsValidUtf8(result->content)) << max_tokens << ": " << result->content;
  }
}

// Word soup and raw bytes, from a fixed seed so that a failure reproduces: every turn answers
// and hands back state that the next turn reads.
TEST(OfflineModelTest, RandomInputsAlwaysAnswer) {
  const char* words[] = {
      "from",     "to",     "LAS",   "hnl",      "Hawaii", "in",   "March",
      "may",      "$",      "300",   "2",        "adults", "kids", "aged",
      "4",        "and",    "8",     "hotels",   "there",  "what", "did",
      "I",        "just",   "ask",   "?",        "-",      "/",    "2026",
      "a",        "person", "night", "business", "class",  "Nice", "\xE2\x80\x99",
      "\xC3\xA9", "\xff",   ",",     "under",    "the",    "big",  "island",
      "weather"};
  std::uint32_t seed = 12345;
  auto next = [&seed] { return seed = seed * 1664525u + 1013904223u; };
  Chat chat({{"kids_ages", "x,3,,99"}, {"budget_usd", "-5"}, {"home_airport", "nowhere"}});
  for (int turn = 0; turn < 1500; ++turn) {
    std::string text;
    std::size_t n = next() % 14;
    for (std::size_t k = 0; k < n; ++k) {
      if (next() % 9 == 0) {
        text.push_back(static_cast<char>(next() & 0xFF));
      } else {
        text += words[next() % std::size(words)];
        text += ' ';
      }
    }
    Reply r = chat.Ask(text);
    ASSERT_FALSE(r.content.empty()) << text;
    EXPECT_TRUE(Contains(chat.state(), "\"turns\":" + std::to_string(turn + 1))) << text;
  }
}

// Not a timing assertion: a cheap guard that long inputs stay linear and bounded.
TEST(OfflineModelTest, LongInputsAreHandled) {
  std::string huge;
  for (int k = 0; k < 100000; ++k) huge += "hotels in Paris for 2 adults ";
  Reply r = Respond(OneQuestion(huge));
  EXPECT_EQ(r.intent, Intent::kHotelSearch);
  Chat chat;
  for (int k = 0; k < 2000; ++k) chat.request().messages.push_back({llm::Role::kUser, "hi"});
  Reply recap = chat.Ask("what did we talk about?");
  EXPECT_TRUE(Contains(recap.content, "most recent questions")) << recap.content.substr(0, 200);
  for (int k = 0; k < 2000; ++k) Respond(OneQuestion("flights from LAS to HNL in March"));
}

}  // namespace
}  // namespace contrail::flightly::offline
