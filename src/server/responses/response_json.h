#pragma once
// The Responses API on the wire: the `response` object (its output items — an assistant message
// with output_text, function_call items — and usage), and the typed events of a stream, each
// "event: TYPE" + "data: {"type":TYPE,"sequence_number":N,…}". Grounded answers carry contrail's
// own "contrail":{"sources":[…]} member, as chat completions do (chat/wire.h).

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_writer.h"
#include "core/result.h"
#include "llm/chat_model.h"
#include "server/chat/protocol.h"
#include "server/responses/request.h"

namespace contrail::server::responses {

struct McpTools;
struct McpOffer;

// What names a response and what it repeats of its request.
struct ResponseHead {
  std::string id;
  std::int64_t created_at = 0;  // Unix seconds
  std::string model;
  const ResponsesRequest* request = nullptr;  // outlives the head
  const McpTools* mcp = nullptr;              // the request's MCP tools (outlive the head), or null
};

// The ids of a response's output items, made once, so a stream's events and the final object
// (stored, and returned by GET) name the same items.
class OutputIds {
 public:
  // A message a stream closed because the model went on to call tools in the same step (a model
  // that writes before it calls: "Let me check the weather."): listed before that step's calls.
  struct Interim {
    int step = 0;
    std::string id;
    std::string text;
  };

  const std::string& message();
  const std::string& call(std::size_t i);
  // A server-side tool call's mcp_call item, by its step and place in the step.
  const std::string& run(int step, std::size_t position);
  // The current message() becomes step `step`'s interim message with `text`; the next message()
  // is a new one.
  void CloseInterim(int step, std::string text);
  const std::vector<Interim>& interim() const { return interim_; }

 private:
  std::string message_;
  std::vector<std::string> calls_;
  std::map<std::pair<int, std::size_t>, std::string> runs_;
  std::vector<Interim> interim_;
};

// The response object. `outcome` null: no output yet (a stream's response.created). `error`: a
// failed response ("status":"failed","error":{code,message}).
std::string ResponseJson(const ResponseHead& head, std::string_view status, const chat::TurnOutcome* outcome,
                         OutputIds& ids, const core::Error* error = nullptr);

// The output items of a turn, one JSON object each, in this order: the MCP tools listed and the
// approved calls run before the model (`mcp`, may be null), the server-side calls of the model's
// steps as mcp_call items (those of an MCP server under its label, an agent's own tools under
// "contrail", whose MCP server they are), each step's interim message (a stream's: OutputIds)
// before its calls, the message (unless the answer is only tool calls), then the calls the run
// stopped at: an MCP tool's as mcp_approval_request, a client's as function_call. A stream adds
// its items in this order too, so its output indexes are the final response's.
std::vector<std::string> OutputItems(const chat::TurnOutcome& outcome, const McpTools* mcp, OutputIds& ids);

// Output items.
void WriteMessageItem(core::JsonWriter& w, std::string_view id, std::string_view text, std::string_view status);
void WriteFunctionCallItem(core::JsonWriter& w, std::string_view id, const llm::ToolCall& call,
                           std::string_view status, bool with_arguments = true);

// A server-side call as an mcp_call item (`done` false: in progress, no output yet).
void WriteRunItem(core::JsonWriter& w, const agent::ToolRun& run, const McpTools* mcp, std::string_view id, bool done);
// A call the run stopped at: an mcp_approval_request for a held MCP tool, else a function_call.
void WriteStoppedCallItem(core::JsonWriter& w, const llm::ToolCall& call, const McpTools* mcp, std::string_view id);
// The held MCP tool `call` calls, or nullptr (a client's function).
const McpOffer* HeldOffer(const llm::ToolCall& call, const McpTools* mcp);

// One stream event: `fields` writes the event's members after type and sequence_number.
std::string StreamEvent(std::string_view type, std::int64_t sequence_number,
                        const std::function<void(core::JsonWriter&)>& fields);

// A list body: {"object":"list","data":[…],"first_id","last_id","has_more"}.
std::string ListJson(std::string_view data_json, std::string_view first_id, std::string_view last_id, bool has_more);

}  // namespace contrail::server::responses
