#include "llm/openai_compat.h"

#include <boost/json.hpp>

#include "net/http_client.h"
#include "net/sse.h"
#include "net/url.h"

namespace contrail::llm {

namespace json = boost::json;
namespace asio = boost::asio;

std::string BuildOpenAiRequestBody(const ChatRequest& request, const std::string& model, bool stream) {
  json::object body;
  body["model"] = model;
  json::array messages;
  for (const Message& m : request.messages) {
    messages.push_back(json::object{{"role", RoleName(m.role)}, {"content", m.content}});
  }
  body["messages"] = std::move(messages);
  if (request.max_tokens) body["max_tokens"] = *request.max_tokens;
  if (request.temperature) body["temperature"] = *request.temperature;
  if (stream) {
    body["stream"] = true;
    body["stream_options"] = json::object{{"include_usage", true}};
  }
  return json::serialize(body);
}

namespace {

// The provider's error message from an OpenAI-shaped error body, or the body's start.
std::string ProviderMessage(const std::string& body) {
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

// Reads choices[0].<field>.content and finish_reason from a response or chunk object.
void ReadChoice(const json::object& o, const char* field, std::string* content, std::string* finish) {
  const json::value* choices = o.if_contains("choices");
  if (choices == nullptr || !choices->is_array() || choices->get_array().empty()) return;
  const json::value& first = choices->get_array()[0];
  if (!first.is_object()) return;
  if (auto* m = first.get_object().if_contains(field); m && m->is_object()) {
    if (auto* c = m->get_object().if_contains("content"); c && c->is_string()) {
      *content = std::string(c->get_string());
    }
  }
  if (auto* f = first.get_object().if_contains("finish_reason"); f && f->is_string()) {
    *finish = std::string(f->get_string());
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
    net::SseParser parser;
    bool done = false;
    net::BodyCallback on_body;
    if (sink != nullptr) {
      http.headers.emplace_back("Accept", "text/event-stream");
      on_body = [&](std::string_view bytes) -> asio::awaitable<core::Status> {
        std::vector<net::SseEvent> events;
        if (!parser.Feed(bytes, events)) co_return core::Upstream("provider stream: line too long");
        for (const net::SseEvent& e : events) {
          if (done) break;
          CONTRAIL_CO_TRY(std::string delta, HandleChunk(e.data, result, done));
          if (!delta.empty()) {
            result.content += delta;
            if (core::Status s = co_await sink->OnDelta(delta); !s) co_return s;
          }
        }
        co_return core::Ok();
      };
    }
    auto response = co_await net::Fetch(http, on_body);
    if (!response) co_return Classify(response.error());
    if (response->status < 200 || response->status >= 300) {
      co_return core::Upstream("model provider answered " + std::to_string(response->status) +
                               ": " + ProviderMessage(response->body));
    }
    if (sink == nullptr) {
      boost::system::error_code ec;
      json::value v = json::parse(response->body, ec);
      if (ec || !v.is_object()) co_return core::Upstream("model provider sent a malformed response");
      ReadChoice(v.get_object(), "message", &result.content, &result.finish_reason);
      ReadUsage(v.get_object(), result.usage);
    } else if (!done) {
      co_return core::Upstream("model provider's stream ended without [DONE]");
    }
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
    ReadChoice(o, "delta", &delta, &result.finish_reason);
    ReadUsage(o, result.usage);
    return delta;
  }

  core::Error Classify(const core::Error& e) const {
    if (e.code == core::Code::kTimeout) {
      return core::Timeout("model provider did not answer within " +
                           std::to_string(options_.timeout.count()) + " ms");
    }
    if (e.code == core::Code::kUnavailable) return core::Upstream("model provider unreachable: " + e.message);
    return e;
  }

  OpenAiCompatOptions options_;
};

}  // namespace

std::unique_ptr<ChatModel> MakeOpenAiCompatModel(OpenAiCompatOptions options) {
  return std::make_unique<OpenAiCompatModel>(std::move(options));
}

}  // namespace contrail::llm
