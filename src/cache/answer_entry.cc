#include "cache/answer_entry.h"

#include <boost/json.hpp>
#include <charconv>
#include <cstring>
#include <random>

#include "valkey/command.h"
#include "valkey/reply.h"

namespace contrail::cache {

namespace {

// sc:log is trimmed to about this many records: an instance further behind rebuilds from the
// entries themselves (cache_sync.h).
constexpr std::string_view kLogMaxLen = "100000";

std::string SlotsJson(const QuestionSlots& slots) {
  boost::json::object o;
  for (const auto& [name, value] : slots) o[name] = value;
  return boost::json::serialize(o);
}

std::string TagsJson(const std::vector<std::string>& tags) {
  boost::json::array a;
  for (const std::string& t : tags) a.emplace_back(t);
  return boost::json::serialize(a);
}

template <typename T>
bool ParseNumber(std::string_view text, T& out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

bool ParseSlots(std::string_view json, QuestionSlots& out) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(json, ec);
  if (ec || !v.is_object()) return false;
  for (const auto& [name, value] : v.get_object()) {
    if (!value.is_string()) return false;
    out.emplace(std::string(name), std::string(value.get_string()));
  }
  return true;
}

bool ParseTags(std::string_view json, std::vector<std::string>& out) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(json, ec);
  if (ec || !v.is_array()) return false;
  for (const boost::json::value& t : v.get_array()) {
    if (!t.is_string()) return false;
    out.emplace_back(t.get_string());
  }
  return true;
}

// One field of an HGETALL reply into the entry; false when its value is malformed.
bool SetField(std::string_view name, const std::string& value, AnswerEntry& e) {
  if (name == "id") return e.id = value, IsEntryId(value);
  if (name == "key") return e.key = value, true;
  if (name == "scope") return e.scope = value, true;
  if (name == "query") return e.query = value, true;
  if (name == "standalone") return e.standalone = value, true;
  if (name == "answer") return e.answer = value, true;
  if (name == "sources") return e.sources_json = value, true;
  if (name == "model") return e.model = value, true;
  if (name == "impersonal") return e.impersonal = value == "1", true;
  if (name == "slots") return ParseSlots(value, e.slots);
  if (name == "tags") return ParseTags(value, e.tags);
  if (name == "created") return ParseNumber(value, e.created_ms);
  if (name == "expires") return ParseNumber(value, e.expires_ms);
  if (name == "answer_s") return ParseNumber(value, e.answer_seconds);
  if (name == "cost") return ParseNumber(value, e.cost_usd);
  if (name == "threshold") {
    float t = 0;
    if (!ParseNumber(value, t)) return false;
    e.threshold = t;
    return true;
  }
  if (name == "vector") {
    if (value.size() % sizeof(float) != 0) return false;
    e.vector.resize(value.size() / sizeof(float));
    std::memcpy(e.vector.data(), value.data(), value.size());
    return true;
  }
  return true;  // hits and fields a later version adds
}

}  // namespace

std::string UserScope(std::string_view user) { return "user:" + std::string(user); }
std::string EntryKey(std::string_view id) { return "sc:e:" + std::string(id); }
std::string TagKey(std::string_view tag) { return "sc:tag:" + std::string(tag); }

std::string NewEntryId() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t bits = rng();
  std::string id(16, '0');
  for (char& c : id) {
    c = kHex[bits & 0xf];
    bits >>= 4;
  }
  return id;
}

bool IsEntryId(std::string_view id) {
  if (id.size() != 16) return false;
  for (char c : id) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

void AddPut(const AnswerEntry& e, std::string_view instance, valkey::CommandBatch& batch) {
  const std::string key = EntryKey(e.id);
  const std::string_view vector(reinterpret_cast<const char*>(e.vector.data()), e.vector.size() * sizeof(float));
  const std::string created = std::to_string(e.created_ms), expires = std::to_string(e.expires_ms);
  const std::string answer_s = std::to_string(e.answer_seconds), cost = std::to_string(e.cost_usd);
  const std::string slots = SlotsJson(e.slots), tags = TagsJson(e.tags);
  batch.Add({"HSET", key, "id", e.id, "key", e.key, "scope", e.scope, "query", e.query, "standalone", e.standalone,
             "answer", e.answer, "sources", e.sources_json, "model", e.model, "slots", slots, "tags", tags,
             "vector", vector, "created", created, "expires", expires, "answer_s", answer_s, "cost", cost,
             "impersonal", e.impersonal ? "1" : "0", "hits", "0"});
  batch.Add({"PEXPIREAT", key, expires});
  for (const std::string& tag : e.tags) {
    const std::string tag_key = TagKey(tag);
    batch.Add({"SADD", tag_key, e.id});
    batch.Add({"PEXPIREAT", tag_key, expires, "GT"});
    batch.Add({"PEXPIREAT", tag_key, expires, "NX"});
  }
  batch.Add({"XADD", kLogKey, "MAXLEN", "~", kLogMaxLen, "*", "op", "put", "id", e.id, "from", instance});
}

std::optional<AnswerEntry> ParseEntry(const valkey::Reply& hgetall) {
  if (!hgetall.is_array() || hgetall.elements.size() % 2 != 0 || hgetall.elements.empty()) return std::nullopt;
  AnswerEntry e;
  for (std::size_t i = 0; i + 1 < hgetall.elements.size(); i += 2) {
    if (!SetField(hgetall.elements[i].str, hgetall.elements[i + 1].str, e)) return std::nullopt;
  }
  if (e.id.empty() || e.key.empty() || e.scope.empty() || e.vector.empty() || e.expires_ms == 0) return std::nullopt;
  return e;
}

}  // namespace contrail::cache
