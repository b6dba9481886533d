// The Bedrock Converse provider against a local scripted server speaking Bedrock's wire format:
// JSON for Converse, event stream frames (built with net::EncodeEventMessage) for ConverseStream.
// The server re-computes every request's SigV4 signature from what it received, so the path
// encoding, Host and signed headers are checked as they arrive on the wire. The tool-calling
// bodies replay the top_song example of AWS's "Call a tool with the Converse API" guide.

#include "llm/bedrock.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <ctime>
#include <mutex>
#include <thread>

#include "net/eventstream.h"
#include "net/http_server.h"
#include "support/async.h"
#include "support/collect_sink.h"
#include "support/scripted_server.h"
#include "support/valkey_server.h"

namespace contrail::llm {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

const net::AwsCredentials kCredentials{"AKIDTEST", "secret/KEY+example", "session-token-1"};
constexpr const char* kModel = "us.anthropic.claude-sonnet-4-20250514-v1:0";

// The tool-use example of the Bedrock user guide: the model's request for top_song …
constexpr const char* kToolUseResponse = R"({
  "output": {"message": {"role": "assistant", "content": [
    {"toolUse": {"toolUseId": "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", "name": "top_song", "input": {"sign": "WZPZ"}}}]}},
  "stopReason": "tool_use"})";
// … and its final answer once the tool's result was sent back.
constexpr const char* kFinalResponse = R"({
  "output": {"message": {"role": "assistant", "content": [
    {"text": "The most popular song on WZPZ is Elemental Hotel by 8 Storey Hike."}]}},
  "stopReason": "end_turn", "usage": {"inputTokens": 364, "outputTokens": 19, "totalTokens": 383},
  "metrics": {"latencyMs": 1093}})";

std::string Frame(const char* event_type, std::string payload) {
  return net::EncodeEventMessage({{net::EventHeader::String(":event-type", event_type),
                                   net::EventHeader::String(":content-type", "application/json"),
                                   net::EventHeader::String(":message-type", "event")},
                                  std::move(payload)});
}

std::string Exception(const char* type, const char* message) {
  return net::EncodeEventMessage({{net::EventHeader::String(":exception-type", type),
                                   net::EventHeader::String(":content-type", "application/json"),
                                   net::EventHeader::String(":message-type", "exception")},
                                  std::string(R"({"message":")") + message + "\"}"});
}

// A plain streamed answer as ConverseStream sends it (with the "p" padding field Bedrock adds).
std::vector<std::string> TextStream() {
  return {Frame("messageStart", R"({"p":"abcdefghijkl","role":"assistant"})"),
          Frame("contentBlockDelta", R"({"contentBlockIndex":0,"delta":{"text":"Hello"},"p":"abcd"})"),
          Frame("contentBlockDelta", R"({"contentBlockIndex":0,"delta":{"text":" there!"},"p":"ab"})"),
          Frame("contentBlockStop", R"({"contentBlockIndex":0,"p":"abcdefgh"})"),
          Frame("messageStop", R"({"p":"abc","stopReason":"end_turn"})"),
          Frame("metadata", R"({"metrics":{"latencyMs":412},"p":"abcdef","usage":{"inputTokens":12,"outputTokens":3,"totalTokens":15}})")};
}

// The top_song tool request, streamed: the input arrives as partial JSON strings.
std::vector<std::string> ToolStream() {
  return {Frame("messageStart", R"({"role":"assistant"})"),
          Frame("contentBlockDelta", R"({"contentBlockIndex":0,"delta":{"text":"Let me look that up."}})"),
          Frame("contentBlockStop", R"({"contentBlockIndex":0})"),
          Frame("contentBlockStart", R"({"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"tooluse_kZJMlvQmRJ6eAyJE5GIl7Q","name":"top_song"}}})"),
          Frame("contentBlockDelta", R"({"contentBlockIndex":1,"delta":{"toolUse":{"input":"{\"sign\": \"WZ"}}})"),
          Frame("contentBlockDelta", R"({"contentBlockIndex":1,"delta":{"toolUse":{"input":"PZ\"}"}}})"),
          Frame("contentBlockStop", R"({"contentBlockIndex":1})"),
          Frame("messageStop", R"({"stopReason":"tool_use"})"),
          Frame("metadata", R"({"usage":{"inputTokens":50,"outputTokens":20,"totalTokens":70},"metrics":{"latencyMs":9}})")};
}

std::chrono::system_clock::time_point ParseAmzDate(const std::string& s) {
  std::tm tm{};
  strptime(s.c_str(), "%Y%m%dT%H%M%SZ", &tm);
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

// What the scripted server saw of one request.
struct Seen {
  std::string target;
  std::string body;
  std::string authorization;
  std::string expected_authorization;  // recomputed by the server from the received request
};

// Replies like bedrock-runtime would, chosen by the model id in the path.
class ScriptedBedrock {
 public:
  ScriptedBedrock() : server_([this](net::HttpRequest& r) { return Handle(r); }) {}
  std::string url() const { return server_.url(); }
  std::vector<Seen> seen() {
    std::lock_guard lock(mu_);
    return seen_;
  }

 private:
  // Signs the received request again with the known credentials and its own X-Amz-Date.
  std::string Recompute(const net::HttpRequest& r) {
    const std::string* auth = r.header("authorization");
    const std::string* date = r.header("x-amz-date");
    if (auth == nullptr || date == nullptr) return "(unsigned)";
    std::size_t sh = auth->find("SignedHeaders=");
    std::string names = auth->substr(sh + 14, auth->find(',', sh) - sh - 14);
    net::HttpClientRequest req;
    req.method = r.method;
    req.url = url() + r.target;
    req.body = r.body;
    std::size_t start = 0;
    while (start <= names.size()) {
      std::size_t end = std::min(names.find(';', start), names.size());
      std::string name = names.substr(start, end - start);
      if (name != "x-amz-date" && name != "x-amz-security-token" && r.header(name) != nullptr) {
        req.headers.emplace_back(name, *r.header(name));
      }
      start = end + 1;
    }
    net::AwsCredentials creds = kCredentials;
    if (r.header("x-amz-security-token") == nullptr) creds.session_token.clear();
    auto s = net::SignV4Explained(req, creds, "us-west-2", "bedrock", ParseAmzDate(*date));
    return s ? s->authorization : s.error().message;
  }

  asio::awaitable<net::HttpResponse> Handle(net::HttpRequest& r) {
    Seen seen{r.target, r.body, r.header("authorization") ? *r.header("authorization") : "", Recompute(r)};
    {
      std::lock_guard lock(mu_);
      seen_.push_back(seen);
    }
    std::string path(r.path());
    const bool stream = path.ends_with("/converse-stream");
    const std::string model = path.substr(7, path.rfind('/') - 7);  // after "/model/"
    net::HttpResponse resp;
    if (model == "throttled") {
      resp.status = 429;
      resp.headers.emplace_back("x-amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/");
      resp.body = R"({"message":"Too many requests, please wait before trying again."})";
      co_return resp;
    }
    if (model == "slow") {
      asio::steady_timer t(co_await asio::this_coro::executor, std::chrono::milliseconds(500));
      co_await t.async_wait(asio::use_awaitable);
    }
    if (!stream) {
      const bool has_result = r.body.find("toolResult") != std::string::npos;
      resp.body = model == "tools" && !has_result ? kToolUseResponse : kFinalResponse;
      co_return resp;
    }
    std::vector<std::string> frames = model == "tools" ? ToolStream() : TextStream();
    if (model == "stream-throttled") {
      frames = {frames[0], Exception("throttlingException", "Too many tokens, please wait before trying again.")};
    } else if (model == "late-error") {
      frames = {frames[0], frames[1], Exception("internalServerException", "The server encountered an error.")};
    } else if (model == "corrupt") {
      frames[2][frames[2].size() - 10] ^= 0x20;  // a payload byte: the message CRC no longer matches
    } else if (model == "truncated") {
      frames.resize(3);
    }
    resp.content_type = "application/vnd.amazon.eventstream";
    resp.stream = [frames](net::ResponseStream& out) -> asio::awaitable<std::optional<net::HttpResponse>> {
      // Frames split across writes, as TCP may deliver them.
      std::string all;
      for (const std::string& f : frames) all += f;
      for (std::size_t i = 0; i < all.size(); i += 37) {
        if (!co_await out.Write(std::string_view(all).substr(i, 37))) break;
      }
      co_return std::nullopt;
    };
    co_return resp;
  }

  std::mutex mu_;
  std::vector<Seen> seen_;  // guarded by mu_
  test::ScriptedServer server_;  // last: stopped before the members its handler uses
};

using Collect = test::CollectSink;

ChatRequest SongRequest() {
  ChatRequest req;
  req.messages = {{Role::kSystem, "You are a radio assistant."}, {Role::kUser, "What is the most popular song on WZPZ?"}};
  req.max_tokens = 200;
  req.temperature = 0.5;
  req.tools = {{"top_song", "Get the most popular song played on a radio station.",
                R"({"type":"object","properties":{"sign":{"type":"string","description":"The call sign for the radio station for which you want the most popular song. Example calls signs are WZPZ and WKRP."}},"required":["sign"]})"}};
  return req;
}

class BedrockTest : public ::testing::Test {
 protected:
  core::Result<ChatResult> Run(const std::string& model, const ChatRequest& req, ChatSink* sink, int timeout_ms = 3000) {
    BedrockOptions o;
    o.region = "us-west-2";
    o.credentials = kCredentials;
    o.endpoint = scripted_.url();
    o.model_id = model;
    o.timeout = std::chrono::milliseconds(timeout_ms);
    auto m = MakeBedrockModel(o);
    EXPECT_EQ(m->id(), model);
    return test::RunAsync(io_, m->Complete(req, sink));
  }
  void ExpectSignedCorrectly(const Seen& s) {
    EXPECT_TRUE(s.authorization.starts_with("AWS4-HMAC-SHA256 Credential=AKIDTEST/"));
    EXPECT_NE(s.authorization.find("/us-west-2/bedrock/aws4_request, SignedHeaders="), std::string::npos);
    EXPECT_NE(s.authorization.find("x-amz-security-token"), std::string::npos);
    EXPECT_EQ(s.authorization, s.expected_authorization);
  }
  ScriptedBedrock scripted_;
  asio::io_context io_;
};

TEST_F(BedrockTest, ConverseAnswersAndIsSignedOverTheEncodedModelPath) {
  ChatRequest req = SongRequest();
  req.tools.clear();
  auto r = Run(kModel, req, nullptr);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->content, "The most popular song on WZPZ is Elemental Hotel by 8 Storey Hike.");
  EXPECT_EQ(r->finish_reason, "stop");
  EXPECT_EQ(r->usage.prompt_tokens, 364);
  EXPECT_EQ(r->usage.completion_tokens, 19);
  ASSERT_EQ(scripted_.seen().size(), 1u);
  const Seen s = scripted_.seen()[0];
  EXPECT_EQ(s.target, "/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/converse");
  ExpectSignedCorrectly(s);
  json::value body = json::parse(s.body);
  EXPECT_EQ(body.at("system").at(0).at("text").as_string(), "You are a radio assistant.");
  EXPECT_EQ(body.at("messages").as_array().size(), 1u);
  EXPECT_EQ(body.at("messages").at(0).at("role").as_string(), "user");
  EXPECT_EQ(body.at("inferenceConfig").at("maxTokens").as_int64(), 200);
  EXPECT_DOUBLE_EQ(body.at("inferenceConfig").at("temperature").as_double(), 0.5);
  EXPECT_FALSE(body.as_object().contains("toolConfig"));
}

TEST_F(BedrockTest, ConverseStreamDeliversDeltasAndUsage) {
  Collect sink;
  auto r = Run(kModel, SongRequest(), &sink);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(sink.pieces, (std::vector<std::string>{"Hello", " there!"}));
  EXPECT_EQ(r->content, "Hello there!");
  EXPECT_EQ(r->finish_reason, "stop");
  EXPECT_EQ(r->usage.prompt_tokens, 12);
  EXPECT_EQ(r->usage.completion_tokens, 3);
  const Seen s = scripted_.seen().at(0);
  EXPECT_EQ(s.target, "/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/converse-stream");
  ExpectSignedCorrectly(s);
}

TEST_F(BedrockTest, ToolCallingRoundTrip) {
  ChatRequest req = SongRequest();
  auto first = Run("tools", req, nullptr);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->finish_reason, "tool_calls");
  ASSERT_EQ(first->tool_calls.size(), 1u);
  EXPECT_EQ(first->tool_calls[0].id, "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q");
  EXPECT_EQ(first->tool_calls[0].name, "top_song");
  EXPECT_EQ(json::parse(first->tool_calls[0].arguments_json), json::parse(R"({"sign":"WZPZ"})"));
  json::value sent = json::parse(scripted_.seen().at(0).body);
  const json::value& tool = sent.at("toolConfig").at("tools").at(0).at("toolSpec");
  EXPECT_EQ(tool.at("name").as_string(), "top_song");
  EXPECT_EQ(tool.at("inputSchema").at("json").at("required").at(0).as_string(), "sign");
  EXPECT_TRUE(sent.at("toolConfig").at("toolChoice").as_object().contains("auto"));

  // The caller runs the tool and sends its result back.
  Message call(Role::kAssistant, "");
  call.tool_calls = first->tool_calls;
  req.messages.push_back(call);
  Message tool_result(Role::kTool, R"({"song":"Elemental Hotel","artist":"8 Storey Hike"})");
  tool_result.tool_call_id = "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q";
  req.messages.push_back(tool_result);
  auto second = Run("tools", req, nullptr);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->content, "The most popular song on WZPZ is Elemental Hotel by 8 Storey Hike.");
  EXPECT_EQ(second->finish_reason, "stop");
  json::value body = json::parse(scripted_.seen().at(1).body);
  const json::array& messages = body.at("messages").as_array();
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[1].at("role").as_string(), "assistant");
  const json::value& use = messages[1].at("content").at(0).at("toolUse");
  EXPECT_EQ(use.at("toolUseId").as_string(), "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q");
  EXPECT_EQ(use.at("input").at("sign").as_string(), "WZPZ");
  EXPECT_EQ(messages[2].at("role").as_string(), "user");
  const json::value& result = messages[2].at("content").at(0).at("toolResult");
  EXPECT_EQ(result.at("toolUseId").as_string(), "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q");
  EXPECT_EQ(result.at("status").as_string(), "success");
  EXPECT_EQ(result.at("content").at(0).at("text").as_string(), R"({"song":"Elemental Hotel","artist":"8 Storey Hike"})");
  ExpectSignedCorrectly(scripted_.seen().at(1));
}

TEST_F(BedrockTest, StreamedToolCallIsAssembledFromPartialJson) {
  Collect sink;
  auto r = Run("tools", SongRequest(), &sink);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->content, "Let me look that up.");
  EXPECT_EQ(r->finish_reason, "tool_calls");
  ASSERT_EQ(r->tool_calls.size(), 1u);
  EXPECT_EQ(r->tool_calls[0].name, "top_song");
  EXPECT_EQ(r->tool_calls[0].arguments_json, R"({"sign": "WZPZ"})");
  EXPECT_EQ(r->usage.prompt_tokens, 50);
}

TEST_F(BedrockTest, ThrottlingIsRateLimitedAndRetryable) {
  auto r = Run("throttled", SongRequest(), nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Code::kRateLimited);
  EXPECT_TRUE(r.error().retryable);
  EXPECT_NE(r.error().message.find("ThrottlingException: Too many requests"), std::string::npos) << r.error().message;
}

TEST_F(BedrockTest, InStreamThrottlingBeforeAnyTextIsRetryable) {
  Collect sink;
  auto r = Run("stream-throttled", SongRequest(), &sink);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Code::kRateLimited);
  EXPECT_TRUE(r.error().retryable);
  EXPECT_NE(r.error().message.find("throttlingException"), std::string::npos);
  EXPECT_TRUE(sink.pieces.empty());
}

TEST_F(BedrockTest, InStreamErrorAfterTextIsNotRetryable) {
  Collect sink;
  auto r = Run("late-error", SongRequest(), &sink);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Code::kUpstream);
  EXPECT_FALSE(r.error().retryable);
  EXPECT_NE(r.error().message.find("internalServerException: The server encountered an error."), std::string::npos);
  EXPECT_EQ(sink.pieces, (std::vector<std::string>{"Hello"}));
}

TEST_F(BedrockTest, CorruptedFrameIsACleanError) {
  Collect sink;
  auto r = Run("corrupt", SongRequest(), &sink);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Code::kUpstream);
  EXPECT_NE(r.error().message.find("message CRC mismatch"), std::string::npos) << r.error().message;
  EXPECT_EQ(sink.pieces, (std::vector<std::string>{"Hello"}));
}

TEST_F(BedrockTest, StreamWithoutMessageStopIsAnError) {
  Collect sink;
  auto r = Run("truncated", SongRequest(), &sink);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Code::kUpstream);
  EXPECT_NE(r.error().message.find("messageStop"), std::string::npos);
}

TEST_F(BedrockTest, SlowModelTimesOut) {
  auto r = Run("slow", SongRequest(), nullptr, 100);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Code::kTimeout);
}

TEST_F(BedrockTest, UnreachableEndpointIsARetryableError) {
  BedrockOptions o;
  o.credentials = kCredentials;
  o.endpoint = "http://127.0.0.1:" + std::to_string(test::FreePort());
  o.model_id = kModel;
  auto r = test::RunAsync(io_, MakeBedrockModel(o)->Complete(SongRequest(), nullptr));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().retryable);  // the code itself is net::FetchError's choice
  EXPECT_NE(r.error().message.find("Bedrock unreachable"), std::string::npos) << r.error().message;
}

TEST(BedrockBodyTest, MergesSameRoleMessagesAndMapsToolChoice) {
  ChatRequest req = SongRequest();
  req.messages.push_back({Role::kUser, "And on WKRP?"});
  req.messages.push_back({Role::kAssistant, ""});  // empty: dropped
  req.tool_choice = "required";
  auto body = BuildConverseBody(req);
  ASSERT_TRUE(body.ok());
  json::value v = json::parse(*body);
  ASSERT_EQ(v.at("messages").as_array().size(), 1u);
  EXPECT_EQ(v.at("messages").at(0).at("content").as_array().size(), 2u);
  EXPECT_TRUE(v.at("toolConfig").at("toolChoice").as_object().contains("any"));

  req.tool_choice = "top_song";
  v = json::parse(*BuildConverseBody(req));
  EXPECT_EQ(v.at("toolConfig").at("toolChoice").at("tool").at("name").as_string(), "top_song");
  req.tool_choice = "none";
  v = json::parse(*BuildConverseBody(req));
  EXPECT_FALSE(v.as_object().contains("toolConfig"));

  req.tool_choice = "auto";
  req.tools[0].parameters_json = "not json";
  EXPECT_EQ(BuildConverseBody(req).error().code, core::Code::kInvalidArgument);
}

TEST(BedrockBodyTest, StopReasonsMapToFinishReasons) {
  EXPECT_EQ(FinishReason("end_turn"), "stop");
  EXPECT_EQ(FinishReason("tool_use"), "tool_calls");
  EXPECT_EQ(FinishReason("max_tokens"), "length");
  EXPECT_EQ(FinishReason("stop_sequence"), "stop");
  EXPECT_EQ(FinishReason("guardrail_intervened"), "content_filter");
  EXPECT_EQ(FinishReason("content_filtered"), "content_filter");
  EXPECT_EQ(ParseConverseResponse("{}").error().code, core::Code::kUpstream);
}

}  // namespace
}  // namespace contrail::llm
