// core/error.h: how each error code appears on the wire (HTTP status, OpenAI error type and code).

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

}  // namespace
}  // namespace contrail::core
