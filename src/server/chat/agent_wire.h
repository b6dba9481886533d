#pragma once
// An agent's run on the wire (agent/agent.h): as SSE events while it runs, and as
// "contrail":{"agent":{…}} on the completion body and a stream's last chunk —
//
//   {"steps":2,"step_limit":false,"model_ms":0.4,"tools_ms":3.1,
//    "tool_calls":[{"id":"call_1_1","name":"search_flights","arguments":"{…}","step":1,
//                   "ms":2.9,"is_error":false,"output":"{…}"}, …]}
//
// A turn that resumed from a checkpoint (agent/checkpoint.h) adds "resumed_steps":N, and each call
// that ended in the request it resumes, "resumed":true.
//
// Stream events are chunks with "choices":[] (wire.h's EventChunk), which OpenAI clients pass
// over: "contrail":{"tool_call":{id, name, arguments, step}} when a step starts a call, and
// "contrail":{"tool_result":{id, name, step, ms, is_error, output}} when it ends. A tool's output
// is cut at kMaxOutputBytes on the wire ("output_truncated":true); the model saw all of it.

#include <cstddef>
#include <string>

#include "agent/agent.h"
#include "server/chat/wire.h"

namespace contrail::server::chat {

inline constexpr std::size_t kMaxOutputBytes = 8'192;

// The run's summary object.
std::string AgentRunJson(const agent::AgentRun& run);

// Writes a running agent's events into a stream. `out` and `head` must outlive it.
class AgentEventWriter final : public agent::AgentObserver {
 public:
  AgentEventWriter(net::ResponseStream& out, const CompletionHead& head) : out_(out), head_(head) {}
  boost::asio::awaitable<core::Status> OnToolCalls(int step, const std::vector<llm::ToolCall>& calls) override;
  boost::asio::awaitable<core::Status> OnToolResult(const agent::ToolRun& run) override;
  // Whether an event went out (then the stream has started).
  bool started() const { return started_; }

 private:
  net::ResponseStream& out_;
  const CompletionHead& head_;
  bool started_ = false;
};

}  // namespace contrail::server::chat
