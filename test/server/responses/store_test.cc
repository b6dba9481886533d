// Response ids that name their chain's session, the record's messages, and the response object.

#include "server/responses/store.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "server/responses/response_json.h"

namespace contrail::server::responses {
namespace {

TEST(ResponseIdTest, AnIdNamesItsChainsSession) {
  const std::string session = NewChainSession();
  EXPECT_TRUE(session.starts_with("resp-"));
  const std::string id = NewResponseId(session, "req-1");
  EXPECT_TRUE(id.starts_with("resp_"));
  EXPECT_EQ(SessionOf(id), session);
  EXPECT_NE(NewResponseId(session, "req-1"), id);  // the same request id: still another id
  EXPECT_EQ(SessionOf(NewResponseId("trip_1", "req-1")), "trip_1");
}

TEST(ResponseIdTest, AnIdTellsWhetherASessionsLastTurnMadeIt) {
  const std::string id = NewResponseId("s1", "req-7f3a");
  EXPECT_TRUE(IsTurnOf(id, "req-7f3a"));
  EXPECT_FALSE(IsTurnOf(id, "req-7f3b"));
  EXPECT_FALSE(IsTurnOf("not-an-id", "req-7f3a"));
  EXPECT_EQ(LastTurnRequestId("1700000000000 req-7f3a"), "req-7f3a");
  EXPECT_EQ(LastTurnRequestId("req-7f3a"), "req-7f3a");  // a value without the time
}

TEST(ResponseIdTest, AnythingElseNamesNoSession) {
  for (std::string_view bad : {"", "resp_", "resp_0123456789abcdef", "resp_0123456789abcdef_", "resp_0123456789ABCDEF_s",
                               "resp_0123456789abcde_s1", "chatcmpl-1", "resp_0123456789abcdef-s1",
                               "resp_0123456789abcdef_a/b", "resp_0123456789abcdef_{u:x}"}) {
    EXPECT_EQ(SessionOf(bad), "") << bad;
  }
}

TEST(ResponseRecordTest, ATurnsMessagesComeBackFromItsInputItemsAndOutput) {
  const std::string input = R"([
      {"type":"message","id":"msg_1","role":"system","content":[{"type":"input_text","text":"be brief"}]},
      {"type":"message","id":"msg_2","role":"user","content":[{"type":"input_text","text":"two\nlines"}]},
      {"type":"function_call","id":"fc_1","call_id":"call_1","name":"get_weather","arguments":"{}"},
      {"type":"function_call","id":"fc_2","call_id":"call_2","name":"get_time","arguments":"{}"},
      {"type":"function_call_output","id":"fco_1","call_id":"call_1","output":"18 C"}])";
  const std::string body = R"({"id":"resp_x","created_at":1700000000,"output":[
      {"type":"message","id":"msg_3","role":"assistant","content":[{"type":"output_text","text":"Sunny.","annotations":[]}]},
      {"type":"function_call","id":"fc_3","call_id":"call_3","name":"search_flights","arguments":"{\"to\":\"OGG\"}"}]})";
  const std::vector<memory::StoredMessage> m = MessagesOf(input, body);
  ASSERT_EQ(m.size(), 4u);  // the system message is not history
  EXPECT_EQ(m[0].message.role, llm::Role::kUser);
  EXPECT_EQ(m[0].message.content, "two\nlines");
  EXPECT_EQ(m[0].ts, 1700000000000);
  ASSERT_EQ(m[1].message.tool_calls.size(), 2u);  // consecutive calls: one assistant message
  EXPECT_EQ(m[1].message.tool_calls[1].id, "call_2");
  EXPECT_EQ(m[2].message.role, llm::Role::kTool);
  EXPECT_EQ(m[2].message.tool_call_id, "call_1");
  EXPECT_EQ(m[2].message.content, "18 C");
  EXPECT_EQ(m[3].message.role, llm::Role::kAssistant);  // the output: its text and its call
  EXPECT_EQ(m[3].message.content, "Sunny.");
  ASSERT_EQ(m[3].message.tool_calls.size(), 1u);
  EXPECT_EQ(m[3].message.tool_calls[0].arguments_json, R"({"to":"OGG"})");
  EXPECT_TRUE(MessagesOf("[]", "not json").empty());
}

TEST(ResponseRecordTest, HeldMcpCallsAndTheApprovedCallsThatRanAreHistoryTheModelsStepsAreNot) {
  // The first response held a call for approval; the second ran it first, then answered.
  const std::string held = R"({"created_at":1,"output":[
      {"type":"mcp_list_tools","id":"mcpl_1","server_label":"w","tools":[]},
      {"type":"mcp_approval_request","id":"mcpr_call_1","server_label":"w","name":"get_weather","arguments":"{}"}]})";
  const std::vector<memory::StoredMessage> asked = MessagesOf(R"([{"role":"user","content":"weather?"}])", held);
  ASSERT_EQ(asked.size(), 2u);
  ASSERT_EQ(asked[1].message.tool_calls.size(), 1u);
  EXPECT_EQ(asked[1].message.tool_calls[0].id, "call_1");
  EXPECT_EQ(asked[1].message.tool_calls[0].name, "get_weather");
  const std::string ran = R"({"created_at":2,"output":[
      {"type":"mcp_call","id":"mcp_1","server_label":"w","name":"get_weather","arguments":"{}","output":"sunny",
       "error":null,"approval_request_id":"mcpr_call_1","status":"completed"},
      {"type":"mcp_call","id":"mcp_2","server_label":"w","name":"get_weather","arguments":"{}","output":"rain",
       "error":null,"approval_request_id":null,"status":"completed"},
      {"type":"message","id":"msg_1","role":"assistant","content":[{"type":"output_text","text":"Sunny."}]}]})";
  const std::vector<memory::StoredMessage> answered =
      MessagesOf(R"([{"type":"mcp_approval_response","id":"mcpa_1","approval_request_id":"mcpr_call_1","approve":true}])", ran);
  ASSERT_EQ(answered.size(), 2u);
  EXPECT_EQ(answered[0].message.role, llm::Role::kTool);
  EXPECT_EQ(answered[0].message.tool_call_id, "call_1");
  EXPECT_EQ(answered[0].message.content, "sunny");
  EXPECT_EQ(answered[1].message.content, "Sunny.");
}

TEST(ResponseRecordTest, AStepsInterimTextIsNotHistoryTheAnswerIs) {
  const std::string body = R"({"created_at":1,"output":[
      {"id":"msg_1","type":"message","role":"assistant","content":[{"type":"output_text","text":"Let me check."}]},
      {"type":"mcp_call","id":"mcp_1","server_label":"w","name":"get_weather","arguments":"{}","output":"sunny",
       "error":null,"approval_request_id":null,"status":"completed"},
      {"id":"msg_2","type":"message","role":"assistant","content":[{"type":"output_text","text":"Sunny."}]}]})";
  const std::vector<memory::StoredMessage> m = MessagesOf(R"([{"role":"user","content":"weather?"}])", body);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[1].message.content, "Sunny.");
}

TEST(ResponseJsonTest, AStreamsInterimMessageIsListedBeforeItsStepsCalls) {
  ResponsesRequest request;
  const ResponseHead head{"resp_x", 1700000000, "m", &request};
  llm::ChatResult result;
  result.content = "Sunny.";
  const std::vector<llm::Source> sources;
  const std::vector<agent::ToolRun> runs = {{2, 0, {"c2", "get_weather", "{}"}, {}, 0},
                                            {1, 0, {"c1", "get_weather", "{}"}, {}, 0}};
  const chat::TurnOutcome outcome{result, sources, {}, {}, runs, false};
  OutputIds ids;
  const std::string first = ids.message();
  ids.CloseInterim(1, "Let me check.");
  const std::vector<std::string> items = OutputItems(outcome, nullptr, ids);
  ASSERT_EQ(items.size(), 4u);
  EXPECT_NE(items[0].find("Let me check."), std::string::npos);
  EXPECT_NE(items[0].find(first), std::string::npos);
  EXPECT_NE(items[1].find(R"("type":"mcp_call")"), std::string::npos);
  EXPECT_NE(items[2].find(R"("type":"mcp_call")"), std::string::npos);
  EXPECT_NE(items[3].find("Sunny."), std::string::npos);
  EXPECT_EQ(items[3].find(first), std::string::npos) << "the answer is another message";
}

TEST(ResponseRecordTest, StoredInItsChainsHashUnderTheUsersHashTagWithTheSessionsTtl) {
  ResponseRecord record{"{}", "[]", "req1", "", "state"};
  const auto commands = StoreCommands("ana", "resp_0123456789abcdef_s1", record, 3600);
  // A field of the chain's hash (no key per response): the fields as "LEN:BYTES" in one string
  // (compacted: record_codec.h); the hash gets the session's TTL again.
  ASSERT_EQ(commands.size(), 2u);
  EXPECT_EQ(commands[0], (std::vector<std::string>{"HSET", "{u:ana}:responses:s1", "resp_0123456789abcdef_s1",
                                                   "~2:{}2:[]4:req10:5:state"}));
  EXPECT_EQ(commands[1], (std::vector<std::string>{"EXPIRE", "{u:ana}:responses:s1", "3600"}));
  EXPECT_EQ(ChainRecordsKey("ana", "resp-0123"), "{u:ana}:responses:resp-0123");
}

TEST(ResponseJsonTest, TheObjectHasTheOutputItemsUsageAndTheEchoedRequest) {
  ResponsesRequest request;
  request.user = "ana";
  request.user_json = "\"ana\"";
  request.previous_response_id = "resp_0123456789abcdef_s1";
  request.max_output_tokens = 100;
  const ResponseHead head{"resp_x", 1700000000, "flightly-local", &request};
  llm::ChatResult result;
  result.content = "Here you go.";
  result.tool_calls.push_back({"call_1", "search_flights", R"({"to":"OGG"})"});
  result.usage.prompt_tokens = 10;
  result.usage.completion_tokens = 5;
  std::vector<llm::Source> sources;
  const chat::TurnOutcome outcome{result, sources, {}, {}, {}, false};
  OutputIds ids;
  const boost::json::value r = boost::json::parse(ResponseJson(head, "completed", &outcome, ids));
  EXPECT_EQ(r.at("object"), "response");
  EXPECT_EQ(r.at("status"), "completed");
  EXPECT_EQ(r.at("model"), "flightly-local");
  EXPECT_EQ(r.at("previous_response_id"), "resp_0123456789abcdef_s1");
  EXPECT_EQ(r.at("max_output_tokens"), 100);
  EXPECT_EQ(r.at("store"), true);
  const auto& output = r.at("output").as_array();
  ASSERT_EQ(output.size(), 2u);
  EXPECT_EQ(output[0].at("type"), "message");
  EXPECT_EQ(output[0].at("id").as_string(), ids.message());
  EXPECT_EQ(output[0].at("content").at(0).at("text"), "Here you go.");
  EXPECT_EQ(output[1].at("type"), "function_call");
  EXPECT_EQ(output[1].at("call_id"), "call_1");
  EXPECT_EQ(output[1].at("id").as_string(), ids.call(0));
  EXPECT_EQ(r.at("usage").at("input_tokens"), 10);
  EXPECT_EQ(r.at("usage").at("output_tokens"), 5);
  EXPECT_EQ(r.at("usage").at("total_tokens"), 15);
  EXPECT_FALSE(r.as_object().contains("contrail"));
  // Without a user nothing is stored, and the object says so.
  request.user.clear();
  EXPECT_EQ(boost::json::parse(ResponseJson(head, "in_progress", nullptr, ids)).at("store"), false);
}

TEST(ResponseJsonTest, AStreamEventIsTypedAndNumbered) {
  const std::string event = StreamEvent("response.output_text.delta", 7, [](core::JsonWriter& w) {
    w.Key("delta").String("a\nb");
  });
  ASSERT_TRUE(event.starts_with("event: response.output_text.delta\ndata: "));
  ASSERT_TRUE(event.ends_with("\n\n"));
  const std::string data = event.substr(event.find("data: ") + 6);
  EXPECT_EQ(data.find('\n'), data.size() - 2);  // one data line
  const boost::json::value v = boost::json::parse(data);
  EXPECT_EQ(v.at("type"), "response.output_text.delta");
  EXPECT_EQ(v.at("sequence_number"), 7);
  EXPECT_EQ(v.at("delta"), "a\nb");
}

}  // namespace
}  // namespace contrail::server::responses
