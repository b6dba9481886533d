#include "server/responses/protocol.h"

#include "core/clock.h"
#include "memory/keys.h"
#include "net/http_message.h"
#include "server/responses/conversations.h"
#include "server/responses/store.h"

namespace contrail::server::responses {

namespace asio = boost::asio;

ResponsesProtocol::ResponsesProtocol(ResponsesRequest request, McpTools mcp, std::string model, std::string request_id,
                                     valkey::Pool& valkey, int history_limit, int ttl_seconds)
    : request_(std::move(request)),
      mcp_(std::move(mcp)),
      model_(std::move(model)),
      request_id_(std::move(request_id)),
      valkey_(valkey),
      history_limit_(history_limit),
      ttl_seconds_(ttl_seconds),
      session_(!request_.conversation.empty()          ? request_.conversation
               : request_.previous_response_id.empty() ? NewChainSession()
                                                       : SessionOf(request_.previous_response_id)) {}

const ResponseHead& ResponsesProtocol::Head() {
  if (head_.id.empty()) {
    head_.id = NewResponseId(session_, request_id_);
    head_.created_at = core::UnixSeconds();
    head_.model = model_;
    head_.request = &request_;
    head_.mcp = &mcp_;
  }
  return head_;
}

void ResponsesProtocol::PlanRead(std::string_view user, valkey::CommandBatch& batch) {
  user_ = std::string(user);
  if (!request_.conversation.empty()) return AddReadConversation(batch, user, request_.conversation);
  if (request_.previous_response_id.empty()) return;
  batch.Add({"GET", memory::LastTurnKey(user, session_)});
}

asio::awaitable<core::Status> ResponsesProtocol::Adopt(std::span<const valkey::Reply> replies,
                                                       memory::SessionContext& context, std::string& session) {
  if (!request_.conversation.empty()) {
    if (!replies.empty() && replies[0].is_string()) co_return core::Ok();
    co_return core::Error(core::Code::kNotFound, "Conversation with id '" + request_.conversation + "' not found.",
                          "conversation");
  }
  if (request_.previous_response_id.empty()) co_return core::Ok();
  const core::Error not_found(core::Code::kNotFound,
                              "Previous response with id '" + request_.previous_response_id + "' not found.",
                              "previous_response_id");
  const std::string last = !replies.empty() && replies[0].is_string() ? replies[0].str : std::string();
  if (!last.empty() && IsTurnOf(request_.previous_response_id, LastTurnRequestId(last))) {
    co_return core::Ok();  // the session's last turn: its history is the chain's
  }
  // The chain's second response (its session not written yet), or a fork: the history is the
  // chain's, and a session that went on without this response keeps going without this turn.
  const auto limit = static_cast<std::size_t>(std::max(history_limit_, 0));
  CONTRAIL_CO_TRY(ChainHistory chain, co_await ReadChain(valkey_, user_, request_.previous_response_id, limit));
  if (!chain.found) co_return not_found;
  copied_ = std::move(chain.messages);
  context.history = copied_;
  context.session_state = std::move(chain.state);
  if (!last.empty()) session_ = NewChainSession();
  session = session_;
  co_return core::Ok();
}

void ResponsesProtocol::Keep(const chat::TurnOutcome& outcome, memory::SessionUpdate& update) {
  const bool in_conversation = !request_.conversation.empty();
  if (request_.user.empty() || (!request_.store && !in_conversation)) {
    // Nothing of the turn is kept: no response, no history, no memory events.
    update.session.clear();
    update.history = false;
    return;
  }
  if (update.session.empty()) {  // a new chain: its session begins when it is continued
    update.session = session_;
    update.history = false;
  }
  if (update.history && !copied_.empty()) {
    update.messages.insert(update.messages.begin(), copied_.begin(), copied_.end());
    update.copied = copied_.size();
  }
  body_ = ResponseJson(Head(), "completed", &outcome, ids_);
  if (request_.store) {
    ResponseRecord record{body_, request_.input.Json(), request_id_, request_.previous_response_id,
                          update.session_state.value_or("")};
    update.also = StoreCommands(update.user, Head().id, record, ttl_seconds_);
  }
  if (in_conversation) {  // the conversation's items: this response's input, then its output
    std::vector<std::string> items = request_.input.items;
    for (std::string& item : OutputItems(outcome, &mcp_, ids_)) items.push_back(std::move(item));
    AppendConversationItems(update.also, update.user, request_.conversation, items, ttl_seconds_);
  }
}

std::string ResponsesProtocol::Body(const chat::TurnOutcome& outcome) {
  if (!body_.empty() && !outcome.degraded) return std::move(body_);  // asked for once
  return ResponseJson(Head(), "completed", &outcome, ids_);
}

}  // namespace contrail::server::responses
