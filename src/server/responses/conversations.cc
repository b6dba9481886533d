#include "server/responses/conversations.h"

#include <charconv>

#include "core/json_writer.h"
#include "memory/history.h"
#include "memory/keys.h"
#include "server/responses/store.h"
#include "valkey/pool.h"

namespace contrail::server::responses {

namespace asio = boost::asio;

namespace {

constexpr std::string_view kPrefix = "conv_";
constexpr std::size_t kDigits = 24;

core::Status FirstError(const valkey::Replies& replies) {
  for (const valkey::Reply& r : replies) {
    if (r.is_error()) return valkey::ReplyError(r);
  }
  return core::Ok();
}

}  // namespace

bool IsConversationId(std::string_view id) {
  if (id.size() != kPrefix.size() + kDigits || id.substr(0, kPrefix.size()) != kPrefix) return false;
  for (char c : id.substr(kPrefix.size())) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string NewConversationId() { return std::string(kPrefix) + RandomHex(kDigits / 2); }

std::string ConversationKey(std::string_view user, std::string_view id) {
  return memory::UserTag(user) + ":conv:" + std::string(id);
}

std::string ConversationItemsKey(std::string_view user, std::string_view id) {
  return ConversationKey(user, id) + ":items";
}

std::string ConversationJson(const Conversation& c) {
  std::string out;
  core::JsonWriter w(out);
  w.BeginObject().Key("id").String(c.id).Key("object").String("conversation").Key("created_at").Int(c.created_at);
  w.Key("metadata").Raw(c.metadata_json).EndObject();
  return out;
}

asio::awaitable<core::Status> CreateConversation(valkey::Pool& pool, std::string_view user, const Conversation& c,
                                                 const InputItems& items, std::string state, int window,
                                                 int ttl_seconds) {
  const std::string key = ConversationKey(user, c.id);
  const std::string ttl = std::to_string(ttl_seconds);
  valkey::CommandBatch batch;
  batch.Add({"HSET", key, "created_at", std::to_string(c.created_at), "metadata", c.metadata_json});
  batch.Add({"EXPIRE", key, ttl});
  std::vector<std::vector<std::string>> appended;
  AppendConversationItems(appended, user, c.id, items.items, ttl_seconds);
  for (const auto& command : appended) batch.Add(std::span<const std::string>(command));
  std::vector<memory::StoredMessage> history;
  const std::int64_t now_ms = c.created_at * 1000;
  for (const llm::Message& m : items.messages) {
    if (m.role != llm::Role::kSystem) history.emplace_back(m, now_ms);
  }
  if (!history.empty()) memory::AppendHistoryCommands(batch, user, c.id, history, window, ttl_seconds);
  if (!state.empty()) batch.Add({"SET", memory::StateKey(user, c.id), std::move(state), "EX", ttl});
  CONTRAIL_CO_TRY(valkey::Replies replies, co_await pool.Execute(std::move(batch)));
  co_return FirstError(replies);
}

asio::awaitable<core::Result<std::optional<Conversation>>> ReadConversation(valkey::Pool& pool, std::string_view user,
                                                                            std::string_view id) {
  valkey::CommandBatch batch;
  batch.Add({"HMGET", ConversationKey(user, id), "created_at", "metadata"});
  const std::string owned(id);
  CONTRAIL_CO_TRY(valkey::Replies replies, co_await pool.Execute(std::move(batch)));
  const valkey::Reply& r = replies[0];
  if (r.is_error()) co_return valkey::ReplyError(r);
  if (!r.is_array() || r.elements.size() != 2 || !r.elements[0].is_string()) co_return std::optional<Conversation>();
  Conversation c;
  c.id = owned;
  const std::string& created = r.elements[0].str;
  std::from_chars(created.data(), created.data() + created.size(), c.created_at);
  if (r.elements[1].is_string()) c.metadata_json = r.elements[1].str;
  co_return std::optional<Conversation>(std::move(c));
}

asio::awaitable<core::Result<std::optional<std::vector<std::string>>>> ReadConversationItems(valkey::Pool& pool,
                                                                                            std::string_view user,
                                                                                            std::string_view id) {
  valkey::CommandBatch batch;
  batch.Add({"EXISTS", ConversationKey(user, id)});
  batch.Add({"LRANGE", ConversationItemsKey(user, id), "0", "-1"});
  CONTRAIL_CO_TRY(valkey::Replies replies, co_await pool.Execute(std::move(batch)));
  CONTRAIL_CO_TRY_STATUS(FirstError(replies));
  if (!replies[0].is_integer() || replies[0].integer == 0) co_return std::optional<std::vector<std::string>>();
  std::vector<std::string> items;
  for (valkey::Reply& e : replies[1].elements) {
    if (e.is_string()) items.push_back(std::move(e.str));
  }
  co_return std::optional<std::vector<std::string>>(std::move(items));
}

asio::awaitable<core::Result<bool>> DeleteConversation(valkey::Pool& pool, std::string_view user, std::string_view id) {
  valkey::CommandBatch batch;
  batch.Add({"DEL", ConversationKey(user, id), ConversationItemsKey(user, id), memory::MessagesKey(user, id),
             memory::StateKey(user, id), memory::LastTurnKey(user, id), memory::WorkflowKey(user, id)});
  batch.Add({"ZREM", memory::SessionsKey(user), std::string(id)});
  CONTRAIL_CO_TRY(valkey::Replies replies, co_await pool.Execute(std::move(batch)));
  CONTRAIL_CO_TRY_STATUS(FirstError(replies));
  co_return replies[0].is_integer() && replies[0].integer > 0;
}

void AddReadConversation(valkey::CommandBatch& batch, std::string_view user, std::string_view id) {
  batch.Add({"HGET", ConversationKey(user, id), "created_at"});
}

void AppendConversationItems(std::vector<std::vector<std::string>>& commands, std::string_view user,
                             std::string_view id, const std::vector<std::string>& items, int ttl_seconds) {
  const std::string key = ConversationItemsKey(user, id);
  const std::string ttl = std::to_string(ttl_seconds);
  if (!items.empty()) {
    std::vector<std::string> push = {"RPUSH", key};
    push.insert(push.end(), items.begin(), items.end());
    commands.push_back(std::move(push));
    commands.push_back({"LTRIM", key, std::to_string(-kMaxConversationItems), "-1"});
    commands.push_back({"EXPIRE", key, ttl});
  }
  commands.push_back({"EXPIRE", ConversationKey(user, id), ttl});
}

}  // namespace contrail::server::responses
