#include "core/build_id.h"

#include <gtest/gtest.h>

#include <cctype>

namespace contrail::core {
namespace {

// The test binary is linked like contrail: it carries a GNU build id (a SHA-1, 40 hex digits).
TEST(BuildIdTest, IsTheExecutablesHexBuildIdAndStable) {
  const std::string& id = BuildId();
  ASSERT_FALSE(id.empty());
  if (id != CONTRAIL_VERSION) {
    EXPECT_GE(id.size(), 16u);
    for (char c : id) EXPECT_TRUE(std::isxdigit(static_cast<unsigned char>(c))) << id;
  }
  EXPECT_EQ(&id, &BuildId());
}

}  // namespace
}  // namespace contrail::core
