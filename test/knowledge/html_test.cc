// knowledge/html.h: decoding entities.

#include "knowledge/html.h"

#include <gtest/gtest.h>

namespace contrail::knowledge {
namespace {

TEST(HtmlTest, NamedAndNumericEntitiesDecodeToUtf8) {
  EXPECT_EQ(DecodeEntities("Caf&eacute; &amp; bar &#8212; &#x1F950; &bogus; &#x41"),
            "Caf\u00e9 & bar \u2014 \U0001F950 &bogus; &#x41");
}

// Found by fuzz/knowledge_document_fuzz.cc: "&#xD800;" became the bytes ED A0 80, which are not
// UTF-8 (PostgreSQL refuses the chunk), and "&#-1;" vanished.
TEST(HtmlTest, ANumericReferenceToNoCharacterBecomesTheReplacementCharacter) {
  EXPECT_EQ(DecodeEntities("a&#xD800;b&#57343;c"), "a\uFFFDb\uFFFDc");
  EXPECT_EQ(DecodeEntities("&#x110000;&#0;"), "\uFFFD\uFFFD");
  EXPECT_EQ(DecodeEntities("&#-1; &# 65; &#x+41;"), "&#-1; &# 65; &#x+41;");
}

}  // namespace
}  // namespace contrail::knowledge
