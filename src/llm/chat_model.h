#pragma once
// The ChatModel interface: one chat turn in, one assistant message out, optionally streamed.
// Implementations: flightly::OfflineModel (built-in, weightless) and llm::OpenAiCompatModel.

#include <boost/asio/awaitable.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace contrail::llm {

enum class Role { kSystem, kUser, kAssistant, kTool };

// "system" | "user" | "assistant" | "tool"
const char* RoleName(Role role);
// Parses an OpenAI role name; nullopt for anything else ("developer" maps to kSystem).
std::optional<Role> ParseRole(std::string_view name);

struct Message {
  Role role = Role::kUser;
  std::string content;
};

// What the server knows about the person and the session, for models that use it directly
// (the offline model); remote models see the same facts rendered into the system prompt.
struct TurnContext {
  std::string user_id;                         // empty for an anonymous stateless call
  std::string session_id;                      // empty without a session
  std::map<std::string, std::string> profile;  // the user's profile hash (may be empty)
  std::string session_state;  // opaque state the model returned last turn ("" if none)
};

struct ChatRequest {
  std::string model;
  // In order: system prompt(s), stored history, then this turn's messages. The last element is
  // normally the user's new message.
  std::vector<Message> messages;
  TurnContext context;
  std::optional<int> max_tokens;
  std::optional<double> temperature;
};

struct Usage {
  int prompt_tokens = 0;
  int completion_tokens = 0;
  int total_tokens() const { return prompt_tokens + completion_tokens; }
};

struct ChatResult {
  std::string content;                 // the whole assistant message
  std::string finish_reason = "stop";  // "stop" | "length"
  Usage usage;
  // New session state to store (replacing the old), or nullopt to keep the stored one.
  std::optional<std::string> session_state;
};

// Receives a streamed answer piece by piece. Returning an error aborts the generation (for
// example when the client went away); the model then returns that error.
class ChatSink {
 public:
  virtual ~ChatSink() = default;
  virtual boost::asio::awaitable<core::Status> OnDelta(std::string_view text) = 0;
};

// A chat model. Complete() may be called concurrently from any I/O thread.
class ChatModel {
 public:
  virtual ~ChatModel() = default;

  // The model id clients put in `model` and that GET /v1/models lists.
  virtual const std::string& id() const = 0;

  // Generates the assistant's reply. With a sink, text is delivered through it as it is produced
  // and the result still carries the whole message. Errors: kUnavailable (cannot reach the
  // provider), kTimeout (no answer within the configured time), kUpstream (the provider answered
  // with an error), kInvalidArgument (the provider rejected the request).
  virtual boost::asio::awaitable<core::Result<ChatResult>> Complete(const ChatRequest& request,
                                                                     ChatSink* sink) = 0;
};

// Rough token count for usage accounting when a provider does not report it (≈ 4 chars a token).
int EstimateTokens(std::string_view text);

}  // namespace contrail::llm
