#include "memory/history.h"

#include <gtest/gtest.h>

#include "valkey/reply.h"

namespace contrail::memory {
namespace {

TEST(HistoryCodecTest, RoundTripsAnyText) {
  for (std::string text : std::vector<std::string>{"", "plain", "quote \" and \\ backslash", "new\nline\ttab\r",
                                                   "ctrl \x01\x1f", "unicode: Honolulu — 🌺 ü", "{\"json\":1}"}) {
    StoredMessage in{llm::Role::kUser, text, 1764028800123};
    auto out = DecodeMessage(EncodeMessage(in));
    ASSERT_TRUE(out.ok()) << text;
    EXPECT_EQ(out->message.role, llm::Role::kUser);
    EXPECT_EQ(out->message.content, text);
    EXPECT_EQ(out->ts, 1764028800123);
  }
}

TEST(HistoryCodecTest, ReadsOtherWritersShapes) {
  auto reordered = DecodeMessage(R"({"content":"hi \u00fc \ud83c\udf3a","role":"assistant","extra":true})");
  ASSERT_TRUE(reordered.ok());
  EXPECT_EQ(reordered->message.role, llm::Role::kAssistant);
  EXPECT_EQ(reordered->message.content, "hi \xc3\xbc \xf0\x9f\x8c\xba");
  EXPECT_EQ(reordered->ts, 0);
  auto escaped = DecodeMessage(R"({"role":"user","content":"a\/b \u0041","ts":5})");
  ASSERT_TRUE(escaped.ok());
  EXPECT_EQ(escaped->message.content, "a/b A");
  auto developer = DecodeMessage(R"({"role":"developer","content":"be brief","ts":6})");
  ASSERT_TRUE(developer.ok());
  EXPECT_EQ(developer->message.role, llm::Role::kSystem);
}

TEST(HistoryCodecTest, RejectsWhatIsNotAMessage) {
  for (const char* bad : {"", "nope", "[]", R"({"role":"user"})", R"({"role":1,"content":"x"})",
                          R"({"role":"user","content":"unterminated)", R"({"role":"robot","content":"x","ts":1})"}) {
    EXPECT_FALSE(DecodeMessage(bad).ok()) << bad;
  }
}

TEST(HistoryCodecTest, DecodeMessagesSkipsForeignElements) {
  valkey::Reply list;
  list.type = valkey::Reply::Type::kArray;
  for (std::string s : {EncodeMessage({llm::Role::kUser, "q", 1}), std::string("garbage"), EncodeMessage({llm::Role::kAssistant, "a", 2})}) {
    valkey::Reply e;
    e.type = valkey::Reply::Type::kString;
    e.str = s;
    list.elements.push_back(e);
  }
  auto messages = DecodeMessages(list);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[1].message.content, "a");
}

TEST(HistoryCodecTest, ToolCallsAndResultsRoundTrip) {
  StoredMessage call(llm::Role::kAssistant, "", 5);
  call.message.tool_calls.push_back({"call_1", "search_flights", R"({"origin":"LAX","destination":"HNL"})"});
  StoredMessage result(llm::Role::kTool, R"({"fares":[279]})", 6);
  result.message.tool_call_id = "call_1";
  EXPECT_EQ(EncodeMessage(call),
            R"({"role":"assistant","content":"","ts":5,"tool_calls":[{"id":"call_1","type":"function",)"
            R"("function":{"name":"search_flights","arguments":"{\"origin\":\"LAX\",\"destination\":\"HNL\"}"}}]})");
  auto a = DecodeMessage(EncodeMessage(call));
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(a->message.tool_calls.size(), 1u);
  EXPECT_EQ(a->message.tool_calls[0].id, "call_1");
  EXPECT_EQ(a->message.tool_calls[0].name, "search_flights");
  EXPECT_EQ(a->message.tool_calls[0].arguments_json, R"({"origin":"LAX","destination":"HNL"})");
  auto b = DecodeMessage(EncodeMessage(result));
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->message.tool_call_id, "call_1");
  EXPECT_EQ(b->message.content, R"({"fares":[279]})");
  EXPECT_EQ(b->ts, 6);
}

}  // namespace
}  // namespace contrail::memory
