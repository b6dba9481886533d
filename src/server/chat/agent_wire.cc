#include "server/chat/agent_wire.h"

#include "core/json_writer.h"
#include "core/text.h"
#include "net/http_message.h"

namespace contrail::server::chat {

namespace {

void WriteCall(core::JsonWriter& w, const llm::ToolCall& call, int step) {
  w.Key("id").String(call.id).Key("name").String(call.name).Key("arguments").String(call.arguments_json);
  w.Key("step").Int(step);
}

void WriteResult(core::JsonWriter& w, const agent::ToolRun& run) {
  w.Key("ms").Double(run.ms, 3).Key("is_error").Bool(run.output.is_error);
  const std::string_view output = core::Utf8Prefix(run.output.text, kMaxOutputBytes);
  w.Key("output").String(output);
  if (output.size() < run.output.text.size()) w.Key("output_truncated").Bool(true);
}

}  // namespace

std::string AgentRunJson(const agent::AgentRun& run) {
  std::string out;
  core::JsonWriter w(out);
  w.BeginObject().Key("steps").Int(run.steps).Key("step_limit").Bool(run.step_limit);
  w.Key("model_ms").Double(run.model_ms, 3).Key("tools_ms").Double(run.tools_ms, 3);
  if (run.resumed_steps > 0) w.Key("resumed_steps").Int(run.resumed_steps);
  w.Key("tool_calls").BeginArray();
  for (const agent::ToolRun& t : run.tool_runs) {
    w.BeginObject();
    WriteCall(w, t.call, t.step);
    WriteResult(w, t);
    if (t.resumed) w.Key("resumed").Bool(true);
    w.EndObject();
  }
  w.EndArray().EndObject();
  return out;
}

boost::asio::awaitable<core::Status> AgentEventWriter::OnToolCalls(int step, const std::vector<llm::ToolCall>& calls) {
  std::string events;
  for (const llm::ToolCall& call : calls) {
    std::string raw;
    core::JsonWriter w(raw);
    w.BeginObject();
    WriteCall(w, call, step);
    w.EndObject();
    events += EventChunk(head_, "tool_call", raw);
  }
  started_ = true;
  co_return co_await out_.Write(events);
}

boost::asio::awaitable<core::Status> AgentEventWriter::OnToolResult(const agent::ToolRun& run) {
  std::string raw;
  core::JsonWriter w(raw);
  w.BeginObject().Key("id").String(run.call.id).Key("name").String(run.call.name).Key("step").Int(run.step);
  WriteResult(w, run);
  w.EndObject();
  started_ = true;
  co_return co_await out_.Write(EventChunk(head_, "tool_result", raw));
}

}  // namespace contrail::server::chat
