#pragma once
// A client of one MCP server (stdio or streamable HTTP, client_transport.h): initialize, tools/list
// and tools/call over a connection kept open between calls.
//
//   McpClient client(io.get_executor(), ClientOptions::From(config.mcp.servers[0]));
//   auto tools = co_await client.ListTools(Deadline::clock::now() + 5s);
//   auto out = co_await client.CallTool("echo", {{"message", "hi"}}, Deadline::clock::now() + 2s);
//
// Connecting: the first call connects (spawns the server or reaches its URL, initialize, then
// notifications/initialized). When the connection breaks (the server exited, a write failed, the
// HTTP session ended), the calls in flight fail and the next call connects again. A failed
// attempt makes the next one wait (ClientOptions::min_backoff, doubling to max_backoff, reset by a
// success); a call made meanwhile fails at once with kUnavailable naming the last error. Calls
// arriving during an attempt share it. No call waits past its own deadline: not for a connection,
// not for an answer — a call that times out is left to the server (notifications/cancelled is sent
// for a tools/call) and its late answer dropped; the connection stays open.
//
// Every Error's message names the server and the method ("MCP server `pg`: tools/call: no answer
// within 2000 ms"). Codes: kUnavailable (not connected: cannot start, unreachable, exited),
// kTimeout (the deadline passed), kInvalidArgument (the server refused the request's params,
// -32602), kUpstream (another JSON-RPC error, an HTTP error, a protocol violation),
// kPayloadTooLarge (a message over ClientOptions::max_message_bytes).
//
// Threading: one executor (an I/O thread's); call it only from there. Concurrent calls are
// multiplexed on the one connection. The client must outlive its calls: destroy it after its
// executor stopped running them (Services does). Destruction kills a stdio server; an HTTP session
// is left to expire unless Close() ran.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "mcp/client_transport.h"
#include "mcp/tool.h"

namespace contrail::mcp {

class McpClient {
 public:
  McpClient(boost::asio::any_io_executor executor, ClientOptions options);
  ~McpClient();
  McpClient(const McpClient&) = delete;
  McpClient& operator=(const McpClient&) = delete;

  const ClientOptions& options() const { return options_; }
  // True while a connection is up and initialized.
  bool connected() const;
  // The earliest time the next connection attempt may start (after failures); a past time when
  // one may start now.
  Deadline next_attempt() const { return next_attempt_; }

  // The server's tools, every page of tools/list (nextCursor followed, at most 100 pages), as the
  // server describes them ({"name", "description", "inputSchema", "annotations", …}).
  boost::asio::awaitable<core::Result<std::vector<boost::json::object>>> ListTools(
      Deadline deadline);

  // tools/call `name` (the server's own name for it). A result with isError is a ToolOutput with
  // is_error (the tool ran and said no); text blocks of its content joined by newlines (other
  // blocks named: "[image image/png]"), structuredContent kept as `structured`.
  boost::asio::awaitable<core::Result<ToolOutput>> CallTool(std::string_view name,
                                                            const boost::json::object& arguments,
                                                            Deadline deadline);

  // Ends the connection: DELETEs an HTTP session (within a second), stops a stdio server. A later
  // call connects again.
  boost::asio::awaitable<void> Close();

 private:
  boost::asio::awaitable<core::Status> EnsureConnected(Deadline deadline);
  boost::asio::awaitable<void> Connect();
  boost::asio::awaitable<core::Status> Initialize(std::shared_ptr<ClientTransport> transport,
                                                  Deadline deadline);
  // `method` on the connection (connecting first); its `result`.
  boost::asio::awaitable<core::Result<boost::json::object>> Call(std::string method,
                                                                 boost::json::object params,
                                                                 Deadline deadline);
  // One request on `transport` (held across the wait); its `result`, or its `error` as an Error
  // (messages not yet naming the server or method).
  boost::asio::awaitable<core::Result<boost::json::object>> Exchange(
      std::shared_ptr<ClientTransport> transport, const std::string& method,
      boost::json::object params, Deadline deadline);
  // Sends notifications/cancelled for request `id` in the background.
  void Cancel(std::shared_ptr<ClientTransport> transport, std::int64_t id);
  // `cause`, its message prefixed with the server's name and `method`.
  core::Error Failure(std::string_view method, core::Error cause) const;

  boost::asio::any_io_executor executor_;
  const ClientOptions options_;
  std::shared_ptr<ClientTransport> transport_;  // the current connection; null before the first
  bool connecting_ = false;                     // a Connect coroutine is running
  struct ConnectWaiter;
  std::vector<std::shared_ptr<ConnectWaiter>> connect_waiters_;  // calls waiting for it
  Deadline next_attempt_{};
  std::chrono::milliseconds backoff_;
  int failures_ = 0;          // consecutive failed attempts (only the first is logged as a warning)
  std::string last_error_;    // why the last attempt failed
  std::int64_t next_id_ = 1;  // JSON-RPC ids of this client's requests
};

}  // namespace contrail::mcp
