#pragma once
// The user profile: a Valkey hash {u:ID}:profile of string fields (name, email, adults,
// kids_ages, interests, budget_usd, home_airport, seat, avoid_airlines, …). Writes are atomic
// (one Lua script each) and acknowledged only after Valkey's AOF has them (WAITAOF), where the
// server has AOF on.

#include <boost/asio/awaitable.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace contrail::valkey {
class Pool;
struct Reply;
}

namespace contrail::memory {

using Profile = std::map<std::string, std::string>;

inline constexpr std::size_t kMaxProfileFields = 64;
inline constexpr std::size_t kMaxProfileValueBytes = 1024;
inline constexpr std::size_t kMaxProfileFieldNameBytes = 64;

// A field name is [A-Za-z0-9_.-]{1,64}; a value at most 1 KiB of UTF-8 text.
core::Status CheckProfileField(std::string_view name, std::string_view value);

// A change to a profile: fields to set and fields to delete (a JSON null in PATCH).
struct ProfilePatch {
  Profile set;
  std::vector<std::string> remove;
};

// Decodes an HGETALL reply into a Profile.
Profile DecodeProfile(const valkey::Reply& hgetall_reply);

class ProfileStore {
 public:
  explicit ProfileStore(valkey::Pool& pool) : pool_(pool) {}

  // The profile, empty when the user has none.
  boost::asio::awaitable<core::Result<Profile>> Get(std::string_view user);
  // Replaces the whole profile atomically. REQUIRES: fields checked, at most kMaxProfileFields.
  boost::asio::awaitable<core::Status> Replace(std::string_view user, const Profile& profile);
  // Merges atomically and returns the new profile. kInvalidArgument (nothing written) when the
  // result would have more than kMaxProfileFields fields.
  boost::asio::awaitable<core::Result<Profile>> Patch(std::string_view user, const ProfilePatch& patch);
  // Deletes the profile; returns whether one existed.
  boost::asio::awaitable<core::Result<bool>> Delete(std::string_view user);

 private:
  valkey::Pool& pool_;
};

}  // namespace contrail::memory
