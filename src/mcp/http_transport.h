#pragma once
// The streamable HTTP transport
// (https://modelcontextprotocol.io/specification/2025-11-25/basic/transports): each message is
// POSTed to the endpoint with `Accept: application/json, text/event-stream`; the server answers a
// request with a JSON body or an SSE stream that carries the response (and may carry notifications
// before it), and a notification or response with 202.
//
// The session: the Mcp-Session-Id the server returns with initialize is sent with every later
// request, as is MCP-Protocol-Version once the revision is agreed. A 404 to a request that
// carried the session means the server ended it (kNotFound; the transport is no longer open);
// so does a 400, which some servers (the SDK's examples) send for a session they do not know. A
// server that cannot be reached breaks the transport too (kUnavailable). Close() DELETEs the
// session. Each POST uses a new connection (net/http_client.h); the standalone GET stream for
// server-initiated messages is not opened, since contrail asks nothing of a server unprompted.
//
// A body over max_message_bytes is kPayloadTooLarge (read no further); the server is relied on to
// end the SSE stream after the response, as the spec says it should, and the request's deadline
// bounds one that does not.

#include <memory>

#include "mcp/client_transport.h"

namespace contrail::mcp {

// REQUIRES: !options.url.empty()
std::shared_ptr<ClientTransport> MakeHttpTransport(boost::asio::any_io_executor executor,
                                                   const ClientOptions& options);

}  // namespace contrail::mcp
