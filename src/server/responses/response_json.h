#pragma once
// The Responses API on the wire: the `response` object (its output items — an assistant message
// with output_text, function_call items — and usage), and the typed events of a stream, each
// "event: TYPE" + "data: {"type":TYPE,"sequence_number":N,…}". Grounded answers carry contrail's
// own "contrail":{"sources":[…]} member, as chat completions do (chat/wire.h).

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_writer.h"
#include "core/result.h"
#include "llm/chat_model.h"
#include "server/chat/protocol.h"
#include "server/responses/request.h"

namespace contrail::server::responses {

// What names a response and what it repeats of its request.
struct ResponseHead {
  std::string id;
  std::int64_t created_at = 0;  // Unix seconds
  std::string model;
  const ResponsesRequest* request = nullptr;  // outlives the head
};

// The ids of a response's output items, made once, so a stream's events and the final object
// (stored, and returned by GET) name the same items.
class OutputIds {
 public:
  const std::string& message();
  const std::string& call(std::size_t i);

 private:
  std::string message_;
  std::vector<std::string> calls_;
};

// The response object. `outcome` null: no output yet (a stream's response.created). `error`: a
// failed response ("status":"failed","error":{code,message}).
std::string ResponseJson(const ResponseHead& head, std::string_view status, const chat::TurnOutcome* outcome,
                         OutputIds& ids, const core::Error* error = nullptr);

// The output items of `result`, one JSON object each: the message (unless the answer is only tool
// calls), then the function calls.
std::vector<std::string> OutputItems(const llm::ChatResult& result, OutputIds& ids);

// Output items.
void WriteMessageItem(core::JsonWriter& w, std::string_view id, std::string_view text, std::string_view status);
void WriteFunctionCallItem(core::JsonWriter& w, std::string_view id, const llm::ToolCall& call,
                           std::string_view status, bool with_arguments = true);

// One stream event: `fields` writes the event's members after type and sequence_number.
std::string StreamEvent(std::string_view type, std::int64_t sequence_number,
                        const std::function<void(core::JsonWriter&)>& fields);

// A list body: {"object":"list","data":[…],"first_id","last_id","has_more"}.
std::string ListJson(std::string_view data_json, std::string_view first_id, std::string_view last_id, bool has_more);

}  // namespace contrail::server::responses
