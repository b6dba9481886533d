#pragma once
// The Model Context Protocol's server side, without a transport: one JSON-RPC 2.0 message in, the
// message to send back (if any) out. The server's `/mcp` route (streamable HTTP, sessions) and
// `contrail mcp` (stdio, one JSON object per line) carry it.
//
// Methods: initialize (the protocol revision is negotiated: the client's when supported, else the
// newest), notifications/initialized, ping, tools/list, tools/call, logging/setLevel (accepted;
// no log notifications are sent). A tool that fails, or whose
// arguments break its schema, answers a result with isError (the model reads why); an unknown
// tool is the protocol error -32602. Other requests are -32601; unknown notifications are
// ignored. Errors use JSON-RPC's codes: -32700 parse, -32600 invalid request, -32601 method not
// found, -32602 invalid params.

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "mcp/tool_registry.h"

namespace contrail::mcp {

// The protocol revisions this server speaks, newest first.
inline constexpr std::string_view kProtocolVersions[] = {"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"};
bool IsSupportedProtocolVersion(std::string_view version);

inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;

// A JSON-RPC error response ({"jsonrpc":"2.0","id":…,"error":{"code":…,"message":…}}).
boost::json::value RpcError(const boost::json::value& id, int code, std::string_view message);

struct ServerInfo {
  std::string name = "contrail";
  std::string version;
  std::string instructions;  // what the tools are for, sent with initialize
};

// What one message is, read before it is handled (the HTTP transport answers a request with a
// body and anything else with 202).
enum class MessageKind { kRequest, kNotification, kResponse, kInvalid };
MessageKind KindOf(const boost::json::value& message);
// True for an initialize request.
bool IsInitialize(const boost::json::value& message);

// Which of the registry's tools a server offers (the /mcp route: contrail's own, not the tools of
// the MCP servers contrail is a client of). Empty: all of them.
using ToolFilter = std::function<bool(const Tool&)>;

// The response to `message`, or nullopt when nothing is to be sent (a notification, a response,
// a batch is answered with one error). `tools` and `call` are the caller's; a tool `offered`
// refuses is not listed, and calling it is an unknown tool's error.
boost::asio::awaitable<std::optional<boost::json::value>> HandleMessage(const boost::json::value& message,
                                                                        const ToolRegistry& tools,
                                                                        const ServerInfo& info, const ToolCall& call,
                                                                        const ToolFilter& offered = {});

// The protocol revision an initialize request settles on.
std::string NegotiatedVersion(const boost::json::value& initialize);

}  // namespace contrail::mcp
