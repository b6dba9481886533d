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

TEST(ErrorResponseTest, ABackendsErrorShowsAGenericMessageAndKeepsItsTextForTheLog) {
  core::Error pg = core::Unavailable("postgres connect: connection to server at \"10.1.2.3\", port 5433 failed");
  pg.backend = core::Backend::kPostgres;
  net::HttpResponse r = ErrorResponse(pg);
  EXPECT_EQ(r.status, 503);
  EXPECT_NE(r.body.find("the database is unavailable"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("10.1.2.3"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("5433"), std::string::npos) << r.body;
  EXPECT_EQ(r.log_detail, pg.message);
  EXPECT_TRUE(ErrorResponse(core::Unavailable("provider down")).log_detail.empty()) << "shown, so not repeated";
}

TEST(ErrorResponseTest, AServerSideMessageIsRedactedAndAClientOneIsNot) {
  const std::string key = "sk-live-0123456789abcdefABCDEF";
  EXPECT_EQ(ErrorJson(core::Upstream("provider answered 401: bad key " + key)).find(key), std::string::npos);
  EXPECT_NE(ErrorJson(core::InvalidArgument("model " + key + " not found")).find(key), std::string::npos)
      << "a 400 quotes only what the client sent";
}

}  // namespace
}  // namespace contrail::server
