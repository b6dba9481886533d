#include "server/responses/store.h"

#include <boost/json.hpp>
#include <random>

#include "core/ids.h"
#include "memory/keys.h"
#include "net/secrets.h"
#include "server/responses/mcp_tools.h"
#include "server/responses/record_codec.h"
#include "server/responses/request.h"
#include "valkey/pool.h"

namespace contrail::server::responses {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::string_view kPrefix = "resp_";
constexpr std::size_t kNonceDigits = 16;

bool IsHex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// "LEN:BYTES" for each field of `r`, in ResponseRecord's order: one string, so a record is one
// SET … EX.
std::string EncodeRecord(const ResponseRecord& r) {
  std::string out;
  out.reserve(r.body.size() + r.input.size() + r.turn.size() + r.prev.size() + r.state.size() + 40);
  for (const std::string* field : {&r.body, &r.input, &r.turn, &r.prev, &r.state}) {
    out += std::to_string(field->size());
    out += ':';
    out += *field;
  }
  return out;
}

// EncodeRecord's record back; nullopt when `value` is not one.
std::optional<ResponseRecord> DecodeRecord(std::string_view value) {
  ResponseRecord r;
  for (std::string* field : {&r.body, &r.input, &r.turn, &r.prev, &r.state}) {
    const std::size_t colon = value.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 10) return std::nullopt;
    std::size_t n = 0;
    for (char c : value.substr(0, colon)) {
      if (c < '0' || c > '9') return std::nullopt;
      n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    if (n > value.size() - colon - 1) return std::nullopt;
    field->assign(value.substr(colon + 1, n));
    value.remove_prefix(colon + 1 + n);
  }
  if (!value.empty()) return std::nullopt;
  return r;
}

// Where a record was kept until 2026-12-07: a key of its own. Read and deleted beside the chain's
// hash while such records may live (a session's TTL).
std::string LegacyResponseKey(std::string_view user, std::string_view id) {
  std::string key = memory::UserTag(user);
  key += ":resp:";
  key += id;
  return key;
}

// The stored record; nullopt when it does not exist.
asio::awaitable<core::Result<std::optional<ResponseRecord>>> ReadRecord(valkey::Pool& pool, std::string_view user,
                                                                        std::string_view id) {
  const std::string owned_id(id);
  valkey::CommandBatch batch;  // `user` is used before the first suspension only
  batch.Add({"HGET", ChainRecordsKey(user, SessionOf(owned_id)), owned_id});
  batch.Add({"GET", LegacyResponseKey(user, owned_id)});
  CONTRAIL_CO_TRY(valkey::Replies replies, co_await pool.Execute(std::move(batch)));
  for (const valkey::Reply& reply : replies) {
    if (reply.is_error()) co_return valkey::ReplyError(reply);
  }
  const valkey::Reply& r = replies[0].is_string() ? replies[0] : replies[1];
  if (!r.is_string()) co_return std::optional<ResponseRecord>();
  std::optional<std::string> expanded = ExpandRecord(r.str, owned_id, SessionOf(owned_id));
  if (!expanded) co_return std::optional<ResponseRecord>();
  co_return DecodeRecord(*expanded);
}

// The part of a response id's nonce that names its turn: 8 hex digits of an FNV-1a hash of the
// turn's request id (the other 8 are random, so equal request ids still make distinct ids).
std::string TurnTag(std::string_view request_id) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : request_id) h = (h ^ c) * 1099511628211ull;
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(8, '0');
  for (int i = 7; i >= 0; --i, h >>= 4) out[static_cast<std::size_t>(i)] = kDigits[h & 15];
  return out;
}

}  // namespace

std::string RandomHex(std::size_t n) {
  // Ids, not secrets (a response is found only under its user's key): a per-thread generator
  // seeded from the system's CSPRNG, instead of a CSPRNG call per id (a lock and often a system
  // call each, a tenth of a response turn's time).
  thread_local std::mt19937_64 generator = [] {
    const std::string seed = net::RandomBytes(32);
    std::seed_seq sequence(seed.begin(), seed.end());
    return std::mt19937_64(sequence);
  }();
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n + 16);
  while (out.size() < 2 * n) {
    std::uint64_t bits = generator();
    for (int i = 0; i < 16 && out.size() < 2 * n; ++i, bits >>= 4) out += kDigits[bits & 15];
  }
  return out;
}

std::string NewChainSession() { return "resp-" + RandomHex(10); }

std::string NewResponseId(std::string_view session, std::string_view request_id) {
  std::string id(kPrefix);
  id += TurnTag(request_id);
  id += RandomHex(kNonceDigits / 4);
  id += '_';
  id += session;
  return id;
}

std::string SessionOf(std::string_view id) {
  if (id.size() <= kPrefix.size() + kNonceDigits + 1 || id.substr(0, kPrefix.size()) != kPrefix) return {};
  if (!IsHex(id.substr(kPrefix.size(), kNonceDigits)) || id[kPrefix.size() + kNonceDigits] != '_') return {};
  std::string_view session = id.substr(kPrefix.size() + kNonceDigits + 1);
  return core::IsValidId(session) ? std::string(session) : std::string();
}

std::string ChainRecordsKey(std::string_view user, std::string_view session) {
  std::string key = memory::UserTag(user);
  key += ":responses:";
  key += session;
  return key;
}

std::vector<std::vector<std::string>> StoreCommands(std::string_view user, std::string_view id,
                                                    const ResponseRecord& record, int ttl_seconds) {
  const std::string session = SessionOf(id);
  std::string key = ChainRecordsKey(user, session);
  return {{"HSET", key, std::string(id), CompactRecord(EncodeRecord(record), id, session)},
          {"EXPIRE", std::move(key), std::to_string(ttl_seconds)}};
}

bool IsTurnOf(std::string_view id, std::string_view request_id) {
  return !SessionOf(id).empty() && id.substr(kPrefix.size(), 8) == TurnTag(request_id);
}

namespace {

// The text of a message item's content: a string, or its parts' texts joined.
std::string ContentText(const json::value* content) {
  if (content == nullptr) return {};
  if (content->is_string()) return std::string(content->get_string());
  std::string text;
  if (!content->is_array()) return text;
  for (const json::value& part : content->get_array()) {
    const json::value* t = part.is_object() ? part.get_object().if_contains("text") : nullptr;
    if (t == nullptr || !t->is_string()) continue;
    if (!text.empty()) text += '\n';
    text += t->get_string();
  }
  return text;
}

// Appends `item` (an input or output item) to `out` as history messages; consecutive
// function_call items are one assistant message, as the model made them.
void AddItem(const json::object& item, std::int64_t ts, std::vector<memory::StoredMessage>& out) {
  const std::string type = item.contains("type") ? StringField(item, "type") : "message";
  if (type == "message") {
    const std::optional<llm::Role> role = llm::ParseRole(StringField(item, "role"));
    if (!role || *role == llm::Role::kSystem) return;  // a turn's system messages are not its history
    out.emplace_back(*role, ContentText(item.if_contains("content")), ts);
  } else if (type == "function_call") {
    const bool joins = !out.empty() && out.back().message.role == llm::Role::kAssistant &&
                       !out.back().message.tool_calls.empty();
    if (!joins) out.emplace_back(llm::Role::kAssistant, "", ts);
    out.back().message.tool_calls.push_back(
        {StringField(item, "call_id"), StringField(item, "name"), StringField(item, "arguments")});
  } else if (type == "function_call_output") {
    llm::Message result(llm::Role::kTool, StringField(item, "output"));
    result.tool_call_id = StringField(item, "call_id");
    out.emplace_back(std::move(result), ts);
  }
}

}  // namespace

std::vector<memory::StoredMessage> MessagesOf(std::string_view input_json, std::string_view body_json) {
  std::vector<memory::StoredMessage> out;
  boost::system::error_code ec;
  const json::value body = json::parse(body_json, ec);
  if (ec || !body.is_object()) return out;
  const json::value* created = body.get_object().if_contains("created_at");
  const std::int64_t ts = created != nullptr && created->is_int64() ? created->get_int64() * 1000 : 0;
  const json::value input = json::parse(input_json, ec);
  if (!ec && input.is_array()) {
    for (const json::value& item : input.get_array()) {
      if (item.is_object()) AddItem(item.get_object(), ts, out);
    }
  }
  // The output: the assistant's message and its calls, one message. A message before the last
  // is a step's interim text (response_json.h: OutputIds), not history, as the steps' calls.
  const std::size_t answer = out.size();
  std::optional<std::size_t> said;  // the output's message so far
  if (const json::value* output = body.get_object().if_contains("output"); output != nullptr && output->is_array()) {
    for (const json::value& item : output->get_array()) {
      if (!item.is_object()) continue;
      const json::object& o = item.get_object();
      const std::string type = StringField(o, "type");
      if (type == "function_call" || type == "mcp_approval_request") {  // calls of the answer's message
        const bool approval = type == "mcp_approval_request";
        if (out.size() <= answer || out.back().message.role != llm::Role::kAssistant) {
          out.emplace_back(llm::Role::kAssistant, "", ts);
        }
        out.back().message.tool_calls.push_back({approval ? CallIdOfApproval(StringField(o, "id")) : StringField(o, "call_id"),
                                                 StringField(o, "name"), StringField(o, "arguments")});
      } else if (type == "mcp_call") {  // an approved call that ran first answers the previous message's
        if (StringField(o, "approval_request_id").empty()) continue;  // one of the model's own steps
        const std::string error = StringField(o, "error");
        llm::Message result(llm::Role::kTool, error.empty() ? StringField(o, "output") : error);
        result.tool_call_id = CallIdOfApproval(StringField(o, "approval_request_id"));
        out.emplace_back(std::move(result), ts);
      } else {
        const std::size_t before = out.size();
        AddItem(o, ts, out);
        if (type != "message" || out.size() == before) continue;
        if (said) out.erase(out.begin() + static_cast<std::ptrdiff_t>(*said));
        said = out.size() - 1;
      }
    }
  }
  return out;
}

asio::awaitable<core::Result<ChainHistory>> ReadChain(valkey::Pool& pool, std::string_view user, std::string id,
                                                      std::size_t limit) {
  ChainHistory out;
  std::vector<std::vector<memory::StoredMessage>> turns;  // newest first
  std::size_t count = 0;
  const std::string owner(user);
  while (!id.empty() && count < limit) {
    CONTRAIL_CO_TRY(std::optional<ResponseRecord> link, co_await ReadRecord(pool, owner, id));
    if (!link) break;  // expired or deleted: the chain starts after it
    if (turns.empty()) {
      out.found = true;
      out.state = std::move(link->state);
    }
    turns.push_back(MessagesOf(link->input, link->body));
    count += turns.back().size();
    id = std::move(link->prev);
  }
  out.messages.reserve(count);
  for (auto turn = turns.rbegin(); turn != turns.rend(); ++turn) {
    for (memory::StoredMessage& m : *turn) out.messages.push_back(std::move(m));
  }
  if (out.messages.size() > limit) {
    out.messages.erase(out.messages.begin(), out.messages.end() - static_cast<std::ptrdiff_t>(limit));
  }
  co_return out;
}

asio::awaitable<core::Result<std::optional<std::string>>> ReadBody(valkey::Pool& pool, std::string_view user,
                                                                  std::string_view id) {
  CONTRAIL_CO_TRY(std::optional<ResponseRecord> record, co_await ReadRecord(pool, user, id));
  if (!record) co_return std::optional<std::string>();
  co_return std::optional<std::string>(std::move(record->body));
}

asio::awaitable<core::Result<std::optional<std::string>>> ReadInput(valkey::Pool& pool, std::string_view user,
                                                                   std::string_view id) {
  CONTRAIL_CO_TRY(std::optional<ResponseRecord> record, co_await ReadRecord(pool, user, id));
  if (!record) co_return std::optional<std::string>();
  co_return std::optional<std::string>(std::move(record->input));
}

asio::awaitable<core::Result<bool>> Delete(valkey::Pool& pool, std::string_view user, std::string_view id) {
  const std::string last_turn = memory::LastTurnKey(user, SessionOf(id));
  valkey::CommandBatch batch;
  batch.Add({"HDEL", ChainRecordsKey(user, SessionOf(id)), std::string(id)});
  batch.Add({"DEL", LegacyResponseKey(user, id)});
  batch.Add({"GET", last_turn});
  CONTRAIL_CO_TRY(valkey::Replies replies, co_await pool.Execute(std::move(batch)));
  for (const valkey::Reply& reply : replies) {
    if (reply.is_error()) co_return valkey::ReplyError(reply);
  }
  auto removed = [](const valkey::Reply& r) { return r.is_integer() && r.integer > 0; };
  const bool deleted = removed(replies[0]) || removed(replies[1]);
  // The session's last turn no longer names a response that continues linearly: a continuation of
  // the deleted one then looks for its record, and is 404.
  if (deleted && replies[2].is_string() && IsTurnOf(id, LastTurnRequestId(replies[2].str))) {
    valkey::CommandBatch forget;
    forget.Add({"DEL", last_turn});
    CONTRAIL_CO_TRY(valkey::Replies ignored, co_await pool.Execute(std::move(forget)));
    (void)ignored;
  }
  co_return deleted;
}

std::string_view LastTurnRequestId(std::string_view value) {
  const std::size_t space = value.find(' ');
  return space == std::string_view::npos ? value : value.substr(space + 1);
}

}  // namespace contrail::server::responses
