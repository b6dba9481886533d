// net/sse.h: formatting Server-Sent Events and parsing them from a stream split anywhere.

#include "net/sse.h"

#include <gtest/gtest.h>

namespace contrail::net {
namespace {

TEST(SseTest, FormatsMultiLinePayloads) {
  EXPECT_EQ(SseData("{}"), "data: {}\n\n");
  EXPECT_EQ(SseData("a\nb"), "data: a\ndata: b\n\n");
}

TEST(SseParserTest, ParsesEventsSplitAtEveryByte) {
  const std::string wire = ": comment\r\nevent: delta\r\ndata: {\"a\":1}\r\n\r\ndata: x\ndata: y\n\ndata: [DONE]\n\n";
  for (std::size_t split = 0; split <= wire.size(); ++split) {
    SseParser p;
    std::vector<SseEvent> events;
    ASSERT_TRUE(p.Feed(std::string_view(wire).substr(0, split), events));
    ASSERT_TRUE(p.Feed(std::string_view(wire).substr(split), events));
    ASSERT_EQ(events.size(), 3u) << "split " << split;
    EXPECT_EQ(events[0].event, "delta");
    EXPECT_EQ(events[0].data, "{\"a\":1}");
    EXPECT_EQ(events[1].event, "message");
    EXPECT_EQ(events[1].data, "x\ny");
    EXPECT_EQ(events[2].data, "[DONE]");
  }
}

TEST(SseParserTest, IgnoresBlankLinesWithoutData) {
  SseParser p;
  std::vector<SseEvent> events;
  ASSERT_TRUE(p.Feed("\n\nid: 3\n\n", events));
  EXPECT_TRUE(events.empty());
}

}  // namespace
}  // namespace contrail::net
