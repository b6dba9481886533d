#include "memory/event_stream.h"

#include <charconv>

#include "core/hash.h"
#include "core/json_writer.h"

namespace contrail::memory {

int EventPartition(std::string_view user, int partitions) {
  // Stable across builds and machines, so every instance and version picks the same stream.
  return partitions <= 1 ? 0 : static_cast<int>(core::Fnv(user) % static_cast<std::uint64_t>(partitions));
}

std::string EventStreamKey(int partition) { return "mem:events:{p" + std::to_string(partition) + "}"; }

void AppendTurnEntry(valkey::CommandBatch& batch, std::string_view user, std::string_view session,
                     std::string_view request_id, std::int64_t began_ms, std::span<const StoredMessage> messages,
                     int partitions) {
  if (messages.empty()) return;
  const std::int64_t base = began_ms > 0 ? began_ms : messages.front().ts;
  std::vector<std::string> args = {"XADD", EventStreamKey(EventPartition(user, partitions)), "*", "turn",
                                   std::string(request_id), "user", std::string(user), "session",
                                   std::string(session), "seq", std::to_string(base * 1000)};
  args.reserve(args.size() + 2 * messages.size());
  for (std::size_t i = 0; i < messages.size(); ++i) {
    args.push_back("m" + std::to_string(i));
    args.push_back(EncodeMessage(messages[i]));
  }
  batch.Add(std::span<const std::string>(args));
}

std::string EventMetadata(const llm::Message& m) {
  if (m.tool_calls.empty() && m.tool_call_id.empty()) return "{}";
  std::string out;
  core::JsonWriter w(out);
  w.BeginObject();
  if (!m.tool_call_id.empty()) w.Key("tool_call_id").String(m.tool_call_id);
  if (!m.tool_calls.empty()) {
    w.Key("tool_calls").BeginArray();
    for (const llm::ToolCall& c : m.tool_calls) {
      w.BeginObject().Key("id").String(c.id).Key("name").String(c.name).Key("arguments").String(c.arguments_json);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  return out;
}

namespace {

core::Error BadShape(std::string_view what) { return core::Upstream("valkey: unexpected " + std::string(what) + " reply"); }

// One entry: [id, [field, value, …]] (fields nil when the entry was deleted: nullopt). Its
// messages m0, m1, … are events "<turn>:<i>" with seq + i.
std::optional<StreamEvent> DecodeEntry(const valkey::Reply& entry, std::string_view stream) {
  if (!entry.is_array() || entry.elements.size() != 2 || !entry.elements[0].is_string()) return std::nullopt;
  StreamEvent out;
  out.stream = stream;
  out.entry_id = entry.elements[0].str;
  const valkey::Reply& fields = entry.elements[1];
  if (!fields.is_array()) return std::nullopt;
  std::string turn, user, session;
  std::int64_t seq = 0;
  std::vector<std::pair<int, const std::string*>> messages;
  for (std::size_t i = 0; i + 1 < fields.elements.size(); i += 2) {
    const std::string& name = fields.elements[i].str;
    const std::string& value = fields.elements[i + 1].str;
    if (name == "turn") {
      turn = value;
    } else if (name == "user") {
      user = value;
    } else if (name == "session") {
      session = value;
    } else if (name == "seq") {
      std::from_chars(value.data(), value.data() + value.size(), seq);
    } else if (name.size() > 1 && name[0] == 'm') {
      int index = -1;
      auto [end, ec] = std::from_chars(name.data() + 1, name.data() + name.size(), index);
      if (ec == std::errc() && end == name.data() + name.size() && index >= 0 && index < 1000) {
        messages.emplace_back(index, &value);
      }
    }
  }
  out.valid = !turn.empty() && !user.empty() && !session.empty() && !messages.empty();
  for (const auto& [index, json] : messages) {
    auto decoded = DecodeMessage(*json);
    if (!decoded) {
      out.valid = false;
      continue;
    }
    MemoryEvent e;
    e.event_id = turn + ":" + std::to_string(index);
    e.user = user;
    e.session = session;
    e.seq = seq + index;
    e.role = decoded->message.role;
    e.metadata = EventMetadata(decoded->message);
    e.content = std::move(decoded->message.content);
    e.ts = decoded->ts;
    out.events.push_back(std::move(e));
  }
  return out;
}

void DecodeEntries(const valkey::Reply& entries, std::string_view stream, std::vector<StreamEvent>& out) {
  for (const valkey::Reply& entry : entries.elements) {
    if (auto event = DecodeEntry(entry, stream)) out.push_back(std::move(*event));
  }
}

}  // namespace

std::vector<StreamEvent> DecodeRange(const valkey::Reply& reply, std::string_view stream) {
  std::vector<StreamEvent> out;
  if (reply.is_array()) DecodeEntries(reply, stream, out);
  return out;
}

core::Result<std::vector<StreamEvent>> DecodeReadGroup(const valkey::Reply& reply) {
  std::vector<StreamEvent> out;
  if (reply.is_nil()) return out;
  if (!reply.is_array()) return BadShape("XREADGROUP");
  for (const valkey::Reply& stream : reply.elements) {
    if (!stream.is_array() || stream.elements.size() != 2 || !stream.elements[1].is_array()) {
      return BadShape("XREADGROUP");
    }
    DecodeEntries(stream.elements[1], stream.elements[0].str, out);
  }
  return out;
}

core::Result<std::vector<StreamEvent>> DecodeAutoClaim(const valkey::Reply& reply, std::string_view stream,
                                                       std::string* next_start) {
  if (!reply.is_array() || reply.elements.size() < 2 || !reply.elements[1].is_array()) return BadShape("XAUTOCLAIM");
  if (next_start != nullptr) *next_start = reply.elements[0].str;
  std::vector<StreamEvent> out;
  DecodeEntries(reply.elements[1], stream, out);
  return out;
}

}  // namespace contrail::memory
