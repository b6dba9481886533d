#include "knowledge/corpus_stats.h"

#include <cmath>
#include <string>
#include <unordered_set>

#include "knowledge/query_terms.h"
#include "pg/pool.h"

namespace contrail::knowledge {

CorpusStats::CorpusStats(std::unordered_map<std::uint64_t, int> chunks_with, int chunks)
    : chunks_with_(std::move(chunks_with)), chunks_(chunks) {}

double CorpusStats::Commonness(std::uint64_t stem) const {
  if (chunks_ <= 0) return 0;
  auto it = chunks_with_.find(stem);
  if (it == chunks_with_.end()) return 0;
  const double n = chunks_;
  return 1.0 - std::log(1.0 + n / (1.0 + it->second)) / std::log(1.0 + n);
}

boost::asio::awaitable<core::Result<CorpusStats>> LoadCorpusStats(pg::Pool& pool) {
  // Counted here from each chunk's title, heading and text with the second stage's own words
  // (ContentTerms): PostgreSQL's lexemes are stems, and stemming a stem again does not always give
  // it back ("manatees" -> "manate" -> "manat").
  CONTRAIL_CO_TRY(pg::Rows rows,
                  co_await pool.Execute(pg::Statement(
                      "SELECT coalesce(metadata ->> 'title', '') || ' ' || heading || ' ' || text "
                      "FROM knowledge_chunks ORDER BY id LIMIT " + std::to_string(kMaxCountedChunks))));
  std::unordered_map<std::uint64_t, int> chunks_with;
  std::unordered_set<std::uint64_t> seen;
  for (int r = 0; r < rows.size(); ++r) {
    seen.clear();
    for (const Term& t : ContentTerms(rows.text(r, 0))) {
      if (seen.insert(t.stem).second) ++chunks_with[t.stem];
    }
  }
  co_return CorpusStats(std::move(chunks_with), rows.size());
}

boost::asio::awaitable<std::shared_ptr<const CorpusStats>> CorpusStatsCache::Get() {
  const auto now = std::chrono::steady_clock::now();
  if (reading_ || (read_once_ && now - read_at_ < max_age_)) co_return stats_;
  reading_ = true;
  auto loaded = co_await LoadCorpusStats(pool_);
  reading_ = false;
  read_once_ = true;
  read_at_ = std::chrono::steady_clock::now();
  if (loaded) stats_ = std::make_shared<const CorpusStats>(std::move(loaded).value());
  co_return stats_;
}

}  // namespace contrail::knowledge
