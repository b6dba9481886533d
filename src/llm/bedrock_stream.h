#pragma once
// Turns ConverseStream's events into a ChatResult: text deltas for the sink, tool calls assembled
// from their partial-JSON input deltas, the stop reason and usage; exception frames into errors.
// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html

#include <map>
#include <string>

#include "core/result.h"
#include "llm/chat_model.h"
#include "net/eventstream.h"

namespace contrail::llm {

// One ConverseStream response. Not thread-safe; one per request.
class ConverseStreamReader {
 public:
  // Handles one event stream message. Returns the text it adds to the answer ("" for none), to be
  // passed on to the sink. Errors: an exception or error frame (throttlingException →
  // kRateLimited; others kUpstream; throttling, serviceUnavailable and internalServer ones are
  // retryable while no text has been delivered), a malformed event payload (kUpstream).
  core::Result<std::string> OnMessage(const net::EventMessage& message);

  // Records that text reached the client: later exceptions are no longer retryable.
  void MarkDelivered() { delivered_ = true; }

  // True once messageStop arrived: the answer is complete (metadata may still follow).
  bool finished() const { return finished_; }

  // The answer so far. Tool calls are complete once finished().
  ChatResult& result() { return result_; }

 private:
  core::Status OnEvent(std::string_view type, std::string_view payload, std::string& text);
  core::Error StreamError(std::string_view type, std::string_view message) const;

  ChatResult result_;
  std::map<long, std::size_t> tool_blocks_;  // contentBlockIndex → index in result_.tool_calls
  bool finished_ = false;
  bool delivered_ = false;
};

}  // namespace contrail::llm
