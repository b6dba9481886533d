#pragma once
// Parsing and validating POST /v1/chat/completions: the OpenAI request body plus contrail's
// identity rules (DESIGN.md §1, server/identity.h). Everything a turn needs is checked here,
// before any key or query is built from it.

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "llm/chat_model.h"
#include "net/http_message.h"
#include "server/auth/principal.h"

namespace contrail::server::chat {

struct ChatLimits {
  int max_messages = 256;
  std::size_t max_message_bytes = 64 * 1024;
};

struct ChatCompletionRequest {
  std::string model;                     // empty: the configured default
  std::vector<llm::Message> messages;    // as sent (developer → system)
  bool stream = false;
  bool include_usage = false;            // stream_options.include_usage
  std::string user;                      // validated id, or empty
  std::string session;                   // validated id, or empty (then stateless)
  std::optional<int> max_tokens;
  std::optional<double> temperature;
  std::vector<llm::ToolSpec> tools;      // `tools` (function tools), checked
  std::string tool_choice = "auto";      // "auto" | "none" | "required" | a listed tool's name
};

// Identity from the body and the headers: `user` or X-User-Id (both: must agree), session from
// X-Session-Id or metadata.session_id (both: must agree); a session needs a user. The user is one
// `caller` may act for: a user key's own (also when the request names none), else kForbidden.
// kInvalidArgument with `param` naming the offending field (a header given twice included).
core::Result<ChatCompletionRequest> ParseChatCompletionRequest(const net::HttpRequest& request,
                                                               const ChatLimits& limits,
                                                               const auth::Principal& caller);

}  // namespace contrail::server::chat
