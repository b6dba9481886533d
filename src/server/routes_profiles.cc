// /v1/users/{id}/profile: the profile hash in Valkey (PUT replaces, PATCH merges, null deletes).

#include <boost/json.hpp>

#include "core/json_writer.h"
#include "core/ids.h"
#include "core/log.h"
#include "memory/profile_store.h"
#include "server/identity.h"
#include "server/respond.h"
#include "server/routes.h"
#include "server/services.h"

namespace contrail::server {

namespace json = boost::json;
using core::InvalidArgument;

namespace {

// A profile value as stored: strings as they are, numbers as their JSON text. Anything else is
// an error; null is reported through `is_null`.
core::Result<std::string> ProfileValue(const json::value& v, const std::string& field, bool& is_null) {
  is_null = v.is_null();
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_int64() || v.is_uint64() || v.is_double()) return json::serialize(v);
  if (is_null) return std::string();
  return InvalidArgument("profile values must be strings (or numbers); '" + field + "' is not", field);
}

// Parses a PUT/PATCH body into a patch. With `allow_null` (PATCH) null deletes the field.
core::Result<memory::ProfilePatch> ParseProfileBody(const net::HttpRequest& request, bool allow_null) {
  if (core::Status s = RequireJson(request); !s) return s.error();
  boost::system::error_code ec;
  json::value doc = json::parse(request.body, ec);
  if (ec) return InvalidArgument("request body is not valid JSON: " + ec.message());
  if (!doc.is_object()) return InvalidArgument("a profile is a JSON object of field: \"value\"");
  const json::object& fields = doc.get_object();
  if (fields.size() > memory::kMaxProfileFields) {
    return InvalidArgument("a profile may have at most 64 fields");
  }
  memory::ProfilePatch patch;
  for (const auto& [key, value] : fields) {
    std::string field(key);
    bool is_null = false;
    CONTRAIL_TRY(std::string text, ProfileValue(value, field, is_null));
    if (core::Status s = memory::CheckProfileField(field, text); !s) return s.error();
    if (is_null) {
      if (!allow_null) return InvalidArgument("null is allowed only in PATCH (it deletes a field)", field);
      patch.remove.push_back(field);
    } else {
      patch.set.emplace(std::move(field), std::move(text));
    }
  }
  return patch;
}

std::string ProfileJson(const std::string& user, const memory::Profile& profile) {
  std::string out;
  core::JsonWriter w(out);
  w.BeginObject().Key("user").String(user).Key("profile").BeginObject();
  for (const auto& [field, value] : profile) w.Key(field).String(value);
  w.EndObject().EndObject();
  return out;
}

// The profile's user: the path's {id}, agreeing with X-User-Id when one is sent, and one the caller
// may act for.
core::Result<std::string> ProfileUser(const RouteContext& ctx) {
  CONTRAIL_TRY(const std::string* header, ctx.request.SingleHeader("x-user-id"));
  CONTRAIL_TRY(std::string user, ResolveId(header, &ctx.params[0], "user", "X-User-Id", "id"));
  return AuthorizeUser(ctx.caller, std::move(user));
}

}  // namespace

Handler PutProfile(RouteContext& ctx) {
  core::Result<std::string> resolved = ProfileUser(ctx);
  if (!resolved) co_return ErrorResponse(resolved.error());
  const std::string& user = *resolved;
  core::Result<memory::ProfilePatch> patch = ParseProfileBody(ctx.request, false);
  if (!patch) co_return ErrorResponse(patch.error());
  if (core::Status s = co_await ctx.services.profiles.Replace(user, patch->set); !s) {
    co_return ErrorResponse(s.error());
  }
  co_return JsonResponse(200, ProfileJson(user, patch->set));
}

Handler PatchProfile(RouteContext& ctx) {
  core::Result<std::string> resolved = ProfileUser(ctx);
  if (!resolved) co_return ErrorResponse(resolved.error());
  const std::string& user = *resolved;
  core::Result<memory::ProfilePatch> patch = ParseProfileBody(ctx.request, true);
  if (!patch) co_return ErrorResponse(patch.error());
  core::Result<memory::Profile> merged = co_await ctx.services.profiles.Patch(user, *patch);
  if (!merged) co_return ErrorResponse(merged.error());
  co_return JsonResponse(200, ProfileJson(user, *merged));
}

Handler GetProfile(RouteContext& ctx) {
  core::Result<std::string> resolved = ProfileUser(ctx);
  if (!resolved) co_return ErrorResponse(resolved.error());
  const std::string& user = *resolved;
  core::Result<memory::Profile> profile = co_await ctx.services.profiles.Get(user);
  if (!profile) co_return ErrorResponse(profile.error());
  co_return JsonResponse(200, ProfileJson(user, *profile));
}

Handler DeleteProfile(RouteContext& ctx) {
  core::Result<std::string> resolved = ProfileUser(ctx);
  if (!resolved) co_return ErrorResponse(resolved.error());
  const std::string& user = *resolved;
  core::Result<bool> deleted = co_await ctx.services.profiles.Delete(user);
  if (!deleted) co_return ErrorResponse(deleted.error());
  std::string body;
  core::JsonWriter(body).BeginObject().Key("user").String(user).Key("deleted").Bool(*deleted).EndObject();
  co_return JsonResponse(200, std::move(body));
}

}  // namespace contrail::server
