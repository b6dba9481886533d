// POST /v1/search: hybrid retrieval over the knowledge base (knowledge::Search), one round trip to
// PostgreSQL after the query is embedded through the embedding cache.

#include <chrono>

#include "knowledge/search.h"
#include "server/respond.h"
#include "server/routes.h"
#include "server/search_request.h"
#include "server/services.h"

namespace contrail::server {

Handler SearchKnowledge(RouteContext& ctx) {
  Services& s = ctx.services;
  if (core::Status st = RequireJson(ctx.request); !st) co_return ErrorResponse(st.error());
  auto query = ParseSearchRequest(ctx.request.body, s.config.knowledge.top_k);
  if (!query) co_return ErrorResponse(query.error());
  auto started = std::chrono::steady_clock::now();
  auto hits = co_await knowledge::Search(s.pg, s.embeddings, s.config.knowledge, *query);
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  if (!hits) co_return ErrorResponse(hits.error());
  net::HttpResponse response = JsonResponse(200, SearchResponseJson(*hits, query->mode));
  response.timings.push_back({"search", ms});
  co_return response;
}

}  // namespace contrail::server
