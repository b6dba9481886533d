#include "server/responses/protocol.h"

#include "core/clock.h"
#include "memory/keys.h"
#include "net/http_message.h"
#include "server/responses/conversations.h"
#include "server/responses/store.h"

namespace contrail::server::responses {

namespace asio = boost::asio;

namespace {

// The request id in a session's last-turn value, "BEGAN_MS REQUEST_ID" (or a bare id).
std::string_view LastTurnId(std::string_view value) {
  const std::size_t space = value.find(' ');
  return space == std::string_view::npos ? value : value.substr(space + 1);
}

}  // namespace

// The typed events of a streamed response. The response's opening events go out with the first
// delta (or at the end), so a model that fails before any output is a plain error status.
class ResponsesProtocol::Events final : public chat::ReplyStream {
 public:
  Events(net::ResponseStream& out, ResponsesProtocol& protocol) : out_(out), protocol_(protocol), head_(protocol.Head()) {}

  asio::awaitable<core::Status> OnDelta(std::string_view text) override {
    std::string events = Open();
    if (!message_open_) events += OpenMessage();
    const std::string& id = protocol_.ids_.message();
    events += Event("response.output_text.delta", [&](core::JsonWriter& w) {
      w.Key("item_id").String(id).Key("output_index").Int(0).Key("content_index").Int(0).Key("delta").String(text);
      w.Key("logprobs").BeginArray().EndArray();
    });
    co_return co_await out_.Write(events);
  }
  asio::awaitable<core::Status> OnToolCalls(int, const std::vector<llm::ToolCall>&) override { co_return core::Ok(); }
  asio::awaitable<core::Status> OnToolResult(const agent::ToolRun&) override { co_return core::Ok(); }
  bool started() const override { return opened_; }

  std::string Tail(const chat::TurnOutcome& o) override {
    std::string events = Open();
    const llm::ChatResult& result = o.result;
    std::int64_t index = 0;
    if (!result.content.empty() || result.tool_calls.empty()) {
      events += CloseMessage(result.content);
      index = 1;
    }
    for (std::size_t i = 0; i < result.tool_calls.size(); ++i, ++index) events += Call(result.tool_calls[i], i, index);
    const std::string body = protocol_.Body(o);
    events += Event("response.completed", [&](core::JsonWriter& w) { w.Key("response").Raw(body); });
    return events;
  }

  std::string Error(const core::Error& error, const std::string&) override {
    std::string events = Open();
    events += Event("error", [&](core::JsonWriter& w) {
      w.Key("code").String("server_error").Key("message").String(error.message).Key("param").Null();
    });
    const std::string failed = ResponseJson(head_, "failed", nullptr, protocol_.ids_, &error);
    events += Event("response.failed", [&](core::JsonWriter& w) { w.Key("response").Raw(failed); });
    return events;
  }

 private:
  std::string Event(std::string_view type, const std::function<void(core::JsonWriter&)>& fields) {
    return StreamEvent(type, sequence_++, fields);
  }

  // response.created and response.in_progress, once.
  std::string Open() {
    if (opened_) return {};
    opened_ = true;
    const std::string body = ResponseJson(head_, "in_progress", nullptr, protocol_.ids_);
    std::string events = Event("response.created", [&](core::JsonWriter& w) { w.Key("response").Raw(body); });
    events += Event("response.in_progress", [&](core::JsonWriter& w) { w.Key("response").Raw(body); });
    return events;
  }

  void WritePart(core::JsonWriter& w, std::string_view text) {
    w.Key("part").BeginObject().Key("type").String("output_text").Key("text").String(text);
    w.Key("annotations").BeginArray().EndArray().EndObject();
  }

  std::string OpenMessage() {
    message_open_ = true;
    const std::string& id = protocol_.ids_.message();
    std::string events = Event("response.output_item.added", [&](core::JsonWriter& w) {
      w.Key("output_index").Int(0).Key("item");
      WriteMessageItem(w, id, "", "in_progress");
    });
    events += Event("response.content_part.added", [&](core::JsonWriter& w) {
      w.Key("item_id").String(id).Key("output_index").Int(0).Key("content_index").Int(0);
      WritePart(w, "");
    });
    return events;
  }

  // The message's closing events (its opening ones first when no delta came).
  std::string CloseMessage(const std::string& text) {
    const std::string& id = protocol_.ids_.message();
    std::string events;
    if (!message_open_) {
      events += OpenMessage();
      if (!text.empty()) {
        events += Event("response.output_text.delta", [&](core::JsonWriter& w) {
          w.Key("item_id").String(id).Key("output_index").Int(0).Key("content_index").Int(0).Key("delta").String(text);
          w.Key("logprobs").BeginArray().EndArray();
        });
      }
    }
    events += Event("response.output_text.done", [&](core::JsonWriter& w) {
      w.Key("item_id").String(id).Key("output_index").Int(0).Key("content_index").Int(0).Key("text").String(text);
      w.Key("logprobs").BeginArray().EndArray();
    });
    events += Event("response.content_part.done", [&](core::JsonWriter& w) {
      w.Key("item_id").String(id).Key("output_index").Int(0).Key("content_index").Int(0);
      WritePart(w, text);
    });
    events += Event("response.output_item.done", [&](core::JsonWriter& w) {
      w.Key("output_index").Int(0).Key("item");
      WriteMessageItem(w, id, text, "completed");
    });
    return events;
  }

  // A function call item: added, its arguments (whole, in one delta), done.
  std::string Call(const llm::ToolCall& call, std::size_t i, std::int64_t index) {
    const std::string& id = protocol_.ids_.call(i);
    std::string events = Event("response.output_item.added", [&](core::JsonWriter& w) {
      w.Key("output_index").Int(index).Key("item");
      WriteFunctionCallItem(w, id, call, "in_progress", /*with_arguments=*/false);
    });
    events += Event("response.function_call_arguments.delta", [&](core::JsonWriter& w) {
      w.Key("item_id").String(id).Key("output_index").Int(index).Key("delta").String(call.arguments_json);
    });
    events += Event("response.function_call_arguments.done", [&](core::JsonWriter& w) {
      w.Key("item_id").String(id).Key("output_index").Int(index).Key("name").String(call.name);
      w.Key("arguments").String(call.arguments_json);
    });
    events += Event("response.output_item.done", [&](core::JsonWriter& w) {
      w.Key("output_index").Int(index).Key("item");
      WriteFunctionCallItem(w, id, call, "completed");
    });
    return events;
  }

  net::ResponseStream& out_;
  ResponsesProtocol& protocol_;
  const ResponseHead& head_;
  std::int64_t sequence_ = 0;
  bool opened_ = false;
  bool message_open_ = false;
};

ResponsesProtocol::ResponsesProtocol(ResponsesRequest request, std::string model, std::string request_id,
                                     valkey::Pool& valkey, int history_limit, int ttl_seconds)
    : request_(std::move(request)),
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
    head_.id = NewResponseId(session_);
    head_.created_at = core::UnixSeconds();
    head_.model = model_;
    head_.request = &request_;
  }
  return head_;
}

void ResponsesProtocol::PlanRead(std::string_view user, valkey::CommandBatch& batch) {
  user_ = std::string(user);
  if (!request_.conversation.empty()) return AddReadConversation(batch, user, request_.conversation);
  if (request_.previous_response_id.empty()) return;
  AddReadTurn(batch, user, request_.previous_response_id);
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
  if (replies.size() < 2 || !replies[0].is_string()) co_return not_found;
  const std::string last = replies[1].is_string() ? replies[1].str : std::string();
  if (!last.empty() && LastTurnId(last) == replies[0].str) co_return core::Ok();  // the session's last turn
  // The chain's second response (its session not written yet), or a fork: the history is the
  // chain's, and a session that went on without this response keeps going without this turn.
  const auto limit = static_cast<std::size_t>(std::max(history_limit_, 0));
  CONTRAIL_CO_TRY(ChainHistory chain, co_await ReadChain(valkey_, user_, request_.previous_response_id, limit));
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
    for (std::string& item : OutputItems(outcome.result, ids_)) items.push_back(std::move(item));
    AppendConversationItems(update.also, update.user, request_.conversation, items, ttl_seconds_);
  }
}

std::string ResponsesProtocol::Body(const chat::TurnOutcome& outcome) {
  if (!body_.empty() && !outcome.degraded) return body_;
  return ResponseJson(Head(), "completed", &outcome, ids_);
}

std::unique_ptr<chat::ReplyStream> ResponsesProtocol::Stream(net::ResponseStream& out) {
  return std::make_unique<Events>(out, *this);
}

}  // namespace contrail::server::responses
