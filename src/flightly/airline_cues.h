#pragma once
// Airline names a message puts after a cue of avoidance ("avoid American", "not on Spirit",
// "excluding united airlines, Delta"): the one reading of such cues that the agent's flight search
// (offline/agent_steps.cc: exclude_airlines) and the memory extractor (memory_extractor.h:
// avoid_airlines) share.
//
//   for (const CuedName& n : NamesAfterCues("avoid American and United in March"))
//     n.word;   // "American", then "United"; n.offset is where each starts in the message

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

namespace contrail::flightly {

// The cues of the flight search: a name after one of them is left out of the results.
inline constexpr std::string_view kAvoidCues[] = {"avoid ",    "avoiding ", "except ",        "excluding ",
                                                  "not on ",   "not with ", "no flights on "};

struct CuedName {
  std::string_view word;  // the name's first word, as written in the message (a view into it)
  std::size_t offset;     // where it starts in the message
};

// The names after each of `cues` (lowercase phrases ending in a space, matched in any case at a
// word start), in the order of the cues, at most 8 and each word once. After a cue comes the first
// word in any case, unless it is a common word that names no airline ("avoid layovers", "not on
// the 14th"); more names follow only capitalised and joined by ", ", "," " and " or " or "
// ("Spirit, Frontier", "American and United"), so "avoid Delta and fly in March" stops at Delta.
// A word is letters, digits and hyphens; a multi-word name yields its first word ("Air" of "Air
// France"): `offset` lets a caller read on. Names are as written: resolving them is the caller's.
std::vector<CuedName> NamesAfterCues(std::string_view message,
                                     std::span<const std::string_view> cues = kAvoidCues);

}  // namespace contrail::flightly
