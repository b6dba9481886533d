#include "memory/profile_store.h"

#include "core/log.h"
#include "memory/durable_write.h"
#include "memory/keys.h"
#include "valkey/pool.h"

namespace contrail::memory {
namespace {

// KEYS[1] profile; ARGV: field, value, … — replaces the hash in one atomic step.
constexpr std::string_view kReplaceScript = R"lua(
redis.call('DEL', KEYS[1])
if #ARGV > 0 then redis.call('HSET', KEYS[1], unpack(ARGV)) end
return redis.call('HLEN', KEYS[1])
)lua";

// KEYS[1] profile; ARGV[1] max fields, ARGV[2] number of pairs to set, then the pairs, then the
// fields to delete. Checks the resulting size before changing anything.
constexpr std::string_view kPatchScript = R"lua(
local max, nset = tonumber(ARGV[1]), tonumber(ARGV[2])
local size = redis.call('HLEN', KEYS[1])
local last_pair = 2 + 2 * nset
for i = 3, last_pair, 2 do
  if redis.call('HEXISTS', KEYS[1], ARGV[i]) == 0 then size = size + 1 end
end
for i = last_pair + 1, #ARGV do
  if redis.call('HEXISTS', KEYS[1], ARGV[i]) == 1 then size = size - 1 end
end
if size > max then return redis.error_reply('TOOBIG profile would have ' .. size .. ' fields') end
for i = last_pair + 1, #ARGV do redis.call('HDEL', KEYS[1], ARGV[i]) end
if nset > 0 then redis.call('HSET', KEYS[1], unpack(ARGV, 3, last_pair)) end
return redis.call('HGETALL', KEYS[1])
)lua";

}  // namespace

core::Status CheckProfileField(std::string_view name, std::string_view value) {
  if (name.empty() || name.size() > kMaxProfileFieldNameBytes) {
    return core::InvalidArgument("profile field names must be 1-64 characters", std::string(name));
  }
  for (char ch : name) {
    bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '_' || ch == '.' || ch == '-';
    if (!ok) {
      return core::InvalidArgument("profile field names may use only A-Z a-z 0-9 _ . -",
                                   std::string(name));
    }
  }
  if (value.size() > kMaxProfileValueBytes) {
    return core::InvalidArgument("profile values must be at most 1024 bytes", std::string(name));
  }
  return core::Ok();
}

Profile DecodeProfile(const valkey::Reply& reply) {
  Profile p;
  if (!reply.is_array()) return p;
  for (std::size_t i = 0; i + 1 < reply.elements.size(); i += 2) {
    p.emplace(reply.elements[i].str, reply.elements[i + 1].str);
  }
  return p;
}

boost::asio::awaitable<core::Result<Profile>> ProfileStore::Get(std::string_view user) {
  valkey::CommandBatch batch;
  batch.Add({"HGETALL", ProfileKey(user)});
  CONTRAIL_CO_TRY(valkey::Replies replies, co_await pool_.Execute(std::move(batch)));
  if (replies[0].is_error()) co_return valkey::ReplyError(replies[0]);
  co_return DecodeProfile(replies[0]);
}

boost::asio::awaitable<core::Status> ProfileStore::Replace(std::string_view user, const Profile& profile) {
  std::vector<std::string> args = {"EVAL", std::string(kReplaceScript), "1", ProfileKey(user)};
  for (const auto& [k, v] : profile) {
    args.push_back(k);
    args.push_back(v);
  }
  valkey::CommandBatch batch;
  batch.Add(std::span<const std::string>(args));
  CONTRAIL_CO_TRY(valkey::Reply reply, co_await ExecuteDurably(pool_, std::move(batch)));
  if (reply.is_error()) co_return valkey::ReplyError(reply);
  co_return core::Ok();
}

boost::asio::awaitable<core::Result<Profile>> ProfileStore::Patch(std::string_view user,
                                                                  const ProfilePatch& patch) {
  std::vector<std::string> args = {"EVAL", std::string(kPatchScript), "1", ProfileKey(user),
                                   std::to_string(kMaxProfileFields),
                                   std::to_string(patch.set.size())};
  for (const auto& [k, v] : patch.set) {
    args.push_back(k);
    args.push_back(v);
  }
  for (const std::string& k : patch.remove) args.push_back(k);
  valkey::CommandBatch batch;
  batch.Add(std::span<const std::string>(args));
  CONTRAIL_CO_TRY(valkey::Reply reply, co_await ExecuteDurably(pool_, std::move(batch)));
  if (reply.is_error()) {
    if (reply.str.starts_with("TOOBIG")) {
      co_return core::InvalidArgument("a profile may have at most 64 fields (" + reply.str.substr(7) + ")");
    }
    co_return valkey::ReplyError(reply);
  }
  co_return DecodeProfile(reply);
}

boost::asio::awaitable<core::Result<bool>> ProfileStore::Delete(std::string_view user) {
  valkey::CommandBatch batch;
  batch.Add({"DEL", ProfileKey(user)});
  CONTRAIL_CO_TRY(valkey::Reply reply, co_await ExecuteDurably(pool_, std::move(batch)));
  if (reply.is_error()) co_return valkey::ReplyError(reply);
  co_return reply.integer > 0;
}

}  // namespace contrail::memory
