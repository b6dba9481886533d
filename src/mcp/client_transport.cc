#include "mcp/client_transport.h"

#include <boost/json.hpp>

#include "core/config.h"
#include "mcp/http_transport.h"
#include "mcp/mcp_server.h"
#include "mcp/stdio_transport.h"

namespace contrail::mcp {

namespace json = boost::json;

ClientOptions ClientOptions::From(const core::McpServerConfig& server) {
  ClientOptions o;
  o.name = server.name;
  o.command = server.command;
  o.env = server.env;
  o.url = server.url;
  o.headers = server.headers;
  o.connect_timeout = std::chrono::milliseconds(server.connect_timeout_ms);
  return o;
}

std::shared_ptr<ClientTransport> MakeClientTransport(boost::asio::any_io_executor executor,
                                                     const ClientOptions& options) {
  if (!options.command.empty()) return MakeStdioTransport(std::move(executor), options);
  return MakeHttpTransport(std::move(executor), options);
}

json::object ReplyToServerRequest(const json::object& request) {
  const json::value& id = request.at("id");
  const json::value* method = request.if_contains("method");
  if (method != nullptr && *method == "ping")
    return {{"jsonrpc", "2.0"}, {"id", id}, {"result", json::object()}};
  return RpcError(id, kMethodNotFound, "contrail offers no such capability").as_object();
}

}  // namespace contrail::mcp
