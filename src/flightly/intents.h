#pragma once
// Intents: what a traveller's message asks for, decided by weighted keyword phrases plus the
// slots the message states and the previous turn's intent (for follow-ups like "what about
// April?"). Deterministic and table-driven; the table is built once and is read-only.
//
//   Tokens tokens("can I bring my dog?");
//   ClassifyIntent(tokens, ExtractSlots(tokens), Intent::kUnknown) == Intent::kPets

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "flightly/slots.h"
#include "flightly/text.h"

namespace contrail::flightly {

// In priority order: when two intents score the same, the one listed first wins.
enum class Intent : std::uint8_t {
  kUnknown,
  // About the conversation and the assistant.
  kRecallFirst,         // "what did I ask first?"
  kRecallLast,          // "what did I just ask?"
  kRecallSaid,          // "where did I say I wanted to go?", "what did I say about my budget?"
  kRecallConversation,  // "what did we talk about?"
  kProfileRecall,       // "what do you know about me?"
  kAbout,               // "who are you?", "help"
  // Policies and service.
  kLostLuggage,
  kExcessBaggage,
  kCarryOn,
  kBaggage,
  kPets,
  kUnaccompaniedMinors,
  kInfants,
  kDelays,  // delays, cancellations by the airline, compensation
  kRefund,
  kCancellation,
  kChangeBooking,
  kCheckIn,
  kSeats,
  kUpgrades,  // upgrades and cabin classes
  kSpecialAssistance,
  kMeals,
  kWifi,  // wifi and entertainment
  kLoyalty,
  kInsurance,
  kTravelDocuments,  // visas and passports
  kPayment,
  kPromotions,
  kFlightStatus,
  kCarRental,  // rental cars and airport transfers
  kPackages,   // flight + hotel bundles
  kContactSupport,
  // Trip planning: these read and keep slots.
  kWeather,
  kThingsToDo,
  kDestinationIdeas,
  kFlightSearch,
  kHotelSearch,
  kFamilyTrip,
  kBudget,
  kBooking,  // how booking works
  // Social.
  kGreeting,
  kThanks,
  kGoodbye,
  // Outside the domain: declined politely, never searched in the knowledge base.
  kOutOfDomain,  // "who won the world cup?", "write me a poem", "what is 17*23?"
  kGibberish,    // "asdkjh qwe zzz", emoji only, "???": nothing to understand
  kCount,        // not an intent: the number of them
};

// snake_case name, stable (it is stored in session state): "flight_search".
std::string_view IntentName(Intent intent);
// Inverse of IntentName; kUnknown for anything else.
Intent ParseIntentName(std::string_view name);

// True for the trip-planning intents, whose answers use slots and which a bare follow-up
// ("what about in April?") continues.
bool IsTripIntent(Intent intent);

// True for Flightly's policies and services (kLostLuggage .. kContactSupport).
bool IsServiceIntent(Intent intent);

// True for greetings, thanks and goodbyes, out-of-domain and gibberish messages, and kUnknown:
// messages that do not move a conversation's topic.
bool IsSocial(Intent intent);

struct IntentDecision {
  Intent intent = Intent::kUnknown;
  // The message names no topic of its own and continues the previous turn's ("what if he weighs
  // 12 kg?" after a pets question, "under $200?" after a flight search).
  bool follow_up = false;
  // The weight of the intent's own words in the message (price words not counted): 0 when it was
  // inferred (a bare place is a flight search), 5 and more when a phrase settles it ("hotels").
  int strength = 0;
  // The message leans on the previous turn for its subject: a follow-up, or it points back ("how
  // much is it?", "what about on international flights?") with no strong topic of its own.
  bool leans_back = false;
};

// The intent of a message. said holds the slots the same message states; previous is the last
// turn's intent (kUnknown if none). Returns kUnknown when nothing in the message is understood,
// and never kGibberish (see LooksLikeGibberish). Greetings and thanks win only when they make up
// most of the message. Price words ("how much", "cost") ask about the service the message or the
// previous turn names, and are a budget question only without one. A correction ("change it to 3
// adults", "make it April") or a bare follow-up continues the previous trip or service topic.
IntentDecision DecideIntent(const Tokens& tokens, const Slots& said, Intent previous);
// The intent of a message that tells something before it asks something else ("I prefer an aisle
// seat. Is it warm in Maui in March?"), given `whole`, DecideIntent's for all of it, and its asking
// part (knowledge::AskingPart) with the slots that part states: the asking part's own decision
// when it has a topic of its own (a trip question that names its place, a service question in
// words that settle it) for which its words weigh more than for the story's intent, and it does not
// point back at the story
// ("My dog is 9 kg. Can he fly in the cabin?"); else `whole`.
IntentDecision AskedIntent(const IntentDecision& whole, const Tokens& asking, const Slots& asked, Intent previous);
// DecideIntent(...).intent.
Intent ClassifyIntent(const Tokens& tokens, const Slots& said, Intent previous);

// True when a message has nothing to understand: no word at all (emoji, "???") or no common
// English word, travel word, place or word of the English word list (core/english_lexicon.h)
// ("asdkjh qwe zzz"). An empty message is not gibberish.
bool LooksLikeGibberish(std::string_view message, const Tokens& tokens);

// The message's own subject: its words that no intent phrase, price phrase, slot word, place,
// number or common word accounts for, lowercase, in order ("whales" in "when can I see whales near
// Cape Town?"). A trip template (a flight search) does not answer a message with a subject the
// template knows nothing about.
std::vector<std::string> SubjectWords(const Tokens& tokens);

// Words that name a service topic for retrieval, appended to a follow-up's standalone query
// ("pets dogs cats"); "" for intents that are not services.
std::string_view TopicWords(Intent intent);

}  // namespace contrail::flightly
