// core/error.h: how each error code appears on the wire (HTTP status, OpenAI error type and code),
// and what a client may read of a backend's error.

#include "core/error.h"

#include <gtest/gtest.h>

namespace contrail::core {
namespace {

TEST(ErrorTest, WireTableMatchesOpenAi) {
  EXPECT_EQ(Describe(Code::kInvalidArgument).http_status, 400);
  EXPECT_STREQ(Describe(Code::kInvalidArgument).type, "invalid_request_error");
  EXPECT_EQ(Describe(Code::kModelNotFound).http_status, 404);
  EXPECT_STREQ(Describe(Code::kModelNotFound).code, "model_not_found");
  EXPECT_EQ(Describe(Code::kPayloadTooLarge).http_status, 413);
  EXPECT_EQ(Describe(Code::kUnsupportedMediaType).http_status, 415);
  EXPECT_EQ(Describe(Code::kUpstream).http_status, 502);
  EXPECT_EQ(Describe(Code::kUnavailable).http_status, 503);
  EXPECT_EQ(Describe(Code::kTimeout).http_status, 504);
}

TEST(ErrorTest, ClientMessageHidesABackendsTextBehindAGenericSentence) {
  EXPECT_EQ(ClientMessage(InvalidArgument("top_p must be a number", "top_p")), "top_p must be a number");
  Error pg = Unavailable("postgres connect: connection to server at \"10.0.0.5\", port 5432 failed");
  pg.backend = Backend::kPostgres;
  EXPECT_EQ(ClientMessage(pg), "the database is unavailable");
  pg.code = Code::kTimeout;
  EXPECT_EQ(ClientMessage(pg), "the database did not answer in time");
  pg.code = Code::kUpstream;
  EXPECT_EQ(ClientMessage(pg), "the database could not complete the request");
  Error valkey = Unavailable("valkey connect 10.0.0.6:6379: Connection refused");
  valkey.backend = Backend::kValkey;
  EXPECT_EQ(ClientMessage(valkey), "the session store is unavailable");
}

}  // namespace
}  // namespace contrail::core
