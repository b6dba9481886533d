#include "server/identity.h"

#include "core/ids.h"

namespace contrail::server {

using core::InvalidArgument;

core::Result<std::string> ResolveId(const std::string* header_value, const std::string* field_value,
                                    std::string_view what, std::string_view header_name,
                                    std::string_view field_name) {
  if (header_value != nullptr) CONTRAIL_TRY_STATUS(core::CheckId(*header_value, what, header_name));
  if (field_value != nullptr) CONTRAIL_TRY_STATUS(core::CheckId(*field_value, what, field_name));
  if (header_value != nullptr && field_value != nullptr && *header_value != *field_value) {
    return InvalidArgument(std::string(header_name) + " and " + std::string(field_name) +
                               " name different " + std::string(what) + "s",
                           std::string(field_name));
  }
  if (header_value != nullptr) return *header_value;
  if (field_value != nullptr) return *field_value;
  return std::string();
}

core::Result<std::string> AuthorizeUser(const auth::Principal& caller, std::string named) {
  if (named.empty()) return caller.kind == auth::KeyKind::kUser ? caller.user : named;
  if (!caller.MayActFor(named)) {
    return core::Error(core::Code::kForbidden, "this API key acts for another user", "user");
  }
  return named;
}

core::Result<std::string> RouteUser(const net::HttpRequest& request, const auth::Principal& caller,
                                    std::string_view what) {
  CONTRAIL_TRY(std::optional<std::string> query_user, request.QueryParam("user"));
  CONTRAIL_TRY(const std::string* header, request.SingleHeader("x-user-id"));
  CONTRAIL_TRY(std::string user, ResolveId(header, query_user ? &*query_user : nullptr, "user", "X-User-Id", "user"));
  CONTRAIL_TRY(user, AuthorizeUser(caller, std::move(user)));
  if (user.empty()) {
    return InvalidArgument(std::string(what) + " belongs to a user: add ?user=ID or X-User-Id", "user");
  }
  return user;
}

}  // namespace contrail::server
