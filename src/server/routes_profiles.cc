// /v1/users/{id}/profile: the profile hash in Valkey (PUT replaces, PATCH merges, null deletes).

#include "core/json_writer.h"
#include "core/ids.h"
#include "core/log.h"
#include "memory/profile_store.h"
#include "server/identity.h"
#include "server/profile_request.h"
#include "server/respond.h"
#include "server/routes.h"
#include "server/services.h"

namespace contrail::server {

namespace {

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
  core::Result<memory::ProfilePatch> patch = ParseProfileRequest(ctx.request, false);
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
  core::Result<memory::ProfilePatch> patch = ParseProfileRequest(ctx.request, true);
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
