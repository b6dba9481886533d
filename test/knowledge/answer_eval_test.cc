// Grading answers against an answer dev set (knowledge/answer_eval.h).

#include "knowledge/answer_eval.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/repo_path.h"

namespace contrail::knowledge {
namespace {

TEST(AnswerEvalTest, ParsesCasesAndRejectsBadLinesByNumber) {
  auto cases = ParseAnswerCases(
      "{\"id\":\"q1\",\"kind\":\"terse\",\"question\":\"pet fee?\",\"expected_doc\":\"policies/pets.md\","
      "\"facts\":[\"$95\",[\"8 kg\",\"17 lb\"]],\"not\":[\"Bali\"],\"turns\":[\"hi\"],\"profile\":{\"adults\":\"2\"}}\n"
      "\n");
  ASSERT_TRUE(cases) << cases.error().message;
  ASSERT_EQ(cases->size(), 1u);
  const AnswerCase& c = cases->front();
  EXPECT_EQ(c.facts.size(), 2u);
  EXPECT_EQ(c.facts[1].size(), 2u);
  EXPECT_EQ(c.turns.size(), 1u);
  EXPECT_EQ(c.profile.at("adults"), "2");
  auto bad = ParseAnswerCases("{\"question\":\"ok\"}\n{\"question\":3}\n");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("line 2"), std::string::npos) << bad.error().message;
  EXPECT_FALSE(ParseAnswerCases("not json\n"));
}

TEST(AnswerEvalTest, FactsMatchWholeAfterNormalizing) {
  AnswerCase c;
  c.question = "q";
  c.expected_doc = "policies/pets.md";
  c.alt_docs = {"faq/faq.txt"};
  c.facts = {{"$95"}, {"8 kg", "17 lb"}, {"5–14"}};
  c.absent = {"Bali"};
  AnswerGrade g = GradeAnswer(c, "Pets cost **$95**, up to 17  lb. Ages 5-14.", {"faq/faq.txt", "guides/bali.md"});
  EXPECT_TRUE(g.facts) << (g.missing.empty() ? "" : g.missing[0]);
  EXPECT_TRUE(g.top1);
  EXPECT_TRUE(g.top5);
  g = GradeAnswer(c, "Pets cost $950 in Bali, 17 lb, 5-14.", {"guides/bali.md"});
  EXPECT_FALSE(g.facts);  // "$95" is not found inside "$950", and "Bali" must not appear
  EXPECT_EQ(g.missing.size(), 2u);
  EXPECT_FALSE(g.top5);
  AnswerReport report;
  report.Add(c, g);
  EXPECT_EQ(report.all.n, 1);
  EXPECT_EQ(report.by_kind.at("other").with_doc, 1);
}

TEST(AnswerEvalTest, ARangeIsFoundWrittenWithADash) {
  AnswerCase c;
  c.question = "q";
  c.facts = {{"$95"}};
  EXPECT_TRUE(GradeAnswer(c, "Pets cost $95.\n\nSources: [1]", {}).lead);
  const AnswerGrade later = GradeAnswer(c, "Small pets fly in the cabin.\n\n- They cost $95.", {});
  EXPECT_TRUE(later.facts);
  EXPECT_FALSE(later.lead);  // the fact is there, but not where the answer begins
  c.facts = {{"June to November"}};
  EXPECT_TRUE(GradeAnswer(c, "Whale watching (June–November).", {}).facts);
  EXPECT_TRUE(GradeAnswer(c, "from June to November", {}).facts);
  EXPECT_FALSE(GradeAnswer(c, "June, and in November", {}).facts);
}

TEST(AnswerEvalTest, TheShippedDevSetsParse) {
  for (const char* name : {"bench/data/answers_dev.jsonl", "bench/data/conversations_dev.jsonl"}) {
    std::ifstream in(test::RepoPath() / name);
    std::stringstream text;
    text << in.rdbuf();
    auto cases = ParseAnswerCases(text.str());
    ASSERT_TRUE(cases) << name << ": " << cases.error().message;
    EXPECT_GE(cases->size(), 100u) << name;
  }
}

}  // namespace
}  // namespace contrail::knowledge
