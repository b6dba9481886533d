// net/http_request_reader.h: reading one request from bytes the way the session reads it from a
// connection (the parser, limits and errors the fuzz target fuzz/net_http_request_fuzz.cc feeds).

#include "net/http_request_reader.h"

#include <gtest/gtest.h>

#include <string>

namespace contrail::net {
namespace {

constexpr RequestLimits kLimits{1024, 64};

TEST(HttpRequestReaderTest, ParsesOneRequestAndSaysWhereTheNextBegins) {
  const std::string first =
      "POST /v1/search?k=5 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "X-Request-Id: r1\r\nContent-Length: 13\r\n\r\n{\"query\":\"a\"}";
  auto parsed = ParseHttpRequest(first + "GET /healthz HTTP/1.1\r\n\r\n", kLimits);
  ASSERT_TRUE(parsed);
  ASSERT_TRUE(parsed->has_value());
  const ParsedHttpRequest& r = **parsed;
  EXPECT_EQ(r.consumed, first.size());
  EXPECT_TRUE(r.keep_alive);
  EXPECT_EQ(r.request.method, "POST");
  EXPECT_EQ(r.request.path(), "/v1/search");
  EXPECT_EQ(r.request.body, "{\"query\":\"a\"}");
  ASSERT_NE(r.request.header("x-request-id"), nullptr);  // names lower-cased
  EXPECT_EQ(*r.request.header("x-request-id"), "r1");
}

TEST(HttpRequestReaderTest, AChunkedBodyArrivesWhole) {
  auto parsed = ParseHttpRequest(
      "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
      "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
      kLimits);
  ASSERT_TRUE(parsed && parsed->has_value());
  EXPECT_EQ((*parsed)->request.body, "abcde");
  EXPECT_FALSE((*parsed)->keep_alive);
}

TEST(HttpRequestReaderTest, BytesThatEndBeforeTheRequestDoesAreNoRequest) {
  for (const char* cut : {"", "GET / HT", "GET / HTTP/1.1\r\nHost: x\r\n",
                          "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc"}) {
    auto parsed = ParseHttpRequest(cut, kLimits);
    ASSERT_TRUE(parsed) << cut;
    EXPECT_FALSE(parsed->has_value()) << cut;
  }
}

TEST(HttpRequestReaderTest, ErrorsAreTheOnesTheSessionAnswers) {
  auto too_large = ParseHttpRequest("POST / HTTP/1.1\r\nContent-Length: 65\r\n\r\n", kLimits);
  ASSERT_FALSE(too_large);
  EXPECT_EQ(too_large.error().code, core::Code::kPayloadTooLarge);
  auto chunked_too_large = ParseHttpRequest(
      "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n41\r\n" + std::string(65, 'a') + "\r\n0\r\n\r\n",
      kLimits);
  ASSERT_FALSE(chunked_too_large);
  EXPECT_EQ(chunked_too_large.error().code, core::Code::kPayloadTooLarge);
  auto headers = ParseHttpRequest("GET / HTTP/1.1\r\nX-Big: " + std::string(2000, 'a') + "\r\n\r\n", kLimits);
  ASSERT_FALSE(headers);
  EXPECT_EQ(headers.error().code, core::Code::kHeadersTooLarge);
  auto malformed = ParseHttpRequest("GET / HTTP/1.1\r\nBad Header\r\n\r\n", kLimits);
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().code, core::Code::kMalformedRequest);
  auto bad_chunk = ParseHttpRequest("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", kLimits);
  ASSERT_FALSE(bad_chunk);
  EXPECT_EQ(bad_chunk.error().code, core::Code::kMalformedRequest);
  EXPECT_NE(bad_chunk.error().message.find("malformed HTTP body"), std::string::npos);
}

TEST(HttpRequestReaderTest, AnHttp11RequestNeedsExactlyOneHost) {
  for (const char* bad : {"GET / HTTP/1.1\r\n\r\n", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
                          "GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n"}) {
    auto parsed = ParseHttpRequest(bad, kLimits);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().code, core::Code::kMalformedRequest) << bad;
    EXPECT_NE(parsed.error().message.find("Host"), std::string::npos) << bad;
  }
  auto old = ParseHttpRequest("GET / HTTP/1.0\r\n\r\n", kLimits);  // HTTP/1.0 had no Host
  ASSERT_TRUE(old && old->has_value());
}

}  // namespace
}  // namespace contrail::net
