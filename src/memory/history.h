#pragma once
// Conversation history: one Valkey list per session, one JSON message {role, content, ts} per
// element (plus tool_calls / tool_call_id in OpenAI's shape for tool-calling turns), oldest first.
// Appends trim the list to a window and refresh the idle TTL.

#include <boost/asio/awaitable.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "llm/chat_model.h"
#include "valkey/command.h"

namespace contrail::valkey {
class Pool;
struct Reply;
}

namespace contrail::memory {

// One message of a session's history: the message as the models see it, and when it was stored.
struct StoredMessage {
  StoredMessage() = default;
  StoredMessage(llm::Message m, std::int64_t t) : message(std::move(m)), ts(t) {}
  StoredMessage(llm::Role role, std::string content, std::int64_t t) : message(role, std::move(content)), ts(t) {}

  llm::Message message;  // role, content, and tool calls or the id of the call it answers
  std::int64_t ts = 0;   // Unix milliseconds when stored
};

// Encodes a message as the list element: {"role","content","ts"} plus "tool_call_id" and
// "tool_calls" (OpenAI's shape) when set; `ts` is written as given.
std::string EncodeMessage(const StoredMessage& message);
// Decodes one list element; kUpstream if it is not a message object with a role we know
// ("developer" reads as system) — a foreign writer's.
core::Result<StoredMessage> DecodeMessage(std::string_view json);
// Decodes an LRANGE reply, skipping (and counting) elements that do not decode.
std::vector<StoredMessage> DecodeMessages(const valkey::Reply& lrange_reply);

// Appends RPUSH + LTRIM(window) + EXPIRE(ttl) for `messages` to `batch`.
// REQUIRES: ids are valid; messages not empty.
void AppendHistoryCommands(valkey::CommandBatch& batch, std::string_view user,
                        std::string_view session, const std::vector<StoredMessage>& messages,
                        int window, int ttl_seconds);

class History {
 public:
  explicit History(valkey::Pool& pool) : pool_(pool) {}

  // All stored messages of the session, oldest first (empty if none). kUnavailable/kTimeout
  // when Valkey is down or slow.
  boost::asio::awaitable<core::Result<std::vector<StoredMessage>>> List(std::string_view user,
                                                                        std::string_view session);
  // Deletes the session's messages and state. Returns whether anything existed.
  boost::asio::awaitable<core::Result<bool>> Delete(std::string_view user, std::string_view session);

 private:
  valkey::Pool& pool_;
};

}  // namespace contrail::memory
