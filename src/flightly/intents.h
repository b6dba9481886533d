#pragma once
// Intents: what a traveller's message asks for, decided by weighted keyword phrases plus the
// slots the message states and the previous turn's intent (for follow-ups like "what about
// April?"). Deterministic and table-driven; the table is built once and is read-only.
//
//   Tokens tokens("can I bring my dog?");
//   ClassifyIntent(tokens, ExtractSlots(tokens), Intent::kUnknown) == Intent::kPets

#include <cstdint>
#include <string_view>

#include "flightly/slots.h"
#include "flightly/text.h"

namespace contrail::flightly {

// In priority order: when two intents score the same, the one listed first wins.
enum class Intent : std::uint8_t {
  kUnknown,
  // About the conversation and the assistant.
  kRecallLast,          // "what did I just ask?"
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
  kCount,  // not an intent: the number of them
};

// snake_case name, stable (it is stored in session state): "flight_search".
std::string_view IntentName(Intent intent);
// Inverse of IntentName; kUnknown for anything else.
Intent ParseIntentName(std::string_view name);

// True for the trip-planning intents, whose answers use slots and which a bare follow-up
// ("what about in April?") continues.
bool IsTripIntent(Intent intent);

// True for greetings, thanks and goodbyes, and for kUnknown: messages that do not move a
// conversation's topic.
bool IsSocial(Intent intent);

// The intent of a message. said holds the slots the same message states; previous is the last
// turn's intent (kUnknown if none). Returns kUnknown when nothing in the message is understood.
Intent ClassifyIntent(const Tokens& tokens, const Slots& said, Intent previous);

}  // namespace contrail::flightly
