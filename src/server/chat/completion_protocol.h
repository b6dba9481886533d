#pragma once
// POST /v1/chat/completions as a turn's protocol (protocol.h): the `chat.completion` body, or
// `chat.completion.chunk` events with an agent's tool calls as contrail's own chunks (wire.h,
// agent_wire.h). Reads and keeps nothing besides the turn.

#include <memory>
#include <string>

#include "server/chat/protocol.h"
#include "server/chat/wire.h"

namespace contrail::server::chat {

class CompletionProtocol final : public Protocol {
 public:
  // `include_usage`: stream_options.include_usage (a trailing usage-only chunk).
  CompletionProtocol(CompletionHead head, bool include_usage) : head_(std::move(head)), include_usage_(include_usage) {}

  std::string Body(const TurnOutcome& outcome) override;
  std::unique_ptr<ReplyStream> Stream(net::ResponseStream& out) override;

 private:
  const CompletionHead head_;
  const bool include_usage_;
};

}  // namespace contrail::server::chat
