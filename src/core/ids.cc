#include "core/ids.h"

#include <string>

namespace contrail::core {

bool IsValidId(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdLength) return false;
  for (char ch : id) {
    bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '_' || ch == '.' || ch == ':' || ch == '-';
    if (!ok) return false;
  }
  return true;
}

Status CheckId(std::string_view id, std::string_view what, std::string_view param) {
  if (IsValidId(id)) return Ok();
  return InvalidArgument("invalid " + std::string(what) +
                             " id: must be 1-128 characters of A-Z a-z 0-9 _ . : -",
                         std::string(param));
}

}  // namespace contrail::core
