#pragma once
// What differs between the APIs that run a chat turn — chat completions (completion_protocol.h)
// and responses (server/responses/) — behind one narrow interface, so that a turn (turn.h) has
// one pipeline whichever API asked for it:
//
//   PlanRead / Adopt   what the turn reads besides its context, in the SAME Valkey round trip
//                      (a previous response), and what that changes (a forked chain's history)
//   Keep               what is stored with the turn, in the same pipeline and under the same
//                      durability (a stored response)
//   Body / Stream      the reply: the whole body, or the events of a stream
//
// A Protocol belongs to one turn and lives on its I/O thread.

#include <boost/asio/awaitable.hpp>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "agent/agent.h"
#include "core/result.h"
#include "llm/chat_model.h"
#include "memory/session_context.h"
#include "memory/write_behind.h"
#include "valkey/command.h"
#include "valkey/reply.h"

namespace contrail::net {
class ResponseStream;
}

namespace contrail::server::chat {

// What the turn answered, for the wire.
struct TurnOutcome {
  const llm::ChatResult& result;
  const std::vector<llm::Source>& sources;
  std::string_view raw_sources;  // a cached answer's sources (wire.h: SourcesJson), standing for `sources`
  std::string_view agent;        // an agent's run as JSON (agent_wire.h), or ""
  std::span<const agent::ToolRun> tool_runs;  // the server-side tool calls the loop ran, as they ended
  bool degraded = false;         // Valkey did not confirm the turn (or was not read)
};

// The events of a streamed reply. The model streams its text into it (ChatSink); an agent's tool
// calls are reported to it as they start and end (AgentObserver).
class ReplyStream : public llm::ChatSink, public agent::AgentObserver {
 public:
  // Whether anything was written (then an error goes into the stream, not into a status).
  virtual bool started() const = 0;
  // The end of the stream once the model finished (the turn is stored by then).
  virtual std::string Tail(const TurnOutcome& outcome) = 0;
  // A failed model inside a stream that has started; `error_json` is OpenAI's error body.
  virtual std::string Error(const core::Error& error, const std::string& error_json) = 0;
};

class Protocol {
 public:
  virtual ~Protocol() = default;

  // Commands for the context's round trip (after the caller's limit checks), for `user`.
  virtual void PlanRead(std::string_view user, valkey::CommandBatch& batch) {
    (void)user;
    (void)batch;
  }
  // Their replies, in order. May replace the history read and the session the turn is stored in;
  // an error ends the turn with it (a previous response that does not exist: 404).
  virtual boost::asio::awaitable<core::Status> Adopt(std::span<const valkey::Reply> replies,
                                                     memory::SessionContext& context, std::string& session) {
    (void)replies;
    (void)context;
    (void)session;
    co_return core::Ok();
  }
  // Called once the answer is known, before the turn is stored: what goes with it into `update`
  // (update.session is the turn's, "" for a turn without one, which Keep may name; see
  // memory::SessionUpdate::history).
  virtual void Keep(const TurnOutcome& outcome, memory::SessionUpdate& update) {
    (void)outcome;
    (void)update;
  }
  // Whether Keep stores something also for a turn without a session (otherwise it is not called).
  virtual bool KeepsWithoutSession() const { return false; }
  // The body of a reply that is not streamed.
  virtual std::string Body(const TurnOutcome& outcome) = 0;
  // The events of a streamed reply, written to `out` (which outlives the returned stream).
  virtual std::unique_ptr<ReplyStream> Stream(net::ResponseStream& out) = 0;
};

}  // namespace contrail::server::chat
