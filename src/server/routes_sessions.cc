// /v1/sessions/{sid}/messages?user=ID: a session's stored history.

#include "core/ids.h"
#include "core/json_writer.h"
#include "core/log.h"
#include "server/identity.h"
#include "server/respond.h"
#include "server/routes.h"
#include "server/services.h"

namespace contrail::server {

namespace {

// The session's owner (identity.h: RouteUser) and the session id.
core::Status ResolveSessionIds(RouteContext& ctx, std::string& user) {
  CONTRAIL_TRY_STATUS(core::CheckId(ctx.params[0], "session", "session_id"));
  CONTRAIL_TRY(user, RouteUser(ctx.request, ctx.caller, "a session"));
  return core::Ok();
}

}  // namespace

Handler GetSessionMessages(RouteContext& ctx) {
  std::string user;
  if (core::Status s = ResolveSessionIds(ctx, user); !s) co_return ErrorResponse(s.error());
  auto messages = co_await ctx.services.history.List(user, ctx.params[0]);
  if (!messages) co_return ErrorResponse(messages.error());
  std::string body = "{\"object\":\"list\",\"data\":[";
  for (std::size_t i = 0; i < messages->size(); ++i) {
    if (i) body += ',';
    body += memory::EncodeMessage((*messages)[i]);
  }
  body += "]}";
  co_return JsonResponse(200, std::move(body));
}

Handler DeleteSessionMessages(RouteContext& ctx) {
  std::string user;
  if (core::Status s = ResolveSessionIds(ctx, user); !s) co_return ErrorResponse(s.error());
  auto deleted = co_await ctx.services.history.Delete(user, ctx.params[0]);
  if (!deleted) co_return ErrorResponse(deleted.error());
  std::string body;
  core::JsonWriter(body).BeginObject().Key("deleted").Bool(*deleted).EndObject();
  co_return JsonResponse(200, std::move(body));
}

}  // namespace contrail::server
