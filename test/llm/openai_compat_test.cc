// The OpenAI-compatible provider against a local scripted server speaking OpenAI's wire format.

#include "llm/openai_compat.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <thread>

#include "net/http_server.h"
#include "support/async.h"
#include "support/collect_sink.h"
#include "support/scripted_server.h"
#include "support/valkey_server.h"

namespace contrail::llm {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

// Replies like api.openai.com would, chosen by the request's model name.
class ScriptedOpenAi {
 public:
  ScriptedOpenAi() : server_([this](net::HttpRequest& r) { return Handle(r); }) {}
  std::string url() const { return server_.url() + "/v1"; }
  std::string last_body;
  std::string last_auth;
  std::string last_path;

 private:
  asio::awaitable<net::HttpResponse> Handle(net::HttpRequest& r) {
    last_body = r.body;
    last_path = std::string(r.path());
    last_auth = r.header("authorization") ? *r.header("authorization") : "";
    json::value req = json::parse(r.body);
    std::string model(req.at("model").as_string());
    bool stream = req.as_object().contains("stream") && req.at("stream").as_bool();
    net::HttpResponse resp;
    if (model == "fails") {
      resp.status = 500;
      resp.body = R"({"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}})";
    } else if (model == "slow") {
      asio::steady_timer t(co_await asio::this_coro::executor, std::chrono::milliseconds(500));
      co_await t.async_wait(asio::use_awaitable);
      resp.body = "{}";
    } else if (model == "tools") {
      resp = ToolsReply(req, stream);
    } else if (!stream) {
      // The example response of OpenAI's API reference for chat completions.
      resp.body = R"({"id":"chatcmpl-123","object":"chat.completion","created":1677652288,"model":"gpt-4o-mini",
        "system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"message":{"role":"assistant",
        "content":"\n\nHello there, how may I assist you today?"},"logprobs":null,"finish_reason":"stop"}],
        "usage":{"prompt_tokens":9,"completion_tokens":12,"total_tokens":21}})";
    } else {
      resp.content_type = "text/event-stream";
      bool broken = model == "broken-stream";
      resp.stream = [broken](net::ResponseStream& out) -> asio::awaitable<std::optional<net::HttpResponse>> {
        const char* head = R"({"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":)";
        co_await out.Write(std::string("data: ") + head + R"({"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]})" + "\n\n");
        co_await out.Write(std::string("data: ") + head + R"({"content":"Hello"},"logprobs":null,"finish_reason":null}]})" + "\n\n");
        if (broken) co_return std::nullopt;
        co_await out.Write(std::string("data: ") + head + R"({"content":" there"},"logprobs":null,"finish_reason":null}]})" + "\n\n");
        co_await out.Write(std::string("data: ") + head + R"({},"logprobs":null,"finish_reason":"stop"}]})" + "\n\n");
        co_await out.Write(R"(data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}})" "\n\ndata: [DONE]\n\n");
        co_return std::nullopt;
      };
    }
    co_return resp;
  }

  // The function-calling example of OpenAI's API reference: asks for get_current_weather until the
  // request carries the tool's result, then answers with text.
  static net::HttpResponse ToolsReply(const json::value& req, bool stream) {
    net::HttpResponse resp;
    const json::array& messages = req.at("messages").as_array();
    if (messages.back().at("role").as_string() == "tool") {
      resp.body = R"({"id":"chatcmpl-abc124","object":"chat.completion","created":1699896917,"model":"gpt-4o-mini",
        "choices":[{"index":0,"message":{"role":"assistant","content":"It is 22 degrees and sunny in Boston."},
        "logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":120,"completion_tokens":11,"total_tokens":131}})";
      return resp;
    }
    if (!stream) {
      resp.body = R"({"id":"chatcmpl-abc123","object":"chat.completion","created":1699896916,"model":"gpt-4o-mini",
        "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_abc123",
        "type":"function","function":{"name":"get_current_weather","arguments":"{\n\"location\": \"Boston, MA\"\n}"}}]},
        "logprobs":null,"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":82,"completion_tokens":17,"total_tokens":99}})";
      return resp;
    }
    resp.content_type = "text/event-stream";
    resp.stream = [](net::ResponseStream& out) -> asio::awaitable<std::optional<net::HttpResponse>> {
      const std::string head = R"(data: {"id":"chatcmpl-abc123","object":"chat.completion.chunk","created":1699896916,"model":"gpt-4o-mini","choices":[{"index":0,"delta":)";
      co_await out.Write(head + R"({"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_abc123","type":"function","function":{"name":"get_current_weather","arguments":""}}]},"finish_reason":null}]})" "\n\n");
      co_await out.Write(head + R"({"tool_calls":[{"index":0,"function":{"arguments":"{\"location\":"}}]},"finish_reason":null}]})" "\n\n");
      co_await out.Write(head + R"({"tool_calls":[{"index":0,"function":{"arguments":" \"Boston, MA\"}"}}]},"finish_reason":null}]})" "\n\n");
      co_await out.Write(head + R"({},"finish_reason":"tool_calls"}]})" "\n\ndata: [DONE]\n\n");
      co_return std::nullopt;
    };
    return resp;
  }

  test::ScriptedServer server_;  // last: stopped before the members its handler uses
};

using Collect = test::CollectSink;

class OpenAiCompatTest : public ::testing::Test {
 protected:
  core::Result<ChatResult> Run(const std::string& model, ChatSink* sink, int timeout_ms = 2000,
                               std::string url = "") {
    ChatRequest req;
    req.messages = {{Role::kSystem, "be nice"}, {Role::kUser, "Hello!"}};
    req.max_tokens = 20;
    return Send(model, req, sink, timeout_ms, url);
  }
  core::Result<ChatResult> Send(const std::string& model, const ChatRequest& req, ChatSink* sink,
                                int timeout_ms = 2000, std::string url = "") {
    OpenAiCompatOptions o;
    o.base_url = url.empty() ? scripted_.url() : url;
    o.api_key = "sk-test";
    o.model = model;
    o.timeout = std::chrono::milliseconds(timeout_ms);
    auto m = MakeOpenAiCompatModel(o);
    return test::RunAsync(io_, m->Complete(req, sink));
  }
  static ChatRequest WeatherRequest() {
    ChatRequest req;
    req.messages = {{Role::kUser, "What's the weather like in Boston today?"}};
    req.tools.push_back({"get_current_weather", "Get the current weather in a given location",
                         R"({"type":"object","properties":{"location":{"type":"string"}},"required":["location"]})"});
    return req;
  }
  ScriptedOpenAi scripted_;
  asio::io_context io_;
};

TEST_F(OpenAiCompatTest, NonStreamingReadsContentAndUsage) {
  auto r = Run("gpt-4o-mini", nullptr);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->content, "\n\nHello there, how may I assist you today?");
  EXPECT_EQ(r->usage.prompt_tokens, 9);
  EXPECT_EQ(r->usage.completion_tokens, 12);
  EXPECT_EQ(r->finish_reason, "stop");
  EXPECT_EQ(scripted_.last_path, "/v1/chat/completions");
  EXPECT_EQ(scripted_.last_auth, "Bearer sk-test");
  json::value sent = json::parse(scripted_.last_body);
  EXPECT_EQ(sent.at("messages").at(0).at("role").as_string(), "system");
  EXPECT_EQ(sent.at("max_tokens").as_int64(), 20);
  EXPECT_FALSE(sent.as_object().contains("stream"));
}

TEST_F(OpenAiCompatTest, StreamingDeliversDeltasAndUsage) {
  Collect sink;
  auto r = Run("gpt-4o-mini", &sink);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(sink.pieces, (std::vector<std::string>{"Hello", " there"}));
  EXPECT_EQ(r->content, "Hello there");
  EXPECT_EQ(r->usage.completion_tokens, 2);
  json::value sent = json::parse(scripted_.last_body);
  EXPECT_TRUE(sent.at("stream").as_bool());
  EXPECT_TRUE(sent.at("stream_options").at("include_usage").as_bool());
}

TEST_F(OpenAiCompatTest, ProviderErrorIsUpstreamWithItsMessage) {
  auto r = Run("fails", nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Code::kUpstream);
  EXPECT_NE(r.error().message.find("500"), std::string::npos);
  EXPECT_NE(r.error().message.find("had an error"), std::string::npos);
}

TEST_F(OpenAiCompatTest, SlowProviderTimesOut) {
  auto r = Run("slow", nullptr, 100);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Code::kTimeout);
}

TEST_F(OpenAiCompatTest, UnreachableProviderIsUpstream) {
  auto r = Run("x", nullptr, 1000, "http://127.0.0.1:" + std::to_string(test::FreePort()) + "/v1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Code::kUpstream);
  EXPECT_NE(r.error().message.find("unreachable"), std::string::npos);
}

TEST_F(OpenAiCompatTest, StreamWithoutDoneIsAnError) {
  Collect sink;
  auto r = Run("broken-stream", &sink);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Code::kUpstream);
}

TEST_F(OpenAiCompatTest, ToolCallingRoundTrip) {
  ChatRequest req = WeatherRequest();
  auto first = Send("tools", req, nullptr);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->finish_reason, "tool_calls");
  ASSERT_EQ(first->tool_calls.size(), 1u);
  EXPECT_EQ(first->tool_calls[0].id, "call_abc123");
  EXPECT_EQ(first->tool_calls[0].name, "get_current_weather");
  EXPECT_EQ(json::parse(first->tool_calls[0].arguments_json).at("location").as_string(), "Boston, MA");
  json::value sent = json::parse(scripted_.last_body);
  EXPECT_EQ(sent.at("tools").at(0).at("type").as_string(), "function");
  EXPECT_EQ(sent.at("tools").at(0).at("function").at("parameters").at("required").at(0).as_string(), "location");
  EXPECT_EQ(sent.at("tool_choice").as_string(), "auto");

  Message call(Role::kAssistant, "");
  call.tool_calls = first->tool_calls;
  Message result(Role::kTool, R"({"temperature_c":22,"sky":"sunny"})");
  result.tool_call_id = "call_abc123";
  req.messages.push_back(call);
  req.messages.push_back(result);
  auto second = Send("tools", req, nullptr);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->content, "It is 22 degrees and sunny in Boston.");
  EXPECT_TRUE(second->tool_calls.empty());
  sent = json::parse(scripted_.last_body);
  const json::array& msgs = sent.at("messages").as_array();
  EXPECT_TRUE(msgs[1].at("content").is_null());
  EXPECT_EQ(msgs[1].at("tool_calls").at(0).at("function").at("name").as_string(), "get_current_weather");
  EXPECT_EQ(msgs[2].at("role").as_string(), "tool");
  EXPECT_EQ(msgs[2].at("tool_call_id").as_string(), "call_abc123");
}

TEST_F(OpenAiCompatTest, StreamedToolCallPiecesAreAssembled) {
  Collect sink;
  ChatRequest req = WeatherRequest();
  req.tool_choice = "get_current_weather";
  auto r = Send("tools", req, &sink);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(sink.pieces.empty());
  EXPECT_EQ(r->finish_reason, "tool_calls");
  ASSERT_EQ(r->tool_calls.size(), 1u);
  EXPECT_EQ(r->tool_calls[0].arguments_json, R"({"location": "Boston, MA"})");
  json::value sent = json::parse(scripted_.last_body);
  EXPECT_EQ(sent.at("tool_choice").at("function").at("name").as_string(), "get_current_weather");
}

}  // namespace
}  // namespace contrail::llm
