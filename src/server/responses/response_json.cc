#include "server/responses/response_json.h"

#include <algorithm>
#include <limits>

#include "server/chat/wire.h"
#include "server/responses/mcp_tools.h"
#include "server/responses/store.h"

namespace contrail::server::responses {

namespace {

void WriteUsage(core::JsonWriter& w, const llm::Usage& u) {
  w.Key("usage").BeginObject();
  w.Key("input_tokens").Int(u.prompt_tokens).Key("input_tokens_details").BeginObject().Key("cached_tokens").Int(0).EndObject();
  w.Key("output_tokens").Int(u.completion_tokens);
  w.Key("output_tokens_details").BeginObject().Key("reasoning_tokens").Int(0).EndObject();
  w.Key("total_tokens").Int(u.total_tokens()).Key("cost_usd").Double(u.cost_usd, 8).EndObject();
}

void WriteOptionalNumber(core::JsonWriter& w, std::string_view key, const std::optional<double>& v, double otherwise) {
  w.Key(key).Double(v.value_or(otherwise), 6);
}

void WriteOutput(core::JsonWriter& w, const chat::TurnOutcome& outcome, const McpTools* mcp, OutputIds& ids) {
  w.Key("output").BeginArray();
  for (const std::string& item : OutputItems(outcome, mcp, ids)) w.Raw(item);
  w.EndArray();
}

}  // namespace

std::vector<std::string> OutputItems(const chat::TurnOutcome& outcome, const McpTools* mcp, OutputIds& ids) {
  std::vector<std::string> items;
  if (mcp != nullptr) {
    items = mcp->list_items;
    items.insert(items.end(), mcp->call_items.begin(), mcp->call_items.end());
  }
  std::vector<const agent::ToolRun*> runs;  // in the order they started, as a stream lists them
  for (const agent::ToolRun& run : outcome.tool_runs) runs.push_back(&run);
  std::sort(runs.begin(), runs.end(), [](const agent::ToolRun* a, const agent::ToolRun* b) {
    return std::pair(a->step, a->position) < std::pair(b->step, b->position);
  });
  const std::vector<OutputIds::Interim>& interim = ids.interim();  // in step order, as streamed
  std::size_t said = 0;
  auto say_until = [&](int step) {  // the interim messages of the steps up to `step`
    for (; said < interim.size() && interim[said].step <= step; ++said) {
      core::JsonWriter w(items.emplace_back());
      WriteMessageItem(w, interim[said].id, interim[said].text, "completed");
    }
  };
  for (const agent::ToolRun* run : runs) {
    say_until(run->step);
    core::JsonWriter w(items.emplace_back());
    WriteRunItem(w, *run, mcp, ids.run(run->step, run->position), /*done=*/true);
  }
  say_until(std::numeric_limits<int>::max());
  const llm::ChatResult& result = outcome.result;
  if (!result.content.empty() || result.tool_calls.empty()) {
    core::JsonWriter w(items.emplace_back());
    WriteMessageItem(w, ids.message(), result.content, "completed");
  }
  for (std::size_t i = 0; i < result.tool_calls.size(); ++i) {
    core::JsonWriter w(items.emplace_back());
    WriteStoppedCallItem(w, result.tool_calls[i], mcp, ids.call(i));
  }
  return items;
}

void WriteRunItem(core::JsonWriter& w, const agent::ToolRun& run, const McpTools* mcp, std::string_view id, bool done) {
  const McpOffer* offer = mcp != nullptr ? mcp->Find(run.call.name) : nullptr;
  WriteMcpCallItem(w, id, offer != nullptr ? std::string_view(offer->server_label) : "contrail",
                   offer != nullptr ? std::string_view(offer->remote_name) : std::string_view(run.call.name),
                   run.call.arguments_json, done ? &run.output : nullptr);
}

void WriteStoppedCallItem(core::JsonWriter& w, const llm::ToolCall& call, const McpTools* mcp, std::string_view id) {
  if (const McpOffer* held = HeldOffer(call, mcp)) return WriteApprovalRequestItem(w, call, *held);
  WriteFunctionCallItem(w, id, call, "completed");
}

const McpOffer* HeldOffer(const llm::ToolCall& call, const McpTools* mcp) {
  const McpOffer* offer = mcp != nullptr ? mcp->Find(call.name) : nullptr;
  return offer != nullptr && offer->held ? offer : nullptr;
}

const std::string& OutputIds::run(int step, std::size_t position) {
  std::string& id = runs_[{step, position}];
  if (id.empty()) id = "mcp_" + RandomHex(12);
  return id;
}

const std::string& OutputIds::message() {
  if (message_.empty()) message_ = "msg_" + RandomHex(12);
  return message_;
}

void OutputIds::CloseInterim(int step, std::string text) {
  interim_.push_back({step, message(), std::move(text)});
  message_.clear();
}

const std::string& OutputIds::call(std::size_t i) {
  while (calls_.size() <= i) calls_.push_back("fc_" + RandomHex(12));
  return calls_[i];
}

std::string ResponseJson(const ResponseHead& head, std::string_view status, const chat::TurnOutcome* outcome,
                         OutputIds& ids, const core::Error* error) {
  const ResponsesRequest& r = *head.request;
  std::string out;
  out.reserve(1024 + (outcome != nullptr ? outcome->result.content.size() : 0));
  core::JsonWriter w(out);
  w.BeginObject().Key("id").String(head.id).Key("object").String("response").Key("created_at").Int(head.created_at);
  w.Key("status").String(status).Key("background").Bool(false).Key("error");
  if (error != nullptr) {
    w.BeginObject().Key("code").String("server_error").Key("message").String(error->message).EndObject();
  } else {
    w.Null();
  }
  w.Key("incomplete_details").Null().Key("instructions").Raw(r.instructions_json);
  w.Key("max_output_tokens");
  if (r.max_output_tokens) w.Int(*r.max_output_tokens); else w.Null();
  w.Key("model").String(head.model);
  if (outcome != nullptr) {
    WriteOutput(w, *outcome, head.mcp, ids);
  } else {
    w.Key("output").BeginArray().EndArray();
  }
  w.Key("parallel_tool_calls").Bool(r.parallel_tool_calls).Key("previous_response_id");
  if (r.previous_response_id.empty()) w.Null(); else w.String(r.previous_response_id);
  w.Key("reasoning").BeginObject().Key("effort").Null().Key("summary").Null().EndObject();
  w.Key("store").Bool(r.store && !r.user.empty());
  WriteOptionalNumber(w, "temperature", r.temperature, 1.0);
  w.Key("text").BeginObject().Key("format").BeginObject().Key("type").String("text").EndObject().EndObject();
  w.Key("tool_choice").Raw(r.tool_choice_json).Key("tools").Raw(r.tools_json);
  WriteOptionalNumber(w, "top_p", r.top_p, 1.0);
  w.Key("truncation").String(r.truncation);
  if (outcome != nullptr) {
    WriteUsage(w, outcome->result.usage);
  } else {
    w.Key("usage").Null();
  }
  w.Key("user").Raw(r.user_json).Key("metadata").Raw(r.metadata_json);
  if (outcome != nullptr) {
    chat::WriteContrail(w, &outcome->sources, outcome->degraded, outcome->raw_sources, outcome->agent);
  }
  w.EndObject();
  return out;
}

void WriteMessageItem(core::JsonWriter& w, std::string_view id, std::string_view text, std::string_view status) {
  w.BeginObject().Key("id").String(id).Key("type").String("message").Key("status").String(status);
  w.Key("role").String("assistant").Key("content").BeginArray();
  if (status == "completed") {
    w.BeginObject().Key("type").String("output_text").Key("text").String(text);
    w.Key("annotations").BeginArray().EndArray().EndObject();
  }
  w.EndArray().EndObject();
}

void WriteFunctionCallItem(core::JsonWriter& w, std::string_view id, const llm::ToolCall& call, std::string_view status,
                           bool with_arguments) {
  w.BeginObject().Key("id").String(id).Key("type").String("function_call").Key("status").String(status);
  w.Key("arguments").String(with_arguments ? std::string_view(call.arguments_json) : std::string_view());
  w.Key("call_id").String(call.id).Key("name").String(call.name).EndObject();
}

std::string StreamEvent(std::string_view type, std::int64_t sequence_number,
                        const std::function<void(core::JsonWriter&)>& fields) {
  std::string out = "event: ";
  out += type;
  out += "\ndata: ";
  core::JsonWriter w(out);
  w.BeginObject().Key("type").String(type).Key("sequence_number").Int(sequence_number);
  fields(w);
  w.EndObject();
  out += "\n\n";
  return out;
}

std::string ListJson(std::string_view data_json, std::string_view first_id, std::string_view last_id, bool has_more) {
  std::string out;
  core::JsonWriter w(out);
  w.BeginObject().Key("object").String("list").Key("data").Raw(data_json);
  w.Key("first_id");
  if (first_id.empty()) w.Null(); else w.String(first_id);
  w.Key("last_id");
  if (last_id.empty()) w.Null(); else w.String(last_id);
  w.Key("has_more").Bool(has_more).EndObject();
  return out;
}

}  // namespace contrail::server::responses
