#include "mcp/remote_tool.h"

#include <boost/json.hpp>

#include "mcp/json_schema.h"
#include "mcp/tool_registry.h"

namespace contrail::mcp {

namespace json = boost::json;

namespace {

std::string StringAt(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

// Relaxes one (sub)schema in place: its nested schemas first, then this level's keywords until
// CheckSchemaSupported accepts it. Each rejection names the keyword (Error::param), and nested
// schemas already pass, so every round drops one keyword of this level.
void Relax(json::object& schema) {
  for (const char* key : {"properties", "items", "anyOf", "oneOf"}) {
    json::value* v = schema.if_contains(key);
    if (v == nullptr) continue;
    auto relax_child = [](json::value& child) {
      if (!child.is_object())
        child = json::object();  // a boolean schema: `true` is {}, `false` is let through
      Relax(child.get_object());
    };
    if (v->is_object() && std::string_view(key) == "properties") {
      for (auto& [name, child] : v->get_object()) relax_child(child);
    } else if (v->is_object()) {
      relax_child(*v);
    } else if (v->is_array()) {
      for (json::value& child : v->get_array()) relax_child(child);
    }
  }
  for (std::size_t round = 0, n = schema.size(); round <= n; ++round) {
    core::Status s = CheckSchemaSupported(schema);
    if (s) return;
    if (schema.erase(s.error().param) == 0) break;  // a rejection without a keyword: give up below
  }
  schema = json::object();
}

}  // namespace

json::object CheckableSchema(json::object schema) {
  Relax(schema);
  if (!schema.contains("type")) schema["type"] = "object";
  return schema;
}

core::Result<ToolSpec> RemoteToolSpec(const json::object& tool, std::string_view prefix,
                                      std::chrono::milliseconds timeout) {
  const std::string name = StringAt(tool, "name");
  if (name.empty()) return core::InvalidArgument("a tool without a name");
  ToolSpec spec;
  spec.name = std::string(prefix) + name;
  if (!IsToolName(spec.name))
    return core::InvalidArgument("tool name `" + spec.name + "` is not [A-Za-z0-9_-]{1,64}");
  spec.title = StringAt(tool, "title");
  spec.description = StringAt(tool, "description");
  const json::value* annotations = tool.if_contains("annotations");
  bool read_only = false;
  if (annotations != nullptr && annotations->is_object()) {
    if (spec.title.empty()) spec.title = StringAt(annotations->get_object(), "title");
    const json::value* hint = annotations->get_object().if_contains("readOnlyHint");
    read_only = hint != nullptr && hint->is_bool() && hint->get_bool();
  }
  spec.side_effects = !read_only;
  const json::value* schema = tool.if_contains("inputSchema");
  spec.input_schema = CheckableSchema(
      schema != nullptr && schema->is_object() ? schema->get_object() : json::object());
  spec.input_schema["type"] = "object";  // MCP says it is; the registry requires it
  spec.timeout = timeout;
  spec.cache_ttl = std::chrono::seconds(0);
  return spec;
}

boost::asio::awaitable<core::Result<ToolOutput>> RemoteTool::Call(const json::object& arguments,
                                                                  const ToolCall&) {
  co_return co_await client_.CallTool(remote_name_, arguments,
                                      std::chrono::steady_clock::now() + spec_.timeout);
}

}  // namespace contrail::mcp
