#include "memory/history.h"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "core/log.h"
#include "core/metrics.h"
#include "memory/keys.h"
#include "valkey/pool.h"

namespace contrail::memory {

namespace json = boost::json;

std::string EncodeMessage(const StoredMessage& m) {
  std::string out;
  out.reserve(m.content.size() + 48);
  out += "{\"role\":\"";
  core::log::AppendJsonEscaped(out, m.role);
  out += "\",\"content\":\"";
  core::log::AppendJsonEscaped(out, m.content);
  out += "\",\"ts\":";
  out += std::to_string(m.ts);
  out += '}';
  return out;
}

namespace {

// Decodes with `storage` for the JSON tree: a turn decodes its whole history into one
// monotonic arena instead of a malloc per node.
core::Result<StoredMessage> DecodeMessageWith(std::string_view text, json::storage_ptr storage) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec, std::move(storage));
  if (ec || !v.is_object()) return core::Upstream("stored message is not a JSON object");
  const json::object& o = v.get_object();
  const json::value* role = o.if_contains("role");
  const json::value* content = o.if_contains("content");
  if (role == nullptr || !role->is_string() || content == nullptr || !content->is_string()) {
    return core::Upstream("stored message lacks role or content");
  }
  StoredMessage m;
  m.role = std::string(role->get_string());
  m.content = std::string(content->get_string());
  if (const json::value* ts = o.if_contains("ts"); ts != nullptr && ts->is_int64()) {
    m.ts = ts->get_int64();
  }
  return m;
}

}  // namespace

core::Result<StoredMessage> DecodeMessage(std::string_view text) { return DecodeMessageWith(text, {}); }

std::vector<StoredMessage> DecodeMessages(const valkey::Reply& reply) {
  static core::Counter& skipped = core::MetricsRegistry::Global().GetCounter(
      "contrail_history_undecodable_total", "History elements that were not message objects.");
  std::vector<StoredMessage> out;
  if (!reply.is_array()) return out;
  out.reserve(reply.elements.size());
  unsigned char arena[16 * 1024];
  json::monotonic_resource storage(arena, sizeof arena);
  for (const valkey::Reply& element : reply.elements) {
    auto m = element.is_string() ? DecodeMessageWith(element.str, &storage) : core::Upstream("not a string");
    if (m) {
      out.push_back(std::move(*m));
    } else {
      skipped.Inc();
    }
  }
  return out;
}

void AppendTurnCommands(valkey::CommandBatch& batch, std::string_view user,
                        std::string_view session, const std::vector<StoredMessage>& messages,
                        int window, int ttl_seconds) {
  std::string key = MessagesKey(user, session);
  std::vector<std::string> rpush;
  rpush.reserve(messages.size() + 2);
  rpush.emplace_back("RPUSH");
  rpush.push_back(key);
  for (const StoredMessage& m : messages) rpush.push_back(EncodeMessage(m));
  batch.Add(std::span<const std::string>(rpush));
  std::string start = std::to_string(-window);
  batch.Add({"LTRIM", key, start, "-1"});
  std::string ttl = std::to_string(ttl_seconds);
  batch.Add({"EXPIRE", key, ttl});
}

boost::asio::awaitable<core::Result<std::vector<StoredMessage>>> History::List(
    std::string_view user, std::string_view session) {
  valkey::CommandBatch batch;
  batch.Add({"LRANGE", MessagesKey(user, session), "0", "-1"});
  CONTRAIL_CO_TRY(valkey::Replies replies, co_await pool_.Execute(std::move(batch)));
  if (replies[0].is_error()) co_return core::Upstream("valkey: " + replies[0].str);
  co_return DecodeMessages(replies[0]);
}

boost::asio::awaitable<core::Result<bool>> History::Delete(std::string_view user,
                                                           std::string_view session) {
  valkey::CommandBatch batch;
  batch.Add({"DEL", MessagesKey(user, session), StateKey(user, session)});
  CONTRAIL_CO_TRY(valkey::Replies replies, co_await pool_.Execute(std::move(batch)));
  if (replies[0].is_error()) co_return core::Upstream("valkey: " + replies[0].str);
  co_return replies[0].integer > 0;
}

}  // namespace contrail::memory
