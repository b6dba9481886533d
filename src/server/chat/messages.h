#pragma once
// The messages of a chat turn: which of the request's messages are new, what the model sees, and
// what the session stores. Pure functions, tested without a server.
//
//   request messages ──SplitNewMessages──► NewMessages{system, fresh}
//   system prompt + request's system messages + stored history + fresh ──ModelMessages──► the model
//   fresh + the reply ──MessagesToStore──► the session's history

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "llm/chat_model.h"
#include "memory/history.h"

namespace contrail::server::chat {

struct NewMessages {
  std::vector<llm::Message> system;  // the request's system messages: they apply to this turn only
  std::vector<llm::Message> fresh;   // non-system messages the session has not stored yet
};

// Splits the request's messages. With a session the server owns the history, so only the
// messages after the last assistant message are new (a client that resends everything still
// works); without one, every non-system message is. kInvalidArgument when a session turn has no
// new user message and no tool result.
core::Result<NewMessages> SplitNewMessages(const std::vector<llm::Message>& messages, bool has_session);

// What the model sees, in order: `system_prompt`, then — with a session — the request's system
// messages, the stored `history` and the new messages; without one, the request's messages as
// sent. `history` is consumed.
std::vector<llm::Message> ModelMessages(std::string system_prompt, const std::vector<llm::Message>& request_messages,
                                        const NewMessages& new_messages, std::vector<memory::StoredMessage> history,
                                        bool has_session);

// What the session stores for this turn: the new messages and the assistant's reply (its text and
// tool calls), stamped `now_ms`.
std::vector<memory::StoredMessage> MessagesToStore(const NewMessages& new_messages, const llm::ChatResult& reply,
                                                   std::int64_t now_ms);

}  // namespace contrail::server::chat
