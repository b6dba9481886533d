#pragma once
// The vocabulary the slot extractor (slots.cc) reads: each word or phrase and the kind of slot
// fact it signals. Internal to the slot extraction; the table is built once and is read-only.

#include <cstdint>
#include <string_view>

#include "flightly/text.h"

namespace contrail::flightly::slot_words {

enum class Word : std::uint8_t {
  kNone,
  kMonth,         // value: 1..12
  kWhen,          // value: index in kWhenPhrases
  kNumber,        // value: the number ("two")
  kArticle,       // "a", "an", "my", "our": one of a following singular noun
  kAdultNoun,     // value: 1 singular, 2 plural
  kKidNoun,       // value: 1 singular, 2 plural
  kPeopleNoun,    // "people", "passengers", "of us"
  kAgeMarker,     // "ages", "aged": numbers that follow are children's ages
  kAgeUnit,       // "year", "yo"; value 1 for "months" (an infant)
  kBudgetMarker,  // "under", "budget", "up to": a following number is money; value 1: a floor ("over")
  kMoney,         // "dollars", "usd"
  kPerPerson,     // "per person", "each"
  kPerNight,      // "a night"
  kNights,        // "nights", "days"
  kWeeks,         // "week", "weeks"
  kCabin,         // value: Cabin
  kOriginMarker,  // "from", "leaving"
  kDestMarker,    // "to", "in", "visiting"
  kBetween,       // "between X and Y"
  kPartner,       // "my wife", "couple": value adults
  kFamilyOf,      // "family of 4", "party of 3"
  kReject,        // "forget", "not", "instead of": a following place or month is rejected
  kCorrection,    // "instead", "actually", "make it": the message corrects earlier slots
  kOthers,        // "her", "his", "their": a following party is someone else's
  kThirdPerson,   // "friend", "she": with a kReported verb after it, a clause about someone else
  kReported,      // "went", "took": past events, not the trip being planned
  kFirstPerson,   // "we", "i", "us": back to the traveller's own trip
  kReturnMarker,  // "back", "returning", "inbound": a date that follows is the return's
  kOutMarker,     // "outbound", "going out": a date that follows is the departure's
  kNoRole,        // "looking at": ends in a place marker ("at") but gives the place after it no role
  kNonstop,       // "nonstop", "direct flights", "no layovers"
  kAmenity,       // value: an Amenity bit ("pool", "free breakfast", "pet friendly")
  kTopRated,      // "best rated", "highest rated": hotels by their guests' rating
};

struct WordInfo {
  Word kind = Word::kNone;
  int value = 0;
};

// The phrase table of every word above; built on first use, then read-only (safe from any thread).
const PhraseTable<WordInfo>& Words();

// The time phrase of a kWhen word's value ("next week").
std::string_view WhenText(int index);

}  // namespace contrail::flightly::slot_words
