#pragma once
// Where API keys live: PostgreSQL is the system of record (table api_keys, migration 0005); Valkey
// holds a copy of each key's record that every contrail instance reads (`auth:key:<id>`), so a
// revocation, which rewrites that copy, reaches every instance at once.
//
//   CONTRAIL_CO_TRY(NewKey k, co_await CreateKey(pg, KeyKind::kUser, "alice", "alice's phone"));
//   co_await RevokeKey(pg, &valkey, k.id);

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "server/auth/api_key.h"

namespace contrail::pg {
class Pool;
}
namespace contrail::valkey {
class Pool;
}

namespace contrail::server::auth {

struct KeyRecord {
  std::string id;
  KeyKind kind = KeyKind::kUser;
  std::string user;         // kUser: the user it acts for
  std::string secret_hash;  // SHA-256 hex of the whole key
  std::string name;
  std::string created_at;   // ISO 8601 (UTC), as PostgreSQL prints it
  bool revoked = false;
  long long daily_tokens = 0;  // the key's own daily token limit; 0 = the configured default
};

// Creates a key. REQUIRES: `user` is a valid id when kind is kUser, and empty otherwise;
// daily_tokens >= 0 (0: the configured default). Errors: PostgreSQL's (kUnavailable, kTimeout,
// kUpstream).
boost::asio::awaitable<core::Result<NewKey>> CreateKey(pg::Pool& pg, KeyKind kind, std::string user,
                                                        std::string name, long long daily_tokens = 0);

// Every key, newest first (with `revoked` ones when asked).
boost::asio::awaitable<core::Result<std::vector<KeyRecord>>> ListKeys(pg::Pool& pg, bool include_revoked);

// Revokes the key `id` in PostgreSQL (if it is not revoked already) and, when `valkey` is given,
// overwrites every instance's shared copy of its record. Returns the revoked key's record, or
// nullopt when no key has that id. A failed Valkey write is an error: the key is revoked in
// PostgreSQL, but instances that read Valkey's copy trust it until that expires (an hour), so
// revoke again — it is idempotent and rewrites the copy.
boost::asio::awaitable<core::Result<std::optional<KeyRecord>>> RevokeKey(pg::Pool& pg, valkey::Pool* valkey,
                                                                         std::string_view id);

// The key's record: from Valkey's copy when there is one (the Valkey round trip is skipped when
// `valkey` is null or down), else from PostgreSQL, which then fills Valkey's copy unless a
// revocation wrote it first. nullopt: no key has that id.
boost::asio::awaitable<core::Result<std::optional<KeyRecord>>> FindKey(pg::Pool& pg, valkey::Pool* valkey,
                                                                       std::string_view id);

}  // namespace contrail::server::auth
