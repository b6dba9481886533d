#include "embed/embed_eval.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <unordered_map>

#include "embed/local/local_embedder.h"

namespace contrail::embed {
namespace {

double Percentile(std::vector<double>& values, double q) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const double pos = q * static_cast<double>(values.size() - 1);
  const std::size_t lo = static_cast<std::size_t>(pos);
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (values[hi] - values[lo]) * (pos - static_cast<double>(lo));
}

double Mean(const std::vector<double>& values) {
  double sum = 0;
  for (double v : values) sum += v;
  return values.empty() ? 0 : sum / static_cast<double>(values.size());
}

// Mann-Whitney U: the probability that a random same-group pair scores above a random
// different-group pair, ties counting one half, from the ranks of all pairs together.
double Auc(const std::vector<double>& same, const std::vector<double>& diff) {
  if (same.empty() || diff.empty()) return 0;
  std::vector<std::pair<double, bool>> all;
  all.reserve(same.size() + diff.size());
  for (double v : same) all.emplace_back(v, true);
  for (double v : diff) all.emplace_back(v, false);
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  double same_rank_sum = 0;
  for (std::size_t i = 0; i < all.size();) {
    std::size_t j = i;
    while (j < all.size() && all[j].first == all[i].first) ++j;
    const double rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;  // 1-based
    for (std::size_t k = i; k < j; ++k) same_rank_sum += all[k].second ? rank : 0;
    i = j;
  }
  const double n_same = static_cast<double>(same.size());
  const double u = same_rank_sum - n_same * (n_same + 1) / 2;
  return u / (n_same * static_cast<double>(diff.size()));
}

}  // namespace

core::Result<std::vector<ParaphraseItem>> LoadParaphrases(const std::string& path) {
  std::ifstream in(path);
  if (!in) return core::NotFound("cannot read paraphrase set " + path);
  std::vector<ParaphraseItem> items;
  std::unordered_map<std::string, int> groups;
  std::string line;
  for (int line_no = 1; std::getline(in, line); ++line_no) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const std::size_t tab = line.find('\t');
    if (tab == std::string::npos || tab == 0 || tab + 1 == line.size()) {
      return core::InvalidArgument(path + ":" + std::to_string(line_no) +
                                   ": expected \"group<TAB>text\"");
    }
    items.push_back({line.substr(0, tab), line.substr(tab + 1)});
    ++groups[items.back().group];
  }
  if (groups.size() < 2) return core::InvalidArgument(path + ": needs at least two groups");
  return items;
}

ParaphraseReport ScoreParaphrases(std::span<const ParaphraseItem> items,
                                  std::span<const Vector> vectors) {
  ParaphraseReport report;
  report.queries = static_cast<int>(items.size());
  std::unordered_map<std::string_view, int> groups;
  for (const ParaphraseItem& item : items) ++groups[item.group];
  report.groups = static_cast<int>(groups.size());

  std::vector<double> same, diff;
  int top1_hits = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    double best = -2;
    bool best_same = false;
    for (std::size_t j = 0; j < items.size(); ++j) {
      if (j == i) continue;
      const double cos = Cosine(vectors[i], vectors[j]);
      const bool is_same = items[i].group == items[j].group;
      if (cos > best) {
        best = cos;
        best_same = is_same;
      }
      if (j > i) (is_same ? same : diff).push_back(cos);
    }
    top1_hits += best_same ? 1 : 0;
  }
  report.mean_cos_same = Mean(same);
  report.mean_cos_diff = Mean(diff);
  report.separation = report.mean_cos_same - report.mean_cos_diff;
  report.top1_accuracy = items.empty() ? 0 : top1_hits / static_cast<double>(items.size());
  report.auc = Auc(same, diff);
  report.p10_same = Percentile(same, 0.10);
  report.p90_diff = Percentile(diff, 0.90);
  return report;
}

core::Result<ParaphraseReport> EvaluateParaphrases(const LocalEmbedder& embedder,
                                                   const std::string& path) {
  CONTRAIL_TRY(std::vector<ParaphraseItem> items, LoadParaphrases(path));
  std::vector<Vector> vectors;
  vectors.reserve(items.size());
  for (const ParaphraseItem& item : items) vectors.push_back(embedder.EmbedText(item.text));
  return ScoreParaphrases(items, vectors);
}

double MeasureQueriesPerSecond(const LocalEmbedder& embedder, std::span<const std::string> texts,
                               double seconds) {
  if (texts.empty()) return 0;
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration<double>(seconds);
  std::size_t done = 0;
  volatile float sink = 0;  // keeps the work observable so it is not optimised away
  do {
    for (const std::string& text : texts) sink = sink + embedder.EmbedText(text)[0];
    done += texts.size();
  } while (Clock::now() < deadline);
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  return static_cast<double>(done) / elapsed;
}

}  // namespace contrail::embed
