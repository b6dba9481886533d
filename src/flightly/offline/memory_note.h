#pragma once
// What the offline model says when the traveller tells it something worth remembering (and the
// turn keeps long-term memory, llm::ChatContext::remembers): the memories the message states, as
// flightly's extractor reads them — the same reading the memory worker stores.

#include <map>
#include <string>

#include "llm/chat_model.h"

namespace contrail::flightly::offline {

// "Got it — I'll remember this for your next trips:\n• Budget is $300 a person.\n…", or "" when
// the message at `current` states nothing to remember or the turn does not remember.
// `names_home` (optional) is set when one of them is the home airport (the message's place is
// then where the traveller lives, not a trip).
std::string MemoryNote(const llm::ChatRequest& request, std::size_t current, bool* names_home = nullptr);

// What this session's messages before `current` said of the traveller, over the recalled `profile`
// and `remembered` (llm::ChatContext): a value withdrawn ("forget my diet") is gone and a new one
// ("we moved to Austin") is the one, said on `today` (YYYY-MM-DD), before a memory worker has
// stored them. A value of the saved profile (not in `remembered`) stays: memory never overrides it.
void ApplySessionMemories(const llm::ChatRequest& request, std::size_t current, std::string_view today,
                          std::map<std::string, std::string>& profile, std::map<std::string, std::string>& remembered);

// Whether `text` asks for something (a question mark, or a request such as "find", "book",
// "show me", "can you"): a message that only tells facts about the traveller does not, and is
// answered with the MemoryNote alone.
bool AsksSomething(std::string_view text);

}  // namespace contrail::flightly::offline
