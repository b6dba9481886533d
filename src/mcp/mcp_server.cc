#include "mcp/mcp_server.h"

#include <algorithm>
#include <boost/json.hpp>

namespace contrail::mcp {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

json::value Result(const json::value& id, json::value result) {
  return json::object{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

const json::object* Params(const json::object& message) {
  const json::value* p = message.if_contains("params");
  return p != nullptr && p->is_object() ? &p->get_object() : nullptr;
}

bool ValidId(const json::value& id) { return id.is_string() || id.is_int64() || id.is_uint64(); }

json::value Initialize(const json::value& message, const ServerInfo& info) {
  json::object server{{"name", info.name}, {"version", info.version}};
  json::object result{{"protocolVersion", NegotiatedVersion(message)},
                      {"capabilities", json::object{{"tools", json::object{{"listChanged", false}}},
                                                    {"logging", json::object()}}},
                      {"serverInfo", std::move(server)}};
  if (!info.instructions.empty()) result["instructions"] = info.instructions;
  return result;
}

json::object Describe(const Tool& tool) {
  const ToolSpec& spec = tool.spec();
  json::object out{{"name", spec.name}, {"description", spec.description}, {"inputSchema", spec.input_schema}};
  if (!spec.title.empty()) out["title"] = spec.title;
  json::object hints{{"readOnlyHint", !spec.side_effects}, {"openWorldHint", false}};
  if (!spec.title.empty()) hints["title"] = spec.title;
  out["annotations"] = std::move(hints);
  return out;
}

json::value ListTools(const ToolRegistry& tools, const ToolFilter& offered) {
  json::array list;
  for (const Tool* tool : tools.all()) {
    if (!offered || offered(*tool)) list.push_back(Describe(*tool));
  }
  return json::object{{"tools", std::move(list)}};
}

json::value CallResult(ToolOutput output) {
  json::object result{{"content", json::array{json::object{{"type", "text"}, {"text", std::move(output.text)}}}},
                      {"isError", output.is_error}};
  if (output.structured.is_object()) result["structuredContent"] = std::move(output.structured);
  return result;
}

}  // namespace

bool IsSupportedProtocolVersion(std::string_view version) {
  return std::find(std::begin(kProtocolVersions), std::end(kProtocolVersions), version) != std::end(kProtocolVersions);
}

json::value RpcError(const json::value& id, int code, std::string_view message) {
  return json::object{{"jsonrpc", "2.0"},
                      {"id", id},
                      {"error", json::object{{"code", code}, {"message", message}}}};
}

MessageKind KindOf(const json::value& message) {
  if (!message.is_object()) return MessageKind::kInvalid;
  const json::object& m = message.get_object();
  const json::value* version = m.if_contains("jsonrpc");
  if (version == nullptr || *version != "2.0") return MessageKind::kInvalid;
  const json::value* method = m.if_contains("method");
  const json::value* id = m.if_contains("id");
  if (method != nullptr) {
    if (!method->is_string()) return MessageKind::kInvalid;
    if (id == nullptr) return MessageKind::kNotification;
    return ValidId(*id) ? MessageKind::kRequest : MessageKind::kInvalid;
  }
  if (id != nullptr && (m.contains("result") || m.contains("error"))) return MessageKind::kResponse;
  return MessageKind::kInvalid;
}

bool IsInitialize(const json::value& message) {
  return KindOf(message) == MessageKind::kRequest && message.get_object().at("method") == "initialize";
}

std::string NegotiatedVersion(const json::value& initialize) {
  const json::object* params = initialize.is_object() ? Params(initialize.get_object()) : nullptr;
  const json::value* asked = params != nullptr ? params->if_contains("protocolVersion") : nullptr;
  if (asked != nullptr && asked->is_string() && IsSupportedProtocolVersion(asked->get_string())) {
    return std::string(asked->get_string());
  }
  return std::string(kProtocolVersions[0]);
}

asio::awaitable<std::optional<json::value>> HandleMessage(const json::value& message, const ToolRegistry& tools,
                                                          const ServerInfo& info, const ToolCall& call,
                                                          const ToolFilter& offered) {
  if (message.is_array()) co_return RpcError(nullptr, kInvalidRequest, "JSON-RPC batches are not supported");
  const MessageKind kind = KindOf(message);
  if (kind == MessageKind::kInvalid) {
    const json::value* id = message.is_object() ? message.get_object().if_contains("id") : nullptr;
    co_return RpcError(id != nullptr && ValidId(*id) ? *id : json::value(nullptr), kInvalidRequest,
                       "not a JSON-RPC 2.0 request: it needs \"jsonrpc\":\"2.0\", a string \"method\" and an id");
  }
  if (kind != MessageKind::kRequest) co_return std::nullopt;  // notifications and responses: nothing to say
  const json::object& m = message.get_object();
  const json::value& id = m.at("id");
  const std::string_view method = m.at("method").get_string();
  if (m.contains("params") && !m.at("params").is_object()) {
    co_return RpcError(id, kInvalidParams, "`params` must be an object");
  }
  if (method == "initialize") co_return Result(id, Initialize(message, info));
  if (method == "ping") co_return Result(id, json::object());
  if (method == "tools/list") co_return Result(id, ListTools(tools, offered));
  if (method == "logging/setLevel") {
    // Accepted; contrail's tools send no log notifications (its logs go to its own log).
    static constexpr std::string_view kLevels[] = {"debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"};
    const json::object* params = Params(m);
    const json::value* level = params != nullptr ? params->if_contains("level") : nullptr;
    if (level == nullptr || !level->is_string() ||
        std::find(std::begin(kLevels), std::end(kLevels), level->get_string()) == std::end(kLevels)) {
      co_return RpcError(id, kInvalidParams, "logging/setLevel needs `level`: debug, info, notice, warning, error, critical, alert or emergency");
    }
    co_return Result(id, json::object());
  }
  if (method == "tools/call") {
    const json::object* params = Params(m);
    const json::value* name = params != nullptr ? params->if_contains("name") : nullptr;
    if (name == nullptr || !name->is_string()) co_return RpcError(id, kInvalidParams, "tools/call needs a string `name`");
    if (const Tool* tool = tools.Find(name->get_string()); tool == nullptr || (offered && !offered(*tool))) {
      co_return RpcError(id, kInvalidParams, "Unknown tool: " + std::string(name->get_string()));
    }
    // (Outside the co_await: GCC 12 mis-evaluates a conditional among a co_await's operands.)
    const json::value* given = params->if_contains("arguments");
    const json::value arguments = given != nullptr ? *given : json::value();
    ToolOutput output = co_await tools.Call(name->get_string(), arguments, call);
    co_return Result(id, CallResult(std::move(output)));
  }
  co_return RpcError(id, kMethodNotFound, "Method not found: " + std::string(method));
}

}  // namespace contrail::mcp
