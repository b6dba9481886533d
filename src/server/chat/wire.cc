#include "server/chat/wire.h"

#include "core/json_writer.h"
#include "net/http_message.h"
#include "net/sse.h"

namespace contrail::server::chat {

namespace {

const std::string kAssistant = "assistant";

void WriteUsage(core::JsonWriter& w, const llm::Usage& u) {
  w.Key("usage").BeginObject();
  w.Key("prompt_tokens").Int(u.prompt_tokens).Key("completion_tokens").Int(u.completion_tokens);
  w.Key("total_tokens").Int(u.total_tokens()).Key("cost_usd").Double(u.cost_usd, 8).EndObject();
}

// "tool_calls":[{"index":i,"id":…,"type":"function","function":{"name":…,"arguments":…}},…]
void WriteToolCalls(core::JsonWriter& w, const std::vector<llm::ToolCall>& calls, bool with_index) {
  w.Key("tool_calls").BeginArray();
  for (std::size_t i = 0; i < calls.size(); ++i) {
    w.BeginObject();
    if (with_index) w.Key("index").Int(static_cast<std::int64_t>(i));
    w.Key("id").String(calls[i].id).Key("type").String("function").Key("function").BeginObject();
    w.Key("name").String(calls[i].name).Key("arguments").String(calls[i].arguments_json).EndObject();
    w.EndObject();
  }
  w.EndArray();
}

void WriteSources(core::JsonWriter& w, const std::vector<llm::Source>& sources) {
  w.BeginArray();
  for (const llm::Source& s : sources) {
    w.BeginObject().Key("n").Int(s.n).Key("document_id").String(s.document_id).Key("chunk_id").Int(s.chunk_id);
    w.Key("title").String(s.title).Key("heading").String(s.heading).Key("score").Double(s.score, 6);
    w.Key("metadata").Raw(s.metadata_json.empty() ? "{}" : s.metadata_json).EndObject();
  }
  w.EndArray();
}

void WriteHead(core::JsonWriter& w, const CompletionHead& head, const char* object) {
  w.Key("id").String(head.id).Key("object").String(object).Key("created").Int(head.created);
  w.Key("model").String(head.model);
}

}  // namespace

void WriteContrail(core::JsonWriter& w, const std::vector<llm::Source>* sources, bool degraded,
                   std::string_view raw_sources, std::string_view agent) {
  const bool raw = !raw_sources.empty() && raw_sources != "[]";
  if ((sources == nullptr || sources->empty()) && !raw && !degraded && agent.empty()) return;
  w.Key("contrail").BeginObject();
  if (raw) {
    w.Key("sources").Raw(raw_sources);
  } else if (sources != nullptr && !sources->empty()) {
    WriteSources(w.Key("sources"), *sources);
  }
  if (degraded) w.Key("degraded").String("valkey");
  if (!agent.empty()) w.Key("agent").Raw(agent);
  w.EndObject();
}

std::string SourcesJson(const std::vector<llm::Source>& sources) {
  std::string out;
  core::JsonWriter w(out);
  WriteSources(w, sources);
  return out;
}

std::string CompletionJson(const CompletionHead& head, const llm::ChatResult& result,
                           const std::vector<llm::Source>& sources, std::string_view raw_sources,
                           std::string_view agent) {
  std::string out;
  out.reserve(256 + result.content.size());
  core::JsonWriter w(out);
  w.BeginObject();
  WriteHead(w, head, "chat.completion");
  w.Key("choices").BeginArray().BeginObject().Key("index").Int(0);
  w.Key("message").BeginObject().Key("role").String(kAssistant).Key("content");
  if (result.content.empty() && !result.tool_calls.empty()) {
    w.Null();
    WriteToolCalls(w, result.tool_calls, false);
  } else {
    w.String(result.content);
  }
  w.Key("refusal").Null().EndObject();
  w.Key("logprobs").Null().Key("finish_reason").String(result.finish_reason).EndObject().EndArray();
  WriteUsage(w, result.usage);
  w.Key("system_fingerprint").Null();
  WriteContrail(w, &sources, false, raw_sources, agent);
  w.EndObject();
  return out;
}

std::string ChunkJson(const CompletionHead& head, const ChunkFields& f) {
  std::string out;
  out.reserve(192 + (f.content ? f.content->size() : 0));
  core::JsonWriter w(out);
  w.BeginObject();
  WriteHead(w, head, "chat.completion.chunk");
  w.Key("choices").BeginArray();
  if (!f.empty_choices) {
    w.BeginObject().Key("index").Int(0).Key("delta").BeginObject();
    if (f.role) w.Key("role").String(*f.role);
    if (f.content) w.Key("content").String(*f.content);
    if (f.tool_calls) WriteToolCalls(w, *f.tool_calls, true);
    w.EndObject().Key("logprobs").Null().Key("finish_reason");
    if (f.finish_reason) {
      w.String(*f.finish_reason);
    } else {
      w.Null();
    }
    w.EndObject();
  }
  w.EndArray();
  if (f.usage) WriteUsage(w, *f.usage);
  WriteContrail(w, f.sources, f.degraded, f.raw_sources, f.agent);
  w.EndObject();
  return out;
}

boost::asio::awaitable<core::Status> SseChunkSink::OnDelta(std::string_view text) {
  std::string content(text);
  ChunkFields f;
  f.content = &content;
  if (!started_) f.role = &kAssistant;
  started_ = true;
  co_return co_await out_.Write(net::SseData(ChunkJson(head_, f)));
}

std::string StreamTail(const CompletionHead& head, const llm::ChatResult& result,
                       const std::vector<llm::Source>& sources, bool role_sent, bool include_usage,
                       bool degraded, std::string_view raw_sources, std::string_view agent) {
  std::string tail;
  if (!result.tool_calls.empty()) {
    ChunkFields calls;
    if (!role_sent) calls.role = &kAssistant;
    calls.tool_calls = &result.tool_calls;
    tail += net::SseData(ChunkJson(head, calls));
  }
  ChunkFields last;
  last.finish_reason = &result.finish_reason;
  last.usage = &result.usage;
  last.sources = &sources;
  last.raw_sources = raw_sources;
  last.degraded = degraded;
  last.agent = agent;
  tail += net::SseData(ChunkJson(head, last));
  if (include_usage) {
    ChunkFields usage_only;
    usage_only.empty_choices = true;
    usage_only.usage = &result.usage;
    tail += net::SseData(ChunkJson(head, usage_only));
  }
  tail += "data: [DONE]\n\n";
  return tail;
}

std::string EventChunk(const CompletionHead& head, std::string_view key, std::string_view raw) {
  std::string out;
  out.reserve(128 + raw.size());
  core::JsonWriter w(out);
  w.BeginObject();
  WriteHead(w, head, "chat.completion.chunk");
  w.Key("choices").BeginArray().EndArray();
  w.Key("contrail").BeginObject().Key(key).Raw(raw).EndObject();
  w.EndObject();
  return net::SseData(out);
}

std::string StreamError(const std::string& error_json) { return net::SseData(error_json) + "data: [DONE]\n\n"; }

}  // namespace contrail::server::chat
