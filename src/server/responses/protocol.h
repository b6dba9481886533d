#pragma once
// POST /v1/responses as a turn's protocol (chat/protocol.h):
//
//   PlanRead / Adopt  with previous_response_id: the session's last turn, in the context's
//                     round trip. When it is the previous response's turn (store.h: IsTurnOf),
//                     the session's history is the chain's. Otherwise (the chain's second
//                     response, or a fork), the history and state are rebuilt from the chain's
//                     records (store.h: ReadChain) — a previous response the user does not have
//                     is 404 — and a session that went on without it is left alone: the turn
//                     starts a new one.
//                     With `conversation`: the conversation's existence (404 without it); its
//                     session is the history.
//   Keep              with store: the response record (store.h) in the turn's pipeline, and the
//                     turn in its chain's session (a new chain's only as memory events: its
//                     session is written when the chain is continued); in a conversation, the
//                     turn and its items there (conversations.h), store or not; else nothing.
//   Body / Stream     the response object; the typed events of a stream (events.cc), MCP tool
//                     calls among them as they start and end.

#include <memory>
#include <string>
#include <vector>

#include "memory/history.h"
#include "server/chat/protocol.h"
#include "server/responses/mcp_tools.h"
#include "server/responses/request.h"
#include "server/responses/response_json.h"

namespace contrail::valkey {
class Pool;
}

namespace contrail::server::responses {

class ResponsesProtocol final : public chat::Protocol {
 public:
  // `request`: its `turn` already moved into the turn. `history_limit`: messages a rebuilt
  // history keeps (chat.history_context); `ttl_seconds`: a stored response's (a session's).
  // `mcp`: the request's MCP tools, resolved (mcp_tools.h).
  ResponsesProtocol(ResponsesRequest request, McpTools mcp, std::string model, std::string request_id,
                    valkey::Pool& valkey, int history_limit, int ttl_seconds);

  void PlanRead(std::string_view user, valkey::CommandBatch& batch) override;
  boost::asio::awaitable<core::Status> Adopt(std::span<const valkey::Reply> replies, memory::SessionContext& context,
                                             std::string& session) override;
  void Keep(const chat::TurnOutcome& outcome, memory::SessionUpdate& update) override;
  bool KeepsWithoutSession() const override { return request_.store && !request_.user.empty(); }
  std::string Body(const chat::TurnOutcome& outcome) override;
  std::unique_ptr<chat::ReplyStream> Stream(net::ResponseStream& out) override;

 private:
  // The response's id, made on first use (after Adopt: it names the session the turn is in).
  const ResponseHead& Head();

  class Events;  // the stream (events.cc)

  const ResponsesRequest request_;
  const McpTools mcp_;
  const std::string model_;
  const std::string request_id_;
  valkey::Pool& valkey_;
  const int history_limit_;
  const int ttl_seconds_;
  std::string user_;
  std::string session_;                      // the chain's session (a new chain's, made here)
  std::vector<memory::StoredMessage> copied_;  // a rebuilt history, to store in the session
  ResponseHead head_;
  OutputIds ids_;
  std::string body_;                         // as Keep stored it
};

}  // namespace contrail::server::responses
