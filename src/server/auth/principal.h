#pragma once
// Who is calling: what the request's API key allows. Every route handler gets one (RouteContext).

#include <string>
#include <string_view>

#include "server/auth/api_key.h"

namespace contrail::server::auth {

struct Principal {
  KeyKind kind = KeyKind::kAdmin;
  std::string user;    // kUser: the one user the key acts for
  std::string key_id;  // "" when authentication is off
  long long daily_tokens = 0;  // the key's own daily token limit; 0 = limits.daily_tokens_per_key

  // A user key acts only for its own user; service and admin keys for any user they name.
  bool MayActFor(std::string_view other) const { return kind != KeyKind::kUser || other == user; }
  bool admin() const { return kind == KeyKind::kAdmin; }
};

}  // namespace contrail::server::auth
