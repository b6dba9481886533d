#include "memory/history.h"

#include <gtest/gtest.h>

#include "valkey/reply.h"

namespace contrail::memory {
namespace {

TEST(HistoryCodecTest, RoundTripsAnyText) {
  for (std::string text : std::vector<std::string>{"", "plain", "quote \" and \\ backslash", "new\nline\ttab\r",
                                                   "ctrl \x01\x1f", "unicode: Honolulu — 🌺 ü", "{\"json\":1}"}) {
    StoredMessage in{"user", text, 1764028800123};
    auto out = DecodeMessage(EncodeMessage(in));
    ASSERT_TRUE(out.ok()) << text;
    EXPECT_EQ(out->role, "user");
    EXPECT_EQ(out->content, text);
    EXPECT_EQ(out->ts, 1764028800123);
  }
}

TEST(HistoryCodecTest, ReadsOtherWritersShapes) {
  auto reordered = DecodeMessage(R"({"content":"hi \u00fc \ud83c\udf3a","role":"assistant","extra":true})");
  ASSERT_TRUE(reordered.ok());
  EXPECT_EQ(reordered->role, "assistant");
  EXPECT_EQ(reordered->content, "hi \xc3\xbc \xf0\x9f\x8c\xba");
  EXPECT_EQ(reordered->ts, 0);
  auto escaped = DecodeMessage(R"({"role":"user","content":"a\/b \u0041","ts":5})");
  ASSERT_TRUE(escaped.ok());
  EXPECT_EQ(escaped->content, "a/b A");
}

TEST(HistoryCodecTest, RejectsWhatIsNotAMessage) {
  for (const char* bad : {"", "nope", "[]", R"({"role":"user"})", R"({"role":1,"content":"x"})",
                          R"({"role":"user","content":"unterminated)"}) {
    EXPECT_FALSE(DecodeMessage(bad).ok()) << bad;
  }
}

TEST(HistoryCodecTest, DecodeMessagesSkipsForeignElements) {
  valkey::Reply list;
  list.type = valkey::Reply::Type::kArray;
  for (std::string s : {EncodeMessage({"user", "q", 1}), std::string("garbage"), EncodeMessage({"assistant", "a", 2})}) {
    valkey::Reply e;
    e.type = valkey::Reply::Type::kString;
    e.str = s;
    list.elements.push_back(e);
  }
  auto messages = DecodeMessages(list);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[1].content, "a");
}

}  // namespace
}  // namespace contrail::memory

namespace contrail::memory {
namespace {

TEST(HistoryCodec, ToolCallsAndResultsRoundTrip) {
  StoredMessage call("assistant", "", 5);
  call.tool_calls.push_back({"call_1", "search_flights", R"({"origin":"LAX","destination":"HNL"})"});
  StoredMessage result("tool", R"({"fares":[279]})", 6);
  result.tool_call_id = "call_1";
  auto a = DecodeMessage(EncodeMessage(call));
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(a->tool_calls.size(), 1u);
  EXPECT_EQ(a->tool_calls[0].id, "call_1");
  EXPECT_EQ(a->tool_calls[0].name, "search_flights");
  EXPECT_EQ(a->tool_calls[0].arguments_json, R"({"origin":"LAX","destination":"HNL"})");
  auto b = DecodeMessage(EncodeMessage(result));
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->tool_call_id, "call_1");
  EXPECT_EQ(b->content, R"({"fares":[279]})");
  EXPECT_EQ(b->ts, 6);
}

}  // namespace
}  // namespace contrail::memory
