// core/text.h: UTF-8 prefixes.

#include "core/text.h"

#include <gtest/gtest.h>

#include <string>

namespace contrail::core {
namespace {

TEST(TextTest, Utf8PrefixNeverEndsInsideACharacter) {
  const std::string text = "Canc\xC3\xBAn \xE2\x80\x94 ok";  // "Cancún — ok": ú is 2 bytes, — is 3
  EXPECT_EQ(Utf8Prefix(text, 100), text);
  EXPECT_EQ(Utf8Prefix(text, text.size()), text);
  EXPECT_EQ(Utf8Prefix(text, 4), "Canc");
  EXPECT_EQ(Utf8Prefix(text, 5), "Canc");           // inside ú: before it
  EXPECT_EQ(Utf8Prefix(text, 6), "Canc\xC3\xBA");   // after it
  EXPECT_EQ(Utf8Prefix(text, 9), "Canc\xC3\xBAn ");  // inside —
  EXPECT_EQ(Utf8Prefix(text, 0), "");
  EXPECT_EQ(Utf8Prefix("\x80\x80\x80", 2), "");       // not UTF-8: nothing whole to keep
  for (std::size_t n = 0; n <= text.size(); ++n) EXPECT_TRUE(IsValidUtf8(Utf8Prefix(text, n))) << n;
}

}  // namespace
}  // namespace contrail::core
