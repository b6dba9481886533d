#pragma once
// The offline model's logic as one synchronous function: a chat request in, the answer out. The
// ChatModel adapter (offline_model.h) adds streaming, max_tokens and usage on top. The session's
// state is the server's: Respond reads what the turn understood (flightly/understanding.h) and
// returns nothing to store.
//
//   llm::ChatRequest req;
//   req.messages = {{llm::Role::kUser, "can I book a flight from Las Vegas to Hawaii?"}};
//   auto first = Understand(req.messages.back().content, "");
//   req.context.facts = first;
//   Respond(req).content;                 // "Looking for flights from Las Vegas (LAS) to ..."
//   req.messages.push_back({llm::Role::kAssistant, "…"});
//   req.messages.push_back({llm::Role::kUser, "and hotels there?"});
//   req.context.facts = Understand("and hotels there?", EncodeState(first->next));
//   Respond(req).content;                 // "Looking for hotels in Hawaii (Honolulu, HNL) ..."

#include <string>

#include "flightly/intents.h"
#include "llm/chat_model.h"

namespace contrail::flightly::offline {

struct Reply {
  std::string content;  // the whole answer
  Intent intent = Intent::kUnknown;
  // The answer used the profile or earlier turns, so it may only ever be shown to this user (a
  // cache must scope it to the user, never share it globally).
  bool personalised = false;
};

// Answers the last user message of request, reading request.context: the profile, retrieved
// passages and live facts, and the Understanding the turn put in context.facts (without one, the
// message is understood as the first of a new session). Never fails, uses no clock or randomness
// (the same request always gives the same reply), and is safe to call from any number of threads
// at once.
Reply Respond(const llm::ChatRequest& request);

}  // namespace contrail::flightly::offline
