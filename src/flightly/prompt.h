#pragma once
// What a remote model is told: Flightly's system prompt with the traveller's profile, and the
// grounding the turn found (passages, live fares) as a system message. flightly-local reads the
// same from ChatContext instead (llm::ChatModel::reads_context()).

#include <map>
#include <string>
#include <vector>

#include "llm/chat_model.h"

namespace contrail::flightly {

// The base prompt plus a "Traveller profile" section listing the profile's fields (known fields
// first, with readable names). An empty profile adds nothing.
std::string SystemPrompt(const std::map<std::string, std::string>& profile);

// The system prompt's sections on what long-term memory recalled, each "" when there is nothing:
// the remembered values (`remembered`: field → the day it was said; `values`: field → value),
// asking the model to say where it got them; and earlier sessions' summaries.
std::string RememberedPrompt(const std::map<std::string, std::string>& remembered,
                             const std::map<std::string, std::string>& values);
std::string EpisodesPrompt(const std::vector<std::string>& episodes);

// One system message that lists the live facts and the numbered passages of `context` and asks
// for [n] citations; "" when the turn found nothing.
std::string GroundingPrompt(const llm::ChatContext& context);

}  // namespace contrail::flightly
