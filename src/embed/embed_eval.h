#pragma once
// Offline quality and speed measurements of embedders, for `contrail bench embed` and the tests.
//
// The paraphrase dev set (bench/data/paraphrases.tsv) is "group<TAB>text" per line, '#' starts a
// comment line: texts of one group ask the same question in different words. A good embedder puts
// texts of a group closer to each other than to texts of other groups.
//
//   auto report = EvaluateParaphrases(embedder, "bench/data/paraphrases.tsv");
//   // report->top1_accuracy, report->auc, report->separation ...

#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "embed/embedder.h"

namespace contrail::embed {

class LocalEmbedder;

struct ParaphraseItem {
  std::string group;
  std::string text;
};

struct ParaphraseReport {
  int groups = 0;
  int queries = 0;
  double mean_cos_same = 0;  // mean cosine of two texts of the same group
  double mean_cos_diff = 0;  // mean cosine of two texts of different groups
  double separation = 0;     // mean_cos_same - mean_cos_diff
  double top1_accuracy = 0;  // share of texts whose nearest other text is in their group
  double auc = 0;            // P(a same-group pair scores above a different-group pair), ties 1/2
  double p10_same = 0;       // 10th percentile of same-group cosines
  double p90_diff = 0;       // 90th percentile of different-group cosines
};

// Reads a dev set. kNotFound if the file cannot be read; kInvalidArgument (with the line number)
// for a line without a tab or with an empty group or text, or a file with fewer than two groups.
core::Result<std::vector<ParaphraseItem>> LoadParaphrases(const std::string& path);

// Scores vectors made by any embedder: vectors[i] is the embedding of items[i].
// REQUIRES: vectors.size() == items.size(), all of one length; at least two
// groups.
ParaphraseReport ScoreParaphrases(std::span<const ParaphraseItem> items,
                                  std::span<const Vector> vectors);

// LoadParaphrases, then embeds every text with `embedder` and scores them.
core::Result<ParaphraseReport> EvaluateParaphrases(const LocalEmbedder& embedder,
                                                   const std::string& path);

// Embeds `texts` round-robin on the calling thread for about `seconds` and returns texts per second
// (0 for no texts).
double MeasureQueriesPerSecond(const LocalEmbedder& embedder, std::span<const std::string> texts,
                               double seconds);

}  // namespace contrail::embed
