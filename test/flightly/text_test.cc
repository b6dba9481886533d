#include "flightly/text.h"

#include <gtest/gtest.h>

#include <string>

namespace contrail::flightly {
namespace {

TEST(TokensTest, LowercasesAndKeepsNumberFacts) {
  Tokens t("Flights from LAS under $1,500 on the 14th? What's up, Kaua\xE2\x80\x99i");
  ASSERT_EQ(t.size(), 11u);
  EXPECT_EQ(t.text(0), "flights");
  EXPECT_TRUE(t[0].capital);
  EXPECT_TRUE(t[2].upper);
  EXPECT_EQ(t.text(3), "under");
  EXPECT_EQ(t[4].number, 1500);
  EXPECT_TRUE(t[4].dollar);
  EXPECT_EQ(t[7].number, 14);
  EXPECT_EQ(t.text(8), "whats");
  EXPECT_EQ(t.text(10), "kauai");
  EXPECT_EQ(t.text(11), "");
  EXPECT_EQ(t.number(99), -1);
}

TEST(TokensTest, SeparatorRecordsDashesAndSlashes) {
  Tokens t("2026-03-14 3/14 8-year-old");
  ASSERT_EQ(t.size(), 8u);
  EXPECT_EQ(t[1].separator, '-');
  EXPECT_EQ(t[4].separator, '/');
  EXPECT_EQ(t[6].separator, '-');
  EXPECT_EQ(t[7].separator, '-');
  EXPECT_EQ(t[3].separator, ' ');
}

TEST(TokensTest, CapsLongInput) {
  std::string big(Tokens::kMaxBytes * 4, 'a');
  for (std::size_t i = 0; i < big.size(); i += 8) big[i] = ' ';
  Tokens t(big);
  EXPECT_LE(t.size(), Tokens::kMaxBytes / 8 + 1);
}

}  // namespace
}  // namespace contrail::flightly
