#pragma once
// Authentication: the request's API key (`Authorization: Bearer ck_…`) → who is calling. One per
// I/O thread (it keeps that thread's cache of keys it has looked up, without locks). A key looked up
// within the last auth.key_cache_ms is trusted from the cache; after that it is read again from
// Valkey's shared copy, then PostgreSQL (key_store.h): so a revocation takes effect on every
// instance within key_cache_ms.
//
//   CONTRAIL_CO_TRY(Principal who, co_await authenticator.Authenticate(request));

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "core/config.h"
#include "core/result.h"
#include "net/http_message.h"
#include "server/auth/key_store.h"
#include "server/auth/principal.h"

namespace contrail::server::auth {

class Authenticator {
 public:
  // The pools belong to the same I/O thread and outlive the authenticator.
  Authenticator(const core::AuthConfig& config, pg::Pool& pg, valkey::Pool& valkey);

  // The caller's principal. With auth.mode = off, an admin principal with no key id. Errors:
  // kUnauthorized (401) without a key, or with a malformed, unknown or revoked one (one message for
  // all: the response does not tell a guesser which); kMalformedRequest when the request has two
  // Authorization headers; kUnavailable when neither Valkey nor PostgreSQL can confirm the key.
  boost::asio::awaitable<core::Result<Principal>> Authenticate(const net::HttpRequest& request);

  // Drops `id` from this thread's cache (after revoking it here, so this thread stops at once).
  void Forget(std::string_view id) { cache_.erase(std::string(id)); }

 private:
  using Clock = std::chrono::steady_clock;
  struct Entry {
    std::optional<KeyRecord> record;  // nullopt: no key has this id
    Clock::time_point checked;
  };
  // Cached entries, bounded: when full, the cache starts over (ids of real keys come back at once).
  static constexpr std::size_t kMaxEntries = 10'000;

  boost::asio::awaitable<core::Result<std::optional<KeyRecord>>> Lookup(std::string_view id);

  const core::AuthConfig& config_;
  pg::Pool& pg_;
  valkey::Pool& valkey_;
  std::map<std::string, Entry, std::less<>> cache_;
};

}  // namespace contrail::server::auth
