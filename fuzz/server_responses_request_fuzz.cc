// Feeds arbitrary request bodies (and an X-User-Id header, see fuzz_request.h) to
// server::responses::ParseResponsesRequest, the check of every POST /v1/responses, with the
// configured limits' defaults. Checks, for a request it accepts: the user passes core::IsValidId
// (it becomes part of Valkey keys) and agrees with the header; every message of the turn is new
// and within the limits, tool calls are on assistant messages only and a tool message names its
// call; tool names are well-formed and tool_choice is auto, none, required or a listed tool; the
// sampling fields are finite and in range; a conversation is a conversation id and never comes
// with previous_response_id; the listed input items are a JSON array of objects with ids, one per
// item. A request it rejects is a 400 (kInvalidArgument). Parsed for a user key, a request acts
// for that key's user or is refused (kForbidden), whatever user it names.

#include <boost/json.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/config.h"
#include "core/ids.h"
#include "fuzz_request.h"
#include "fuzz_support.h"
#include "server/responses/conversations.h"
#include "server/responses/mcp_tools.h"
#include "server/responses/request.h"

namespace {

namespace chat = contrail::server::chat;
namespace llm = contrail::llm;
namespace responses = contrail::server::responses;

chat::ChatLimits ConfiguredLimits() {
  const contrail::core::Config config;
  return {config.chat.max_messages, config.chat.max_message_bytes};
}

bool InRange(const std::optional<double>& x, double lo, double hi) {
  return !x || (std::isfinite(*x) && *x >= lo && *x <= hi);
}

// `mcp_tools`: the request's mcp tools, which let tool_choice ask for a call without function tools.
void CheckTurn(const chat::ChatCompletionRequest& turn, const chat::ChatLimits& limits, bool mcp_tools) {
  FUZZ_CHECK(turn.every_message_new);
  FUZZ_CHECK(turn.session.empty());
  FUZZ_CHECK(!turn.messages.empty());
  for (const llm::Message& m : turn.messages) {
    FUZZ_CHECK(m.content.size() <= limits.max_message_bytes);
    FUZZ_CHECK(m.tool_calls.empty() || m.role == llm::Role::kAssistant);
    FUZZ_CHECK(m.role != llm::Role::kTool || !m.tool_call_id.empty());
    for (const llm::ToolCall& call : m.tool_calls) FUZZ_CHECK(!call.id.empty() && chat::ValidToolName(call.name));
  }
  bool listed = false;
  for (const llm::ToolSpec& tool : turn.tools) {
    FUZZ_CHECK(chat::ValidToolName(tool.name));
    listed = listed || tool.name == turn.tool_choice;
  }
  const bool needs_tools = turn.tool_choice != "auto" && turn.tool_choice != "none";
  FUZZ_CHECK(!needs_tools || (turn.tool_choice == "required" && (mcp_tools || !turn.tools.empty())) ||
             (listed && !turn.tools.empty()));
  FUZZ_CHECK(!turn.max_tokens || (*turn.max_tokens >= 1 && *turn.max_tokens <= chat::kMaxTokens));
  FUZZ_CHECK(InRange(turn.temperature, 0, 2));
  FUZZ_CHECK(InRange(turn.top_p, 0, 1));
}

void CheckMcp(const responses::ResponsesRequest& parsed) {
  for (const responses::McpToolRequest& t : parsed.mcp_tools) FUZZ_CHECK(chat::ValidToolName(t.server_label));
  const std::size_t first = parsed.turn.messages.size() - parsed.input.messages.size();
  for (const responses::McpApproval& a : parsed.input.approvals) {
    FUZZ_CHECK(first + a.message < parsed.turn.messages.size());
    const llm::Message& m = parsed.turn.messages[first + a.message];
    FUZZ_CHECK(m.role == llm::Role::kTool && m.content.empty());
    FUZZ_CHECK(m.tool_call_id == responses::CallIdOfApproval(a.request_id) && !m.tool_call_id.empty());
  }
}

void CheckItems(const responses::ResponsesRequest& parsed) {
  const boost::json::value items = boost::json::parse(parsed.input.Json());
  FUZZ_CHECK(items.is_array());
  FUZZ_CHECK(items.as_array().size() == parsed.input.items.size());
  for (const boost::json::value& item : items.as_array()) {
    FUZZ_CHECK(item.is_object() && item.as_object().contains("id") && item.as_object().contains("type"));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const chat::ChatLimits limits = ConfiguredLimits();
  const contrail::net::HttpRequest request =
      contrail::fuzz::RequestFromInput(std::string_view(reinterpret_cast<const char*>(data), size));
  static const contrail::server::auth::Principal user_key{contrail::server::auth::KeyKind::kUser, "fuzz-user", "k"};
  auto as_user = responses::ParseResponsesRequest(request, limits, user_key);
  FUZZ_CHECK(as_user ? as_user->user == "fuzz-user"
                     : (as_user.error().code == contrail::core::Code::kInvalidArgument ||
                        as_user.error().code == contrail::core::Code::kForbidden));
  auto parsed = responses::ParseResponsesRequest(request, limits, contrail::server::auth::Principal{});
  if (!parsed) {
    FUZZ_CHECK(parsed.error().code == contrail::core::Code::kInvalidArgument);
    return 0;
  }
  FUZZ_CHECK(parsed->user.empty() || contrail::core::IsValidId(parsed->user));
  FUZZ_CHECK(parsed->user == parsed->turn.user);
  if (const std::string* header = request.header("x-user-id")) FUZZ_CHECK(*header == parsed->user);
  FUZZ_CHECK(parsed->conversation.empty() || responses::IsConversationId(parsed->conversation));
  FUZZ_CHECK(parsed->conversation.empty() || parsed->previous_response_id.empty());
  CheckTurn(parsed->turn, limits, !parsed->mcp_tools.empty());
  CheckMcp(*parsed);
  CheckItems(*parsed);
  return 0;
}
