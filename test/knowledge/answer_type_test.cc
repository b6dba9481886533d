// What kind of fact a question asks for, and what a unit holds.

#include "knowledge/answer_type.h"

#include <gtest/gtest.h>

#include "core/english_lexicon.h"
#include "knowledge/query_terms.h"

namespace contrail::knowledge {
namespace {

TEST(AnswerTypeTest, QuestionsByWhatTheyAskFor) {
  EXPECT_EQ(QuestionAnswerType("How much is an extra bag?"), AnswerType::kAmount);
  EXPECT_EQ(QuestionAnswerType("pet fee?"), AnswerType::kAmount);
  EXPECT_EQ(QuestionAnswerType("How many bags can I check?"), AnswerType::kCount);
  EXPECT_EQ(QuestionAnswerType("how long does a refund take"), AnswerType::kDuration);
  EXPECT_EQ(QuestionAnswerType("How heavy can my carry-on be?"), AnswerType::kMeasure);
  EXPECT_EQ(QuestionAnswerType("What is the Orlando package called?"), AnswerType::kName);
  EXPECT_EQ(QuestionAnswerType("Is the spring fare valid in June 2027?"), AnswerType::kWhen);
  EXPECT_EQ(QuestionAnswerType("May I bring my dog?"), AnswerType::kYesNo);
  EXPECT_EQ(QuestionAnswerType("How do I add a bag?"), AnswerType::kProcedure);
  EXPECT_EQ(QuestionAnswerType("tell me about Lisbon"), AnswerType::kAny);
  EXPECT_EQ(QuestionAnswerType("How far is the airport from downtown?"), AnswerType::kDuration);
  EXPECT_EQ(QuestionAnswerType("What's the medical coverage limit on the Essential plan?"), AnswerType::kNumber);
  EXPECT_EQ(QuestionAnswerType("Is there a discount for kids?"), AnswerType::kAmount);
  // A word about money in a question that names a month asks about dates, unless it asks how much.
  EXPECT_EQ(QuestionAnswerType("Does the Black Friday discount cover June 2027?"), AnswerType::kWhen);
  EXPECT_EQ(QuestionAnswerType("How much is the Black Friday fare in June?"), AnswerType::kAmount);
}

TEST(AnswerTypeTest, UnitsHoldTheFactsTheyState) {
  EXPECT_GT(TypeFit(AnswerType::kAmount, FactKinds("The first extra bag costs $35 online.")), 0);
  EXPECT_LT(TypeFit(AnswerType::kAmount, FactKinds("Bags must be tagged at the counter.")), 0);
  EXPECT_GT(TypeFit(AnswerType::kDuration, FactKinds("Refunds arrive within 7 business days.")), 0);
  EXPECT_GT(TypeFit(AnswerType::kMeasure, FactKinds("Up to 23 kg (50 lb) per bag.")), 0);
  EXPECT_GT(TypeFit(AnswerType::kName, FactKinds("Use promo code CANCUNSB27 at checkout.")), 0);
  EXPECT_EQ(TypeFit(AnswerType::kYesNo, FactKinds("Anything at all.")), 0);
  // A distance answers "how long is the road?" as a time does.
  EXPECT_GT(TypeFit(AnswerType::kDuration, FactKinds("The Road to Hana is 52 miles with 600 curves.")), 0);
  EXPECT_LT(TypeFit(AnswerType::kDuration, FactKinds("Maui is known for long golden beaches.")), 0);
  EXPECT_GT(TypeFit(AnswerType::kNumber, FactKinds("Emergency medical: Essential $25,000")), 0);
  EXPECT_LT(TypeFit(AnswerType::kNumber, FactKinds("Claims are handled by Northstar.")), 0);
}

TEST(AnswerTypeTest, AUnitWithAMonthHoldsADateAndADurationDoesNot) {
  auto has_date = [](std::string_view text) {
    return (FactKinds(text) & (1u << static_cast<unsigned>(AnswerType::kDate))) != 0;
  };
  EXPECT_TRUE(has_date("Travel: 1 March to 25 April 2027."));
  EXPECT_TRUE(has_date("Blackout dates: 18 December 2026 to 3 January 2027 (holidays)."));
  EXPECT_FALSE(has_date("Stay: packages of 4 to 7 nights."));
  EXPECT_FALSE(has_date("Refunds arrive within 7 business days."));
  EXPECT_STREQ(AnswerTypeName(AnswerType::kDate), "date");
  EXPECT_STREQ(AnswerTypeName(AnswerType::kFigure), "figure");
}

TEST(QueryTermsTest, ContentWordsWithoutFunctionWordsAndAccents) {
  EXPECT_EQ(TextSearchWords("Can I bring my surfboard on the plane?"), "bring surfboard plane");
  EXPECT_EQ(TextSearchWords("what is it?"), "what is it?");  // nothing but stop words: the question
  EXPECT_EQ(TextSearchWords("Cancún — don't"), "cancún —");  // UTF-8 stays whole
  EXPECT_EQ(FoldAccents("Cancún, São Paulo"), "Cancun, Sao Paulo");
  auto a = ContentTerms("bags fees Cancún");
  auto b = ContentTerms("the bag fee in cancun");
  ASSERT_EQ(a.size(), 3u);
  ASSERT_EQ(b.size(), 3u);
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].stem, b[i].stem) << i;
}

TEST(QueryTermsTest, ATextHoldsATermByItsStem) {
  const std::vector<Term> pets = ContentTerms("pets dogs cats in cabin");
  EXPECT_TRUE(HoldsAnyOf("can I bring my dog?", pets));
  EXPECT_FALSE(HoldsAnyOf("We have a big golden retriever.", pets));
  EXPECT_FALSE(HoldsAnyOf("can I bring my dog?", {}));
}

TEST(AnswerTypeTest, AHowMuchQuestionWantsAPriceInFiguresNotJustFree) {
  EXPECT_TRUE(AsksForFigure("How much does it cost to send my big dog in the hold?"));
  EXPECT_TRUE(AsksForFigure("What charge applies to carrying a cat in the passenger cabin?"));
  EXPECT_EQ(QuestionAnswerType("if I check one more bag, what will that set me back?"), AnswerType::kAmount);
  EXPECT_TRUE(AsksForFigure("if I check one more bag, what will that set me back?"));
  EXPECT_FALSE(AsksForFigure("Do I have to pay for a carry-on?"));
  EXPECT_FALSE(AsksForFigure("Do you offer stopovers in Iceland at no extra cost?"));
  EXPECT_FALSE(AsksForFigure("is the seat free or is there a fee?"));
  const auto figure = [](std::string_view text) {
    return (FactKinds(text) & (1u << static_cast<unsigned>(AnswerType::kFigure))) != 0;
  };
  EXPECT_TRUE(figure("Prices start at $300 each way within the US."));
  EXPECT_TRUE(figure("A taxi costs about €56."));
  EXPECT_FALSE(figure("Trained service dogs always fly free."));
  // Both still hold an amount: "free" answers "do I pay?".
  EXPECT_GT(TypeFit(AnswerType::kAmount, FactKinds("Trained service dogs always fly free.")), 0);
}

TEST(QueryTermsTest, AWordIsCorrectedToTheCandidatesSpellingOnlyWhenItIsNoEnglishWord) {
  const std::vector<std::string> vocabulary = {"addition", "packed", "parks", "ticket"};
  EXPECT_EQ(CorrectSpelling("tikcet", vocabulary), "ticket");
  if (core::EnglishLexicon::Shared().empty()) GTEST_SKIP() << "no WordNet here";
  // "additional" and "packs" are words of their own, not misspelt "addition" and "parks".
  EXPECT_EQ(CorrectSpelling("an additional bag", vocabulary), "additional bag");
  EXPECT_EQ(CorrectSpelling("she packs", vocabulary), "packs");
}

TEST(QueryTermsTest, AnOrdinalInFiguresIsItsWord) {
  auto figures = ContentTerms("1st extra bag, 2nd bag, 10th row");
  auto words = ContentTerms("first extra bag, second bag, tenth row");
  ASSERT_EQ(figures.size(), words.size());
  for (std::size_t i = 0; i < words.size(); ++i) EXPECT_EQ(figures[i].stem, words[i].stem) << i;
  // Not an ordinal: a number and a word, or the wrong suffix.
  EXPECT_EQ(ContentTerms("2 st").size(), 2u);
  EXPECT_TRUE(ContentTerms("12th")[0].number);
}

TEST(QueryTermsTest, TheWordThatSaysWhatKindOfAnswerIsNotSearchedFor) {
  EXPECT_EQ(TextSearchWords("How long is the Road to Hana?"), "road hana");
  EXPECT_EQ(TextSearchWords("how far in advance can I book"), "advance book");
  EXPECT_EQ(TextSearchWords("HOW EARLY should I arrive?"), "arrive");
  // "what are they called" asks for a name: it is no call to the contact centre.
  EXPECT_EQ(TextSearchWords("What are the Lisbon festivals called?"), "lisbon festivals");
  // Only after "how": "long" and "late" are subjects elsewhere.
  EXPECT_EQ(TextSearchWords("long layover, late arrival"), "long layover late arrival");
  EXPECT_EQ(TextSearchWords("somehow long"), "somehow long");
  EXPECT_EQ(WithoutAnswerCues("how"), "how");
}

TEST(QueryTermsTest, TheAskingPartOfAMessageThatTellsAStory) {
  EXPECT_EQ(AskingPart("We just landed in Orlando and our suitcase never showed up. Will you pay for clothes?"),
            "Will you pay for clothes?");
  EXPECT_EQ(AskingPart("My son is 4. Can he fly alone? Is there a fee?"), "Can he fly alone? Is there a fee?");
  EXPECT_EQ(AskingPart("Can I bring my dog?"), "");                 // nothing told: all of it asks
  EXPECT_EQ(AskingPart("Ok. Can I bring my dog?"), "");             // "Ok." tells nothing
  EXPECT_EQ(AskingPart("We fly to Maui in June with the kids."), "");  // nothing asked
  EXPECT_EQ(AskingPart(""), "");
  EXPECT_EQ(AskingPart("The 3.5 kg bag is mine. Is it ok?"), "Is it ok?");  // "3.5" ends no sentence
}

}  // namespace
}  // namespace contrail::knowledge
