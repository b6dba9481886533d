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

}  // namespace contrail::server
