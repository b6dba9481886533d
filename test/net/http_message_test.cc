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
  EXPECT_EQ(r.QueryParam("user").value(), "a:b");
  EXPECT_EQ(r.QueryParam("x").value(), "");
  EXPECT_EQ(r.QueryParam("y").value(), std::nullopt);
  EXPECT_EQ(r.path(), "/v1/sessions/s/messages");
  ASSERT_NE(r.header("x-user-id"), nullptr);
  EXPECT_EQ(r.header("x-other"), nullptr);
  EXPECT_EQ(*r.SingleHeader("x-user-id").value(), "u");
  EXPECT_EQ(r.SingleHeader("x-other").value(), nullptr);
}

TEST(HttpRequestTest, AmbiguousOrBadlyEscapedIdentityIsAnError) {
  HttpRequest r;
  r.target = "/v1/x?user=%ZZ&session=a&session=b";
  r.headers = {{"x-user-id", "alice"}, {"x-user-id", "bob"}};
  auto bad = r.QueryParam("user");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().param, "user");
  EXPECT_FALSE(r.QueryParam("session").ok()) << "given twice";
  auto twice = r.SingleHeader("x-user-id");
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().param, "x-user-id");
}

}  // namespace
}  // namespace contrail::net
