// The typed events of a streamed response (protocol.h). The response's opening events go out
// with the first delta or tool call (or at the end), so a model that fails before any output is a
// plain error status. Every item gets its output_index when it is added, in the order of the
// response object's `output`: the MCP tools listed and the approved calls run first, then each
// server-side tool call as the agent's loop starts it (mcp_call, done when it ends), the message
// as its first text arrives, then the calls the run stopped at. A message whose step then calls
// tools is done when the calls start (an interim message: OutputIds), and later text is another.

#include <map>

#include "net/http_message.h"
#include "server/responses/protocol.h"

namespace contrail::server::responses {

namespace asio = boost::asio;

class ResponsesProtocol::Events final : public chat::ReplyStream {
 public:
  Events(net::ResponseStream& out, ResponsesProtocol& protocol) : out_(out), protocol_(protocol), head_(protocol.Head()) {}

  asio::awaitable<core::Status> OnDelta(std::string_view text) override {
    std::string events = Open();
    if (!message_open_) events += OpenMessage();
    events += Delta(text);
    streamed_ += text;
    co_return co_await out_.Write(events);
  }

  asio::awaitable<core::Status> OnToolCalls(int step, const std::vector<llm::ToolCall>& calls) override {
    std::string events = Open();
    if (message_open_) {  // the step wrote before it called: that message ends here
      events += CloseMessage(streamed_);
      protocol_.ids_.CloseInterim(step, std::move(streamed_));
      streamed_.clear();
      message_open_ = false;
    }
    for (std::size_t i = 0; i < calls.size(); ++i) {
      const std::int64_t index = next_index_++;
      run_index_[{step, i}] = index;
      const agent::ToolRun run{step, i, calls[i], {}, 0};
      const std::string& id = protocol_.ids_.run(step, i);
      events += Event("response.output_item.added", [&](core::JsonWriter& w) {
        w.Key("output_index").Int(index).Key("item");
        WriteRunItem(w, run, &protocol_.mcp_, id, /*done=*/false);
      });
      events += Event("response.mcp_call.in_progress", [&](core::JsonWriter& w) { ItemRef(w, id, index); });
      events += Event("response.mcp_call_arguments.delta", [&](core::JsonWriter& w) {
        ItemRef(w, id, index);
        w.Key("delta").String(calls[i].arguments_json);
      });
      events += Event("response.mcp_call_arguments.done", [&](core::JsonWriter& w) {
        ItemRef(w, id, index);
        w.Key("arguments").String(calls[i].arguments_json);
      });
    }
    co_return co_await out_.Write(events);
  }

  asio::awaitable<core::Status> OnToolResult(const agent::ToolRun& run) override {
    const std::int64_t index = run_index_[{run.step, run.position}];
    const std::string& id = protocol_.ids_.run(run.step, run.position);
    std::string events = Event(run.output.is_error ? "response.mcp_call.failed" : "response.mcp_call.completed",
                               [&](core::JsonWriter& w) { ItemRef(w, id, index); });
    events += Event("response.output_item.done", [&](core::JsonWriter& w) {
      w.Key("output_index").Int(index).Key("item");
      WriteRunItem(w, run, &protocol_.mcp_, id, /*done=*/true);
    });
    co_return co_await out_.Write(events);
  }

  bool started() const override { return opened_; }

  std::string Tail(const chat::TurnOutcome& o) override {
    std::string events = Open();
    const llm::ChatResult& result = o.result;
    if (!result.content.empty() || result.tool_calls.empty()) events += CloseMessage(result.content);
    for (std::size_t i = 0; i < result.tool_calls.size(); ++i) events += StoppedCall(result.tool_calls[i], i);
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

  static void ItemRef(core::JsonWriter& w, std::string_view id, std::int64_t index) {
    w.Key("item_id").String(id).Key("output_index").Int(index);
  }

  // response.created and response.in_progress, then the items known before the model ran, once.
  std::string Open() {
    if (opened_) return {};
    opened_ = true;
    const std::string body = ResponseJson(head_, "in_progress", nullptr, protocol_.ids_);
    std::string events = Event("response.created", [&](core::JsonWriter& w) { w.Key("response").Raw(body); });
    events += Event("response.in_progress", [&](core::JsonWriter& w) { w.Key("response").Raw(body); });
    const McpTools& mcp = protocol_.mcp_;
    for (const std::string& item : mcp.list_items) events += WholeItem(item, "response.mcp_list_tools");
    for (const std::string& item : mcp.call_items) events += WholeItem(item, "response.mcp_call");
    return events;
  }

  // An item that is complete when added: added, `phase`.in_progress and .completed, done.
  std::string WholeItem(const std::string& item, std::string_view phase) {
    const std::int64_t index = next_index_++;
    std::string events = Event("response.output_item.added", [&](core::JsonWriter& w) {
      w.Key("output_index").Int(index).Key("item").Raw(item);
    });
    events += Event(std::string(phase) + ".in_progress", [&](core::JsonWriter& w) { w.Key("output_index").Int(index); });
    events += Event(std::string(phase) + ".completed", [&](core::JsonWriter& w) { w.Key("output_index").Int(index); });
    events += Event("response.output_item.done", [&](core::JsonWriter& w) {
      w.Key("output_index").Int(index).Key("item").Raw(item);
    });
    return events;
  }

  void WritePart(core::JsonWriter& w, std::string_view text) {
    w.Key("part").BeginObject().Key("type").String("output_text").Key("text").String(text);
    w.Key("annotations").BeginArray().EndArray().EndObject();
  }

  void MessageRef(core::JsonWriter& w) {
    ItemRef(w, protocol_.ids_.message(), message_index_);
    w.Key("content_index").Int(0);
  }

  std::string OpenMessage() {
    message_open_ = true;
    message_index_ = next_index_++;
    const std::string& id = protocol_.ids_.message();
    std::string events = Event("response.output_item.added", [&](core::JsonWriter& w) {
      w.Key("output_index").Int(message_index_).Key("item");
      WriteMessageItem(w, id, "", "in_progress");
    });
    events += Event("response.content_part.added", [&](core::JsonWriter& w) {
      MessageRef(w);
      WritePart(w, "");
    });
    return events;
  }

  std::string Delta(std::string_view text) {
    return Event("response.output_text.delta", [&](core::JsonWriter& w) {
      MessageRef(w);
      w.Key("delta").String(text).Key("logprobs").BeginArray().EndArray();
    });
  }

  // The message's closing events (its opening ones first when no delta came).
  std::string CloseMessage(const std::string& text) {
    std::string events;
    if (!message_open_) {
      events += OpenMessage();
      if (!text.empty()) events += Delta(text);
    }
    events += Event("response.output_text.done", [&](core::JsonWriter& w) {
      MessageRef(w);
      w.Key("text").String(text).Key("logprobs").BeginArray().EndArray();
    });
    events += Event("response.content_part.done", [&](core::JsonWriter& w) {
      MessageRef(w);
      WritePart(w, text);
    });
    events += Event("response.output_item.done", [&](core::JsonWriter& w) {
      w.Key("output_index").Int(message_index_).Key("item");
      WriteMessageItem(w, protocol_.ids_.message(), text, "completed");
    });
    return events;
  }

  // A call the run stopped at: a held MCP call's approval request (added and done), or a function
  // call item (added, its arguments whole in one delta, done).
  std::string StoppedCall(const llm::ToolCall& call, std::size_t i) {
    const std::int64_t index = next_index_++;
    const McpTools* mcp = &protocol_.mcp_;
    if (HeldOffer(call, mcp) != nullptr) {
      std::string item;
      core::JsonWriter iw(item);
      WriteStoppedCallItem(iw, call, mcp, {});
      std::string events = Event("response.output_item.added", [&](core::JsonWriter& w) {
        w.Key("output_index").Int(index).Key("item").Raw(item);
      });
      return events + Event("response.output_item.done", [&](core::JsonWriter& w) {
               w.Key("output_index").Int(index).Key("item").Raw(item);
             });
    }
    const std::string& id = protocol_.ids_.call(i);
    std::string events = Event("response.output_item.added", [&](core::JsonWriter& w) {
      w.Key("output_index").Int(index).Key("item");
      WriteFunctionCallItem(w, id, call, "in_progress", /*with_arguments=*/false);
    });
    events += Event("response.function_call_arguments.delta", [&](core::JsonWriter& w) {
      ItemRef(w, id, index);
      w.Key("delta").String(call.arguments_json);
    });
    events += Event("response.function_call_arguments.done", [&](core::JsonWriter& w) {
      ItemRef(w, id, index);
      w.Key("name").String(call.name).Key("arguments").String(call.arguments_json);
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
  std::int64_t next_index_ = 0;     // the next item's output_index
  std::int64_t message_index_ = 0;  // the message's, once open
  std::map<std::pair<int, std::size_t>, std::int64_t> run_index_;  // a server-side call's, by step and place
  bool opened_ = false;
  bool message_open_ = false;
  std::string streamed_;  // the open message's text so far
};

std::unique_ptr<chat::ReplyStream> ResponsesProtocol::Stream(net::ResponseStream& out) {
  return std::make_unique<Events>(out, *this);
}

}  // namespace contrail::server::responses
