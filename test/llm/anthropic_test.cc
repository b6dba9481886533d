// The Anthropic Messages provider against a local scripted server that replays the examples of
// Anthropic's API documentation (a Message, a text stream, a tool_use stream, errors).

#include "llm/anthropic.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include "support/async.h"
#include "support/collect_sink.h"
#include "support/scripted_server.h"
#include "support/valkey_server.h"

namespace contrail::llm {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

// From the Messages API reference: the example response.
constexpr const char* kMessage = R"({"content":[{"text":"Hi! My name is Claude.","type":"text"}],
  "id":"msg_013Zva2CMHLNnXjNJJKqJ2EF","model":"claude-sonnet-4-20250514","role":"assistant",
  "stop_reason":"end_turn","stop_sequence":null,"type":"message","usage":{"input_tokens":2095,"output_tokens":503}})";

// From the streaming guide: a basic text stream (with a ping).
constexpr const char* kTextStream =
    "event: message_start\ndata: {\"type\": \"message_start\", \"message\": {\"id\": \"msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY\", \"type\": \"message\", \"role\": \"assistant\", \"content\": [], \"model\": \"claude-sonnet-4-20250514\", \"stop_reason\": null, \"stop_sequence\": null, \"usage\": {\"input_tokens\": 25, \"output_tokens\": 1}}}\n\n"
    "event: content_block_start\ndata: {\"type\": \"content_block_start\", \"index\": 0, \"content_block\": {\"type\": \"text\", \"text\": \"\"}}\n\n"
    "event: ping\ndata: {\"type\": \"ping\"}\n\n"
    "event: content_block_delta\ndata: {\"type\": \"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"text_delta\", \"text\": \"Hello\"}}\n\n"
    "event: content_block_delta\ndata: {\"type\": \"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"text_delta\", \"text\": \"!\"}}\n\n"
    "event: content_block_stop\ndata: {\"type\": \"content_block_stop\", \"index\": 0}\n\n"
    "event: message_delta\ndata: {\"type\": \"message_delta\", \"delta\": {\"stop_reason\": \"end_turn\", \"stop_sequence\":null}, \"usage\": {\"output_tokens\": 15}}\n\n"
    "event: message_stop\ndata: {\"type\": \"message_stop\"}\n\n";

// From the streaming guide: a tool_use block streamed as input_json_delta pieces.
constexpr const char* kToolStream =
    "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_014p7gG3wDgGV9EUtLvnow3U\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-20250514\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":472,\"output_tokens\":2},\"content\":[],\"stop_reason\":null}}\n\n"
    "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
    "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Okay, let's check the weather for San Francisco, CA:\"}}\n\n"
    "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
    "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_01T1x1fJ34qAmk2tNTrN7Up6\",\"name\":\"get_weather\",\"input\":{}}}\n\n"
    "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}\n\n"
    "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"location\\\":\"}}\n\n"
    "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\" \\\"San Fra\"}}\n\n"
    "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"ncisc\"}}\n\n"
    "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"o, CA\\\"}\"}}\n\n"
    "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n"
    "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":89}}\n\n"
    "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

using Collect = test::CollectSink;

class AnthropicTest : public ::testing::Test {
 protected:
  AnthropicTest()
      : server_([this](net::HttpRequest& r) -> asio::awaitable<net::HttpResponse> { co_return Handle(r); }) {}

  // Chooses the scripted answer from the request, like a test double of api.anthropic.com.
  net::HttpResponse Handle(net::HttpRequest& r) {
    last_body = r.body;
    last_path = std::string(r.path());
    last_key = r.header("x-api-key") ? *r.header("x-api-key") : "";
    last_version = r.header("anthropic-version") ? *r.header("anthropic-version") : "";
    json::value req = json::parse(r.body);
    std::string model(req.at("model").as_string());
    bool stream = req.as_object().contains("stream");
    net::HttpResponse resp;
    if (model == "overloaded") {
      resp.status = 529;
      resp.body = R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})";
    } else if (model == "bad") {
      resp.status = 400;
      resp.body = R"({"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: Field required"}})";
    } else if (model == "stream-error") {
      resp.content_type = "text/event-stream";
      std::string text = kTextStream;
      resp.body = text.substr(0, text.find("\n\n") + 2) +
                  "event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}\n\n";
    } else if (stream) {
      resp.content_type = "text/event-stream";
      resp.body = req.as_object().contains("tools") ? kToolStream : kTextStream;
    } else {
      resp.body = kMessage;
    }
    return resp;
  }

  core::Result<ChatResult> Run(const std::string& model, const ChatRequest& req, ChatSink* sink) {
    AnthropicOptions o;
    o.base_url = server_.url();
    o.api_key = "sk-ant-test";
    o.model = model;
    o.timeout = std::chrono::milliseconds(2000);
    return test::RunAsync(io_, MakeAnthropicModel(o)->Complete(req, sink));
  }

  static ChatRequest Hello() {
    ChatRequest req;
    req.messages = {{Role::kSystem, "Be brief."}, {Role::kUser, "Hello"}};
    return req;
  }

  std::string last_body, last_path, last_key, last_version;
  test::ScriptedServer server_;
  asio::io_context io_;
};

TEST_F(AnthropicTest, MessageWithSystemHeadersAndUsage) {
  auto r = Run("claude-sonnet-4-20250514", Hello(), nullptr);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->content, "Hi! My name is Claude.");
  EXPECT_EQ(r->finish_reason, "stop");
  EXPECT_EQ(r->usage.prompt_tokens, 2095);
  EXPECT_EQ(r->usage.completion_tokens, 503);
  EXPECT_EQ(last_path, "/v1/messages");
  EXPECT_EQ(last_key, "sk-ant-test");
  EXPECT_EQ(last_version, "2023-06-01");
  json::value sent = json::parse(last_body);
  EXPECT_EQ(sent.at("system").as_string(), "Be brief.");
  EXPECT_EQ(sent.at("max_tokens").as_int64(), 1024);  // required by the API: the default is sent
  EXPECT_EQ(sent.at("messages").as_array().size(), 1u);
  EXPECT_EQ(sent.at("messages").at(0).at("content").at(0).at("text").as_string(), "Hello");
}

TEST_F(AnthropicTest, TextStreamDeliversDeltasAndCumulativeUsage) {
  Collect sink;
  auto r = Run("claude-sonnet-4-20250514", Hello(), &sink);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(sink.pieces, (std::vector<std::string>{"Hello", "!"}));
  EXPECT_EQ(r->content, "Hello!");
  EXPECT_EQ(r->usage.prompt_tokens, 25);
  EXPECT_EQ(r->usage.completion_tokens, 15);
  EXPECT_TRUE(json::parse(last_body).at("stream").as_bool());
}

TEST_F(AnthropicTest, ToolUseRoundTrip) {
  ChatRequest req;
  req.messages = {{Role::kUser, "What is the weather like in San Francisco?"}};
  req.tools.push_back({"get_weather", "Get the current weather in a given location",
                       R"({"type":"object","properties":{"location":{"type":"string"}},"required":["location"]})"});
  req.tool_choice = "required";
  Collect sink;
  auto first = Run("claude-sonnet-4-20250514", req, &sink);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->finish_reason, "tool_calls");
  ASSERT_EQ(first->tool_calls.size(), 1u);
  EXPECT_EQ(first->tool_calls[0].id, "toolu_01T1x1fJ34qAmk2tNTrN7Up6");
  EXPECT_EQ(json::parse(first->tool_calls[0].arguments_json).at("location").as_string(), "San Francisco, CA");
  json::value sent = json::parse(last_body);
  EXPECT_EQ(sent.at("tools").at(0).at("input_schema").at("required").at(0).as_string(), "location");
  EXPECT_EQ(sent.at("tool_choice").at("type").as_string(), "any");

  // The caller runs the tool and sends its result back: tool_use then tool_result blocks.
  Message call(Role::kAssistant, first->content);
  call.tool_calls = first->tool_calls;
  Message result(Role::kTool, "15 degrees");
  result.tool_call_id = first->tool_calls[0].id;
  req.messages.push_back(call);
  req.messages.push_back(result);
  auto second = Run("claude-sonnet-4-20250514", req, nullptr);
  ASSERT_TRUE(second.ok()) << second.error().message;
  sent = json::parse(last_body);
  const json::array& msgs = sent.at("messages").as_array();
  ASSERT_EQ(msgs.size(), 3u);
  EXPECT_EQ(msgs[1].at("content").at(1).at("type").as_string(), "tool_use");
  EXPECT_EQ(msgs[1].at("content").at(1).at("input").at("location").as_string(), "San Francisco, CA");
  EXPECT_EQ(msgs[2].at("role").as_string(), "user");
  EXPECT_EQ(msgs[2].at("content").at(0).at("type").as_string(), "tool_result");
  EXPECT_EQ(msgs[2].at("content").at(0).at("tool_use_id").as_string(), "toolu_01T1x1fJ34qAmk2tNTrN7Up6");
}

TEST_F(AnthropicTest, ErrorsAreClassified) {
  auto overloaded = Run("overloaded", Hello(), nullptr);
  ASSERT_FALSE(overloaded.ok());
  EXPECT_EQ(overloaded.error().code, core::Code::kUpstream);
  EXPECT_TRUE(overloaded.error().retryable);
  EXPECT_NE(overloaded.error().message.find("overloaded_error"), std::string::npos);
  auto bad = Run("bad", Hello(), nullptr);
  ASSERT_FALSE(bad.ok());
  EXPECT_FALSE(bad.error().retryable);
  EXPECT_NE(bad.error().message.find("max_tokens: Field required"), std::string::npos);
  Collect sink;
  auto in_stream = Run("stream-error", Hello(), &sink);
  ASSERT_FALSE(in_stream.ok());
  EXPECT_TRUE(in_stream.error().retryable);
}

TEST_F(AnthropicTest, UnreachableIsRetryableUpstream) {
  AnthropicOptions o;
  o.base_url = "http://127.0.0.1:" + std::to_string(test::FreePort());
  o.model = "m";
  auto r = test::RunAsync(io_, MakeAnthropicModel(o)->Complete(Hello(), nullptr));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Code::kUpstream);
  EXPECT_TRUE(r.error().retryable);
}

}  // namespace
}  // namespace contrail::llm
