#pragma once
// The route handlers; app.cc puts them in the route table. Each maps a request to a response and
// turns errors into OpenAI-shaped bodies; none blocks.

#include <boost/asio/awaitable.hpp>

#include "net/http_message.h"
#include "server/router.h"

namespace contrail::server {

using Handler = boost::asio::awaitable<net::HttpResponse>;

// chat/route.cc (the turn: chat/turn.h)
Handler ChatCompletions(RouteContext& ctx);

// responses/route.cc: the Responses API (the turn: chat/turn.h; responses/protocol.h)
Handler CreateResponse(RouteContext& ctx);
Handler GetResponse(RouteContext& ctx);
Handler DeleteResponse(RouteContext& ctx);
Handler ListResponseInputItems(RouteContext& ctx);
Handler CreateConversation(RouteContext& ctx);
Handler GetConversation(RouteContext& ctx);
Handler DeleteConversation(RouteContext& ctx);
Handler ListConversationItems(RouteContext& ctx);

// routes_models.cc
Handler ListModels(RouteContext& ctx);
Handler GetModel(RouteContext& ctx);

// routes_profiles.cc
Handler PutProfile(RouteContext& ctx);
Handler PatchProfile(RouteContext& ctx);
Handler GetProfile(RouteContext& ctx);
Handler DeleteProfile(RouteContext& ctx);

// routes_sessions.cc
Handler GetSessionMessages(RouteContext& ctx);
Handler DeleteSessionMessages(RouteContext& ctx);

// routes_memory.cc: long-term memory, and forgetting a user
Handler ExtractMemories(RouteContext& ctx);
Handler ListMemoryEvents(RouteContext& ctx);
Handler GetMemoryConversation(RouteContext& ctx);
Handler SearchMemoryRecords(RouteContext& ctx);
Handler DeleteUser(RouteContext& ctx);

// routes_bookings.cc: the caller's bookings
Handler ListBookingsRoute(RouteContext& ctx);
Handler GetBookingRoute(RouteContext& ctx);
Handler CancelBookingRoute(RouteContext& ctx);

// routes_embeddings.cc
Handler CreateEmbeddings(RouteContext& ctx);

// routes_search.cc
Handler SearchKnowledge(RouteContext& ctx);

// routes_keys.cc (admin)
Handler CreateKey(RouteContext& ctx);
Handler ListKeys(RouteContext& ctx);
Handler RevokeKey(RouteContext& ctx);

// routes_cache.cc (admin): the semantic answer cache
Handler CacheStats(RouteContext& ctx);
Handler InvalidateCache(RouteContext& ctx);

// routes_mcp.cc: the MCP server over streamable HTTP
Handler McpPost(RouteContext& ctx);
Handler McpGet(RouteContext& ctx);
Handler McpDelete(RouteContext& ctx);

// routes_admin.cc
Handler Healthz(RouteContext& ctx);
Handler Readyz(RouteContext& ctx);
Handler Metrics(RouteContext& ctx);

}  // namespace contrail::server
