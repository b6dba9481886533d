// POST /v1/chat/completions: parse and validate the request, then run its turn (turn.h).

#include "server/chat/request.h"
#include "server/chat/turn.h"
#include "server/respond.h"
#include "server/routes.h"
#include "server/services.h"

namespace contrail::server {

Handler ChatCompletions(RouteContext& ctx) {
  Services& s = ctx.services;
  if (core::Status st = RequireJson(ctx.request); !st) co_return ErrorResponse(st.error());
  const chat::ChatLimits limits{s.config.chat.max_messages, s.config.chat.max_message_bytes};
  core::Result<chat::ChatCompletionRequest> request = chat::ParseChatCompletionRequest(ctx.request, limits, ctx.caller);
  if (!request) co_return ErrorResponse(request.error());
  core::Result<std::shared_ptr<chat::Turn>> turn = chat::Turn::Begin(s, ctx.caller, std::move(*request),
                                                                         ctx.request.request_id);
  if (!turn) co_return ErrorResponse(turn.error());
  co_return co_await chat::Turn::Run(std::move(*turn));
}

}  // namespace contrail::server
