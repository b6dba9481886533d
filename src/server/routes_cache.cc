// The semantic answer cache's admin routes: GET /v1/cache/stats and DELETE /v1/cache.
//
//   DELETE /v1/cache?id=0123456789abcdef       one entry (X-Cache-Entry names it)
//   DELETE /v1/cache?tag=doc:faq/pets.md       every entry with the tag ("live", "route:LAX-HNL", …)
//   DELETE /v1/cache?all=true                  everything
// or the same as a JSON body: {"id": "…"} | {"tag": "…"} | {"all": true}. Exactly one selector.

#include <boost/json.hpp>

#include "server/respond.h"
#include "server/routes.h"
#include "server/services.h"

namespace contrail::server {

namespace {

constexpr std::size_t kMaxTagBytes = 512;

core::Status CheckTag(std::string_view tag) {
  if (tag.empty() || tag.size() > kMaxTagBytes) {
    return core::InvalidArgument("`tag` must be 1..512 bytes", "tag");
  }
  for (unsigned char c : tag) {
    if (c < 0x20 || c == 0x7f || c == '*' || c == '?' || c == '[') {
      return core::InvalidArgument("`tag` must not hold control or glob characters", "tag");
    }
  }
  return core::Ok();
}

// The selector from the query or the body; kInvalidArgument unless exactly one is given and valid.
core::Result<cache::Invalidation> ReadInvalidation(const net::HttpRequest& request) {
  CONTRAIL_TRY(std::optional<std::string> id, request.QueryParam("id"));
  CONTRAIL_TRY(std::optional<std::string> tag, request.QueryParam("tag"));
  CONTRAIL_TRY(std::optional<std::string> all, request.QueryParam("all"));
  if (!request.body.empty()) {
    if (id || tag || all) return core::InvalidArgument("give the selector in the query or in the body, not both");
    boost::system::error_code ec;
    const boost::json::value body = boost::json::parse(request.body, ec);
    if (ec || !body.is_object()) return core::InvalidArgument("request body must be a JSON object");
    for (const auto& [name, value] : body.get_object()) {
      if (name == "id" && value.is_string()) {
        id = std::string(value.get_string());
      } else if (name == "tag" && value.is_string()) {
        tag = std::string(value.get_string());
      } else if (name == "all" && value.is_bool()) {
        if (value.get_bool()) all = "true";
      } else {
        return core::InvalidArgument("unknown or mistyped field `" + std::string(name) + "` (id, tag, all)",
                                     std::string(name));
      }
    }
  }
  if (static_cast<int>(id.has_value()) + tag.has_value() + all.has_value() != 1) {
    return core::InvalidArgument("name exactly one of `id`, `tag` or `all=true`");
  }
  if (id) {
    if (!cache::IsEntryId(*id)) return core::InvalidArgument("`id` must be 16 lowercase hex digits", "id");
    return cache::Invalidation::Entry(std::move(*id));
  }
  if (tag) {
    CONTRAIL_TRY_STATUS(CheckTag(*tag));
    return cache::Invalidation::Tag(std::move(*tag));
  }
  if (*all != "true") return core::InvalidArgument("`all` must be true", "all");
  return cache::Invalidation::All();
}

}  // namespace

Handler CacheStats(RouteContext& ctx) {
  cache::SemanticCache* answers = ctx.services.answers;
  if (answers == nullptr) co_return JsonResponse(200, R"({"object":"cache.stats","enabled":false})");
  boost::json::object stats = answers->Stats();
  stats["enabled"] = true;
  co_return JsonResponse(200, boost::json::serialize(stats));
}

Handler InvalidateCache(RouteContext& ctx) {
  core::Result<cache::Invalidation> what = ReadInvalidation(ctx.request);
  if (!what) co_return ErrorResponse(what.error());
  cache::SemanticCache* answers = ctx.services.answers;
  std::size_t deleted = 0;
  if (answers != nullptr) {
    auto removed = co_await answers->Invalidate(ctx.services.valkey, *what);
    if (!removed) co_return ErrorResponse(removed.error());
    deleted = *removed;
  }
  boost::json::object body{{"object", "cache.invalidation"}, {"deleted", deleted}, {"enabled", answers != nullptr}};
  co_return JsonResponse(200, boost::json::serialize(body));
}

}  // namespace contrail::server
