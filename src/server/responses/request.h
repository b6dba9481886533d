#pragma once
// Parsing and validating POST /v1/responses (OpenAI's Responses API) into the chat turn it runs
// (chat/request.h) plus what the response object repeats and what the chain needs.
//
// `input` is a string (one user message) or a list of items: messages (role user, assistant,
// system or developer; content a string or input_text / output_text parts), function_call items
// (the model's calls, as a client replays them) and function_call_output items (their results).
// `instructions` is this turn's system message; it is not carried to the next response.
// Function tools ({"type":"function", name, description, parameters}) are the client's; other
// tool types and non-text content are kInvalidArgument naming the field, as are wrong types and
// values out of range. Unknown fields are ignored, as OpenAI's clients expect.

#include <optional>
#include <string>

#include "core/result.h"
#include "net/http_message.h"
#include "server/auth/principal.h"
#include "server/chat/request.h"

namespace contrail::server::responses {

// An mcp_approval_response input item: the caller's answer to a held MCP call (mcp_tools.h). Its
// message (a tool result, empty until the call ran or was declined) is at `message` in
// InputItems::messages.
struct McpApproval {
  std::string request_id;  // the mcp_approval_request item's id
  bool approve = false;
  std::size_t message = 0;
  std::string param;       // the item's place, for errors ("input[0]")
};

// Input items (a response's `input`, a conversation's `items`): as messages for the model, and
// listed with the ids they are listed by (input_items, a conversation's items), one JSON object each.
struct InputItems {
  std::vector<llm::Message> messages;
  std::vector<std::string> items;
  std::vector<McpApproval> approvals;
  std::string Json() const;  // the items as one JSON array
};

// `items`: a string (one user message) or an array of items; kInvalidArgument naming `field`
// (or the item's own field) otherwise.
core::Result<InputItems> ReadInputItems(const boost::json::value& items, const chat::ChatLimits& limits,
                                        std::string_view field);

// The member `name` of `o` when it is there and not null (a null field is an absent one, as
// OpenAI's clients send them), else nullptr.
const boost::json::value* Field(const boost::json::object& o, std::string_view name);
// The string member `name` of `o` (a stored item's), or "" when it is absent or not a string.
std::string StringField(const boost::json::object& o, std::string_view name);

// `metadata` of a body: at most 16 string values, keys up to 64 bytes, values up to 512 (OpenAI's
// bounds), as JSON text; "{}" when absent or null. kInvalidArgument naming `metadata` otherwise.
core::Result<std::string> ReadMetadata(const boost::json::object& body);

// A tool {"type":"mcp", server_label, server_url?, allowed_tools?, require_approval?}: the tools
// of one MCP server contrail is configured to reach (mcp_tools.h resolves it).
struct McpToolRequest {
  std::string server_label;                         // [A-Za-z0-9_-]{1,64}
  std::string server_url;                           // "" when not given
  std::optional<std::vector<std::string>> allowed;  // allowed_tools' names; nullopt: all
  bool read_only = false;                           // allowed_tools.read_only: read-only tools only
  // require_approval: "always" (OpenAI's default), "never", or {"never":{"tool_names":[…]}}:
  // every tool but those listed. `never` holds the names that need no approval.
  bool approve_all = true;
  std::vector<std::string> never;
  std::string param;                                // "tools[2]", for errors
};

struct ResponsesRequest {
  // What the turn runs: `instructions` as a system message, then the input items as messages;
  // every message new (chat::ChatCompletionRequest::every_message_new); user as identity says.
  chat::ChatCompletionRequest turn;
  std::string previous_response_id;   // "" for a new chain
  bool store = true;
  bool background = false;
  // Echoed in the response object, as JSON text.
  std::string instructions_json = "null";
  std::string metadata_json = "{}";       // at most 16 string values
  std::string tools_json = "[]";
  std::string tool_choice_json = "\"auto\"";
  std::string user_json = "null";
  std::string user;                       // the resolved user ("" for none: nothing is stored)
  std::optional<double> temperature;
  std::optional<double> top_p;
  bool parallel_tool_calls = true;
  std::string truncation = "disabled";
  std::optional<int> max_output_tokens;
  // The input items (GET /v1/responses/{id}/input_items); their messages are also in `turn`.
  InputItems input;
  // conversation: the conversation (a "conv_…" id, its session) whose items this response joins;
  // "" for none. Not with previous_response_id.
  std::string conversation;
  std::vector<McpToolRequest> mcp_tools;  // the `tools` of type mcp, in order
};

// Identity as for chat completions: `user` and/or X-User-Id (they must agree), authorised for the
// caller (a user key acts only for its own user). A session comes only from the chain.
core::Result<ResponsesRequest> ParseResponsesRequest(const net::HttpRequest& request, const chat::ChatLimits& limits,
                                                     const auth::Principal& caller);

}  // namespace contrail::server::responses
