#pragma once
// The stdio transport (https://modelcontextprotocol.io/specification/2025-06-18/basic/transports):
// contrail starts the server as a child process and writes one JSON-RPC message per line to its
// stdin, reading one per line from its stdout. Its stderr is read and logged at debug level.
//
// The child runs in a process group of its own, with a small environment: PATH, HOME, LANG and a
// few more from contrail's, plus ClientOptions::env — never contrail's own secrets (CONTRAIL_*,
// API keys). Requests may be in flight concurrently (answers are matched by id); writes are queued
// in order. The connection ends when the child closes its stdout (it exited), a write fails, or a
// line exceeds max_message_bytes; then the process group is killed (SIGKILL: a tool server keeps
// nothing contrail relies on) and the child reaped, and requests in flight fail with kUnavailable
// naming how it ended ("exited with status 1"). Lines that are not JSON are logged and skipped.
//
// Writing to a server that died must fail with EPIPE rather than kill contrail: the first stdio
// transport sets SIGPIPE to SIG_IGN for the process (`contrail serve` does so at start anyway).

#include <memory>

#include "mcp/client_transport.h"

namespace contrail::mcp {

// REQUIRES: !options.command.empty()
std::shared_ptr<ClientTransport> MakeStdioTransport(boost::asio::any_io_executor executor,
                                                    const ClientOptions& options);

}  // namespace contrail::mcp
