#include "llm/bedrock_stream.h"

#include <boost/json.hpp>

#include "llm/bedrock.h"

namespace contrail::llm {

namespace json = boost::json;

namespace {

const json::object* Object(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_object() ? &v->get_object() : nullptr;
}

std::string_view String(const json::object* o, const char* key) {
  if (o == nullptr) return {};
  const json::value* v = o->if_contains(key);
  return v != nullptr && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

long BlockIndex(const json::object& o) {
  const json::value* v = o.if_contains("contentBlockIndex");
  return v != nullptr && v->is_int64() ? static_cast<long>(v->get_int64()) : 0;
}

int Int(const json::object* o, const char* key) {
  if (o == nullptr) return 0;
  const json::value* v = o->if_contains(key);
  return v != nullptr && v->is_int64() ? static_cast<int>(v->get_int64()) : 0;
}

}  // namespace

core::Error ConverseStreamReader::StreamError(std::string_view type, std::string_view message) const {
  std::string text = "Bedrock stream error " + std::string(type);
  if (!message.empty()) text += ": " + std::string(message);
  core::Error error(type == "throttlingException" ? core::Code::kRateLimited : core::Code::kUpstream, std::move(text));
  // Retrying after the client saw part of an answer would show it twice.
  error.retryable = !delivered_ && (type == "throttlingException" || type == "serviceUnavailableException" ||
                                    type == "internalServerException");
  return error;
}

core::Result<std::string> ConverseStreamReader::OnMessage(const net::EventMessage& message) {
  const std::string_view kind = message.string_header(":message-type");
  if (kind == "exception") {
    std::string detail;
    boost::system::error_code ec;
    json::value v = json::parse(message.payload, ec);
    if (!ec && v.is_object()) detail = std::string(String(&v.get_object(), "message"));
    if (detail.empty()) detail = message.payload.substr(0, 200);
    return StreamError(message.string_header(":exception-type"), detail);
  }
  if (kind == "error") {
    return StreamError(message.string_header(":error-code"), message.string_header(":error-message"));
  }
  std::string text;
  CONTRAIL_TRY_STATUS(OnEvent(message.string_header(":event-type"), message.payload, text));
  return text;
}

core::Status ConverseStreamReader::OnEvent(std::string_view type, std::string_view payload, std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(payload, ec);
  if (ec || !v.is_object()) {
    return core::Upstream("Bedrock stream: malformed " + std::string(type) + " event payload");
  }
  const json::object& o = v.get_object();
  if (type == "contentBlockStart") {
    const json::object* start = Object(o, "start");
    if (const json::object* use = start != nullptr ? Object(*start, "toolUse") : nullptr; use != nullptr) {
      tool_blocks_[BlockIndex(o)] = result_.tool_calls.size();
      result_.tool_calls.push_back({std::string(String(use, "toolUseId")), std::string(String(use, "name")), ""});
    }
  } else if (type == "contentBlockDelta") {
    const json::object* delta = Object(o, "delta");
    if (delta == nullptr) return core::Ok();
    if (const json::value* t = delta->if_contains("text"); t != nullptr && t->is_string()) {
      text = std::string(t->get_string());
      result_.content += text;
    } else if (const json::object* use = Object(*delta, "toolUse"); use != nullptr) {
      auto it = tool_blocks_.find(BlockIndex(o));
      if (it == tool_blocks_.end()) return core::Upstream("Bedrock stream: toolUse delta for a block that never started");
      result_.tool_calls[it->second].arguments_json += String(use, "input");
    }
  } else if (type == "contentBlockStop") {
    if (auto it = tool_blocks_.find(BlockIndex(o)); it != tool_blocks_.end()) {
      std::string& args = result_.tool_calls[it->second].arguments_json;
      if (args.empty()) args = "{}";
    }
  } else if (type == "messageStop") {
    result_.finish_reason = FinishReason(String(&o, "stopReason"));
    finished_ = true;
  } else if (type == "metadata") {
    const json::object* usage = Object(o, "usage");
    result_.usage.prompt_tokens = Int(usage, "inputTokens");
    result_.usage.completion_tokens = Int(usage, "outputTokens");
  }
  // messageStart and event types added later carry nothing we need.
  return core::Ok();
}

}  // namespace contrail::llm
