// pg/vector.h: pgvector's binary and text wire forms, encoded and decoded without a database.

#include "pg/vector.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace contrail::pg {
namespace {

TEST(VectorCodecTest, BinaryRoundTrip) {
  std::vector<float> v = {1.0f, -2.5f, 0.1f, 3.4e38f};
  std::string bytes = EncodeVectorBinary(v);
  ASSERT_EQ(bytes.size(), 4u + 16u);
  EXPECT_EQ(bytes.substr(0, 4), std::string("\0\4\0\0", 4));  // dim 4, unused 0, big-endian
  EXPECT_EQ(bytes.substr(4, 4), std::string("\x3f\x80\0\0", 4));  // 1.0f
  auto back = DecodeVectorBinary(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, v);
  EXPECT_FALSE(DecodeVectorBinary(bytes.substr(0, 10)));
  EXPECT_FALSE(DecodeVectorBinary("ab"));
}

TEST(VectorCodecTest, TextRoundTripAndBadInput) {
  std::vector<float> v = {1.0f, -2.5f, 0.1f};
  EXPECT_EQ(VectorText(v), "[1,-2.5,0.1]");
  auto back = ParseVectorText(" [1, -2.5 ,+0.1] ");
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, v);
  auto empty = ParseVectorText("[]");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
  for (const char* bad : {"", "1,2", "[1,2", "[1,,2]", "[1 2]", "[a]", "[1]x"}) {
    EXPECT_FALSE(ParseVectorText(bad)) << bad;
  }
}

}  // namespace
}  // namespace contrail::pg
