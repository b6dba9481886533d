#pragma once
// A reply from Valkey, as a value tree (RESP2 types; RESP3 maps and doubles are not requested).

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace contrail::valkey {

struct Reply {
  enum class Type { kString, kStatus, kError, kInteger, kNil, kArray };

  Type type = Type::kNil;
  std::string str;              // kString, kStatus, kError
  long long integer = 0;        // kInteger
  std::vector<Reply> elements;  // kArray

  bool is_error() const { return type == Type::kError; }
  bool is_nil() const { return type == Type::kNil; }
  bool is_string() const { return type == Type::kString; }
  bool is_array() const { return type == Type::kArray; }
  bool is_integer() const { return type == Type::kInteger; }
  // True for a +OK / +QUEUED style status reply with that text.
  bool is_status(std::string_view text) const { return type == Type::kStatus && str == text; }
};

// An error reply (-ERR …, a script's error) as a failure: kUpstream "valkey: <text>", with backend
// kValkey (the text, which may quote a script, is for the log; see core::ClientMessage).
core::Error ReplyError(const Reply& reply);

// "HGETALL → [k1, v1, …]" shape, for tests and debugging: `"a"`, `(nil)`, `(error) ERR …`, `[…]`.
std::string DebugString(const Reply& reply);

}  // namespace contrail::valkey
