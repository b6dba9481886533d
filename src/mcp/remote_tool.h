#pragma once
// A tool of a remote MCP server as an mcp::Tool, so a ToolRegistry calls it like a local one.
//
// Its spec comes from the server's tools/list entry: the name (after an optional prefix), title,
// description and inputSchema; side_effects unless annotations.readOnlyHint is true; never cached
// (cache_ttl 0: contrail cannot know when a remote result goes stale); the timeout given. Call()
// is McpClient::CallTool under that timeout: a remote isError result is a ToolOutput with is_error,
// a server that is down, hangs or dies an Error (the registry shows both to the model as a tool
// error).

#include <chrono>
#include <string>
#include <string_view>

#include "mcp/mcp_client.h"
#include "mcp/tool.h"

namespace contrail::mcp {

class RemoteTool : public Tool {
 public:
  // `client` must outlive the tool. `remote_name`: the server's name for it (spec.name may be
  // prefixed).
  RemoteTool(McpClient& client, std::string remote_name, ToolSpec spec)
      : client_(client), remote_name_(std::move(remote_name)), spec_(std::move(spec)) {}

  const ToolSpec& spec() const override { return spec_; }
  const std::string& remote_name() const { return remote_name_; }
  boost::asio::awaitable<core::Result<ToolOutput>> Call(const boost::json::object& arguments,
                                                        const ToolCall& call) override;

 private:
  McpClient& client_;
  std::string remote_name_;
  ToolSpec spec_;
};

// The spec for one entry of a server's tools/list. kInvalidArgument when the entry has no string
// name or `prefix` + name is not [A-Za-z0-9_-]{1,64}.
core::Result<ToolSpec> RemoteToolSpec(const boost::json::object& tool, std::string_view prefix,
                                      std::chrono::milliseconds timeout);

// `schema` cut down to what json_schema.h checks: every keyword it does not support (or whose
// value it cannot read) is dropped, in nested schemas too, and a missing top-level "type" becomes
// "object". Dropping a keyword only ever lets more arguments through, and the remote server checks
// its own arguments anyway; refusing the tool, or a bare {"type":"object"}, would hide the rest of
// the schema (property names, types, descriptions) from the model.
boost::json::object CheckableSchema(boost::json::object schema);

}  // namespace contrail::mcp
