#include "server/responses/mcp_tools.h"

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>

#include "mcp/remote_servers.h"
#include "mcp/remote_tool.h"
#include "mcp/tool_registry.h"
#include "server/responses/store.h"
#include "server/services.h"

namespace contrail::server::responses {

namespace asio = boost::asio;
namespace json = boost::json;
using core::InvalidArgument;

namespace {

constexpr int kMaxListWaitMs = 3'000;  // a server still starting: how long a request waits for its tools

bool Contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The configured server a tool names, among those open to Responses requests (responses = true;
// the others are not named to the client): by URL when it gives one, else by label.
core::Result<const core::McpServerConfig*> FindServer(const core::McpConfig& config, const McpToolRequest& t) {
  auto trimmed = [](std::string_view url) {
    while (!url.empty() && url.back() == '/') url.remove_suffix(1);
    return url;
  };
  std::string open;
  for (const core::McpServerConfig& c : config.servers) {
    if (!c.responses) continue;
    if (t.server_url.empty() ? c.name == t.server_label : (!c.url.empty() && trimmed(c.url) == trimmed(t.server_url))) {
      return &c;
    }
    open += (open.empty() ? "" : ", ") + c.name;
  }
  if (!t.server_url.empty()) {
    return InvalidArgument("contrail calls only the MCP servers its configuration opens to Responses requests "
                           "([[mcp.servers]] with responses = true); `" + t.server_url.substr(0, 256) +
                               "` is not one of them",
                           t.param + ".server_url");
  }
  return InvalidArgument("no MCP server named `" + t.server_label + "` is open to Responses requests (those that are: " +
                             (open.empty() ? std::string("none") : open) + ")",
                         t.param + ".server_label");
}

void WriteListedTool(core::JsonWriter& w, std::string_view name, const mcp::ToolSpec& spec) {
  w.BeginObject().Key("name").String(name).Key("description").String(spec.description);
  w.Key("input_schema").Raw(json::serialize(spec.input_schema));
  w.Key("annotations").BeginObject().Key("readOnlyHint").Bool(!spec.side_effects).EndObject().EndObject();
}

// One server's tools into `out` (offers and its mcp_list_tools item); `names`: the names the
// model is offered so far, grown by these.
asio::awaitable<core::Status> AddServer(Services& s, const McpToolRequest& t, std::vector<std::string>& names,
                                        McpTools& out) {
  for (const McpOffer& o : out.offers) {
    if (o.server_label == t.server_label) {
      co_return InvalidArgument("two mcp tools have the server_label `" + t.server_label + "`", t.param + ".server_label");
    }
  }
  CONTRAIL_CO_TRY(const core::McpServerConfig* server, FindServer(s.config.mcp, t));
  const auto wait = std::chrono::milliseconds(std::clamp(server->connect_timeout_ms, 0, kMaxListWaitMs));
  const std::vector<std::string>* tools = co_await s.mcp_servers.WaitTools(server->name, std::chrono::steady_clock::now() + wait);
  if (tools == nullptr) {
    co_return core::Error(core::Code::kUnavailable,
                          "MCP server `" + t.server_label + "` has not listed its tools (it may be down or starting)",
                          t.param + ".server_label");
  }
  std::string item;
  core::JsonWriter w(item);
  w.BeginObject().Key("type").String("mcp_list_tools").Key("id").String("mcpl_" + RandomHex(12));
  w.Key("server_label").String(t.server_label).Key("tools").BeginArray();
  for (const std::string& registry_name : *tools) {
    const auto* tool = dynamic_cast<const mcp::RemoteTool*>(s.tools.Find(registry_name));
    if (tool == nullptr) continue;
    const std::string& remote = tool->remote_name();
    if ((t.allowed && !Contains(*t.allowed, remote)) || (t.read_only && tool->spec().side_effects)) continue;
    std::string name = remote;
    if (!chat::ValidToolName(name) || Contains(names, name)) name = registry_name;
    if (Contains(names, name)) continue;  // no name left for it: not offered
    names.push_back(name);
    out.offers.push_back({name, registry_name, t.server_label, remote, t.approve_all && !Contains(t.never, remote)});
    WriteListedTool(w, remote, tool->spec());
  }
  w.EndArray().Key("error").Null().EndObject();
  out.list_items.push_back(std::move(item));
  co_return core::Ok();
}

// The held call an approval answers, from the previous response's output: {server_label, name,
// arguments}; nullptr when it has no such request.
const json::object* FindApprovalRequest(const json::value& body, std::string_view id) {
  const json::value* output = body.is_object() ? body.get_object().if_contains("output") : nullptr;
  if (output == nullptr || !output->is_array()) return nullptr;
  for (const json::value& item : output->get_array()) {
    const json::object* o = item.if_object();
    if (o != nullptr && StringField(*o, "type") == "mcp_approval_request" && StringField(*o, "id") == id) return o;
  }
  return nullptr;
}

// Runs the approved calls of the input (a declined one's message says so), before the model.
asio::awaitable<core::Status> RunApproved(Services& s, ResponsesRequest& request, McpTools& out,
                                          const std::string& request_id) {
  const std::vector<McpApproval>& approvals = request.input.approvals;
  if (approvals.empty()) co_return core::Ok();
  if (request.previous_response_id.empty() || request.user.empty()) {
    co_return InvalidArgument("an mcp_approval_response answers the response that asked for it: give its id as "
                              "previous_response_id",
                              approvals.front().param + ".approval_request_id");
  }
  CONTRAIL_CO_TRY(std::optional<std::string> stored, co_await ReadBody(s.valkey, request.user, request.previous_response_id));
  if (!stored) {
    co_return core::Error(core::Code::kNotFound,
                          "Previous response with id '" + request.previous_response_id.substr(0, 256) + "' not found.",
                          "previous_response_id");
  }
  boost::system::error_code ec;
  const json::value body = json::parse(*stored, ec);
  const std::size_t first = request.turn.messages.size() - request.input.messages.size();
  for (const McpApproval& a : approvals) {
    const json::object* asked = ec ? nullptr : FindApprovalRequest(body, a.request_id);
    if (asked == nullptr) {
      co_return InvalidArgument("the previous response has no mcp_approval_request `" + a.request_id.substr(0, 256) + "`",
                                a.param + ".approval_request_id");
    }
    const std::string label = StringField(*asked, "server_label");
    const std::string name = StringField(*asked, "name");
    const std::string arguments = StringField(*asked, "arguments");
    auto offer = std::find_if(out.offers.begin(), out.offers.end(),
                              [&](const McpOffer& o) { return o.server_label == label && o.remote_name == name; });
    if (offer == out.offers.end()) {
      co_return InvalidArgument("the approved call is of `" + name + "` on the MCP server `" + label +
                                    "`, which this request's mcp tools do not offer",
                                a.param + ".approval_request_id");
    }
    llm::Message& result = request.turn.messages[first + a.message];
    if (!a.approve) {
      result.content = "not run: the user declined this call";
      continue;
    }
    // Named, not braced or conditional among the co_await's operands (GCC 12).
    boost::system::error_code args_ec;
    const json::value parsed = json::parse(arguments, args_ec);
    const mcp::ToolCall caller{request.user, request_id, request.turn.idempotency_key};
    mcp::ToolOutput output = mcp::ToolOutput::Failure("the arguments are not valid JSON");
    if (!args_ec) output = co_await s.tools.Call(offer->registry_name, parsed, caller);
    result.content = output.text;
    core::JsonWriter w(out.call_items.emplace_back());
    WriteMcpCallItem(w, "mcp_" + RandomHex(12), label, name, arguments, &output, a.request_id);
  }
  co_return core::Ok();
}

}  // namespace

const McpOffer* McpTools::Find(std::string_view name) const {
  for (const McpOffer& o : offers) {
    if (o.name == name) return &o;
  }
  return nullptr;
}

std::vector<agent::OfferedTool> McpTools::Offered() const {
  std::vector<agent::OfferedTool> out;
  for (const McpOffer& o : offers) out.push_back({o.name, o.registry_name, o.held});
  return out;
}

asio::awaitable<core::Result<McpTools>> PrepareMcpTools(Services& services, ResponsesRequest& request,
                                                        const std::vector<std::string>& taken,
                                                        const std::string& request_id) {
  McpTools out;
  std::vector<std::string> names = taken;
  for (const McpToolRequest& t : request.mcp_tools) CONTRAIL_CO_TRY_STATUS(co_await AddServer(services, t, names, out));
  CONTRAIL_CO_TRY_STATUS(co_await RunApproved(services, request, out, request_id));
  request.turn.server_tools = out.Offered();
  co_return out;
}

void WriteMcpCallItem(core::JsonWriter& w, std::string_view id, std::string_view server_label, std::string_view name,
                      std::string_view arguments, const mcp::ToolOutput* output, std::string_view approval_request_id) {
  w.BeginObject().Key("type").String("mcp_call").Key("id").String(id).Key("server_label").String(server_label);
  w.Key("name").String(name).Key("arguments").String(arguments).Key("approval_request_id");
  if (approval_request_id.empty()) w.Null(); else w.String(approval_request_id);
  w.Key("output");
  if (output != nullptr && !output->is_error) w.String(output->text); else w.Null();
  w.Key("error");
  if (output != nullptr && output->is_error) w.String(output->text); else w.Null();
  w.Key("status").String(output == nullptr ? "in_progress" : output->is_error ? "failed" : "completed").EndObject();
}

void WriteApprovalRequestItem(core::JsonWriter& w, const llm::ToolCall& call, const McpOffer& offer) {
  w.BeginObject().Key("type").String("mcp_approval_request").Key("id").String(ApprovalRequestId(call.id));
  w.Key("server_label").String(offer.server_label).Key("name").String(offer.remote_name);
  w.Key("arguments").String(call.arguments_json).EndObject();
}

}  // namespace contrail::server::responses
