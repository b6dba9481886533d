#pragma once
// RuleExtractor: flightly's offline, rule-based memory::Extractor. It reads what the traveller (the
// user's messages only) states about themselves, in the profile's vocabulary and format
// (profile.h, ReadProfile), so a recalled memory merges into the profile map as it is:
//
//   slot            kind        value                      from, e.g.
//   name            fact        "Dana Ruiz"                "my name is Dana Ruiz", "I'm Dana"
//   home_airport    fact        "DEN"                      "I live in Denver", "I fly out of LAS"
//   adults          fact        "2"                        "my wife and I", "2 adults and 2 kids"
//   kids_ages       fact        "4,8"                      "2 kids, 4 and 8", "my son is 9"
//   email           fact        "dana@example.com"         "reach me at dana@example.com"
//   loyalty_tier    fact        "gold"                     "I'm a gold member"
//   budget_usd      preference  "300"                      "my budget is $300 a person"
//   seat            preference  "aisle" | "window"         "I prefer an aisle seat"
//   diet            preference  "vegetarian, nut allergy"  "I'm vegetarian", "no nuts please"
//   cabin           preference  CabinName: "business"      "I always fly business"
//   interests       preference  "hiking,beaches" (merge)   "we're into hiking and beaches"
//   avoid_airlines  preference  "Spirit Airlines" (merge)  "never Spirit again", "avoid that airline"
//   hotel_budget_usd preference "250"                      "we spend up to $250 a night on hotels"
//   stops           preference  "nonstop"                  "I hate long layovers", "nonstop only for me"
//   any of them     (as above)  "" (withdrawn)             "forget my diet", "I'm not vegan anymore"
//
//   RuleExtractor extractor;
//   auto memories = co_await extractor.Extract(earlier, events);   // never an error
//   memory::ExtractedMemory episode = extractor.Summarize(session);
//
// Precision over recall: a message is read a clause at a time, and a clause yields a memory only
// when it states the fact as the traveller's own and as standing, not when it asks about it ("is
// an aisle seat extra?"), negates it ("I don't have kids"), says it of someone else ("my friend
// has 3 kids", "her email is …") or sets a constraint of one trip ("flights under $300"): a budget
// needs a standing cue ("my budget", "we can spend", "we have $X"), a cabin or a home airport a
// habitual one ("always", "usually", "I fly out of"). Children counted without their ages are not
// remembered (the profile keeps only kids_ages); the adults of a party are, when the party is a
// couple ("my wife and I") or a family ("2 adults and 2 kids"). "That airline" is the one airline
// named most recently before it (the message itself, then the events and `earlier` backwards);
// when the nearest message that names airlines names several, it is ambiguous and not
// remembered. Airlines are the seed's carriers (seed/airlines.h) and a few US low-cost ones it
// does not fly (Frontier, Allegiant, Sun Country, Breeze, Avelo), by name, leading words or
// code, the value being the full name. English only.
//
// A withdrawal needs the traveller's own slot after a verb of forgetting ("forget my status",
// "forget that I'm gluten free", "don't remember my seat preference"; not "don't forget my meal"
// nor "forget Cancun"), or a value said to hold no longer ("no longer a Gold member", "we don't
// have a budget anymore"); a new value in the same message wins ("not vegetarian anymore, I'm
// vegan now"). A connection is disliked in the traveller's own voice ("I hate …", "… for me"; not
// "can you avoid layovers?", which asks it of one search).
//
// Memories come in the order said; within one Extract, a slot's later value supersedes its
// earlier one as across calls, and a repeated value is one memory with both sources. `correction`
// is set when the clause corrects ("actually", "instead", "make it", "now", "no longer", …;
// Slots::correction) or the slot had another value earlier in the session.

#include <boost/asio/awaitable.hpp>
#include <span>
#include <vector>

#include "core/result.h"
#include "memory/extractor.h"
#include "memory/memory_event.h"

namespace contrail::flightly {

// Stateless and without I/O: safe to call from any thread, concurrently.
class RuleExtractor final : public memory::Extractor {
 public:
  // The memories the user events of `events` state, each with the indexes into `events` of the
  // messages it came from. `earlier` (and the assistant's and tools' messages) only resolve
  // references and tell a correction. Always succeeds; completes without suspending.
  boost::asio::awaitable<core::Result<std::vector<memory::ExtractedMemory>>> Extract(
      std::span<const memory::MemoryEvent> earlier,
      std::span<const memory::MemoryEvent> events) const override;

  // The session's episode from its user messages: "Planned a trip from LAS to HNL in March for 2
  // adults and 2 kids; asked about flights and hotels." (the trip as ExtractSlots and MergeSlots
  // read it over the messages, and what their intents asked for), or "Asked about baggage and
  // pets."; value and text alike, both empty when no message is about travel. `sources` are the
  // indexes of the messages about travel.
  memory::ExtractedMemory Summarize(std::span<const memory::MemoryEvent> session) const override;
};

// A profile slot as a person reads it: "diet", "home airport", "Flightly Miles tier" (the memory
// that withdraws one says "Asked to forget: diet.").
std::string_view SlotLabel(std::string_view slot);

// What Extract does, synchronously (for callers and tests outside a coroutine). Thread-safe.
std::vector<memory::ExtractedMemory> ExtractMemories(std::span<const memory::MemoryEvent> earlier,
                                                     std::span<const memory::MemoryEvent> events);

}  // namespace contrail::flightly
