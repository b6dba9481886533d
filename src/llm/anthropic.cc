#include "llm/anthropic.h"

#include <boost/json.hpp>

#include "llm/sse_deltas.h"
#include "net/provider_call.h"
#include "net/sse.h"
#include "net/url.h"

namespace contrail::llm {

namespace json = boost::json;
namespace asio = boost::asio;

namespace {

json::value ParseOr(const std::string& text, json::value fallback) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  return ec ? fallback : v;
}

// The content blocks one internal message contributes.
json::array Blocks(const Message& m) {
  json::array blocks;
  if (m.role == Role::kTool) {
    blocks.push_back(json::object{{"type", "tool_result"}, {"tool_use_id", m.tool_call_id}, {"content", m.content}});
    return blocks;
  }
  if (!m.content.empty()) blocks.push_back(json::object{{"type", "text"}, {"text", m.content}});
  for (const ToolCall& c : m.tool_calls) {
    blocks.push_back(json::object{{"type", "tool_use"}, {"id", c.id}, {"name", c.name},
                                  {"input", ParseOr(c.arguments_json, json::object{})}});
  }
  return blocks;
}

json::array Messages(const ChatRequest& request, std::string& system) {
  json::array out;
  for (const Message& m : request.messages) {
    if (m.role == Role::kSystem) {
      system += system.empty() ? m.content : "\n\n" + m.content;
      continue;
    }
    const char* role = m.role == Role::kAssistant ? "assistant" : "user";
    json::array blocks = Blocks(m);
    if (blocks.empty()) continue;
    if (!out.empty() && out.back().at("role").as_string() == role) {
      json::array& previous = out.back().at("content").as_array();
      for (json::value& b : blocks) previous.push_back(std::move(b));
    } else {
      out.push_back(json::object{{"role", role}, {"content", std::move(blocks)}});
    }
  }
  return out;
}

void AddTools(const ChatRequest& request, json::object& body) {
  if (request.tools.empty() || request.tool_choice == "none") return;
  json::array tools;
  for (const ToolSpec& t : request.tools) {
    tools.push_back(json::object{{"name", t.name}, {"description", t.description},
                                 {"input_schema", ParseOr(t.parameters_json, json::object{{"type", "object"}})}});
  }
  body["tools"] = std::move(tools);
  if (request.tool_choice == "required") {
    body["tool_choice"] = json::object{{"type", "any"}};
  } else if (request.tool_choice != "auto") {
    body["tool_choice"] = json::object{{"type", "tool"}, {"name", request.tool_choice}};
  }
}

std::string FinishReason(std::string_view stop_reason) {
  if (stop_reason == "tool_use") return "tool_calls";
  if (stop_reason == "max_tokens") return "length";
  return "stop";
}

int IntAt(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_int64() ? static_cast<int>(v->get_int64()) : 0;
}

std::string StringAt(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

// The message of an Anthropic error body {"type":"error","error":{"type","message"}}.
std::string ErrorMessage(const json::value& v) {
  const json::object* o = v.if_object();
  const json::value* e = o ? o->if_contains("error") : nullptr;
  if (e == nullptr || !e->is_object()) return "";
  return StringAt(e->get_object(), "type") + ": " + StringAt(e->get_object(), "message");
}

// The detail of a non-2xx answer: its error body's type and message.
std::string ErrorDetail(const net::HttpClientResponse& response) {
  return ErrorMessage(ParseOr(response.body, nullptr));
}

// Reads a whole (non-streamed) Message.
core::Result<ChatResult> ReadMessage(const std::string& body) {
  json::value v = ParseOr(body, nullptr);
  const json::object* o = v.if_object();
  const json::value* content = o ? o->if_contains("content") : nullptr;
  if (content == nullptr || !content->is_array()) return core::Upstream("Anthropic sent a malformed message");
  ChatResult result;
  for (const json::value& block : content->get_array()) {
    const json::object* b = block.if_object();
    if (b == nullptr) continue;
    std::string type = StringAt(*b, "type");
    if (type == "text") result.content += StringAt(*b, "text");
    if (type == "tool_use") {
      const json::value* input = b->if_contains("input");
      result.tool_calls.push_back({StringAt(*b, "id"), StringAt(*b, "name"),
                                   input ? json::serialize(*input) : std::string("{}")});
    }
  }
  result.finish_reason = FinishReason(StringAt(*o, "stop_reason"));
  if (const json::value* u = o->if_contains("usage"); u && u->is_object()) {
    result.usage.prompt_tokens = IntAt(u->get_object(), "input_tokens");
    result.usage.completion_tokens = IntAt(u->get_object(), "output_tokens");
  }
  return result;
}

// Folds the SSE events of a streamed Message into a ChatResult, passing text to the sink.
class StreamReader {
 public:
  explicit StreamReader(ChatResult& result) : result_(result) {}
  bool done() const { return done_; }

  // Returns the text delta of this event ("" for none), or an error event's error.
  core::Result<std::string> Handle(const net::SseEvent& e) {
    json::value v = ParseOr(e.data, nullptr);
    const json::object* o = v.if_object();
    if (o == nullptr) return core::Upstream("Anthropic sent a malformed stream event");
    std::string type = StringAt(*o, "type");
    if (type == "error") {
      core::Error error = core::Upstream("Anthropic stream error: " + ErrorMessage(v));
      error.retryable = error.message.find("overloaded") != std::string::npos;
      return error;
    }
    if (type == "message_start") ReadUsage(o->if_contains("message"));
    if (type == "content_block_start") StartBlock(*o);
    if (type == "message_delta") {
      if (const json::value* d = o->if_contains("delta"); d && d->is_object()) {
        result_.finish_reason = FinishReason(StringAt(d->get_object(), "stop_reason"));
      }
      ReadUsage(&v);
    }
    if (type == "message_stop") done_ = true;
    if (type == "content_block_delta") return Delta(*o);
    return std::string();
  }

 private:
  void ReadUsage(const json::value* holder) {
    const json::object* h = holder ? holder->if_object() : nullptr;
    const json::value* u = h ? h->if_contains("usage") : nullptr;
    if (u == nullptr || !u->is_object()) return;
    if (int in = IntAt(u->get_object(), "input_tokens"); in > 0) result_.usage.prompt_tokens = in;
    if (int out = IntAt(u->get_object(), "output_tokens"); out > 0) result_.usage.completion_tokens = out;
  }

  void StartBlock(const json::object& o) {
    const json::value* block = o.if_contains("content_block");
    if (block == nullptr || !block->is_object() || StringAt(block->get_object(), "type") != "tool_use") {
      tool_block_ = false;
      return;
    }
    tool_block_ = true;
    result_.tool_calls.push_back({StringAt(block->get_object(), "id"), StringAt(block->get_object(), "name"), ""});
  }

  std::string Delta(const json::object& o) {
    const json::value* d = o.if_contains("delta");
    if (d == nullptr || !d->is_object()) return "";
    const json::object& delta = d->get_object();
    std::string type = StringAt(delta, "type");
    if (type == "input_json_delta" && tool_block_) result_.tool_calls.back().arguments_json += StringAt(delta, "partial_json");
    return type == "text_delta" ? StringAt(delta, "text") : std::string();
  }

  ChatResult& result_;
  bool done_ = false;
  bool tool_block_ = false;
};

class AnthropicModel final : public ChatModel {
 public:
  explicit AnthropicModel(AnthropicOptions o) : options_(std::move(o)) {}
  const std::string& id() const override { return options_.model; }

  asio::awaitable<core::Result<ChatResult>> Complete(const ChatRequest& request, ChatSink* sink) override {
    net::HttpClientRequest http = MakeHttpRequest(request, sink != nullptr);
    ChatResult result;
    StreamReader reader(result);
    net::BodyCallback on_body;
    if (sink != nullptr) {
      auto read = [&reader](const net::SseEvent& e) { return reader.Handle(e); };
      on_body = ReadSseDeltas("Anthropic", std::move(read), result.content, *sink);
    }
    const net::ProviderErrors errors{"Anthropic", ErrorDetail};
    CONTRAIL_CO_TRY(net::HttpClientResponse response,
                    co_await net::CallProvider(errors, http, std::move(on_body)));
    if (sink == nullptr) co_return ReadMessage(response.body);
    if (!reader.done()) co_return core::Upstream("Anthropic's stream ended before message_stop");
    co_return result;
  }

 private:
  net::HttpClientRequest MakeHttpRequest(const ChatRequest& request, bool stream) const {
    net::HttpClientRequest http;
    http.url = net::Url::Join(options_.base_url, "v1/messages");
    http.headers.emplace_back("Content-Type", "application/json");
    http.headers.emplace_back("x-api-key", options_.api_key);
    http.headers.emplace_back("anthropic-version", options_.version);
    if (stream) http.headers.emplace_back("Accept", "text/event-stream");
    http.body = BuildAnthropicRequestBody(request, options_, stream);
    http.connect_timeout = options_.connect_timeout;
    http.timeout = options_.timeout;
    return http;
  }

  AnthropicOptions options_;
};

}  // namespace

std::string BuildAnthropicRequestBody(const ChatRequest& request, const AnthropicOptions& options, bool stream) {
  json::object body;
  body["model"] = options.model;
  body["max_tokens"] = request.max_tokens.value_or(options.default_max_tokens);
  std::string system;
  body["messages"] = Messages(request, system);
  if (!system.empty()) body["system"] = system;
  if (request.temperature) body["temperature"] = std::min(*request.temperature, 1.0);  // Anthropic: 0..1
  AddTools(request, body);
  if (stream) body["stream"] = true;
  return json::serialize(body);
}

std::unique_ptr<ChatModel> MakeAnthropicModel(AnthropicOptions options) {
  return std::make_unique<AnthropicModel>(std::move(options));
}

}  // namespace contrail::llm
