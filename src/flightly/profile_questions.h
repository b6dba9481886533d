#pragma once
// Questions that ask what Flightly knows of one thing about the traveller — "what's my home
// airport again?", "how old are my kids?", "do you remember which seat I like?", "which airlines
// did I say to avoid?", "who do I usually travel with?" — answered from the profile and what was
// remembered from earlier sessions, not from the documents.
//
// Precision first: the message must be put as a question about the traveller's own value
// ("what is my …", "do you know/remember my …", "remind me (of) my …", "what … do I prefer",
// "which … did I say/tell/give", "who do I travel with", "where do I live"), and name one of the
// profile's fields. "Can my kids fly alone?" and "what's the baggage allowance for my son?" ask
// about a service, not about the traveller, and are no such question.

#include <string_view>

#include "flightly/text.h"

namespace contrail::flightly {

// The profile key the message asks for ("home_airport", "kids_ages", "adults", "budget_usd",
// "seat", "name", "avoid_airlines", "diet", "interests", "loyalty_tier", "cabin", "email",
// "stops"), or "" when it is no question about one of the traveller's own values.
std::string_view AskedProfileSlot(const Tokens& tokens);

}  // namespace contrail::flightly
