#pragma once
// The offline model's logic as one synchronous function: a chat request in, the answer and the
// new session state out. The ChatModel adapter (offline_model.h) adds streaming, max_tokens and
// usage on top.
//
//   llm::ChatRequest req;
//   req.messages = {{llm::Role::kUser, "can I book a flight from Las Vegas to Hawaii?"}};
//   Reply r = Respond(req);               // "Looking for flights from Las Vegas (LAS) to ..."
//   req.context.session_state = r.session_state;
//   req.messages.push_back({llm::Role::kAssistant, r.content});
//   req.messages.push_back({llm::Role::kUser, "and hotels there?"});
//   Respond(req).content;                 // "Looking for hotels in Hawaii (Honolulu, HNL) ..."

#include <string>

#include "flightly/intents.h"
#include "llm/chat_model.h"

namespace contrail::flightly::offline {

struct Reply {
  std::string content;        // the whole answer
  std::string session_state;  // the state to store for the next turn (see session_state.h)
  Intent intent = Intent::kUnknown;
  // The answer used the profile or earlier turns, so it may only ever be shown to this user (a
  // cache must scope it to the user, never share it globally).
  bool personalised = false;
};

// Answers the last user message of request, reading request.context (profile and the session
// state returned last turn; a missing or unreadable state starts afresh). Never fails, uses no
// clock or randomness (the same request always gives the same reply), and is safe to call from
// any number of threads at once.
Reply Respond(const llm::ChatRequest& request);

}  // namespace contrail::flightly::offline
