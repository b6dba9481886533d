// The error responses of the HTTP edge: status, body and the headers that go with them.

#include "server/respond.h"

#include <gtest/gtest.h>

namespace contrail::server {
namespace {

const std::string* Header(const net::HttpResponse& r, std::string_view name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return &v;
  }
  return nullptr;
}

TEST(ErrorResponseTest, A503ThatKnowsWhenToComeBackSaysSoInWholeSeconds) {
  core::Error refused = core::Unavailable("queue full");
  refused.retry_after_ms = 1'200;
  net::HttpResponse r = ErrorResponse(refused);
  EXPECT_EQ(r.status, 503);
  ASSERT_NE(Header(r, "Retry-After"), nullptr);
  EXPECT_EQ(*Header(r, "Retry-After"), "2");
  EXPECT_EQ(Header(ErrorResponse(core::Unavailable("down")), "Retry-After"), nullptr) << "unsaid: no header";
}

TEST(ErrorResponseTest, A502KeepsTheProvidersRetryAfterToItself) {
  core::Error upstream = core::Upstream("provider answered 500");
  upstream.retry_after_ms = 5'000;
  net::HttpResponse r = ErrorResponse(upstream);
  EXPECT_EQ(r.status, 502);
  EXPECT_EQ(Header(r, "Retry-After"), nullptr);
}

}  // namespace
}  // namespace contrail::server
