#pragma once
// What a turn's knowledge search should prefer, from what the turn understood: the place the
// question is about, the kind of document that answers its intent, and the days it names. The
// server hands it to the second stage of retrieval (knowledge/rerank.h) as hints; nothing is
// filtered out by it, only ranked.
//
//   RetrievalFocus f = FocusOf(*understanding, "2026-12-04");
//   // "any deals for Cancun in March?": places {"CUN"}, doc_types {"promotion"},
//   // valid_from "2027-03-01", valid_to "2027-03-31"

#include <string>
#include <string_view>
#include <vector>

#include "flightly/understanding.h"

namespace contrail::flightly {

struct RetrievalFocus {
  std::vector<std::string> places;     // IATA codes: the place asked about, else the session's
  std::vector<std::string> doc_types;  // "policy"/"faq" for policy questions, "promotion" for deals,
                                       // "guide" for weather and things to do; empty = any
  std::string valid_from, valid_to;    // the stated day, or month's next occurrence (YYYY-MM-DD); ""
  std::vector<std::string> topics;     // a policy question's: what the headings that answer it say
                                       // (intent_rules.h TopicPhrases: "carry on", "hand luggage")
  // A policy question's loyalty tier or fare family ("gold"), and the rest of its set ("blue",
  // "silver", "platinum"): the policies answer each one in its own line or column.
  std::vector<std::string> variants, other_variants;
};

// Whether the message asks about offers: "any deals?", "the spring break fare", "a promo code".
// `fares_count` false: "fare" and "fares" do not (a route's fares are asked of the live lookup).
bool AsksForOffers(const Tokens& tokens, bool fares_count = true);

// `today` is YYYY-MM-DD (a month without a year is its next occurrence from today). Pure.
RetrievalFocus FocusOf(const Understanding& understanding, std::string_view today);

}  // namespace contrail::flightly
