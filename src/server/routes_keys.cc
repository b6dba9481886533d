// /v1/admin/keys: API keys, for admin keys only (the router checks). The same as `contrail keys`.

#include <boost/json.hpp>

#include "core/ids.h"
#include "core/json_writer.h"
#include "server/auth/key_store.h"
#include "server/respond.h"
#include "server/routes.h"
#include "server/services.h"

namespace contrail::server {

namespace json = boost::json;
using core::InvalidArgument;

namespace {

struct KeyRequest {
  auth::KeyKind kind = auth::KeyKind::kUser;
  std::string user;
  std::string name;
  long long daily_tokens = 0;
};

std::string StringField(const json::object& body, std::string_view key) {
  const json::value* v = body.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

// {"kind": "user" | "service" | "admin", "user": ID (a user key's), "name": "…",
//  "daily_tokens": N (optional, > 0: the key's own daily token limit)}
core::Result<KeyRequest> ParseKeyRequest(const net::HttpRequest& request) {
  CONTRAIL_TRY_STATUS(RequireJson(request));
  boost::system::error_code ec;
  json::value doc = json::parse(request.body, ec);
  if (ec || !doc.is_object()) return InvalidArgument("the body must be a JSON object");
  const json::object& body = doc.get_object();
  for (const char* key : {"kind", "user", "name"}) {
    const json::value* v = body.if_contains(key);
    if (v != nullptr && !v->is_string()) return InvalidArgument(std::string(key) + " must be a string", key);
  }
  KeyRequest out;
  std::optional<auth::KeyKind> kind = auth::ParseKeyKind(StringField(body, "kind"));
  if (!kind) return InvalidArgument("kind must be user, service or admin", "kind");
  out.kind = *kind;
  out.user = StringField(body, "user");
  out.name = StringField(body, "name");
  if (out.kind == auth::KeyKind::kUser) {
    CONTRAIL_TRY_STATUS(core::CheckId(out.user, "user", "user"));
  } else if (!out.user.empty()) {
    return InvalidArgument("only a user key names a user", "user");
  }
  if (out.name.size() > 200) return InvalidArgument("name must be at most 200 bytes", "name");
  if (const json::value* v = body.if_contains("daily_tokens"); v != nullptr && !v->is_null()) {
    if (!v->is_int64() || v->get_int64() < 1) {
      return InvalidArgument("daily_tokens must be a positive integer", "daily_tokens");
    }
    out.daily_tokens = v->get_int64();
  }
  return out;
}

void WriteKey(core::JsonWriter& w, const auth::KeyRecord& k) {
  w.BeginObject().Key("id").String(k.id).Key("kind").String(auth::KeyKindName(k.kind)).Key("user");
  if (k.user.empty()) {
    w.Null();
  } else {
    w.String(k.user);
  }
  w.Key("name").String(k.name).Key("created_at").String(k.created_at).Key("revoked").Bool(k.revoked);
  w.Key("daily_tokens");
  if (k.daily_tokens > 0) {
    w.Int(k.daily_tokens);
  } else {
    w.Null();
  }
  w.EndObject();
}

}  // namespace

Handler CreateKey(RouteContext& ctx) {
  core::Result<KeyRequest> request = ParseKeyRequest(ctx.request);
  if (!request) co_return ErrorResponse(request.error());
  auto created = co_await auth::CreateKey(ctx.services.pg, request->kind, request->user, request->name,
                                           request->daily_tokens);
  if (!created) co_return ErrorResponse(created.error());
  std::string body;
  core::JsonWriter w(body);
  w.BeginObject().Key("id").String(created->id).Key("key").String(created->key);
  w.Key("kind").String(auth::KeyKindName(request->kind)).Key("user");
  if (request->user.empty()) {
    w.Null();
  } else {
    w.String(request->user);
  }
  w.Key("name").String(request->name).EndObject();
  co_return JsonResponse(201, std::move(body));
}

Handler ListKeys(RouteContext& ctx) {
  core::Result<std::optional<std::string>> revoked = ctx.request.QueryParam("revoked");
  if (!revoked) co_return ErrorResponse(revoked.error());
  auto keys = co_await auth::ListKeys(ctx.services.pg, *revoked == "true");
  if (!keys) co_return ErrorResponse(keys.error());
  std::string body;
  core::JsonWriter w(body);
  w.BeginObject().Key("object").String("list").Key("data").BeginArray();
  for (const auth::KeyRecord& k : *keys) WriteKey(w, k);
  w.EndArray().EndObject();
  co_return JsonResponse(200, std::move(body));
}

Handler RevokeKey(RouteContext& ctx) {
  const std::string& id = ctx.params[0];
  auto revoked = co_await auth::RevokeKey(ctx.services.pg, &ctx.services.valkey, id);
  if (!revoked) co_return ErrorResponse(revoked.error());
  if (!*revoked) co_return ErrorResponse(core::NotFound("no API key has the id " + id));
  ctx.services.authenticator.Forget(id);
  std::string body;
  core::JsonWriter(body).BeginObject().Key("id").String(id).Key("revoked").Bool(true).EndObject();
  co_return JsonResponse(200, std::move(body));
}

}  // namespace contrail::server
