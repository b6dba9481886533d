#pragma once
// The phrases that say what a message asks for: each adds weight to an intent (intents.cc sums
// them over a message's words). Plain data.
//
// Weights: 5-7 a phrase that settles it ("lost luggage"), 3-4 a strong word ("aisle"), 1-2 a hint
// ("warm"). Social words weigh 1 so that any real question in the same message wins. Phrases are
// lower case, words separated by one space, apostrophes dropped ("didnt arrive"); a phrase may
// appear in several rows (it then adds to each of their intents, at most four).

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "flightly/intents.h"

namespace contrail::flightly {

struct IntentRule {
  std::string_view phrase;
  Intent intent;
  std::int8_t weight;
};

std::span<const IntentRule> IntentRules();

// The phrases that say `intent` more than as a hint (weight 3 or more), as the rules spell them:
// what a heading about it would say ("carry on", "hand luggage", "liquids").
std::vector<std::string> TopicPhrases(Intent intent);

}  // namespace contrail::flightly
