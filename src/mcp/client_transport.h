#pragma once
// One connection from contrail to an MCP server, carrying JSON-RPC 2.0 messages: a child
// process's stdin and stdout (stdio_transport.h) or POSTs to one streamable HTTP endpoint
// (http_transport.h). McpClient (mcp_client.h) speaks the protocol over it, and replaces a
// transport that broke with a new one: a transport is never reopened.
//
// Both transports answer what the server asks of contrail themselves (a ping gets {}, any other
// request -32601: contrail offers the server no capabilities) and drop its notifications.
//
// Threading: a transport lives on one executor; call it only from there. It is shared_ptr-owned
// (its reader coroutines keep it alive until the connection ends), so whoever drops the last
// reference need not wait for them.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"

namespace contrail::core {
struct McpServerConfig;
}

namespace contrail::mcp {

using Deadline = std::chrono::steady_clock::time_point;

// How to reach one MCP server, and the limits of talking to it.
struct ClientOptions {
  std::string name;                            // in logs and in every error message
  std::vector<std::string> command;            // stdio: program and arguments (PATH searched) …
  std::map<std::string, std::string> env;      // … with these set besides PATH, HOME, LANG, …
  std::string url;                             // or streamable HTTP: the endpoint
  std::map<std::string, std::string> headers;  // HTTP: sent with every request
  std::chrono::milliseconds connect_timeout{10'000};  // starting the server + initialize
  // One message from the server, at most (a tools/call result included): more is an error, and on
  // stdio it ends the connection, since the rest of the line cannot be skipped safely.
  std::size_t max_message_bytes = 4 << 20;
  // After a failed connection attempt, the next waits this long, doubling up to max_backoff; a
  // successful one resets it.
  std::chrono::milliseconds min_backoff{100};
  std::chrono::milliseconds max_backoff{10'000};

  static ClientOptions From(const core::McpServerConfig& server);
};

class ClientTransport {
 public:
  virtual ~ClientTransport() = default;

  // Starts the connection: stdio spawns the server; HTTP checks the URL (its first POST is the
  // first contact). kUnavailable when the program cannot be started, kInvalidArgument for a bad
  // URL.
  virtual boost::asio::awaitable<core::Status> Open(Deadline deadline) = 0;

  // Sends `request` (with an integer `id`) and returns the server's response to it: the whole
  // JSON-RPC object, with `result` or `error`. Errors: kTimeout at the deadline (the connection
  // stays open; a late answer is dropped); kUnavailable when the connection broke (open() is then
  // false; every request in flight gets this); kNotFound when the HTTP server no longer knows the
  // session (open() is false: start a new one); kPayloadTooLarge for a message over
  // max_message_bytes; kUpstream for an HTTP error status or an answer without the response.
  virtual boost::asio::awaitable<core::Result<boost::json::object>> Request(
      boost::json::object request, Deadline deadline) = 0;

  // Sends a notification or a response; nothing is awaited but the write (stdio: queued) or the
  // POST (HTTP). Errors as for Request.
  virtual boost::asio::awaitable<core::Status> Send(boost::json::object message,
                                                    Deadline deadline) = 0;

  // After initialize: the protocol revision the server agreed to (HTTP sends it on every later
  // request as MCP-Protocol-Version).
  virtual void set_protocol_version(std::string version) = 0;

  // True from a successful Open until the connection breaks or is shut down.
  virtual bool open() const = 0;

  // Ends the connection at once and fails the requests in flight with kUnavailable. stdio kills
  // the server's process group and reaps it; HTTP only stops using the session (it expires on
  // the server). Idempotent.
  virtual void Shutdown() = 0;

  // Ends the connection politely: HTTP DELETEs its session (within the deadline), then both do as
  // Shutdown.
  virtual boost::asio::awaitable<void> Close(Deadline deadline) = 0;
};

// A transport for `options`: stdio when it has a command, else HTTP. Not yet open.
std::shared_ptr<ClientTransport> MakeClientTransport(boost::asio::any_io_executor executor,
                                                     const ClientOptions& options);

// What a transport sends back for a request the server made of contrail: {} for ping, -32601
// otherwise.
boost::json::object ReplyToServerRequest(const boost::json::object& request);

}  // namespace contrail::mcp
