#pragma once
// How many chunks of the whole knowledge base hold each word (its Snowball English stem, as the
// second stage reads words: query_terms.h), counted from the chunks' titles, headings and text.
// The second stage (rerank.h) weighs a question's words by how rare they are among its dozen
// candidates; that alone makes "see" and "near" in "where can I see manatees near Orlando?" as
// weighty as "manatees". Across the knowledge base "see" is in 30 chunks and "manatees" in 2.
//
// The same read keeps the words as the documents spell them, so a question's misspelling can be
// corrected before the first stage searches: full text and the embedding both miss "boardng".
//
//   CorpusStatsCache stats(pool);
//   std::shared_ptr<const CorpusStats> now = co_await stats.Get();
//   now->Commonness(ContentTerms("see")[0].stem);   // near 1 in most chunks, 0 for an unseen word
//   now->CorrectSpelling("when does boardng start?");  // "when does boarding start?"

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"

namespace contrail::pg {
class Pool;
}
namespace contrail::core {
class EnglishLexicon;
}

namespace contrail::knowledge {

class CorpusStats {
 public:
  CorpusStats() = default;  // knows no word: every word is rare, and nothing is corrected
  // `chunks_with`: by stem hash (Term::stem, query_terms.h), how many of `chunks` hold it. `words`:
  // the chunks' content words as written (ContentWords) with how often each occurs. `english`
  // (core/english_lexicon.h; optional, must outlive this) tells a word from a misspelling; without it nothing is corrected.
  CorpusStats(std::unordered_map<std::uint64_t, int> chunks_with, int chunks,
              std::unordered_map<std::string, int> words = {}, const core::EnglishLexicon* english = nullptr);

  // Words the documents write with hyphens, by their letters alone ("wifi" -> "wi-fi",
  // "hoverboards" -> "hover-boards"): full text splits "Hover-boards" into parts that "hoverboards"
  // does not match. All lower case.
  void set_hyphenated(std::unordered_map<std::string, std::string> hyphenated) { hyphenated_ = std::move(hyphenated); }
  CorpusStats(CorpusStats&&) = default;  // moves keep the word index valid (node-based maps)
  CorpusStats(const CorpusStats&) = delete;
  CorpusStats& operator=(const CorpusStats&) = delete;

  // How common a word is in the knowledge base, in [0, 1]: 1 - ln(1 + N/(1 + df)) / ln(1 + N).
  // 0 for a word no chunk holds (and for every word of an empty knowledge base).
  double Commonness(std::uint64_t stem) const;
  int chunks() const { return chunks_; }

  // `question` as the documents spell it, each word replaced in place: a word they write only with
  // hyphens by that spelling ("wifi" -> "wi-fi"); a misspelled word by the knowledge base's word
  // closest to it (ClosestSpelling, query_terms.h): a word of 5 letters or more that is neither in
  // the documents nor an English word ("boardng" -> "boarding", "seatle" -> "seattle"; "bunny"
  // stays). The question unchanged when nothing is misspelled; nothing is corrected without the
  // English word list.
  std::string CorrectSpelling(std::string_view question) const;

  // The question's content words (TextSearchWords, query_terms.h) without those more than
  // kCommonShare of the chunks hold ("flights" in a flight question): they rank almost nothing,
  // yet the full-text half ranks every chunk that holds them. The rarest word stays when every
  // word is common; "" when the question has no content word or the statistics know no chunk.
  std::string DistinctiveWords(std::string_view question) const;
  static constexpr double kCommonShare = 1.0 / 3;

 private:
  std::unordered_map<std::uint64_t, int> chunks_with_;
  int chunks_ = 0;
  std::unordered_map<std::string, int> words_;
  std::unordered_map<std::string_view, int> word_index_;  // views of words_' keys
  std::unordered_map<std::string, std::string> hyphenated_;
  const core::EnglishLexicon* english_ = nullptr;
};

// One read of the statistics: a single statement, then every chunk's words counted in process (the
// turn that finds the statistics stale pays this, once a minute per I/O thread). At most
// kMaxCountedChunks chunks are counted (the first by id): a sample tells common words from rare.
inline constexpr int kMaxCountedChunks = 20'000;
boost::asio::awaitable<core::Result<CorpusStats>> LoadCorpusStats(pg::Pool& pool);

// The statistics for one I/O thread (not thread-safe: one per Services). The first Get() reads
// them; later ones return them at once and re-read them when older than `max_age`, so documents
// ingested by another process count within a minute. A failed read keeps the previous statistics
// (empty ones at first): ranking then falls back to the candidates' own word counts.
class CorpusStatsCache {
 public:
  explicit CorpusStatsCache(pg::Pool& pool, std::chrono::seconds max_age = std::chrono::seconds{60})
      : pool_(pool), max_age_(max_age) {}

  boost::asio::awaitable<std::shared_ptr<const CorpusStats>> Get();

 private:
  pg::Pool& pool_;
  std::chrono::seconds max_age_;
  std::shared_ptr<const CorpusStats> stats_ = std::make_shared<CorpusStats>();
  std::chrono::steady_clock::time_point read_at_{};
  bool read_once_ = false;
  bool reading_ = false;  // a read is under way: concurrent turns use the previous statistics
};

}  // namespace contrail::knowledge
