#include <algorithm>
#include <boost/json/serialize.hpp>

#include "agent/agent.h"
#include "mcp/tool_registry.h"

namespace contrail::agent {

Toolbox::Toolbox(const mcp::ToolRegistry& registry, const std::vector<std::string>& names,
                 std::vector<llm::ToolSpec> client_tools, const std::vector<OfferedTool>& offered,
                 std::vector<std::shared_ptr<mcp::Tool>> own)
    : registry_(registry) {
  auto taken = [&](std::string_view name) {
    return std::any_of(tools_.begin(), tools_.end(), [&](const auto& t) { return t.first == name; }) ||
           std::find(client_names_.begin(), client_names_.end(), name) != client_names_.end();
  };
  for (const std::string& name : names) {
    const mcp::Tool* tool = registry.Find(name);
    if (tool == nullptr || taken(name)) continue;
    tools_.emplace_back(name, tool);
  }
  std::vector<llm::ToolSpec> held;
  for (const OfferedTool& o : offered) {
    const mcp::Tool* tool = registry.Find(o.registry_name);
    if (tool == nullptr || taken(o.name)) continue;
    if (!o.held) {
      tools_.emplace_back(o.name, tool);
      continue;
    }
    client_names_.push_back(o.name);
    const mcp::ToolSpec& spec = tool->spec();
    held.push_back({o.name, spec.description, boost::json::serialize(spec.input_schema)});
  }
  for (std::shared_ptr<mcp::Tool>& tool : own) {
    if (registry.Find(tool->spec().name) != nullptr || taken(tool->spec().name)) continue;
    tools_.emplace_back(tool->spec().name, tool.get());
    own_.push_back(std::move(tool));
  }
  std::sort(tools_.begin(), tools_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [name, tool] : tools_) {
    const mcp::ToolSpec& spec = tool->spec();
    specs_.push_back({name, spec.description, boost::json::serialize(spec.input_schema)});
  }
  for (llm::ToolSpec& spec : held) specs_.push_back(std::move(spec));
  for (llm::ToolSpec& spec : client_tools) {
    if (Find(spec.name) != nullptr || IsClientTool(spec.name)) continue;  // a server tool of that name is the one run
    client_names_.push_back(spec.name);
    specs_.push_back(std::move(spec));
  }
}

const mcp::Tool* Toolbox::Find(std::string_view name) const {
  auto it = std::lower_bound(tools_.begin(), tools_.end(), name,
                             [](const auto& t, std::string_view n) { return t.first < n; });
  return it != tools_.end() && it->first == name ? it->second : nullptr;
}

std::shared_ptr<mcp::Tool> Toolbox::FindOwn(std::string_view name) const {
  for (const std::shared_ptr<mcp::Tool>& tool : own_) {
    if (tool->spec().name == name) return tool;
  }
  return nullptr;
}

bool Toolbox::IsClientTool(std::string_view name) const {
  return std::find(client_names_.begin(), client_names_.end(), name) != client_names_.end();
}

}  // namespace contrail::agent
