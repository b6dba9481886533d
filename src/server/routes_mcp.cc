// The MCP server over streamable HTTP (mcp/mcp_server.h is the protocol):
//
//   POST   /mcp   one JSON-RPC message. initialize opens a session (Mcp-Session-Id in the reply);
//                 every later message names it. A request is answered with application/json, a
//                 notification or response with 202 and no body.
//   GET    /mcp   405: contrail sends no server-initiated messages, so it offers no SSE stream.
//   DELETE /mcp   ends the session.
//
// Sessions live in Valkey (mcp:s:ID, refreshed on use, expiring after mcp.session_ttl_s idle) so
// any instance serves any session; one belongs to the API key that opened it, and another key
// naming it gets 404, as an unknown one does. Host and Origin must be loopback names or ones the
// configuration allows (DNS rebinding). Transport errors are JSON-RPC error bodies with an HTTP
// status, as MCP's SDKs send them.

#include <algorithm>
#include <boost/json.hpp>
#include <vector>

#include "core/text.h"
#include "flightly/tools/tools.h"
#include "mcp/mcp_server.h"
#include "net/secrets.h"
#include "server/respond.h"
#include "server/routes.h"
#include "server/services.h"

namespace contrail::server {

namespace {

namespace json = boost::json;

constexpr int kServerError = -32000;     // the SDKs' code for a transport-level refusal
constexpr int kSessionNotFound = -32001;
constexpr std::size_t kSessionIdHex = 32;

net::HttpResponse RpcResponse(int status, const json::value& body) {
  return JsonResponse(status, json::serialize(body));
}

net::HttpResponse TransportError(int status, int code, std::string_view message) {
  return RpcResponse(status, mcp::RpcError(nullptr, code, message));
}

// "host", "host:port", "[::1]:port" → the host alone, lower-case.
std::string HostName(std::string_view host) {
  if (!host.empty() && host.front() == '[') {
    const std::size_t close = host.find(']');
    return core::AsciiLower(host.substr(0, close == std::string_view::npos ? host.size() : close + 1));
  }
  return core::AsciiLower(host.substr(0, host.find(':')));
}

// `value` (lower case) is one of the configured names, compared without case.
bool Listed(const std::vector<std::string>& list, std::string_view value) {
  return std::any_of(list.begin(), list.end(), [&](const std::string& item) { return core::AsciiLower(item) == value; });
}

bool LoopbackName(std::string_view host) { return host == "localhost" || host == "127.0.0.1" || host == "[::1]"; }

// A page a DNS-rebinding attack serves reaches a local server under the attacker's name: only
// loopback names and configured ones are served.
core::Status CheckHostAndOrigin(const net::HttpRequest& request, const core::McpConfig& config) {
  const std::string* host = request.header("host");
  if (host != nullptr) {
    const std::string name = HostName(*host);
    if (!LoopbackName(name) && !Listed(config.allowed_hosts, name)) {
      return core::Error(core::Code::kForbidden, "Host " + name + " is not allowed (mcp.allowed_hosts)");
    }
  }
  const std::string* origin = request.header("origin");
  if (origin != nullptr && *origin != "null") {
    const std::string o = core::AsciiLower(*origin);
    const std::size_t scheme = o.find("://");
    const std::string name = scheme == std::string::npos ? o : HostName(std::string_view(o).substr(scheme + 3));
    if (!LoopbackName(name) && !Listed(config.allowed_origins, o)) {
      return core::Error(core::Code::kForbidden, "Origin " + o + " is not allowed (mcp.allowed_origins)");
    }
  }
  return core::Ok();
}

std::string SessionKey(std::string_view id) { return "mcp:s:" + std::string(id); }

bool IsSessionId(std::string_view id) {
  if (id.size() != kSessionIdHex) return false;
  for (char c : id) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// Who may use a session: the key that opened it ("-" when authentication is off).
std::string Owner(const auth::Principal& caller) { return caller.key_id.empty() ? "-" : caller.key_id; }

// The session a request names, refreshed; a response to send when it is missing, unknown, another
// key's, or Valkey cannot say.
boost::asio::awaitable<std::optional<net::HttpResponse>> CheckSession(RouteContext& ctx) {
  core::Result<const std::string*> header = ctx.request.SingleHeader("mcp-session-id");
  if (!header) co_return TransportError(400, kServerError, header.error().message);
  if (*header == nullptr) co_return TransportError(400, kServerError, "Bad Request: Mcp-Session-Id header is required");
  if (!IsSessionId(**header)) co_return TransportError(404, kSessionNotFound, "Session not found");
  const std::string key = SessionKey(**header);
  valkey::CommandBatch batch;
  const std::string ttl = std::to_string(ctx.services.config.mcp.session_ttl_s);
  batch.Add({"GET", key}).Add({"EXPIRE", key, ttl});
  auto replies = co_await ctx.services.valkey.Execute(std::move(batch));
  if (!replies) co_return ErrorResponse(replies.error());
  const valkey::Reply& owner = (*replies)[0];
  if (!owner.is_string() || owner.str != Owner(ctx.caller)) co_return TransportError(404, kSessionNotFound, "Session not found");
  co_return std::nullopt;
}

}  // namespace

Handler McpPost(RouteContext& ctx) {
  const core::McpConfig& config = ctx.services.config.mcp;
  if (core::Status s = CheckHostAndOrigin(ctx.request, config); !s) co_return TransportError(403, kServerError, s.error().message);
  if (core::Status s = RequireJson(ctx.request); !s) co_return TransportError(415, kServerError, s.error().message);
  boost::system::error_code ec;
  const json::value message = json::parse(ctx.request.body, ec);
  if (ec) co_return TransportError(400, mcp::kParseError, "Parse error: the body is not JSON");
  if (const std::string* version = ctx.request.header("mcp-protocol-version");
      version != nullptr && !mcp::IsSupportedProtocolVersion(*version)) {
    co_return TransportError(400, kServerError, "Bad Request: unsupported MCP-Protocol-Version " + *version);
  }
  std::string new_session;
  if (mcp::IsInitialize(message)) {
    new_session = core::LowerHex(net::RandomBytes(kSessionIdHex / 2));
    valkey::CommandBatch batch;
    batch.Add({"SET", SessionKey(new_session), Owner(ctx.caller), "EX", std::to_string(config.session_ttl_s)});
    auto stored = co_await ctx.services.valkey.Execute(std::move(batch));
    if (!stored) co_return ErrorResponse(stored.error());
  } else if (std::optional<net::HttpResponse> refused = co_await CheckSession(ctx)) {
    co_return std::move(*refused);
  }
  mcp::ToolCall call{ctx.caller.user, ctx.request.request_id, ""};
  // contrail's own tools only: the tools of the MCP servers contrail is a client of run with its
  // credentials, for its agents, and are not passed on to every key holder.
  const mcp::RemoteServers& remote = ctx.services.mcp_servers;
  const mcp::ToolFilter own = [&remote](const mcp::Tool& tool) { return remote.ServerOf(tool.spec().name) == nullptr; };
  std::optional<json::value> reply =
      co_await mcp::HandleMessage(message, ctx.services.tools, flightly::FlightlyServerInfo(), call, own);
  net::HttpResponse response;
  if (reply) {
    response = RpcResponse(200, *reply);
  } else {
    response.status = 202;
    response.content_type.clear();
  }
  if (!new_session.empty()) response.headers.emplace_back("Mcp-Session-Id", new_session);
  co_return response;
}

Handler McpGet(RouteContext& ctx) {
  if (core::Status s = CheckHostAndOrigin(ctx.request, ctx.services.config.mcp); !s) {
    co_return TransportError(403, kServerError, s.error().message);
  }
  net::HttpResponse r = TransportError(405, kServerError, "Method Not Allowed: contrail offers no SSE stream on GET");
  r.headers.emplace_back("Allow", "POST, DELETE");
  co_return r;
}

Handler McpDelete(RouteContext& ctx) {
  if (core::Status s = CheckHostAndOrigin(ctx.request, ctx.services.config.mcp); !s) {
    co_return TransportError(403, kServerError, s.error().message);
  }
  if (std::optional<net::HttpResponse> refused = co_await CheckSession(ctx)) co_return std::move(*refused);
  valkey::CommandBatch batch;
  batch.Add({"DEL", SessionKey(**ctx.request.SingleHeader("mcp-session-id"))});
  auto deleted = co_await ctx.services.valkey.Execute(std::move(batch));
  if (!deleted) co_return ErrorResponse(deleted.error());
  net::HttpResponse response;
  response.status = 200;
  response.content_type.clear();
  co_return response;
}

}  // namespace contrail::server
