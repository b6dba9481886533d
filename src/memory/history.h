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

struct StoredMessage {
  StoredMessage() = default;
  StoredMessage(std::string r, std::string c, std::int64_t t) : role(std::move(r)), content(std::move(c)), ts(t) {}

  std::string role;     // "user" | "assistant" | "system" | "tool"
  std::string content;
  std::int64_t ts = 0;  // Unix milliseconds when stored
  std::vector<llm::ToolCall> tool_calls;  // an assistant message that called tools
  std::string tool_call_id;               // a tool result: the call it answers
};

// Encodes a message as the list element; `ts` is written as given.
std::string EncodeMessage(const StoredMessage& message);
// Decodes one list element; kUpstream if it is not a message object (a foreign writer).
core::Result<StoredMessage> DecodeMessage(std::string_view json);
// Decodes an LRANGE reply, skipping (and counting) elements that do not decode.
std::vector<StoredMessage> DecodeMessages(const valkey::Reply& lrange_reply);

// Appends RPUSH + LTRIM(window) + EXPIRE(ttl) for `messages` to `batch`.
// REQUIRES: ids are valid; messages not empty.
void AppendTurnCommands(valkey::CommandBatch& batch, std::string_view user,
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
