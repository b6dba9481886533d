// Reading a Responses request's "mcp" tools and approval ids (mcp_tools.h): no I/O, so the
// request parser (and its fuzz target) links this alone.

#include <algorithm>
#include <boost/json.hpp>

#include "server/responses/mcp_tools.h"

namespace contrail::server::responses {

namespace json = boost::json;
using core::InvalidArgument;

namespace {

constexpr std::size_t kMaxNames = 128;
constexpr std::size_t kMaxNameBytes = 128;
constexpr std::size_t kMaxUrlBytes = 2048;
constexpr std::string_view kApprovalPrefix = "mcpr_";

// An array of 1..128-byte strings, at most 128 of them.
core::Result<std::vector<std::string>> ReadNames(const json::value& v, const std::string& param) {
  const std::string rule = "must be an array of at most 128 tool names";
  if (!v.is_array() || v.get_array().size() > kMaxNames) return InvalidArgument(param + " " + rule, param);
  std::vector<std::string> names;
  for (const json::value& name : v.get_array()) {
    if (!name.is_string() || name.get_string().empty() || name.get_string().size() > kMaxNameBytes) {
      return InvalidArgument(param + " " + rule, param);
    }
    names.emplace_back(name.get_string());
  }
  return names;
}

// {"tool_names": […]} of allowed_tools or require_approval's always/never; `param` names it.
core::Result<std::vector<std::string>> ReadToolNames(const json::value& v, const std::string& param) {
  const json::value* names = v.is_object() ? Field(v.get_object(), "tool_names") : nullptr;
  if (!v.is_object()) return InvalidArgument(param + " must be an object {\"tool_names\": […]}", param);
  if (names == nullptr) return std::vector<std::string>();
  return ReadNames(*names, param + ".tool_names");
}

core::Status ReadAllowed(const json::value& v, const std::string& param, McpToolRequest& out) {
  if (v.is_array()) {
    CONTRAIL_TRY(out.allowed, ReadNames(v, param));
    return core::Ok();
  }
  if (!v.is_object()) return InvalidArgument(param + " must be an array of tool names or {tool_names, read_only}", param);
  if (Field(v.get_object(), "tool_names") != nullptr) {
    CONTRAIL_TRY(out.allowed, ReadToolNames(v, param));
  }
  if (const json::value* ro = Field(v.get_object(), "read_only")) {
    if (!ro->is_bool()) return InvalidArgument(param + ".read_only must be a boolean", param + ".read_only");
    out.read_only = ro->get_bool();
  }
  return core::Ok();
}

core::Status ReadApprovalPolicy(const json::value& v, const std::string& param, McpToolRequest& out) {
  if (v.is_string() && (v.get_string() == "always" || v.get_string() == "never")) {
    out.approve_all = v.get_string() == "always";
    return core::Ok();
  }
  if (!v.is_object()) {
    return InvalidArgument(param + " must be \"always\", \"never\" or {\"never\": {\"tool_names\": […]}}", param);
  }
  // Every tool but those under `never` needs approval (`always` lists ones that do anyway).
  if (const json::value* always = Field(v.get_object(), "always")) {
    CONTRAIL_TRY_STATUS(ReadToolNames(*always, param + ".always"));
  }
  if (const json::value* never = Field(v.get_object(), "never")) {
    CONTRAIL_TRY(out.never, ReadToolNames(*never, param + ".never"));
  }
  return core::Ok();
}

}  // namespace

core::Result<McpToolRequest> ReadMcpTool(const json::object& tool, const std::string& param) {
  McpToolRequest out;
  out.param = param;
  const json::value* label = Field(tool, "server_label");
  if (label == nullptr || !label->is_string() || !chat::ValidToolName(label->get_string())) {
    return InvalidArgument("server_label must match ^[a-zA-Z0-9_-]{1,64}$", param + ".server_label");
  }
  out.server_label = std::string(label->get_string());
  for (const char* refused : {"headers", "authorization", "connector_id"}) {
    if (Field(tool, refused) != nullptr) {
      return InvalidArgument(std::string(refused) + " is not accepted: contrail reaches only the MCP servers of its "
                                 "configuration, with their configured credentials",
                             param + "." + refused);
    }
  }
  if (const json::value* url = Field(tool, "server_url")) {
    if (!url->is_string() || url->get_string().empty() || url->get_string().size() > kMaxUrlBytes) {
      return InvalidArgument("server_url must be a URL of at most 2048 bytes", param + ".server_url");
    }
    out.server_url = std::string(url->get_string());
  }
  if (const json::value* allowed = Field(tool, "allowed_tools")) {
    CONTRAIL_TRY_STATUS(ReadAllowed(*allowed, param + ".allowed_tools", out));
  }
  if (const json::value* approval = Field(tool, "require_approval")) {
    CONTRAIL_TRY_STATUS(ReadApprovalPolicy(*approval, param + ".require_approval", out));
  }
  return out;
}

std::string ApprovalRequestId(std::string_view call_id) { return std::string(kApprovalPrefix) + std::string(call_id); }

std::string CallIdOfApproval(std::string_view approval_id) {
  if (approval_id.size() <= kApprovalPrefix.size() || approval_id.substr(0, kApprovalPrefix.size()) != kApprovalPrefix) {
    return {};
  }
  return std::string(approval_id.substr(kApprovalPrefix.size()));
}

}  // namespace contrail::server::responses
