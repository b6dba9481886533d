#include <algorithm>
#include <boost/json/serialize.hpp>

#include "agent/agent.h"
#include "mcp/tool_registry.h"

namespace contrail::agent {

Toolbox::Toolbox(const mcp::ToolRegistry& registry, const std::vector<std::string>& names,
                 std::vector<llm::ToolSpec> client_tools)
    : registry_(registry) {
  for (const std::string& name : names) {
    const mcp::Tool* tool = registry.Find(name);
    if (tool == nullptr || std::find(tools_.begin(), tools_.end(), tool) != tools_.end()) continue;
    tools_.push_back(tool);
  }
  std::sort(tools_.begin(), tools_.end(), [](const mcp::Tool* a, const mcp::Tool* b) { return a->spec().name < b->spec().name; });
  for (const mcp::Tool* tool : tools_) {
    const mcp::ToolSpec& spec = tool->spec();
    specs_.push_back({spec.name, spec.description, boost::json::serialize(spec.input_schema)});
  }
  for (llm::ToolSpec& spec : client_tools) {
    if (Find(spec.name) != nullptr) continue;  // the server's tool of that name is the one run
    client_names_.push_back(spec.name);
    specs_.push_back(std::move(spec));
  }
}

const mcp::Tool* Toolbox::Find(std::string_view name) const {
  auto it = std::lower_bound(tools_.begin(), tools_.end(), name,
                             [](const mcp::Tool* t, std::string_view n) { return t->spec().name < n; });
  return it != tools_.end() && (*it)->spec().name == name ? *it : nullptr;
}

bool Toolbox::IsClientTool(std::string_view name) const {
  return std::find(client_names_.begin(), client_names_.end(), name) != client_names_.end();
}

}  // namespace contrail::agent
