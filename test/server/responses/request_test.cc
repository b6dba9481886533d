// Parsing and validating POST /v1/responses bodies: input items into the turn's messages, the
// echoed fields, and the refusals that name their field.

#include "server/responses/request.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "server/auth/principal.h"

namespace contrail::server::responses {
namespace {

core::Result<ResponsesRequest> Parse(std::string body, auth::Principal caller = {}) {
  net::HttpRequest r;
  r.method = "POST";
  r.target = "/v1/responses";
  r.body = std::move(body);
  return ParseResponsesRequest(r, chat::ChatLimits{}, caller);
}

void ExpectInvalid(std::string body, std::string_view param) {
  auto r = Parse(std::move(body));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Code::kInvalidArgument);
  EXPECT_EQ(r.error().param, param) << r.error().message;
}

TEST(ResponsesRequestTest, AStringInputIsOneUserMessageAfterTheInstructions) {
  auto r = Parse(R"({"model":"flightly-local","input":"flights to Maui","instructions":"be brief","user":"ana",
                    "temperature":0.5,"max_output_tokens":200,"metadata":{"trip":"maui"}})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->turn.messages.size(), 2u);
  EXPECT_EQ(r->turn.messages[0].role, llm::Role::kSystem);
  EXPECT_EQ(r->turn.messages[0].content, "be brief");
  EXPECT_EQ(r->turn.messages[1].role, llm::Role::kUser);
  EXPECT_EQ(r->turn.messages[1].content, "flights to Maui");
  EXPECT_TRUE(r->turn.every_message_new);
  EXPECT_TRUE(r->store);
  EXPECT_EQ(r->user, "ana");
  EXPECT_EQ(r->turn.user, "ana");
  EXPECT_TRUE(r->turn.session.empty());  // a session comes only from the chain
  EXPECT_EQ(*r->turn.max_tokens, 200);
  EXPECT_DOUBLE_EQ(*r->turn.temperature, 0.5);
  EXPECT_EQ(r->instructions_json, "\"be brief\"");
  EXPECT_EQ(r->metadata_json, R"({"trip":"maui"})");
  // The input item is listed with an id; the instructions are not an input item.
  const boost::json::value items = boost::json::parse(r->input.Json());
  ASSERT_EQ(items.as_array().size(), 1u);
  EXPECT_EQ(items.at(0).at("type"), "message");
  EXPECT_EQ(items.at(0).at("role"), "user");
  EXPECT_EQ(items.at(0).at("content").at(0).at("text"), "flights to Maui");
  EXPECT_TRUE(items.at(0).at("id").as_string().starts_with("msg_"));
}

TEST(ResponsesRequestTest, ItemsReplayAFunctionCallRoundTrip) {
  auto r = Parse(R"({"input":[
      {"role":"user","content":[{"type":"input_text","text":"weather in Paris?"}]},
      {"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},
      {"type":"function_call","call_id":"call_2","name":"get_time","arguments":"{}"},
      {"type":"function_call_output","call_id":"call_1","output":"18 C"},
      {"type":"function_call_output","call_id":"call_2","output":[{"type":"input_text","text":"noon"}]}],
      "tools":[{"type":"function","name":"get_weather","parameters":{"type":"object"}},
               {"type":"function","name":"get_time"}],
      "tool_choice":{"type":"function","name":"get_weather"}})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  const auto& m = r->turn.messages;
  ASSERT_EQ(m.size(), 4u);
  EXPECT_EQ(m[0].content, "weather in Paris?");
  EXPECT_EQ(m[1].role, llm::Role::kAssistant);  // both calls in one assistant message
  ASSERT_EQ(m[1].tool_calls.size(), 2u);
  EXPECT_EQ(m[1].tool_calls[0].id, "call_1");
  EXPECT_EQ(m[1].tool_calls[0].name, "get_weather");
  EXPECT_EQ(m[1].tool_calls[0].arguments_json, R"({"city":"Paris"})");
  EXPECT_EQ(m[2].role, llm::Role::kTool);
  EXPECT_EQ(m[2].tool_call_id, "call_1");
  EXPECT_EQ(m[3].content, "noon");
  ASSERT_EQ(r->turn.tools.size(), 2u);
  EXPECT_EQ(r->turn.tools[0].parameters_json, R"({"type":"object"})");
  EXPECT_EQ(r->turn.tool_choice, "get_weather");
  EXPECT_EQ(boost::json::parse(r->input.Json()).as_array().size(), 5u);
}

TEST(ResponsesRequestTest, AUserKeyStandsForItsUserAndNoOther) {
  auth::Principal alice;
  alice.kind = auth::KeyKind::kUser;
  alice.user = "alice";
  auto own = Parse(R"({"input":"hi"})", alice);
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own->user, "alice");
  auto other = Parse(R"({"input":"hi","user":"bob"})", alice);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, core::Code::kForbidden);
}

TEST(ResponsesRequestTest, RefusalsNameTheirField) {
  ExpectInvalid(R"({})", "input");
  ExpectInvalid(R"({"input":[]})", "input");
  ExpectInvalid(R"({"input":42})", "input");
  ExpectInvalid(R"({"input":[{"role":"tool","content":"x"}]})", "input[0].role");
  ExpectInvalid(R"({"input":[{"role":"user","content":[{"type":"input_image","image_url":"x"}]}]})", "input[0].content");
  ExpectInvalid(R"({"input":[{"type":"item_reference","id":"msg_1"}]})", "input[0].type");
  ExpectInvalid(R"({"input":[{"type":"reasoning","summary":[]}]})", "input");  // nothing the model reads
  ExpectInvalid(R"({"input":[{"type":"function_call","name":"f","arguments":"{}"}]})", "input[0].call_id");
  ExpectInvalid(R"({"input":[{"type":"function_call_output","call_id":"c"}]})", "input[0].output");
  ExpectInvalid(R"({"input":"x","tools":[{"type":"web_search"}]})", "tools[0].type");
  ExpectInvalid(R"({"input":"x","tools":[{"type":"function","name":"bad name"}]})", "tools[0].name");
  ExpectInvalid(R"({"input":"x","tool_choice":"required"})", "tool_choice");
  ExpectInvalid(R"({"input":"x","temperature":3})", "temperature");
  ExpectInvalid(R"({"input":"x","top_p":"high"})", "top_p");
  ExpectInvalid(R"({"input":"x","max_output_tokens":0})", "max_output_tokens");
  ExpectInvalid(R"({"input":"x","store":"yes"})", "store");
  ExpectInvalid(R"({"input":"x","stream":1})", "stream");
  ExpectInvalid(R"({"input":"x","previous_response_id":""})", "previous_response_id");
  ExpectInvalid(R"({"input":"x","metadata":{"k":1}})", "metadata");
  ExpectInvalid(R"({"input":"x","text":{"format":{"type":"json_schema"}}})", "text.format");
  ExpectInvalid(R"({"input":"x","background":true})", "background");
  ExpectInvalid(R"({"input":"x","user":"a/b"})", "user");
  auto not_json = Parse("{");
  ASSERT_FALSE(not_json.ok());
  EXPECT_EQ(not_json.error().code, core::Code::kInvalidArgument);
}

TEST(ResponsesRequestTest, McpToolsNameAServerAndWhichOfItsToolsNeedApproval) {
  auto r = Parse(R"({"input":"weather?","tools":[
      {"type":"mcp","server_label":"weather"},
      {"type":"mcp","server_label":"db","server_url":"http://127.0.0.1:9/mcp","require_approval":"never",
       "allowed_tools":["run_query"]},
      {"type":"mcp","server_label":"docs","allowed_tools":{"tool_names":["a","b"],"read_only":true},
       "require_approval":{"never":{"tool_names":["a"]}}},
      {"type":"function","name":"local"}],"tool_choice":"required"})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->mcp_tools.size(), 3u);
  const McpToolRequest& weather = r->mcp_tools[0];
  EXPECT_EQ(weather.server_label, "weather");
  EXPECT_TRUE(weather.approve_all);  // OpenAI's default: every call waits for approval
  EXPECT_FALSE(weather.allowed.has_value());
  EXPECT_EQ(weather.param, "tools[0]");
  EXPECT_EQ(r->mcp_tools[1].server_url, "http://127.0.0.1:9/mcp");
  EXPECT_FALSE(r->mcp_tools[1].approve_all);
  EXPECT_EQ(*r->mcp_tools[1].allowed, std::vector<std::string>{"run_query"});
  EXPECT_EQ(*r->mcp_tools[2].allowed, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(r->mcp_tools[2].read_only);
  EXPECT_TRUE(r->mcp_tools[2].approve_all);
  EXPECT_EQ(r->mcp_tools[2].never, std::vector<std::string>{"a"});
  ASSERT_EQ(r->turn.tools.size(), 1u);  // the function tool is the client's; mcp tools are not
  EXPECT_EQ(boost::json::parse(r->tools_json).as_array().size(), 4u);  // echoed as sent

  ExpectInvalid(R"({"input":"x","tools":[{"type":"mcp"}]})", "tools[0].server_label");
  ExpectInvalid(R"({"input":"x","tools":[{"type":"mcp","server_label":"a b"}]})", "tools[0].server_label");
  ExpectInvalid(R"({"input":"x","tools":[{"type":"mcp","server_label":"w","headers":{"Authorization":"x"}}]})",
                "tools[0].headers");
  ExpectInvalid(R"({"input":"x","tools":[{"type":"mcp","server_label":"w","connector_id":"c"}]})", "tools[0].connector_id");
  ExpectInvalid(R"({"input":"x","tools":[{"type":"mcp","server_label":"w","server_url":7}]})", "tools[0].server_url");
  ExpectInvalid(R"({"input":"x","tools":[{"type":"mcp","server_label":"w","allowed_tools":"all"}]})",
                "tools[0].allowed_tools");
  ExpectInvalid(R"({"input":"x","tools":[{"type":"mcp","server_label":"w","allowed_tools":[1]}]})",
                "tools[0].allowed_tools");
  ExpectInvalid(R"({"input":"x","tools":[{"type":"mcp","server_label":"w","require_approval":"sometimes"}]})",
                "tools[0].require_approval");
  ExpectInvalid(R"({"input":"x","tools":[{"type":"mcp","server_label":"w","require_approval":{"never":["a"]}}]})",
                "tools[0].require_approval.never");
}

TEST(ResponsesRequestTest, AnApprovalResponseIsTheHeldCallsResultToFillIn) {
  auto r = Parse(R"({"previous_response_id":"resp_0123456789abcdef_s1","input":[
      {"type":"mcp_approval_response","approval_request_id":"mcpr_call_1","approve":true},
      {"type":"mcp_approval_response","approval_request_id":"mcpr_call_2","approve":false},
      {"type":"mcp_list_tools","id":"mcpl_1","server_label":"w","tools":[]}],
      "instructions":"be brief"})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->input.approvals.size(), 2u);
  EXPECT_EQ(r->input.approvals[0].request_id, "mcpr_call_1");
  EXPECT_TRUE(r->input.approvals[0].approve);
  EXPECT_FALSE(r->input.approvals[1].approve);
  EXPECT_EQ(r->input.approvals[1].param, "input[1]");
  // Each is a tool message for its call, after the instructions, empty until the call runs.
  ASSERT_EQ(r->turn.messages.size(), 3u);
  const llm::Message& first = r->turn.messages[1 + r->input.approvals[0].message];
  EXPECT_EQ(first.role, llm::Role::kTool);
  EXPECT_EQ(first.tool_call_id, "call_1");
  EXPECT_EQ(r->turn.messages[1 + r->input.approvals[1].message].tool_call_id, "call_2");
  const boost::json::value items = boost::json::parse(r->input.Json());
  ASSERT_EQ(items.as_array().size(), 2u);  // a replayed mcp_list_tools is nothing the model reads
  EXPECT_EQ(items.at(0).at("type"), "mcp_approval_response");
  EXPECT_EQ(items.at(0).at("approval_request_id"), "mcpr_call_1");

  ExpectInvalid(R"({"input":[{"type":"mcp_approval_response","approval_request_id":"call_1","approve":true}]})",
                "input[0].approval_request_id");
  ExpectInvalid(R"({"input":[{"type":"mcp_approval_response","approval_request_id":"mcpr_1","approve":"yes"}]})",
                "input[0].approve");
}

TEST(ResponsesRequestTest, AConversationIsAnIdOrAnObjectWithOne) {
  auto named = Parse(R"({"input":"hi","conversation":"conv_0123456789abcdef01234567"})");
  ASSERT_TRUE(named.ok()) << named.error().message;
  EXPECT_EQ(named->conversation, "conv_0123456789abcdef01234567");
  auto object = Parse(R"({"input":"hi","conversation":{"id":"conv_0123456789abcdef01234567"}})");
  ASSERT_TRUE(object.ok());
  EXPECT_EQ(object->conversation, "conv_0123456789abcdef01234567");
  ExpectInvalid(R"({"input":"x","conversation":"trip"})", "conversation");
  ExpectInvalid(R"({"input":"x","conversation":{"id":7}})", "conversation");
  ExpectInvalid(R"({"input":"x","conversation":"conv_0123456789abcdef01234567","previous_response_id":"resp_1"})",
                "previous_response_id");
}

TEST(ResponsesRequestTest, TooManyItemsOrTooLongAMessageIsRefused) {
  std::string many = R"({"input":[)";
  for (int i = 0; i < 300; ++i) many += std::string(i ? "," : "") + R"({"role":"user","content":"x"})";
  ExpectInvalid(many + "]}", "input");
  ExpectInvalid(R"({"input":")" + std::string(70 * 1024, 'a') + R"("})", "input");
}

}  // namespace
}  // namespace contrail::server::responses
