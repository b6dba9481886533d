// net/url.h: parsing http(s) URLs into scheme, host, port and target, and joining paths.

#include "net/url.h"

#include <gtest/gtest.h>

namespace contrail::net {
namespace {

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

}  // namespace
}  // namespace contrail::net
