#include "server/chat/completion_protocol.h"

#include "server/chat/agent_wire.h"

namespace contrail::server::chat {

namespace {

// The model's deltas as chunks (SseChunkSink), an agent's tool calls as event chunks
// (AgentEventWriter), then the stream's tail.
class CompletionStream final : public ReplyStream {
 public:
  CompletionStream(net::ResponseStream& out, const CompletionHead& head, bool include_usage)
      : chunks_(out, head), events_(out, head), head_(head), include_usage_(include_usage) {}

  boost::asio::awaitable<core::Status> OnDelta(std::string_view text) override { return chunks_.OnDelta(text); }
  boost::asio::awaitable<core::Status> OnToolCalls(int step, const std::vector<llm::ToolCall>& calls) override {
    return events_.OnToolCalls(step, calls);
  }
  boost::asio::awaitable<core::Status> OnToolResult(const agent::ToolRun& run) override {
    return events_.OnToolResult(run);
  }
  bool started() const override { return chunks_.started() || events_.started(); }
  std::string Tail(const TurnOutcome& o) override {
    return StreamTail(head_, o.result, o.sources, chunks_.started(), include_usage_, o.degraded, o.raw_sources,
                      o.agent);
  }
  std::string Error(const core::Error&, const std::string& error_json) override { return StreamError(error_json); }

 private:
  SseChunkSink chunks_;
  AgentEventWriter events_;
  const CompletionHead& head_;
  const bool include_usage_;
};

}  // namespace

std::string CompletionProtocol::Body(const TurnOutcome& o) {
  return CompletionJson(head_, o.result, o.sources, o.raw_sources, o.agent);
}

std::unique_ptr<ReplyStream> CompletionProtocol::Stream(net::ResponseStream& out) {
  return std::make_unique<CompletionStream>(out, head_, include_usage_);
}

}  // namespace contrail::server::chat
