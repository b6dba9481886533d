#pragma once
// Flightly's slots for the semantic answer cache (cache/question_slots.h): the trip facts the turn
// reads (ExtractSlots: origin and destination with their direction, dates, party and ages, budget,
// cabin) and what else in a question changes its answer — numbers with their unit ("23 kg",
// "2 bags"), weekdays, fare families, negation ("without", "can't", "non-refundable") and
// comparatives ("cheapest" against "most expensive", "earliest" against "latest").
//
//   FlightlySlotExtractor slots;
//   slots.Extract("cheapest flights from LAX to Honolulu on 14 March")
//   // {"compare":"low","day":"14","destination":"HNL","month":"3","origin":"LAX"}

#include "cache/question_slots.h"

namespace contrail::flightly {

class FlightlySlotExtractor final : public cache::SlotExtractor {
 public:
  cache::QuestionSlots Extract(std::string_view question) const override;
};

}  // namespace contrail::flightly
