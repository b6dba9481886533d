#pragma once
// The tools one executor can call, by name. Registering checks the tool's name and schema once;
// Call checks the arguments against the schema, runs the tool under its deadline, and turns
// every way a call can go wrong into a ToolOutput with is_error set (an unknown tool, arguments
// that break the schema, a timeout, a backend error): a model or MCP client always gets an answer
// it can read, and no exception leaves. A read-only tool with a cache_ttl goes through the
// tool-result cache when one is set (unless the call asks to read fresh: ToolCall::fresh) (tc:TOOL:HASH of its canonical arguments; concurrent equal
// calls run once); its failures are never cached. Not thread-safe: one registry per I/O thread,
// like the pools its tools use.

#include <map>
#include <memory>
#include <vector>

#include "mcp/tool.h"

namespace contrail::cache {
class ToolResultCache;
}

namespace contrail::mcp {

class ToolRegistry {
 public:
  // kInvalidArgument for a bad name, a schema json_schema.h does not support, or a name taken.
  core::Status Add(std::unique_ptr<Tool> tool);

  // The cache read-only tools with a cache_ttl go through; nullptr (the default): none. It must
  // outlive the registry.
  void set_cache(cache::ToolResultCache* cache) { cache_ = cache; }

  // nullptr when there is no such tool.
  Tool* Find(std::string_view name) const;
  // Every tool, ordered by name.
  std::vector<const Tool*> all() const;

  // The call, checked and under the tool's deadline. `arguments` that are not an object are a
  // tool error too. Never fails: every failure is a ToolOutput with is_error.
  boost::asio::awaitable<ToolOutput> Call(std::string_view name, const boost::json::value& arguments,
                                          const ToolCall& call) const;

 private:
  // The call under the tool's deadline, not cached.
  boost::asio::awaitable<ToolOutput> CallOnce(Tool& tool, const boost::json::object& arguments, const ToolCall& call) const;

  std::map<std::string, std::unique_ptr<Tool>, std::less<>> tools_;
  cache::ToolResultCache* cache_ = nullptr;
};

// True for names MCP and the chat APIs both accept: [A-Za-z0-9_-]{1,64}.
bool IsToolName(std::string_view name);

}  // namespace contrail::mcp
