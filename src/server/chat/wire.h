#pragma once
// What a chat turn sends back, in OpenAI's wire shapes: the `chat.completion` body, and the
// `chat.completion.chunk` SSE events of a stream (the sink a model streams its deltas into).
// Grounded answers carry contrail's own "contrail":{"sources":[…]} member — on the body, and on
// the final chunk of a stream (not a named SSE event: OpenAI clients would mis-read it).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "llm/chat_model.h"

namespace contrail::core {
class JsonWriter;
}

namespace contrail::net {
class ResponseStream;
}

namespace contrail::server::chat {

// Names one completion in every body and chunk that belongs to it.
struct CompletionHead {
  std::string id;       // "chatcmpl-…"
  std::int64_t created;  // Unix seconds
  std::string model;
};

// The `chat.completion` body; with sources, plus
// "contrail":{"sources":[{n, document_id, chunk_id, title, heading, score, metadata}]}.
// `raw_sources` (a cached answer's SourcesJson) stands for `sources` when given. `agent` (a JSON
// object: an agent's steps and tool calls) goes in as "contrail":{"agent":…} when not empty.
std::string CompletionJson(const CompletionHead& head, const llm::ChatResult& result,
                           const std::vector<llm::Source>& sources, std::string_view raw_sources = {},
                           std::string_view agent = {});

// Contrail's own member of a body: "contrail":{"sources":[…],"degraded":"valkey","agent":{…}},
// each part only when there is one (nothing at all when none is). `raw_sources` (SourcesJson's
// text, a cached answer's) stands for `sources` when given. Clients that know only OpenAI's shapes
// pass over it.
void WriteContrail(core::JsonWriter& w, const std::vector<llm::Source>* sources, bool degraded,
                   std::string_view raw_sources = {}, std::string_view agent = {});

// The sources as the wire's "sources" array: what a cached answer keeps of them (no passage
// text), and sends as they are on a hit.
std::string SourcesJson(const std::vector<llm::Source>& sources);

// One `chat.completion.chunk`: `content` as the delta (with the role on the first chunk), whole
// tool calls in one delta, `finish_reason` + usage + sources on the last one.
struct ChunkFields {
  const std::string* role = nullptr;
  const std::string* content = nullptr;
  const std::string* finish_reason = nullptr;
  const llm::Usage* usage = nullptr;
  const std::vector<llm::ToolCall>* tool_calls = nullptr;  // whole calls, in one delta
  const std::vector<llm::Source>* sources = nullptr;       // on the final chunk
  std::string_view raw_sources;                             // … or these (SourcesJson's text)
  bool degraded = false;  // on the final chunk: "contrail":{"degraded":"valkey"}
  std::string_view agent;  // on the final chunk: "contrail":{"agent":…} (a JSON object)
  bool empty_choices = false;  // the trailing usage-only chunk of stream_options.include_usage
};
std::string ChunkJson(const CompletionHead& head, const ChunkFields& fields);

// Writes a model's deltas to the client as chunks as they arrive. Lives on the stream's
// coroutine; `out` and `head` must outlive it.
class SseChunkSink final : public llm::ChatSink {
 public:
  SseChunkSink(net::ResponseStream& out, const CompletionHead& head) : out_(out), head_(head) {}
  boost::asio::awaitable<core::Status> OnDelta(std::string_view text) override;
  // Whether a chunk went out (then the stream has started, and errors go into it as events).
  bool started() const { return started_; }

 private:
  net::ResponseStream& out_;
  const CompletionHead& head_;
  bool started_ = false;
};

// The end of a stream after the model finished: the tool calls (if any), the last chunk with the
// finish reason, usage and sources, the usage-only chunk when asked for, and "data: [DONE]". With
// `degraded`, the last chunk says "contrail":{"degraded":"valkey"}: the turn may not be stored
// (a stream's headers, where X-Degraded goes otherwise, left before the turn was saved).
std::string StreamTail(const CompletionHead& head, const llm::ChatResult& result,
                       const std::vector<llm::Source>& sources, bool role_sent, bool include_usage,
                       bool degraded = false, std::string_view raw_sources = {}, std::string_view agent = {});

// A chunk that carries only contrail's own event, "choices":[] and "contrail":{key: raw} (raw is
// JSON): an agent's {"tool_call":…} as a step starts a call, {"tool_result":…} as one ends. OpenAI
// clients read it as a chunk with nothing in it, like the usage-only chunk.
std::string EventChunk(const CompletionHead& head, std::string_view key, std::string_view raw);

// A failed model inside a stream that has started: the error event, then "data: [DONE]".
std::string StreamError(const std::string& error_json);

}  // namespace contrail::server::chat
