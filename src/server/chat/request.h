#pragma once
// Parsing and validating POST /v1/chat/completions: the OpenAI request body plus contrail's
// identity rules (DESIGN.md §1, server/identity.h). Everything a turn needs is checked here,
// before any key or query is built from it.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "agent/agent.h"
#include "core/result.h"
#include "llm/chat_model.h"
#include "net/http_message.h"
#include "server/auth/principal.h"

namespace boost::json {
class object;
class value;
}  // namespace boost::json

namespace contrail::server::chat {

struct ChatLimits {
  int max_messages = 256;
  std::size_t max_message_bytes = 64 * 1024;
};

// Bounds of the sampling fields (OpenAI's where it states them).
inline constexpr int kMaxTokens = 1'000'000;
inline constexpr std::size_t kMaxStopSequences = 4;
inline constexpr std::size_t kMaxStopBytes = 256;
inline constexpr std::size_t kMaxLogitBias = 1'024;  // logit_bias entries, each -100..100

struct ChatCompletionRequest {
  std::string model;                     // empty: the configured default
  std::vector<llm::Message> messages;    // as sent (developer → system)
  bool stream = false;
  bool include_usage = false;            // stream_options.include_usage
  std::string user;                      // validated id, or empty
  std::string session;                   // validated id, or empty (then stateless)
  std::optional<int> max_tokens;         // max_tokens or max_completion_tokens: 1..kMaxTokens
  std::optional<double> temperature;     // finite, 0..2
  // Validated, but not passed to the providers (llm::ChatRequest has no field for them yet).
  std::optional<double> top_p;              // finite, 0..1
  std::optional<double> presence_penalty;   // finite, -2..2
  std::optional<double> frequency_penalty;  // finite, -2..2
  std::optional<std::int64_t> seed;
  std::vector<std::string> stop;         // `stop`: at most kMaxStopSequences, each 1..kMaxStopBytes
  std::vector<llm::ToolSpec> tools;      // `tools` (function tools), checked
  std::string tool_choice = "auto";      // "auto" | "none" | "required" | a listed tool's name
  bool cache_lookup = true;              // false: Cache-Control: no-cache (the answer is not looked up)
  bool cache_store = true;               // false: Cache-Control: no-store (the answer is not kept)
  // Idempotency-Key: a retry of the request with the same key makes no side effect twice (a
  // booking, a payment: mcp::ToolCall::idempotency_key). "" when the client sent none.
  std::string idempotency_key;
  // Every non-system message is new, also in a session: POST /v1/responses sends only this
  // turn's input (a chat client may resend the whole conversation; messages.h).
  bool every_message_new = false;
  // Tools of configured MCP servers the model may call, run server-side by the agent's loop
  // (POST /v1/responses' "mcp" tools, resolved by responses/mcp_tools.h); none from chat.
  std::vector<agent::OfferedTool> server_tools;
};

// Every field the body may carry is checked: a wrong type, a value out of range, a number that is
// not finite (1e400 parses as infinity), `n` other than 1, or a response_format other than text
// is kInvalidArgument naming the field; unknown fields are ignored, as OpenAI's clients expect.
// Identity from the body and the headers: `user` or X-User-Id (both: must agree), session from
// X-Session-Id or metadata.session_id (both: must agree); a session needs a user. The user is one
// `caller` may act for: a user key's own (also when the request names none), else kForbidden.
// kInvalidArgument with `param` naming the offending field (a header given twice included).
core::Result<ChatCompletionRequest> ParseChatCompletionRequest(const net::HttpRequest& request,
                                                               const ChatLimits& limits,
                                                               const auth::Principal& caller);

// Field readers the other APIs that run a turn share (responses/request.h).
// A finite number from lo to hi, or nullopt when the field is absent or null.
core::Result<std::optional<double>> ReadNumber(const boost::json::object& body, const char* name, double lo, double hi);
// A function tool's name: ^[a-zA-Z0-9_-]{1,64}$.
bool ValidToolName(std::string_view name);
// Message content: a string, or an array of text parts (joined by newlines) whose "type" is one of
// `part_types`; null only for an assistant message. kInvalidArgument naming `param` otherwise.
core::Result<std::string> ReadContent(const boost::json::value* content, llm::Role role, std::size_t max_bytes,
                                      const std::string& param,
                                      std::initializer_list<std::string_view> part_types = {"text"});
// The headers that shape a turn, into `out`: Cache-Control's no-cache and no-store, and
// Idempotency-Key (1..255 visible ASCII characters; kInvalidArgument otherwise).
core::Status ReadTurnHeaders(const net::HttpRequest& request, ChatCompletionRequest& out);

}  // namespace contrail::server::chat
