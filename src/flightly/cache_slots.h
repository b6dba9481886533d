#pragma once
// Flightly's slots for the semantic answer cache (cache/question_slots.h): the trip facts the turn
// reads (ExtractSlots: origin and destination with their direction, dates, party and ages, budget,
// cabin) and what else in a question changes its answer — numbers with their unit ("23 kg",
// "2 bags", "€80"), weekdays, fare families, loyalty tiers, the item asked about ("bike", "pet"),
// negation ("without", "can't", "non-refundable") and comparatives ("cheapest" against "most
// expensive", "earliest" against "latest") and what is asked of the subject ("asks": cost, age,
// size, weight, dates). Soft slots (question_slots.h) tell questions apart only when both state
// them: who travels along ("~company": "my wife", "my parents"), where on the plane ("~where": the
// cabin or the hold), what is served or avoided on board ("~onboard": food, drink, a vegan meal,
// an allergy) and which age limit ("~age": "youngest age" against "oldest").
//
//   FlightlySlotExtractor slots;
//   slots.Extract("cheapest flights from LAX to Honolulu on 14 March")
//   // {"compare":"low","day":"14","destination":"HNL","month":"3","origin":"LAX"}

#include <map>
#include <string>

#include "cache/question_slots.h"

namespace contrail::flightly {

struct Understanding;

// Who an answer to a question may be served to, as far as the question decides: kShared (the
// turn narrows it to the user when the answer used the profile or the session), kIfGrounded (a
// question without a known intent: shared when knowledge answered it, never when the answer is
// "I did not understand"), kPersonal ("what do you know about me?": about the user whatever the
// answer says), kNever (answers about the conversation so far, greetings that may name the
// user, refusals).
enum class AnswerSharing { kShared, kIfGrounded, kPersonal, kNever };
AnswerSharing SharingOf(const Understanding& understanding);

// A profile that sets everything flightly-local reads (home airport, party, budget, interests,
// seat, diet, tier, cabin, name, nonstop, hotel budget). An answer that comes out the same with it
// as without it uses no profile, and may be served to travellers who have one.
const std::map<std::string, std::string>& ProbeProfile();

// The slots the turn adds to the standalone query's (FlightlySlotExtractor reads the English
// text): the language the question was asked in, which the answer is written for, the service
// topic asked about as the question's kind ("^kind": "pets", "carry_on"), and ("trip")
// the trip's slots with the session's merged in: in a session planning a trip, only answers for
// the same trip are found.
void AddTurnSlots(const Understanding& understanding, cache::QuestionSlots& slots);

class FlightlySlotExtractor final : public cache::SlotExtractor {
 public:
  cache::QuestionSlots Extract(std::string_view question) const override;
};

}  // namespace contrail::flightly
