// Quotable units of a passage: sentences, list items, table rows with their headers, FAQ answers,
// each under its heading path.

#include "knowledge/passage_units.h"

#include <gtest/gtest.h>

namespace contrail::knowledge {
namespace {

TEST(PassageUnitsTest, ATableRowCarriesItsColumnHeaders) {
  auto units = SplitPassage("Included allowance by fare and cabin",
                            "Your allowance depends on your fare.\n\n"
                            "| Fare / cabin | Checked bags included | Maximum weight per bag |\n"
                            "| --- | --- | --- |\n"
                            "| Economy Basic | none | 23 kg (50 lb) |\n"
                            "| Business | 2 | 32 kg (70 lb) |\n");
  ASSERT_EQ(units.size(), 3u);
  EXPECT_EQ(units[0].kind, UnitKind::kSentence);
  EXPECT_EQ(units[2].kind, UnitKind::kTableRow);
  EXPECT_EQ(units[2].text, "Business — Checked bags included: 2; Maximum weight per bag: 32 kg (70 lb)");
  EXPECT_EQ(units[2].path, "Included allowance by fare and cabin");
}

TEST(PassageUnitsTest, AWrappedListItemIsOneUnitUnderItsSubheading) {
  auto units = SplitPassage("Dates, conditions and how to book",
                            "Dates and blackout dates\n\n"
                            "* Book: 10 January to 15 March 2027.\n"
                            "* Blackout dates: outbound travel 13–20 March 2027 and return travel 27 March–4 April\n"
                            "2027 (Holy Week in Mexico).\n");
  ASSERT_EQ(units.size(), 2u);
  EXPECT_EQ(units[1].kind, UnitKind::kListItem);
  EXPECT_EQ(units[1].text,
            "Blackout dates: outbound travel 13–20 March 2027 and return travel 27 March–4 April 2027 (Holy Week in "
            "Mexico).");
  EXPECT_EQ(units[1].path, "Dates, conditions and how to book › Dates and blackout dates");
}

TEST(PassageUnitsTest, AFaqQuestionStaysWithItsAnswer) {
  auto units = SplitPassage("Booking and payment",
                            "Can I hold a fare? Yes: on most flights you can hold a fare for 72 hours for $10, which "
                            "is deducted from the price if you book.\n"
                            "Can I use a promo code after I have paid? No. Enter it at checkout.\n");
  ASSERT_EQ(units.size(), 2u);
  EXPECT_EQ(units[0].kind, UnitKind::kQuestionAnswer);
  EXPECT_NE(units[0].text.find("72 hours for $10"), std::string::npos) << units[0].text;
  EXPECT_EQ(units[1].text, "Can I use a promo code after I have paid? No. Enter it at checkout.");
}

TEST(PassageUnitsTest, AFaqQuestionThatOpensWithWhatHappenedIsItsOwnUnit) {
  auto units = SplitPassage("Baggage",
                            "Can I bring my skis or surfboard? Yes, as one checked bag without an oversize fee. "
                            "My bag didn't arrive. What now? Report it at our baggage desk before you leave. "
                            "Prices are shown in your home currency. Can I hold a fare? Yes, for 72 hours.");
  ASSERT_EQ(units.size(), 3u);
  EXPECT_EQ(units[0].text, "Can I bring my skis or surfboard? Yes, as one checked bag without an oversize fee.");
  EXPECT_EQ(units[1].text, "My bag didn't arrive. What now? Report it at our baggage desk before you leave. "
                           "Prices are shown in your home currency.");  // the document's voice: still the answer
  EXPECT_EQ(units[1].kind, UnitKind::kQuestionAnswer);
  EXPECT_EQ(units[2].text, "Can I hold a fare? Yes, for 72 hours.");
}

TEST(PassageUnitsTest, ProseSplitsIntoSentencesAndShortPiecesAreDropped) {
  auto units = SplitPassage("", "Bags fly free. Yes. Every bag may measure up to 158 cm in total.");
  ASSERT_EQ(units.size(), 2u);
  EXPECT_EQ(units[0].text, "Bags fly free.");
  EXPECT_EQ(units[1].text, "Every bag may measure up to 158 cm in total.");
  EXPECT_EQ(units[1].path, "");
}

}  // namespace
}  // namespace contrail::knowledge
