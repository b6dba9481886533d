#include "llm/openai_compat.h"

#include <boost/json.hpp>

#include "llm/sse_deltas.h"
#include "net/provider_call.h"
#include "net/sse.h"
#include "net/url.h"

namespace contrail::llm {

namespace json = boost::json;
namespace asio = boost::asio;

namespace {

json::value ParseSchema(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  return ec ? json::value(json::object{{"type", "object"}}) : v;
}

json::object MessageJson(const Message& m) {
  json::object out{{"role", RoleName(m.role)}};
  if (m.role == Role::kAssistant && !m.tool_calls.empty()) {
    out["content"] = m.content.empty() ? json::value(nullptr) : json::value(m.content);
    json::array calls;
    for (const ToolCall& c : m.tool_calls) {
      calls.push_back(json::object{{"id", c.id}, {"type", "function"},
                                   {"function", json::object{{"name", c.name}, {"arguments", c.arguments_json}}}});
    }
    out["tool_calls"] = std::move(calls);
    return out;
  }
  out["content"] = m.content;
  if (m.role == Role::kTool) out["tool_call_id"] = m.tool_call_id;
  return out;
}

void AddTools(const ChatRequest& request, json::object& body) {
  if (request.tools.empty()) return;
  json::array tools;
  for (const ToolSpec& t : request.tools) {
    tools.push_back(json::object{{"type", "function"},
                                 {"function", json::object{{"name", t.name}, {"description", t.description},
                                                           {"parameters", ParseSchema(t.parameters_json)}}}});
  }
  body["tools"] = std::move(tools);
  const std::string& choice = request.tool_choice;
  if (choice == "auto" || choice == "none" || choice == "required") {
    body["tool_choice"] = choice;
  } else {
    body["tool_choice"] = json::object{{"type", "function"}, {"function", json::object{{"name", choice}}}};
  }
}

}  // namespace

std::string BuildOpenAiRequestBody(const ChatRequest& request, const std::string& model, bool stream) {
  json::object body;
  body["model"] = model;
  json::array messages;
  for (const Message& m : request.messages) messages.push_back(MessageJson(m));
  body["messages"] = std::move(messages);
  AddTools(request, body);
  if (request.max_tokens) body["max_tokens"] = *request.max_tokens;
  if (request.temperature) body["temperature"] = *request.temperature;
  if (stream) {
    body["stream"] = true;
    body["stream_options"] = json::object{{"include_usage", true}};
  }
  return json::serialize(body);
}

std::string OpenAiErrorMessage(const std::string& body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (!ec && v.is_object()) {
    if (auto* err = v.get_object().if_contains("error"); err && err->is_object()) {
      if (auto* msg = err->get_object().if_contains("message"); msg && msg->is_string()) {
        return std::string(msg->get_string());
      }
    }
  }
  return body.substr(0, 200);
}

namespace {

// The detail of a non-2xx answer: the message of its OpenAI error body.
std::string ErrorDetail(const net::HttpClientResponse& response) {
  return OpenAiErrorMessage(response.body);
}

void ReadUsage(const json::object& o, Usage& usage) {
  const json::value* u = o.if_contains("usage");
  if (u == nullptr || !u->is_object()) return;
  auto get = [&](const char* k) -> int {
    const json::value* v = u->get_object().if_contains(k);
    return v != nullptr && v->is_int64() ? static_cast<int>(v->get_int64()) : 0;
  };
  usage.prompt_tokens = get("prompt_tokens");
  usage.completion_tokens = get("completion_tokens");
}

std::string StringAt(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

// Merges message.tool_calls (whole) or delta.tool_calls (pieces keyed by `index`) into `calls`.
void ReadToolCalls(const json::object& message, std::vector<ToolCall>& calls) {
  const json::value* list = message.if_contains("tool_calls");
  if (list == nullptr || !list->is_array()) return;
  for (const json::value& item : list->get_array()) {
    const json::object* call = item.if_object();
    if (call == nullptr) continue;
    std::size_t index = calls.size();
    if (const json::value* i = call->if_contains("index"); i != nullptr && i->is_int64() && i->get_int64() >= 0) {
      index = static_cast<std::size_t>(i->get_int64());
    }
    if (index > calls.size() + 64) continue;  // a nonsense index must not allocate without bound
    if (index >= calls.size()) calls.resize(index + 1);
    ToolCall& out = calls[index];
    if (std::string id = StringAt(*call, "id"); !id.empty()) out.id = id;
    if (const json::value* f = call->if_contains("function"); f != nullptr && f->is_object()) {
      out.name += StringAt(f->get_object(), "name");
      out.arguments_json += StringAt(f->get_object(), "arguments");
    }
  }
}

// Reads choices[0].<field> (content, tool calls) and finish_reason from a response or chunk.
void ReadChoice(const json::object& o, const char* field, std::string* content, ChatResult& result) {
  const json::value* choices = o.if_contains("choices");
  if (choices == nullptr || !choices->is_array() || choices->get_array().empty()) return;
  const json::value& first = choices->get_array()[0];
  if (!first.is_object()) return;
  if (auto* m = first.get_object().if_contains(field); m && m->is_object()) {
    if (auto* c = m->get_object().if_contains("content"); c && c->is_string()) {
      *content = std::string(c->get_string());
    }
    ReadToolCalls(m->get_object(), result.tool_calls);
  }
  if (auto* f = first.get_object().if_contains("finish_reason"); f && f->is_string()) {
    result.finish_reason = std::string(f->get_string());
  }
}

class OpenAiCompatModel final : public ChatModel {
 public:
  explicit OpenAiCompatModel(OpenAiCompatOptions o) : options_(std::move(o)) {}
  const std::string& id() const override { return options_.model; }

  asio::awaitable<core::Result<ChatResult>> Complete(const ChatRequest& request, ChatSink* sink) override {
    net::HttpClientRequest http;
    http.url = net::Url::Join(options_.base_url, "chat/completions");
    http.headers.emplace_back("Content-Type", "application/json");
    if (!options_.api_key.empty()) http.headers.emplace_back("Authorization", "Bearer " + options_.api_key);
    http.body = BuildOpenAiRequestBody(request, options_.model, sink != nullptr);
    http.connect_timeout = options_.connect_timeout;
    http.timeout = options_.timeout;
    ChatResult result;
    bool done = false;
    net::BodyCallback on_body;
    if (sink != nullptr) {
      http.headers.emplace_back("Accept", "text/event-stream");
      auto read = [&result, &done](const net::SseEvent& e) -> core::Result<std::string> {
        if (done) return std::string();  // nothing counts after [DONE]
        return HandleChunk(e.data, result, done);
      };
      on_body = ReadSseDeltas("provider", std::move(read), result.content, *sink);
    }
    const net::ProviderErrors errors{"model provider", ErrorDetail};
    CONTRAIL_CO_TRY(net::HttpClientResponse response,
                    co_await net::CallProvider(errors, http, std::move(on_body)));
    if (sink == nullptr) {
      boost::system::error_code ec;
      json::value v = json::parse(response.body, ec);
      if (ec || !v.is_object()) co_return core::Upstream("model provider sent a malformed response");
      ReadChoice(v.get_object(), "message", &result.content, result);
      ReadUsage(v.get_object(), result.usage);
    } else if (!done) {
      co_return core::Upstream("model provider's stream ended without [DONE]");
    }
    if (!result.tool_calls.empty()) result.finish_reason = "tool_calls";
    if (result.usage.prompt_tokens == 0 && result.usage.completion_tokens == 0) {
      for (const Message& m : request.messages) result.usage.prompt_tokens += EstimateTokens(m.content);
      result.usage.completion_tokens = EstimateTokens(result.content);
    }
    co_return result;
  }

 private:
  // Parses one SSE data payload; returns the content delta ("" for none).
  static core::Result<std::string> HandleChunk(const std::string& data, ChatResult& result, bool& done) {
    if (data == "[DONE]") {
      done = true;
      return std::string();
    }
    boost::system::error_code ec;
    json::value v = json::parse(data, ec);
    if (ec || !v.is_object()) return core::Upstream("model provider sent a malformed stream chunk");
    const json::object& o = v.get_object();
    if (auto* err = o.if_contains("error"); err != nullptr) {
      return core::Upstream("model provider stream error: " + json::serialize(*err));
    }
    std::string delta;
    ReadChoice(o, "delta", &delta, result);
    ReadUsage(o, result.usage);
    return delta;
  }

  OpenAiCompatOptions options_;
};

}  // namespace

std::unique_ptr<ChatModel> MakeOpenAiCompatModel(OpenAiCompatOptions options) {
  return std::make_unique<OpenAiCompatModel>(std::move(options));
}

}  // namespace contrail::llm
