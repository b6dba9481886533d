// embed/embed_eval.h: loading and scoring a paraphrase dev set, and measuring an embedder's speed.

#include "embed/embed_eval.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "embed/local/local_embedder.h"

namespace contrail::embed {
namespace {

TEST(EmbedEvalTest, ScoresAPerfectlySeparatedSet) {
  const std::vector<ParaphraseItem> items = {
      {"a", "1"}, {"a", "2"}, {"b", "3"}, {"b", "4"}, {"c", "5"}};
  const std::vector<Vector> vectors = {{1, 0, 0}, {0.8f, 0.6f, 0}, {0, 1, 0}, {0, 0.8f, 0.6f},
                                       {0, 0, 1}};
  ParaphraseReport r = ScoreParaphrases(items, vectors);
  EXPECT_EQ(r.groups, 3);
  EXPECT_EQ(r.queries, 5);
  EXPECT_NEAR(r.mean_cos_same, 0.8, 1e-6);
  // Different-group pairs: 1-3 0, 1-4 0, 1-5 0, 2-3 .6, 2-4 .48, 2-5 0, 3-5 0, 4-5 .6.
  EXPECT_NEAR(r.mean_cos_diff, (0.6 + 0.48 + 0.6) / 8, 1e-6);
  EXPECT_NEAR(r.separation, r.mean_cos_same - r.mean_cos_diff, 1e-9);
  EXPECT_NEAR(r.auc, 1.0, 1e-9);
  // "5" is alone in its group: its nearest neighbour ("4") is in another group.
  EXPECT_NEAR(r.top1_accuracy, 4.0 / 5, 1e-9);
}

TEST(EmbedEvalTest, TiesCountHalfInAuc) {
  const std::vector<ParaphraseItem> items = {{"a", "1"}, {"a", "2"}, {"b", "3"}};
  const std::vector<Vector> same(3, Vector{1, 0});
  EXPECT_NEAR(ScoreParaphrases(items, same).auc, 0.5, 1e-9);
}

TEST(EmbedEvalTest, LoadRejectsMissingFilesAndBadLines) {
  EXPECT_EQ(LoadParaphrases("/nonexistent/paraphrases.tsv").error().code, core::Code::kNotFound);
  const std::string path =
      (std::filesystem::temp_directory_path() / ("paraphrases_" + std::to_string(getpid())))
          .string();
  {
    std::ofstream(path) << "# comment\na\tfirst\n\nb\tsecond\nno tab here\n";
  }
  auto bad = LoadParaphrases(path);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, core::Code::kInvalidArgument);
  EXPECT_NE(bad.error().message.find(":5:"), std::string::npos) << bad.error().message;
  {
    std::ofstream(path) << "# comment\na\tfirst\n\nb\tsecond\r\n";
  }
  auto good = LoadParaphrases(path);
  ASSERT_TRUE(good.ok()) << good.error().message;
  ASSERT_EQ(good->size(), 2u);
  EXPECT_EQ((*good)[1].group, "b");
  EXPECT_EQ((*good)[1].text, "second");
  std::filesystem::remove(path);
}

TEST(EmbedEvalTest, MeasuresQueriesPerSecond) {
  const std::vector<std::string> texts = {"flights to Paris", "can I bring my dog?"};
  const LocalEmbedder embedder;
  EXPECT_GT(MeasureQueriesPerSecond(embedder, texts, 0.05), 100.0);
  EXPECT_EQ(MeasureQueriesPerSecond(embedder, {}, 0.05), 0.0);
}

}  // namespace
}  // namespace contrail::embed
