#include "memory/history.h"

#include <charconv>
#include <cstring>
#include <optional>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "core/json_writer.h"
#include "core/log.h"
#include "core/text.h"
#include "core/metrics.h"
#include "memory/keys.h"
#include "valkey/pool.h"

namespace contrail::memory {

namespace json = boost::json;

std::string EncodeMessage(const StoredMessage& stored) {
  const llm::Message& m = stored.message;
  std::string out;
  out.reserve(m.content.size() + 48);
  // DecodeOwnFormat reads this exact field order without a JSON tree.
  core::JsonWriter w(out);
  w.BeginObject().Key("role").String(llm::RoleName(m.role)).Key("content").String(m.content);
  w.Key("ts").Int(stored.ts);
  if (!m.tool_call_id.empty()) w.Key("tool_call_id").String(m.tool_call_id);
  if (!m.tool_calls.empty()) {
    w.Key("tool_calls").BeginArray();
    for (const llm::ToolCall& c : m.tool_calls) {
      w.BeginObject().Key("id").String(c.id).Key("type").String("function").Key("function").BeginObject();
      w.Key("name").String(c.name).Key("arguments").String(c.arguments_json).EndObject().EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  return out;
}

namespace {

bool ReadHex4(std::string_view in, std::size_t at, std::uint32_t& value) {
  if (at + 4 > in.size()) return false;
  value = 0;
  for (std::size_t i = at; i < at + 4; ++i) {
    char c = in[i];
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (d < 0) return false;
    value = value * 16 + static_cast<std::uint32_t>(d);
  }
  return true;
}

// Reads a JSON string body starting at `pos` (after the opening quote) up to the closing quote,
// unescaping into `out`; `pos` ends after the closing quote. False on anything unusual (the
// caller then falls back to the full parser).
bool ReadJsonString(std::string_view in, std::size_t& pos, std::string& out) {
  while (pos < in.size()) {
    // Jump to the next quote or backslash (memchr is vectorised; text between them is copied).
    const char* begin = in.data() + pos;
    const char* end = in.data() + in.size();
    const char* quote = static_cast<const char*>(std::memchr(begin, '"', end - begin));
    if (quote == nullptr) return false;
    const char* slash = static_cast<const char*>(std::memchr(begin, '\\', quote - begin));
    const char* stop = slash != nullptr ? slash : quote;
    out.append(begin, stop - begin);
    pos = stop - in.data() + 1;
    if (slash == nullptr) return true;  // the closing quote
    if (pos >= in.size()) return false;
    switch (in[pos]) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'u': {
        std::uint32_t cp = 0;
        if (!ReadHex4(in, pos + 1, cp) || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        core::AppendUtf8(out, cp);
        pos += 4;
        break;
      }
      default: return false;
    }
    ++pos;
  }
  return false;
}

// The exact shape EncodeMessage writes, decoded without building a JSON tree. nullopt for any
// other shape (written by someone else), which the full parser then handles.
std::optional<StoredMessage> DecodeOwnFormat(std::string_view in) {
  constexpr std::string_view kRole = "{\"role\":\"", kContent = ",\"content\":\"", kTs = ",\"ts\":";
  if (!in.starts_with(kRole)) return std::nullopt;
  StoredMessage m;
  std::size_t pos = kRole.size();
  std::string role;
  if (!ReadJsonString(in, pos, role) || in.substr(pos, kContent.size()) != kContent) return std::nullopt;
  std::optional<llm::Role> parsed = llm::ParseRole(role);
  if (!parsed) return std::nullopt;
  m.message.role = *parsed;
  pos += kContent.size();
  m.message.content.reserve(in.size() - pos);
  if (!ReadJsonString(in, pos, m.message.content) || in.substr(pos, kTs.size()) != kTs) return std::nullopt;
  pos += kTs.size();
  auto [end, ec] = std::from_chars(in.data() + pos, in.data() + in.size(), m.ts);
  if (ec != std::errc() || end != in.data() + in.size() - 1 || in.back() != '}') return std::nullopt;
  return m;
}

std::string StringField(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

// tool_calls as EncodeMessage writes them (OpenAI's shape).
void ReadStoredToolCalls(const json::object& o, std::vector<llm::ToolCall>& out) {
  const json::value* calls = o.if_contains("tool_calls");
  if (calls == nullptr || !calls->is_array()) return;
  for (const json::value& c : calls->get_array()) {
    const json::object* call = c.if_object();
    const json::value* f = call != nullptr ? call->if_contains("function") : nullptr;
    if (f == nullptr || !f->is_object()) continue;
    out.push_back({StringField(*call, "id"), StringField(f->get_object(), "name"),
                   StringField(f->get_object(), "arguments")});
  }
}

// Decodes with `storage` for the JSON tree: a turn decodes its whole history into one
// monotonic arena instead of a malloc per node.
core::Result<StoredMessage> DecodeMessageWith(std::string_view text, json::storage_ptr storage) {
  if (std::optional<StoredMessage> fast = DecodeOwnFormat(text)) return std::move(*fast);
  boost::system::error_code ec;
  json::value v = json::parse(text, ec, std::move(storage));
  if (ec || !v.is_object()) return core::Upstream("stored message is not a JSON object");
  const json::object& o = v.get_object();
  const json::value* role = o.if_contains("role");
  const json::value* content = o.if_contains("content");
  if (role == nullptr || !role->is_string() || content == nullptr || !content->is_string()) {
    return core::Upstream("stored message lacks role or content");
  }
  std::optional<llm::Role> parsed = llm::ParseRole(role->get_string());
  if (!parsed) return core::Upstream("stored message has an unknown role");
  StoredMessage m(*parsed, std::string(content->get_string()), 0);
  if (const json::value* ts = o.if_contains("ts"); ts != nullptr && ts->is_int64()) {
    m.ts = ts->get_int64();
  }
  if (const json::value* id = o.if_contains("tool_call_id"); id != nullptr && id->is_string()) {
    m.message.tool_call_id = std::string(id->get_string());
  }
  ReadStoredToolCalls(o, m.message.tool_calls);
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

void AppendHistoryCommands(valkey::CommandBatch& batch, std::string_view user,
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
  if (replies[0].is_error()) co_return valkey::ReplyError(replies[0]);
  co_return DecodeMessages(replies[0]);
}

boost::asio::awaitable<core::Result<bool>> History::Delete(std::string_view user,
                                                           std::string_view session) {
  valkey::CommandBatch batch;
  batch.Add({"DEL", MessagesKey(user, session), StateKey(user, session), LastTurnKey(user, session),
             WorkflowKey(user, session)});
  batch.Add({"ZREM", SessionsKey(user), std::string(session)});  // no longer counts against the cap
  CONTRAIL_CO_TRY(valkey::Replies replies, co_await pool_.Execute(std::move(batch)));
  for (const valkey::Reply& r : replies) {
    if (r.is_error()) co_return valkey::ReplyError(r);
  }
  co_return replies[0].integer > 0;
}

}  // namespace contrail::memory
