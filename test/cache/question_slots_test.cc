// cache/question_slots.h: firm, soft and contrast slots, and when two word sequences are one run
// of words apart.

#include "cache/question_slots.h"

#include <gtest/gtest.h>

namespace contrail::cache {
namespace {

TEST(QuestionSlotsTest, OneRunOfContentWordsSaidOtherwiseIsAnotherQuestion) {
  // "can I bring my own food on the plane" / "can I buy food on the plane"
  EXPECT_TRUE(OneRunApart("_can _i bring _my _own food _on _the plane", "_can _i buy food _on _the plane"));
  // "check in at the airport" / "check in online": a run against a run of function words only.
  EXPECT_TRUE(OneRunApart("check _in _at _the airport", "check _in online"));
  EXPECT_TRUE(OneRunApart("add _a bag now", "add _a bag _at _the airport"));
}

TEST(QuestionSlotsTest, AddedWordsSwappedFunctionWordsMovedWordsAndSynonymsAreNoEvidence) {
  EXPECT_FALSE(OneRunApart("do miles expire", "do _my flightly miles expire"));     // only added
  EXPECT_FALSE(OneRunApart("_can _i bring _my dog", "_can _i bring _the dog"));     // function words
  EXPECT_FALSE(OneRunApart("refund _for _a long delay", "refund _for _a delay flight"));  // moved
  EXPECT_FALSE(OneRunApart("pet fee|c:price", "pet charge|c:price"));                // one concept
  EXPECT_FALSE(OneRunApart("hand|c:carry weight", "carryon|c:carry weight"));
  EXPECT_FALSE(OneRunApart("same words", "same words"));
  // More than three words on a side is a rewording, not one word said otherwise.
  EXPECT_FALSE(OneRunApart("refund _to _my credit card", "refund _as travel credit two"));
}

TEST(QuestionSlotsTest, AContrastSlotDisagreesOnlyWhenNoOtherSlotDoesAndOnlyOneRunApart) {
  const QuestionSlots food{{"=words", "bring food"}, {"~onboard", "food"}};
  const QuestionSlots buy{{"=words", "buy food"}, {"~onboard", "food"}};
  EXPECT_EQ(Disagreement(food, buy), "words");
  // Another slot is named first, whatever the name order.
  const QuestionSlots window{{"=words", "window seat fee"}, {"~seat", "window"}};
  const QuestionSlots aisle{{"=words", "aisle seat fee"}, {"~seat", "aisle"}};
  EXPECT_EQ(Disagreement(window, aisle), "seat");
  // Stated by one question only, or far apart: no evidence.
  EXPECT_EQ(Disagreement(food, {{"~onboard", "food"}}), "");
  EXPECT_EQ(Disagreement({{"=words", "how big _can _my cabin bag be"}}, {{"=words", "carry _on size limit"}}), "");
}

TEST(QuestionSlotsTest, AKindNeverDisagreesAndStrictnessCountsSoftSlotsStatedOnce) {
  const QuestionSlots carry_on{{"^kind", "carry_on"}, {"asks", "size"}};
  const QuestionSlots pets{{"^kind", "pets"}, {"asks", "size"}};
  EXPECT_EQ(Disagreement(carry_on, pets), "");
  EXPECT_EQ(Disagreement(carry_on, {{"asks", "size"}}), "");
  EXPECT_FALSE(SameKind(carry_on, pets));
  EXPECT_FALSE(SameKind(carry_on, {{"asks", "size"}}));
  EXPECT_TRUE(SameKind(carry_on, {{"^kind", "carry_on"}}));
  EXPECT_FALSE(SameKind({{"asks", "size"}}, {{"asks", "size"}}));
  // Strict: a soft slot one question states is a difference; a firm one always was.
  const QuestionSlots cabin{{"^kind", "carry_on"}, {"asks", "size"}, {"~where", "cabin"}};
  EXPECT_EQ(Disagreement(carry_on, cabin), "");
  EXPECT_EQ(Disagreement(carry_on, cabin, /*strict=*/true), "where");
  EXPECT_EQ(Disagreement(cabin, carry_on, /*strict=*/true), "where");
  EXPECT_EQ(Disagreement(carry_on, {{"^kind", "carry_on"}}, /*strict=*/true), "asks");
  EXPECT_EQ(Disagreement(cabin, cabin, /*strict=*/true), "");
}

}  // namespace
}  // namespace contrail::cache
