// core::log::ExceptionLogger: the completion handler of co_spawned coroutines logs what escaped.

#include "core/log.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace contrail::core::log {
namespace {

TEST(ExceptionLoggerTest, LogsTheTaskAndTheExceptionsMessage) {
  ExceptionLogger logger("valkey connection upkeep");
  testing::internal::CaptureStderr();
  logger(std::make_exception_ptr(std::runtime_error("socket exploded")));
  logger(std::make_exception_ptr(42));
  const std::string out = testing::internal::GetCapturedStderr();
  EXPECT_NE(out.find(R"("msg":"background task failed","task":"valkey connection upkeep",)"
                     R"("error":"socket exploded")"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find(R"("error":"an exception that is not a std::exception")"), std::string::npos)
      << out;
}

TEST(ExceptionLoggerTest, ANormalEndLogsNothing) {
  testing::internal::CaptureStderr();
  ExceptionLogger("http accept loop")(nullptr);
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

}  // namespace
}  // namespace contrail::core::log
