#pragma once
// The Responses API's "mcp" tools. A request names an MCP server; the model may call its tools,
// and contrail runs those calls server-side through its MCP client (mcp/remote_servers.h). The
// response shows them as output items:
//
//   mcp_list_tools        the server's tools the model was offered, one item per server
//   mcp_call              a call that ran: its arguments, and its output or error
//   mcp_approval_request  a call held for the caller's approval (require_approval). The caller
//                         answers with an mcp_approval_response input item in a response that
//                         continues this one (previous_response_id); an approved call runs
//                         before that response's model call and is its first mcp_call item, a
//                         declined one tells the model it was declined.
//
// Only the servers of [[mcp.servers]] with responses = true are reached: a tool names one by
// server_label (the server's `name`) or by server_url (its `url`); any other URL is a 400, so a
// request cannot make contrail call an address of its choosing, and a server's headers are the
// configuration's, never the request's. The configuration's `tools` list applies before allowed_tools. The model is
// offered the server's own tool names (a name another tool of the request has already falls back
// to the registry's, which carries the server's `prefix`).

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "agent/agent.h"
#include "core/json_writer.h"
#include "core/result.h"
#include "llm/chat_model.h"
#include "mcp/tool.h"
#include "server/responses/request.h"

namespace contrail::server {
struct Services;
}

namespace contrail::server::responses {

// One tool of an MCP server as a response offers it.
struct McpOffer {
  std::string name;           // as the model calls it
  std::string registry_name;  // the per-thread registry's tool (mcp::RemoteTool)
  std::string server_label;   // as the request named the server
  std::string remote_name;    // the server's own name for it (on the items)
  bool held = false;          // needs the caller's approval before it runs
};

// A response's MCP tools, resolved, and what its output shows of them before the model's turn.
struct McpTools {
  std::vector<McpOffer> offers;
  std::vector<std::string> list_items;  // mcp_list_tools items (JSON), one per server
  std::vector<std::string> call_items;  // mcp_call items (JSON) of the approved calls that ran first

  // The offer the model calls by `name`, or nullptr.
  const McpOffer* Find(std::string_view name) const;
  // The offers as the agent's toolbox takes them.
  std::vector<agent::OfferedTool> Offered() const;
};

// tools[i] of type "mcp" ({type, server_label, server_url?, allowed_tools?, require_approval?});
// kInvalidArgument naming the field. `headers`, `authorization` and `connector_id` are refused:
// contrail reaches a server only with its configured credentials.
core::Result<McpToolRequest> ReadMcpTool(const boost::json::object& tool, const std::string& param);

// The id of the approval request for a held call ("mcpr_" + its call id), and back ("" when
// `approval_id` is not one).
std::string ApprovalRequestId(std::string_view call_id);
std::string CallIdOfApproval(std::string_view approval_id);

// Before the turn begins: resolves request.mcp_tools against the configuration and the thread's
// registry (waiting briefly for a server still starting: kUnavailable when its tools cannot be
// listed), then runs the approved calls of the input's approval responses (their previous
// response read for the held call) and fills their messages in request.turn. `taken`: the names
// the model is offered besides (the client's functions, an agent's own tools).
boost::asio::awaitable<core::Result<McpTools>> PrepareMcpTools(Services& services, ResponsesRequest& request,
                                                               const std::vector<std::string>& taken,
                                                               const std::string& request_id);

// Output items. `output` null: the call is in progress (a stream's output_item.added).
void WriteMcpCallItem(core::JsonWriter& w, std::string_view id, std::string_view server_label, std::string_view name,
                      std::string_view arguments, const mcp::ToolOutput* output,
                      std::string_view approval_request_id = {});
void WriteApprovalRequestItem(core::JsonWriter& w, const llm::ToolCall& call, const McpOffer& offer);

}  // namespace contrail::server::responses
