#include "net/sse.h"

#include <gtest/gtest.h>

#include "net/http_message.h"
#include "net/url.h"

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

TEST(UrlTest, ParsesSchemesHostsPortsAndTargets) {
  auto u = Url::Parse("https://api.example.com/v1");
  ASSERT_TRUE(u.ok());
  EXPECT_TRUE(u->tls);
  EXPECT_EQ(u->host, "api.example.com");
  EXPECT_EQ(u->port, "443");
  EXPECT_EQ(u->target, "/v1");
  auto v = Url::Parse("http://127.0.0.1:8080");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->port, "8080");
  EXPECT_EQ(v->target, "/");
  auto w = Url::Parse("http://[::1]:9/x?y=1");
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->host, "::1");
  EXPECT_EQ(w->port, "9");
  EXPECT_EQ(w->target, "/x?y=1");
  for (const char* bad : {"ftp://x", "http://", "http://h:port/", "http://u:p@h/", "x"}) {
    EXPECT_FALSE(Url::Parse(bad).ok()) << bad;
  }
  EXPECT_EQ(Url::Join("http://h/v1/", "/chat/completions"), "http://h/v1/chat/completions");
}

TEST(UrlDecodeTest, DecodesAndRejectsBadEscapes) {
  std::string out;
  ASSERT_TRUE(UrlDecode("a%20b+c%2F", out));
  EXPECT_EQ(out, "a b c/");
  EXPECT_FALSE(UrlDecode("a%2", out));
  EXPECT_FALSE(UrlDecode("a%zz", out));
  EXPECT_FALSE(UrlDecode("%", out));
}

TEST(HttpRequestTest, QueryParamsAndHeaders) {
  HttpRequest r;
  r.target = "/v1/sessions/s/messages?user=a%3Ab&x";
  r.headers = {{"x-user-id", "u"}};
  std::string v;
  ASSERT_TRUE(r.query_param("user", v));
  EXPECT_EQ(v, "a:b");
  ASSERT_TRUE(r.query_param("x", v));
  EXPECT_EQ(v, "");
  EXPECT_FALSE(r.query_param("y", v));
  EXPECT_EQ(r.path(), "/v1/sessions/s/messages");
  ASSERT_NE(r.header("x-user-id"), nullptr);
  EXPECT_EQ(r.header("x-other"), nullptr);
}

}  // namespace
}  // namespace contrail::net
