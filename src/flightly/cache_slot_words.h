#pragma once
// The answer cache's slots that the situation of a question sets (cache_slots.h reads the rest):
// who acts, which of several, when in the day, which side of an amount, which seat, how it is paid
// and the things it is about. Each is a near miss that embeddings put close together and whose
// answers differ:
//   "refund if I cancel"             / "refund if you cancel"            ~actor  self / airline
//   "first checked bag fee"          / "second checked bag fee"          ~nth    1 / 2
//   "flights to Paris in the morning"/ "… in the evening"                ~daypart
//   "hotels in Maui under $200"      / "hotels in Maui over $200"        ~bound  max / min
//   "window seat fee"                / "aisle seat fee"                  ~seat
//   "upgrade with miles"             / "upgrade with cash"               ~pay
//   "do infants need a passport"     / "do adults need a passport"       ~who
//   "can I change within 24 hours"   / "can I cancel within 24 hours"    ~action
//   "nonstop flights to Tokyo"       / "flights to Tokyo with a layover" stops   0 / 1+
//   "can my service dog fly in the cabin" / "can my pet dog …"           item
//   "cheap flights from Denver"      / "cheap flights to Denver"         ~leg (cache_slots.cc)
//   "one way fare to Cancun"         / "round trip fare to Cancun"       ~way
//   "bag fee on domestic flights"    / "… on international flights"      ~scope
//   "cancel before departure"        / "cancel after departure"          ~timing
//   "hotel with a pool"              / "hotel with a spa"                ~amenity
//   "beach hotels"                   / "downtown hotels"                 ~area
//   "rainy season in Bali"           / "dry season in Bali"              ~weather
//   "my bag is damaged"              / "my bag is lost"                  ~mishap
//   "earn miles"                     / "spend miles"                     ~miles
//   "kids under 2 fly free?"         / "kids under 12 fly free?"         ~limit
// Soft slots ('~', question_slots.h) tell questions apart only when both say them: "seat fee"
// and "window seat fee" are one question to the cache.

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cache/question_slots.h"
#include "flightly/text.h"

namespace contrail::flightly {

// A word and its one spelling among the slots' values ("bicycle" → "bike").
using WordSpelling = std::pair<std::string_view, std::string_view>;
// `w`'s spelling in `table`, or "" when the table does not hold it.
std::string_view SpellingOf(std::string_view w, std::span<const WordSpelling> table);

// Sorted, distinct, comma-joined: one spelling for a set of values.
std::string JoinedValues(std::vector<std::string> values);

// The things `t` is about, in one spelling each ("power bank" → "battery", "service dog" →
// "service_animal", "bicycle" → "bike"), joined (JoinedValues); "" for none.
std::string ItemsOf(const Tokens& t);

// The contrast slot's value (cache/question_slots.h) of `t`: its words in order, each content word
// as its stem's hash in hex (so "bag" and "bags" are one word) with its other spellings after '|'
// (the travel concepts of the local embedder's lexicon the word's phrase names, "c:carry_on" for
// "cabin bag" and "carry-on", and its WordNet synsets: "luggage" is "baggage"), each stop word as
// '_' and itself, numbers as "_#" and the party's nouns as "_party" (the trip slots compare those);
// "" for a question of more than kMaxContrastWords words (a long message is no near miss of a
// short one, and its value would only cost space).
std::string ContrastWords(const Tokens& t);
inline constexpr std::size_t kMaxContrastWords = 40;

// Adds the slots of the file comment that `t` states to `out`.
void SituationSlots(const Tokens& t, cache::QuestionSlots& out);

}  // namespace contrail::flightly
