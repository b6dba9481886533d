#pragma once
// API keys: their kinds, their text form and how a presented key is checked against the stored
// hash. A key reads `ck_<id>_<secret>`: the id (16 hex digits) finds the stored record, the secret
// (43 base64url characters, 256 random bits) proves the caller holds the key. Only the SHA-256 of
// the whole key is stored, so a leaked table grants nothing; a key this random needs no slow hash.
//
//   NewKey k = GenerateKey();                  // show k.key once; store k.id and k.secret_hash
//   KeyId("ck_0123456789abcdef_…") == "0123456789abcdef"
//   KeyMatches(presented, record.secret_hash)  // constant time

#include <optional>
#include <string>
#include <string_view>

namespace contrail::server::auth {

// What a key may do. kUser: act for its one user only. kService: act for any user the request
// names (a backend). kAdmin: act for any user and reach the admin routes.
enum class KeyKind { kUser, kService, kAdmin };

// "user" | "service" | "admin" (as stored).
const char* KeyKindName(KeyKind kind);
std::optional<KeyKind> ParseKeyKind(std::string_view name);

struct NewKey {
  std::string id;           // 16 hex digits
  std::string key;          // the whole key: give it to its holder once, never store it
  std::string secret_hash;  // SHA-256 hex of `key`: what is stored
};

// A fresh random key. Thread-safe.
NewKey GenerateKey();

// The id of a well-formed key, or nullopt (wrong prefix, lengths or characters).
std::optional<std::string_view> KeyId(std::string_view key);

// SHA-256 hex of a key, as stored.
std::string HashKey(std::string_view key);

// True when `key` hashes to `secret_hash`, compared in constant time.
bool KeyMatches(std::string_view key, std::string_view secret_hash);

}  // namespace contrail::server::auth
