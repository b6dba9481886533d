// core/ids.h: which user-supplied ids are accepted into Valkey keys and SQL parameters.

#include "core/ids.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace contrail::core {
namespace {

TEST(IdsTest, AcceptsTheDocumentedCharset) {
  EXPECT_TRUE(IsValidId("user-1"));
  EXPECT_TRUE(IsValidId("a.b:c_d-E9"));
  EXPECT_TRUE(IsValidId(std::string(128, 'x')));
}

TEST(IdsTest, RejectsKeyInjectionAndOddInput) {
  for (std::string bad : std::vector<std::string>{"", "a}:profile", "*", "../x", "a b", "a\r\nb", "{u:x}", "é",
                          std::string(129, 'x'), std::string("a\0b", 3), "a/b", "a?b"}) {
    EXPECT_FALSE(IsValidId(bad)) << bad;
  }
  Status s = CheckId("a}", "user", "user");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, Code::kInvalidArgument);
  EXPECT_EQ(s.error().param, "user");
}

}  // namespace
}  // namespace contrail::core
