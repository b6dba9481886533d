#pragma once
// Flightly's system prompt, with the traveller's profile rendered into it. Every turn of a user
// gets it, whichever model answers.

#include <map>
#include <string>

namespace contrail::flightly {

// The base prompt plus a "Traveller profile" section listing the profile's fields (known fields
// first, with readable names). An empty profile adds nothing.
std::string SystemPrompt(const std::map<std::string, std::string>& profile);

}  // namespace contrail::flightly
