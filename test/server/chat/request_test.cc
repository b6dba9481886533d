// Parsing and validating POST /v1/chat/completions bodies and identity.

#include "server/chat/request.h"

#include <gtest/gtest.h>

namespace contrail::server::chat {
namespace {

net::HttpRequest Req(std::string body, std::vector<net::Header> headers = {}) {
  net::HttpRequest r;
  r.method = "POST";
  r.target = "/v1/chat/completions";
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

core::Result<ChatCompletionRequest> Parse(std::string body, std::vector<net::Header> headers = {}) {
  return ParseChatCompletionRequest(Req(std::move(body), std::move(headers)), ChatLimits{}, auth::Principal{});
}

TEST(ChatRequestTest, ParsesAFullRequest) {
  auto r = Parse(R"({"model":"flightly-local","messages":[{"role":"system","content":"be brief"},
      {"role":"user","content":[{"type":"text","text":"hi"},{"type":"text","text":"there"}]}],
      "stream":true,"stream_options":{"include_usage":true},"user":"u1","max_tokens":50,
      "temperature":0.2,"metadata":{"session_id":"s1"}})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->model, "flightly-local");
  ASSERT_EQ(r->messages.size(), 2u);
  EXPECT_EQ(r->messages[1].content, "hi\nthere");
  EXPECT_TRUE(r->stream);
  EXPECT_TRUE(r->include_usage);
  EXPECT_EQ(r->user, "u1");
  EXPECT_EQ(r->session, "s1");
  EXPECT_EQ(*r->max_tokens, 50);
}

TEST(ChatRequestTest, IdentityFromHeaders) {
  auto r = Parse(R"({"messages":[{"role":"user","content":"x"}]})",
                 {{"x-user-id", "u2"}, {"x-session-id", "s2"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->user, "u2");
  EXPECT_EQ(r->session, "s2");
}

struct BadCase {
  const char* name;
  std::string body;
  std::vector<net::Header> headers;
  const char* param;  // expected error param, "" for none
};

TEST(ChatRequestTest, RejectsBadRequestsWithAClearParam) {
  const std::string ok_msgs = R"("messages":[{"role":"user","content":"x"}])";
  std::vector<BadCase> cases = {
      {"malformed", "{\"messages\":", {}, ""},
      {"not an object", "[1,2]", {}, ""},
      {"no messages", "{}", {}, "messages"},
      {"messages not array", R"({"messages":"hi"})", {}, "messages"},
      {"empty messages", R"({"messages":[]})", {}, "messages"},
      {"message not object", R"({"messages":[1]})", {}, "messages[0]"},
      {"unknown role", R"({"messages":[{"role":"wizard","content":"x"}]})", {}, "messages[0].role"},
      {"role not string", R"({"messages":[{"role":1,"content":"x"}]})", {}, "messages[0].role"},
      {"content number", R"({"messages":[{"role":"user","content":5}]})", {}, "messages[0].content"},
      {"content missing", R"({"messages":[{"role":"user"}]})", {}, "messages[0].content"},
      {"image part", R"({"messages":[{"role":"user","content":[{"type":"image_url"}]}]})", {}, "messages[0].content"},
      {"stream string", "{" + ok_msgs + R"(,"stream":"yes"})", {}, "stream"},
      {"model number", "{" + ok_msgs + R"(,"model":3})", {}, "model"},
      {"max_tokens zero", "{" + ok_msgs + R"(,"max_tokens":0})", {}, "max_tokens"},
      {"temperature high", "{" + ok_msgs + R"(,"temperature":5})", {}, "temperature"},
      {"n two", "{" + ok_msgs + R"(,"n":2})", {}, "n"},
      {"user number", "{" + ok_msgs + R"(,"user":7})", {}, "user"},
      {"user injection", "{" + ok_msgs + R"(,"user":"a}:profile"})", {}, "user"},
      {"user glob", "{" + ok_msgs + R"(,"user":"*"})", {}, "user"},
      {"user traversal", "{" + ok_msgs + R"(,"user":"../x"})", {}, "user"},
      {"user too long", "{" + ok_msgs + R"(,"user":")" + std::string(129, 'a') + "\"}", {}, "user"},
      {"user empty", "{" + ok_msgs + R"(,"user":""})", {}, "user"},
      {"header user bad", "{" + ok_msgs + "}", {{"x-user-id", "a b"}}, "X-User-Id"},
      {"users disagree", "{" + ok_msgs + R"(,"user":"a"})", {{"x-user-id", "b"}}, "user"},
      {"session without user", "{" + ok_msgs + "}", {{"x-session-id", "s"}}, "user"},
      {"sessions disagree", "{" + ok_msgs + R"(,"user":"a","metadata":{"session_id":"s1"}})", {{"x-session-id", "s2"}}, "metadata.session_id"},
      {"metadata not object", "{" + ok_msgs + R"(,"metadata":3})", {}, "metadata"},
      {"session not string", "{" + ok_msgs + R"(,"user":"a","metadata":{"session_id":1}})", {}, "metadata.session_id"},
      {"tools not array", "{" + ok_msgs + R"(,"tools":{}})", {}, "tools"},
      {"tool not function", "{" + ok_msgs + R"(,"tools":[{"type":"retrieval"}]})", {}, "tools[0]"},
      {"tool bad name", "{" + ok_msgs + R"(,"tools":[{"type":"function","function":{"name":"a b"}}]})", {}, "tools[0].function.name"},
      {"tool params not object", "{" + ok_msgs + R"(,"tools":[{"type":"function","function":{"name":"f","parameters":"x"}}]})", {}, "tools[0].function.parameters"},
      {"tool_choice unknown", "{" + ok_msgs + R"(,"tool_choice":"sometimes"})", {}, "tool_choice"},
      {"tool_choice unlisted", "{" + ok_msgs + R"(,"tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":{"type":"function","function":{"name":"g"}}})", {}, "tool_choice"},
      {"tool_choice without tools", "{" + ok_msgs + R"(,"tool_choice":"required"})", {}, "tool_choice"},
      {"tool message without id", R"({"messages":[{"role":"user","content":"x"},{"role":"tool","content":"42"}]})", {}, "messages[1].tool_call_id"},
      {"tool_calls on user", R"({"messages":[{"role":"user","content":"x","tool_calls":[]}]})", {}, "messages[0].tool_calls"},
      {"tool call without name", R"({"messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c","function":{"arguments":"{}"}}]}]})", {}, "messages[0].tool_calls[0]"},
  };
  for (const BadCase& c : cases) {
    auto r = Parse(c.body, c.headers);
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.error().code, core::Code::kInvalidArgument) << c.name;
    EXPECT_EQ(r.error().param, c.param) << c.name << ": " << r.error().message;
  }
}

// One field of the body at a time, as raw JSON (1e400 parses as infinity).
core::Result<ChatCompletionRequest> ParseWith(const std::string& field, const std::string& raw) {
  return Parse(R"({"messages":[{"role":"user","content":"x"}],")" + field + "\":" + raw + "}");
}

TEST(ChatRequestTest, RejectsSamplingFieldsOutOfRangeOfTheWrongTypeOrNotFinite) {
  const std::pair<const char*, std::string> cases[] = {
      {"top_p", "1e400"}, {"top_p", "-1e400"}, {"top_p", "1.01"}, {"top_p", "-0.1"}, {"top_p", "\"1\""},
      {"top_p", "true"}, {"temperature", "1e400"}, {"temperature", "2.000001"}, {"temperature", "[1]"},
      {"presence_penalty", "2.5"}, {"presence_penalty", "-1e400"}, {"frequency_penalty", "-3"},
      {"frequency_penalty", "{}"}, {"stop", "[1,2,3]"}, {"stop", R"(["a","b","c","d","e"])"},
      {"stop", R"([""])"}, {"stop", R"("")"}, {"stop", "\"" + std::string(kMaxStopBytes + 1, 's') + "\""},
      {"stop", "7"}, {"stop", "[null]"}, {"n", "2"}, {"n", "1.0"}, {"n", "1e400"}, {"max_tokens", "1e400"},
      {"max_tokens", "-1"}, {"max_tokens", "1000001"}, {"max_tokens", "99999999999999999999"},
      {"max_completion_tokens", "0"}, {"max_completion_tokens", "2.5"}, {"seed", "1.5"}, {"seed", "1e400"},
      {"seed", "18446744073709551615"}, {"seed", "\"1\""}, {"logit_bias", "[]"}, {"logit_bias", R"({"x":1})"},
      {"logit_bias", R"({"1":101})"}, {"logit_bias", R"({"1":1e400})"}, {"logit_bias", R"({"1":"1"})"},
      {"response_format", R"({"type":"json_object"})"}, {"response_format", R"({"type":"json_schema"})"},
      {"response_format", R"("text")"}, {"response_format", "{}"},
  };
  for (const auto& [field, raw] : cases) {
    auto r = ParseWith(field, raw);
    ASSERT_FALSE(r.ok()) << field << ": " << raw;
    EXPECT_EQ(r.error().code, core::Code::kInvalidArgument) << field << ": " << raw;
    EXPECT_EQ(r.error().param, field) << raw << ": " << r.error().message;
  }
}

TEST(ChatRequestTest, AcceptsSamplingFieldsAtTheirBounds) {
  auto r = Parse(R"({"messages":[{"role":"user","content":"x"}],"top_p":1,"temperature":2,
      "presence_penalty":-2,"frequency_penalty":2,"stop":["a","b","c","d"],"n":1,"seed":-9223372036854775808,
      "max_completion_tokens":1000000,"logit_bias":{"50256":-100,"1":100},"response_format":{"type":"text"},
      "user":null,"max_tokens":null})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r->top_p, 1);
  EXPECT_EQ(*r->temperature, 2);
  EXPECT_EQ(*r->presence_penalty, -2);
  EXPECT_EQ(*r->frequency_penalty, 2);
  EXPECT_EQ(r->stop, (std::vector<std::string>{"a", "b", "c", "d"}));
  EXPECT_EQ(*r->seed, INT64_MIN);
  EXPECT_EQ(*r->max_tokens, kMaxTokens);
  auto one = ParseWith("stop", R"("\n\n")");
  ASSERT_TRUE(one.ok()) << one.error().message;
  EXPECT_EQ(one->stop, (std::vector<std::string>{"\n\n"}));
  auto zero = ParseWith("top_p", "0");
  ASSERT_TRUE(zero.ok());
  EXPECT_EQ(*zero->top_p, 0);
  EXPECT_FALSE(zero->temperature.has_value());
}

TEST(ChatRequestTest, LimitsMessagesAndContentSize) {
  ChatLimits limits{2, 10};
  auto many = ParseChatCompletionRequest(
      Req(R"({"messages":[{"role":"user","content":"a"},{"role":"user","content":"b"},{"role":"user","content":"c"}]})"), limits,
      auth::Principal{});
  EXPECT_FALSE(many.ok());
  auto big = ParseChatCompletionRequest(Req(R"({"messages":[{"role":"user","content":"01234567890"}]})"), limits,
                                        auth::Principal{});
  EXPECT_FALSE(big.ok());
}

TEST(ChatRequestTest, ParsesToolsToolChoiceAndToolMessages) {
  auto r = Parse(R"({"messages":[{"role":"user","content":"weather?"},
      {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
      {"role":"tool","tool_call_id":"call_1","content":"{\"c\":21}"}],
      "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather now","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],
      "tool_choice":{"type":"function","function":{"name":"get_weather"}}})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->tools.size(), 1u);
  EXPECT_EQ(r->tools[0].name, "get_weather");
  EXPECT_NE(r->tools[0].parameters_json.find("\"city\""), std::string::npos);
  EXPECT_EQ(r->tool_choice, "get_weather");
  ASSERT_EQ(r->messages[1].tool_calls.size(), 1u);
  EXPECT_EQ(r->messages[1].tool_calls[0].arguments_json, "{\"city\":\"Paris\"}");
  EXPECT_EQ(r->messages[2].tool_call_id, "call_1");
}

}  // namespace
}  // namespace contrail::server::chat
