#include "server/auth/authenticator.h"

#include <cctype>

#include "core/log.h"

namespace contrail::server::auth {

namespace asio = boost::asio;

namespace {

core::Error Unauthorized(std::string message) {
  return core::Error(core::Code::kUnauthorized, std::move(message));
}

const core::Error& BadKey() {
  static const core::Error error = Unauthorized("invalid or revoked API key");
  return error;
}

// The token of `Authorization: Bearer <token>` (scheme case-insensitive), or "" when it is not
// a bearer credential.
std::string_view BearerToken(std::string_view value) {
  constexpr std::string_view kScheme = "bearer ";
  if (value.size() <= kScheme.size()) return {};
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) != kScheme[i]) return {};
  }
  value.remove_prefix(kScheme.size());
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  return value;
}

}  // namespace

Authenticator::Authenticator(const core::AuthConfig& config, pg::Pool& pg, valkey::Pool& valkey)
    : config_(config), pg_(pg), valkey_(valkey) {}

asio::awaitable<core::Result<Principal>> Authenticator::Authenticate(const net::HttpRequest& request) {
  if (config_.mode == "off") co_return Principal{};
  const std::string* header = nullptr;
  for (const net::Header& h : request.headers) {
    if (h.first != "authorization") continue;
    if (header != nullptr) co_return core::Error(core::Code::kMalformedRequest, "more than one Authorization header");
    header = &h.second;
  }
  if (header == nullptr) {
    co_return Unauthorized("missing API key: send Authorization: Bearer ck_… (see `contrail keys create`)");
  }
  const std::string_view key = BearerToken(*header);
  const std::optional<std::string_view> id = KeyId(key);
  if (!id) co_return BadKey();
  CONTRAIL_CO_TRY(std::optional<KeyRecord> record, co_await Lookup(*id));
  if (!record || record->revoked || !KeyMatches(key, record->secret_hash)) co_return BadKey();
  co_return Principal{record->kind, record->user, record->id, record->daily_tokens};
}

asio::awaitable<core::Result<std::optional<KeyRecord>>> Authenticator::Lookup(std::string_view id) {
  const Clock::time_point now = Clock::now();
  auto it = cache_.find(id);
  if (it != cache_.end() && now - it->second.checked < std::chrono::milliseconds(config_.key_cache_ms)) {
    co_return it->second.record;
  }
  auto found = co_await FindKey(pg_, &valkey_, id);
  if (!found) {
    core::log::Warn("cannot confirm an API key", {{"key_id", id}, {"error", found.error().message}});
    co_return core::Unavailable("authentication is unavailable: try again shortly");
  }
  if (cache_.size() >= kMaxEntries) cache_.clear();
  cache_[std::string(id)] = Entry{*found, now};
  co_return std::move(*found);
}

}  // namespace contrail::server::auth
