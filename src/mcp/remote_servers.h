#pragma once
// The MCP servers of [[mcp.servers]] as one I/O thread sees them: a client for each (so a stdio
// server runs once per I/O thread), and each server's tools added to the thread's ToolRegistry
// as RemoteTools (remote_tool.h).
//
// Registration is lazy: Start() returns at once and, for each server in the background,
// connects and lists its tools, retrying with the client's backoff while the server is down, and
// adds them to the registry after the first successful tools/list (the `tools` allow list
// applied, `prefix` put before each name). So a server that is down at start-up neither fails nor
// delays it: its tools appear when it comes up. The tool set is read once per process; a server
// that later adds tools needs a restart of contrail to show them. A tool whose name is taken (by
// a local tool or another server's) is skipped with a warning.
//
//   RemoteServers servers(executor, config.mcp.servers, registry);
//   servers.Start();
//   for (const std::string& name : servers.ToolsFor("flightly")) …   // then registry.Call(name, …)
//
// Threading: one executor; call it only from there (Start() from any thread before the executor
// runs). Destroy it after the executor stopped running (as Services is), and before `registry`.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "mcp/mcp_client.h"
#include "mcp/tool_registry.h"

namespace contrail::mcp {

class RemoteServers {
 public:
  // `servers` is copied; `registry` must outlive this object.
  RemoteServers(boost::asio::any_io_executor executor,
                const std::vector<core::McpServerConfig>& servers, ToolRegistry& registry);
  ~RemoteServers();
  RemoteServers(const RemoteServers&) = delete;
  RemoteServers& operator=(const RemoteServers&) = delete;

  // Starts connecting to every server in the background. Call once.
  void Start();

  // The registered tools (their registry names) of the servers that expose them to `agent`
  // (McpServerConfig::agents names it, or "*"), ordered by name. Grows as servers come up.
  std::vector<std::string> ToolsFor(std::string_view agent) const;
  // The configuration of the server a registered tool comes from; nullptr for a tool that is not
  // a remote one.
  const core::McpServerConfig* ServerOf(std::string_view tool) const;
  // The registered tools (registry names, ordered) of the server named `server`; nullptr while
  // its tools are not registered (it has not come up yet) or when no server has that name.
  const std::vector<std::string>* ToolsOf(std::string_view server) const;
  // Waits until ToolsOf(server) is not null or the deadline; returns it.
  boost::asio::awaitable<const std::vector<std::string>*> WaitTools(std::string server, Deadline deadline);
  // True once every server's tools are registered.
  bool all_registered() const;
  // Waits until all_registered() or the deadline; returns all_registered().
  boost::asio::awaitable<bool> WaitRegistered(Deadline deadline);

  // Ends every connection (HTTP sessions DELETEd, stdio servers stopped) and stops retrying.
  boost::asio::awaitable<void> Close();

 private:
  struct Server;
  boost::asio::awaitable<void> Discover(Server& server);
  void Register(Server& server, const std::vector<boost::json::object>& tools);

  boost::asio::any_io_executor executor_;
  ToolRegistry& registry_;
  std::vector<std::unique_ptr<Server>> servers_;
  bool closed_ = false;  // Close() ran: no more attempts
};

}  // namespace contrail::mcp
