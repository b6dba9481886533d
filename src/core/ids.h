#pragma once
// Identifiers that come from users (user ids, session ids, request ids) become parts of Valkey
// keys and SQL parameters. They are checked once, at the edge, with these functions.

#include <string_view>

#include "core/result.h"

namespace contrail::core {

inline constexpr std::size_t kMaxIdLength = 128;

// True if `id` matches [A-Za-z0-9_.:-]{1,128}. That charset cannot close a `{u:...}` hash tag,
// glob (`*`), traverse (`/`), or break a header (CR/LF).
bool IsValidId(std::string_view id);

// Ok, or kInvalidArgument naming `what` ("user", "session") and the accepted form; `param` is the
// request field the id came from.
Status CheckId(std::string_view id, std::string_view what, std::string_view param);

}  // namespace contrail::core
