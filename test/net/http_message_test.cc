// net/http_message.h: percent-decoding, and a request's path, query parameters and headers.

#include "net/http_message.h"

#include <gtest/gtest.h>

#include <string>

namespace contrail::net {
namespace {

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
