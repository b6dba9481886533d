#pragma once
// The grounded part of the offline model's answers: what it writes from the passages and live
// facts the turn retrieved (ChatContext::sources, ::live_facts).

#include <string>
#include <string_view>

#include "llm/chat_model.h"

namespace contrail::flightly::offline {

// True when the request carries retrieved passages or live facts to ground the answer in.
bool HasGrounding(const llm::ChatRequest& request);

// Appends the live facts; then the sentences of the top retrieved passages that best match
// `question`, each cited [n]; then a "Sources:" list of the cited documents. Writes nothing when
// HasGrounding() is false.
void AppendGrounded(const llm::ChatRequest& request, std::string_view question, std::string& out);

}  // namespace contrail::flightly::offline
