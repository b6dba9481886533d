#pragma once
// What a remote model is told: Flightly's system prompt with the traveller's profile, and the
// grounding the turn found (passages, live fares) as a system message. flightly-local reads the
// same from ChatContext instead (llm::ChatModel::reads_context()).

#include <map>
#include <string>

#include "llm/chat_model.h"

namespace contrail::flightly {

// The base prompt plus a "Traveller profile" section listing the profile's fields (known fields
// first, with readable names). An empty profile adds nothing.
std::string SystemPrompt(const std::map<std::string, std::string>& profile);

// The system prompt's section on what long-term memory recalled: the values (with the day each was
// said) and earlier sessions' summaries, and that the model should say where it got them. ""
// when nothing was recalled.
std::string MemoryPrompt(const llm::ChatContext& context, const std::map<std::string, std::string>& values);

// One system message that lists the live facts and the numbered passages of `context` and asks
// for [n] citations; "" when the turn found nothing.
std::string GroundingPrompt(const llm::ChatContext& context);

}  // namespace contrail::flightly
