// The Converse wire format: building request bodies and reading whole responses.

#include <boost/json.hpp>
#include <optional>

#include "llm/bedrock.h"

namespace contrail::llm {

namespace json = boost::json;

namespace {

core::Result<json::object> ParseObject(std::string_view text, std::string_view what) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return core::InvalidArgument(std::string(what) + " is not a JSON object");
  return std::move(v.as_object());
}

// The content blocks of one message in Converse's form.
core::Result<json::array> ContentBlocks(const Message& m) {
  json::array blocks;
  if (m.role == Role::kTool) {
    // Bedrock has no tool role: a tool's result is a toolResult block in a user message.
    json::object result{{"toolUseId", m.tool_call_id},
                        {"content", json::array{json::object{{"text", m.content}}}},
                        {"status", "success"}};
    blocks.push_back(json::object{{"toolResult", std::move(result)}});
    return blocks;
  }
  // Bedrock rejects blank text blocks, so an assistant turn that only called tools has none.
  if (!m.content.empty()) blocks.push_back(json::object{{"text", m.content}});
  if (m.role == Role::kAssistant) {
    for (const ToolCall& call : m.tool_calls) {
      json::object input;
      if (!call.arguments_json.empty()) {
        CONTRAIL_TRY(input, ParseObject(call.arguments_json, "arguments of tool call " + call.id));
      }
      json::object use{{"toolUseId", call.id}, {"name", call.name}, {"input", std::move(input)}};
      blocks.push_back(json::object{{"toolUse", std::move(use)}});
    }
  }
  return blocks;
}

core::Result<json::object> ToolConfig(const ChatRequest& request) {
  json::array tools;
  for (const ToolSpec& tool : request.tools) {
    CONTRAIL_TRY(json::object schema, ParseObject(tool.parameters_json, "parameters of tool " + tool.name));
    json::object spec{{"name", tool.name}, {"inputSchema", json::object{{"json", std::move(schema)}}}};
    if (!tool.description.empty()) spec["description"] = tool.description;
    tools.push_back(json::object{{"toolSpec", std::move(spec)}});
  }
  json::object choice;
  if (request.tool_choice == "required") {
    choice["any"] = json::object();
  } else if (request.tool_choice.empty() || request.tool_choice == "auto") {
    choice["auto"] = json::object();
  } else {
    choice["tool"] = json::object{{"name", request.tool_choice}};
  }
  return json::object{{"tools", std::move(tools)}, {"toolChoice", std::move(choice)}};
}

int IntField(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_int64() ? static_cast<int>(v->get_int64()) : 0;
}

}  // namespace

std::string BedrockRuntimeEndpoint(const std::string& region) {
  return "https://bedrock-runtime." + region + ".amazonaws.com";
}

std::string FinishReason(std::string_view stop_reason) {
  if (stop_reason == "tool_use") return "tool_calls";
  if (stop_reason == "max_tokens") return "length";
  if (stop_reason == "guardrail_intervened" || stop_reason == "content_filtered") return "content_filter";
  return "stop";
}

core::Result<std::string> BuildConverseBody(const ChatRequest& request) {
  json::array system;
  json::array messages;
  std::optional<bool> last_is_assistant;
  for (const Message& m : request.messages) {
    if (m.role == Role::kSystem) {
      if (!m.content.empty()) system.push_back(json::object{{"text", m.content}});
      continue;
    }
    CONTRAIL_TRY(json::array blocks, ContentBlocks(m));
    if (blocks.empty()) continue;
    const bool is_assistant = m.role == Role::kAssistant;
    if (last_is_assistant == is_assistant) {
      json::array& content = messages.back().as_object()["content"].as_array();
      for (json::value& b : blocks) content.push_back(std::move(b));
      continue;
    }
    messages.push_back(json::object{{"role", is_assistant ? "assistant" : "user"}, {"content", std::move(blocks)}});
    last_is_assistant = is_assistant;
  }
  json::object body;
  body["messages"] = std::move(messages);
  if (!system.empty()) body["system"] = std::move(system);
  json::object inference;
  if (request.max_tokens) inference["maxTokens"] = *request.max_tokens;
  if (request.temperature) inference["temperature"] = *request.temperature;
  if (!inference.empty()) body["inferenceConfig"] = std::move(inference);
  if (!request.tools.empty() && request.tool_choice != "none") {
    CONTRAIL_TRY(body["toolConfig"], ToolConfig(request));
  }
  return json::serialize(body);
}

core::Result<ChatResult> ParseConverseResponse(std::string_view body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return core::Upstream("Bedrock sent a malformed response: not JSON");
  const json::object& root = v.as_object();
  const json::value* content = nullptr;
  if (const json::value* output = root.if_contains("output"); output != nullptr && output->is_object()) {
    if (const json::value* msg = output->as_object().if_contains("message"); msg != nullptr && msg->is_object()) {
      content = msg->as_object().if_contains("content");
    }
  }
  if (content == nullptr || !content->is_array()) {
    return core::Upstream("Bedrock sent a malformed response: no output.message.content");
  }
  ChatResult result;
  for (const json::value& block : content->as_array()) {
    if (!block.is_object()) continue;
    const json::object& b = block.as_object();
    if (const json::value* text = b.if_contains("text"); text != nullptr && text->is_string()) {
      result.content += text->as_string();
    } else if (const json::value* use = b.if_contains("toolUse"); use != nullptr && use->is_object()) {
      const json::object& u = use->as_object();
      ToolCall call;
      if (auto* id = u.if_contains("toolUseId"); id && id->is_string()) call.id = id->as_string();
      if (auto* name = u.if_contains("name"); name && name->is_string()) call.name = name->as_string();
      const json::value* input = u.if_contains("input");
      call.arguments_json = input != nullptr && input->is_object() ? json::serialize(*input) : "{}";
      result.tool_calls.push_back(std::move(call));
    }
  }
  if (const json::value* stop = root.if_contains("stopReason"); stop != nullptr && stop->is_string()) {
    result.finish_reason = FinishReason(stop->as_string());
  }
  if (const json::value* usage = root.if_contains("usage"); usage != nullptr && usage->is_object()) {
    result.usage.prompt_tokens = IntField(usage->as_object(), "inputTokens");
    result.usage.completion_tokens = IntField(usage->as_object(), "outputTokens");
  }
  return result;
}

}  // namespace contrail::llm
