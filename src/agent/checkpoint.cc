#include "agent/checkpoint.h"

#include <boost/json.hpp>

#include "net/sha256.h"

namespace contrail::agent {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

void AddField(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
}

json::object CallJson(const llm::ToolCall& call) {
  return {{"id", call.id}, {"name", call.name}, {"arguments", call.arguments_json}};
}

llm::ToolCall ParseCall(const json::object& o) {
  return llm::ToolCall{std::string(o.at("id").as_string()), std::string(o.at("name").as_string()),
                       std::string(o.at("arguments").as_string())};
}

json::object MessageJson(const llm::Message& m) {
  json::object o{{"role", llm::RoleName(m.role)}, {"content", m.content}};
  if (!m.tool_calls.empty()) {
    json::array calls;
    for (const llm::ToolCall& c : m.tool_calls) calls.push_back(CallJson(c));
    o["tool_calls"] = std::move(calls);
  }
  if (!m.tool_call_id.empty()) o["tool_call_id"] = m.tool_call_id;
  return o;
}

core::Result<llm::Message> ParseMessage(const json::object& o) {
  const std::optional<llm::Role> role = llm::ParseRole(o.at("role").as_string());
  if (!role) return core::InvalidArgument("a checkpoint's message has an unknown role");
  llm::Message m(*role, std::string(o.at("content").as_string()));
  if (const json::value* calls = o.if_contains("tool_calls")) {
    for (const json::value& c : calls->as_array()) m.tool_calls.push_back(ParseCall(c.as_object()));
  }
  if (const json::value* id = o.if_contains("tool_call_id")) m.tool_call_id = std::string(id->as_string());
  return m;
}

json::object RunJson(const ToolRun& run) {
  json::object o{{"step", run.step},           {"position", run.position},       {"call", CallJson(run.call)},
                 {"text", run.output.text},    {"is_error", run.output.is_error}, {"ms", run.ms}};
  if (!run.output.structured.is_null()) o["structured"] = run.output.structured;
  return o;
}

ToolRun ParseRun(const json::object& o) {
  ToolRun run;
  run.step = static_cast<int>(o.at("step").to_number<std::int64_t>());
  run.position = static_cast<std::size_t>(o.at("position").to_number<std::uint64_t>());
  run.call = ParseCall(o.at("call").as_object());
  run.output.text = std::string(o.at("text").as_string());
  run.output.is_error = o.at("is_error").as_bool();
  if (const json::value* s = o.if_contains("structured")) run.output.structured = *s;
  run.ms = o.at("ms").to_number<double>();
  return run;
}

}  // namespace

std::string Fingerprint(const llm::ChatRequest& request) {
  std::string material;
  AddField(material, request.model);
  for (const llm::ToolSpec& tool : request.tools) AddField(material, tool.name);
  for (const llm::Message& m : request.messages) {
    if (m.role == llm::Role::kSystem) continue;
    AddField(material, llm::RoleName(m.role));
    AddField(material, m.content);
    for (const llm::ToolCall& c : m.tool_calls) {
      AddField(material, c.name);
      AddField(material, c.arguments_json);
    }
  }
  return net::DigestHex(net::Sha256(material), 16);
}

std::string CheckpointJson(const Checkpoint& checkpoint) {
  json::array messages;
  for (const llm::Message& m : checkpoint.messages) messages.push_back(MessageJson(m));
  json::array runs;
  for (const ToolRun& r : checkpoint.tool_runs) runs.push_back(RunJson(r));
  json::object o{{"v", 1},
                 {"fingerprint", checkpoint.fingerprint},
                 {"steps", checkpoint.steps},
                 {"messages", std::move(messages)},
                 {"tool_runs", std::move(runs)}};
  if (checkpoint.answer) {
    o["answer"] = json::object{{"content", checkpoint.answer->content},
                               {"finish_reason", checkpoint.answer->finish_reason}};
  }
  return json::serialize(o);
}

core::Result<Checkpoint> ParseCheckpoint(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return core::InvalidArgument("a checkpoint is not a JSON object");
  try {
    const json::object& o = v.as_object();
    if (o.at("v").to_number<int>() != 1) return core::InvalidArgument("a checkpoint of another version");
    Checkpoint c;
    c.fingerprint = std::string(o.at("fingerprint").as_string());
    c.steps = o.at("steps").to_number<int>();
    for (const json::value& m : o.at("messages").as_array()) {
      CONTRAIL_TRY(llm::Message message, ParseMessage(m.as_object()));
      c.messages.push_back(std::move(message));
    }
    for (const json::value& r : o.at("tool_runs").as_array()) c.tool_runs.push_back(ParseRun(r.as_object()));
    if (const json::value* a = o.if_contains("answer")) {
      llm::ChatResult answer;
      answer.content = std::string(a->at("content").as_string());
      answer.finish_reason = std::string(a->at("finish_reason").as_string());
      c.answer = std::move(answer);
    }
    return c;
  } catch (const std::exception& e) {  // a field missing or of another type
    return core::InvalidArgument(std::string("a checkpoint is malformed: ") + e.what());
  }
}

std::optional<std::string> MemoryCheckpointStore::Find(std::string_view scope) const {
  auto it = entries_.find(scope);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

asio::awaitable<core::Status> MemoryCheckpointStore::Save(std::string_view scope, std::string json, bool restart) {
  if (restart) entries_.clear();
  entries_.insert_or_assign(std::string(scope), std::move(json));
  ++saves_;
  co_return core::Ok();
}

}  // namespace contrail::agent
