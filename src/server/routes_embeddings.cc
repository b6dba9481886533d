// POST /v1/embeddings: the configured embedder behind the embedding cache, OpenAI-compatible.

#include <chrono>

#include "core/metrics.h"
#include "llm/chat_model.h"
#include "server/embeddings_request.h"
#include "server/respond.h"
#include "server/routes.h"
#include "server/services.h"

namespace contrail::server {

Handler CreateEmbeddings(RouteContext& ctx) {
  Services& s = ctx.services;
  if (core::Status st = RequireJson(ctx.request); !st) co_return ErrorResponse(st.error());
  auto parsed = ParseEmbeddingsRequest(ctx.request.body, 2048, s.config.chat.max_message_bytes);
  if (!parsed) co_return ErrorResponse(parsed.error());
  const std::string& model = s.embeddings.model();
  if (!parsed->model.empty() && parsed->model != model) {
    co_return ErrorResponse(core::Error(core::Code::kModelNotFound, "The model `" + parsed->model +
                                        "` does not exist (this server embeds with `" + model + "`)", "model"));
  }
  if (parsed->dimensions != 0 && parsed->dimensions != s.embeddings.dimensions()) {
    co_return ErrorResponse(core::InvalidArgument("dimensions must be " + std::to_string(s.embeddings.dimensions()) +
                                                  " for " + model, "dimensions"));
  }
  // A user key's calls count against its user's rate; every key's against its daily tokens.
  const std::string& user = ctx.caller.kind == auth::KeyKind::kUser ? ctx.caller.user : std::string();
  if (core::Status admitted = co_await s.limiter.AdmitTurn(ctx.caller, user, {}); !admitted) {
    co_return ErrorResponse(admitted.error());
  }
  auto started = std::chrono::steady_clock::now();
  embed::EmbedStats stats;
  auto vectors = co_await s.embeddings.EmbedWithStats(parsed->input, &stats);
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  if (!vectors) co_return ErrorResponse(vectors.error());
  int tokens = 0;
  for (const std::string& text : parsed->input) tokens += llm::EstimateTokens(text);
  // Only computed vectors cost anything; cache hits are free.
  double cost = 0;
  if (auto it = s.config.prices.find(model); it != s.config.prices.end() && !parsed->input.empty()) {
    cost = it->second.CostUsd(static_cast<long long>(tokens) * stats.computed / static_cast<long long>(parsed->input.size()), 0);
  }
  static core::Counter& token_counter = core::MetricsRegistry::Global().GetCounter(
      "contrail_embed_tokens_total", "Tokens of texts embedded through /v1/embeddings (estimated).");
  token_counter.Inc(static_cast<std::uint64_t>(tokens));
  s.limiter.Charge(ctx.caller, tokens);
  net::HttpResponse response = JsonResponse(200, EmbeddingsJson(*vectors, parsed->base64, model, tokens, cost));
  response.timings.push_back({"embed", ms});
  response.headers.emplace_back("X-Embedding-Cache", "lru=" + std::to_string(stats.lru_hits) +
                                                         ",valkey=" + std::to_string(stats.valkey_hits) +
                                                         ",computed=" + std::to_string(stats.computed));
  co_return response;
}

}  // namespace contrail::server
