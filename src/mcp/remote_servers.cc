#include "mcp/remote_servers.h"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <set>

#include "core/log.h"
#include "mcp/remote_tool.h"

namespace contrail::mcp {

namespace asio = boost::asio;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

namespace {
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
// How often WaitRegistered looks (it serves start-up and tests, not requests).
constexpr std::chrono::milliseconds kPoll{20};
}  // namespace

struct RemoteServers::Server {
  Server(asio::any_io_executor executor, const core::McpServerConfig& c)
      : config(c), client(executor, ClientOptions::From(c)), retry(executor) {}
  core::McpServerConfig config;
  McpClient client;
  asio::steady_timer retry;        // the wait before the next attempt to list its tools
  bool registered = false;         // its tools are in the registry
  std::vector<std::string> tools;  // their registry names, ordered
};

RemoteServers::RemoteServers(asio::any_io_executor executor,
                             const std::vector<core::McpServerConfig>& servers,
                             ToolRegistry& registry)
    : executor_(std::move(executor)), registry_(registry) {
  for (const core::McpServerConfig& c : servers)
    servers_.push_back(std::make_unique<Server>(executor_, c));
}

RemoteServers::~RemoteServers() = default;

void RemoteServers::Start() {
  for (auto& server : servers_) {
    asio::co_spawn(executor_, Discover(*server),
                   core::log::ExceptionLogger("MCP server discovery " + server->config.name));
  }
}

asio::awaitable<void> RemoteServers::Discover(Server& server) {
  const auto budget =
      std::chrono::milliseconds(server.config.connect_timeout_ms + server.config.timeout_ms);
  while (!closed_) {
    core::Result<std::vector<json::object>> tools =
        co_await server.client.ListTools(Clock::now() + budget);
    if (closed_) co_return;
    if (tools) {
      Register(server, *tools);
      co_return;
    }
    // The client logged why; wait until it may try again (a failed tools/list on a live
    // connection waits the shortest backoff).
    server.retry.expires_at(
        std::max(server.client.next_attempt(), Clock::now() + server.client.options().min_backoff));
    co_await server.retry.async_wait(kTuple);
  }
}

void RemoteServers::Register(Server& server, const std::vector<json::object>& tools) {
  const core::McpServerConfig& c = server.config;
  std::set<std::string> wanted(c.tools.begin(), c.tools.end());
  for (const json::object& tool : tools) {
    const json::value* name = tool.if_contains("name");
    if (name == nullptr || !name->is_string()) continue;
    const std::string remote(name->get_string());
    if (!c.tools.empty() && wanted.erase(remote) == 0) continue;
    core::Result<ToolSpec> spec =
        RemoteToolSpec(tool, c.prefix, std::chrono::milliseconds(c.timeout_ms));
    core::Status added =
        spec ? registry_.Add(std::make_unique<RemoteTool>(server.client, remote, *spec))
             : spec.error();
    if (!added) {
      core::log::Warn("MCP tool skipped",
                      {{"server", c.name}, {"tool", remote}, {"error", added.error().message}});
      continue;
    }
    server.tools.push_back(spec->name);
  }
  for (const std::string& missing : wanted) {
    core::log::Warn("MCP tool not offered by the server", {{"server", c.name}, {"tool", missing}});
  }
  std::sort(server.tools.begin(), server.tools.end());
  server.registered = true;
  core::log::Info("MCP server's tools registered",
                  {{"server", c.name}, {"tools", static_cast<unsigned long>(server.tools.size())}});
}

std::vector<std::string> RemoteServers::ToolsFor(std::string_view agent) const {
  std::vector<std::string> out;
  for (const auto& server : servers_) {
    if (server->config.ExposedTo(agent))
      out.insert(out.end(), server->tools.begin(), server->tools.end());
  }
  std::sort(out.begin(), out.end());
  return out;
}

const core::McpServerConfig* RemoteServers::ServerOf(std::string_view tool) const {
  for (const auto& server : servers_) {
    if (std::binary_search(server->tools.begin(), server->tools.end(), tool))
      return &server->config;
  }
  return nullptr;
}

const std::vector<std::string>* RemoteServers::ToolsOf(std::string_view server) const {
  for (const auto& s : servers_) {
    if (s->config.name == server) return s->registered ? &s->tools : nullptr;
  }
  return nullptr;
}

asio::awaitable<const std::vector<std::string>*> RemoteServers::WaitTools(std::string name, Deadline deadline) {
  asio::steady_timer timer(executor_);
  while (ToolsOf(name) == nullptr && Clock::now() < deadline) {
    timer.expires_at(std::min(deadline, Clock::now() + kPoll));
    co_await timer.async_wait(kTuple);
  }
  co_return ToolsOf(name);
}

bool RemoteServers::all_registered() const {
  return std::all_of(servers_.begin(), servers_.end(), [](const auto& s) { return s->registered; });
}

asio::awaitable<bool> RemoteServers::WaitRegistered(Deadline deadline) {
  asio::steady_timer timer(executor_);
  while (!all_registered() && Clock::now() < deadline) {
    timer.expires_at(std::min(deadline, Clock::now() + kPoll));
    co_await timer.async_wait(kTuple);
  }
  co_return all_registered();
}

asio::awaitable<void> RemoteServers::Close() {
  closed_ = true;
  for (auto& server : servers_) {
    server->retry.cancel();
    co_await server->client.Close();
  }
}

}  // namespace contrail::mcp
