#include "knowledge/corpus_stats.h"

#include <cctype>
#include <cmath>
#include <string>
#include <unordered_set>

#include "core/english_lexicon.h"
#include "knowledge/query_terms.h"
#include "pg/pool.h"

namespace contrail::knowledge {

CorpusStats::CorpusStats(std::unordered_map<std::uint64_t, int> chunks_with, int chunks,
                         std::unordered_map<std::string, int> words, const core::EnglishLexicon* english)
    : chunks_with_(std::move(chunks_with)), chunks_(chunks), words_(std::move(words)), english_(english) {
  for (const auto& [word, count] : words_) word_index_.emplace(word, count);
}

std::string CorpusStats::CorrectSpelling(std::string_view question) const {
  if (english_ == nullptr || english_->empty() || word_index_.empty()) return std::string(question);
  return RewriteWords(question, [&](const TextWord& w) -> std::string {
    const std::string& word = w.lower;
    if (word.size() < 4 || IsStopWord(word) || word_index_.count(word)) return {};
    if (auto h = hyphenated_.find(word); h != hyphenated_.end()) return h->second;
    if (word.size() >= 5 && !english_->Knows(word)) return ClosestSpelling(word, word_index_);
    return {};
  });
}

double CorpusStats::Commonness(std::uint64_t stem) const {
  if (chunks_ <= 0) return 0;
  auto it = chunks_with_.find(stem);
  if (it == chunks_with_.end()) return 0;
  const double n = chunks_;
  return 1.0 - std::log(1.0 + n / (1.0 + it->second)) / std::log(1.0 + n);
}

std::string CorpusStats::DistinctiveWords(std::string_view question) const {
  if (chunks_ <= 0) return std::string();
  const std::string words = TextSearchWords(question);
  std::string out, rarest;
  int rarest_df = -1;
  for (std::size_t start = 0; start < words.size();) {
    std::size_t end = words.find(' ', start);
    if (end == std::string::npos) end = words.size();
    const std::string_view word(words.data() + start, end - start);
    start = end + 1;
    const std::vector<Term> terms = ContentTerms(word);
    if (terms.empty()) continue;  // all stop words: TextSearchWords returned the question
    auto it = chunks_with_.find(terms.front().stem);
    const int df = it == chunks_with_.end() ? 0 : it->second;
    if (rarest_df < 0 || df < rarest_df) rarest_df = df, rarest = word;
    if (df > kCommonShare * chunks_) continue;
    if (!out.empty()) out += ' ';
    out += word;
  }
  return out.empty() ? rarest : out;
}

namespace {

// Records each word of `text` written with hyphens between letters ("Wi-Fi", "self-balancing"),
// lower case, by its letters alone.
void AddHyphenated(std::string_view text, std::unordered_map<std::string, std::string>& out) {
  auto letter = [&](std::size_t k) { return k < text.size() && std::isalpha(static_cast<unsigned char>(text[k])); };
  for (std::size_t i = 0; i < text.size();) {
    if (!letter(i) || (i > 0 && letter(i - 1))) {
      ++i;
      continue;
    }
    std::string written, joined;
    std::size_t j = i;
    for (;;) {
      while (letter(j)) {
        const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(text[j++])));
        written += c, joined += c;
      }
      if (j + 1 < text.size() && text[j] == '-' && letter(j + 1)) {
        written += '-';
        ++j;
        continue;
      }
      break;
    }
    if (written.size() != joined.size() && joined.size() <= 40) out.emplace(std::move(joined), std::move(written));
    i = j;
  }
}

}  // namespace

boost::asio::awaitable<core::Result<CorpusStats>> LoadCorpusStats(pg::Pool& pool) {
  // Counted here from each chunk's title, heading and text with the second stage's own words
  // (ContentTerms): PostgreSQL's lexemes are stems, and stemming a stem again does not always give
  // it back ("manatees" -> "manate" -> "manat").
  CONTRAIL_CO_TRY(pg::Rows rows,
                  co_await pool.Execute(pg::Statement(
                      "SELECT coalesce(metadata ->> 'title', '') || ' ' || heading || ' ' || text "
                      "FROM knowledge_chunks ORDER BY id LIMIT " + std::to_string(kMaxCountedChunks))));
  std::unordered_map<std::uint64_t, int> chunks_with;
  std::unordered_map<std::string, int> words;
  std::unordered_map<std::string, std::string> hyphenated;
  std::unordered_set<std::uint64_t> seen;
  for (int r = 0; r < rows.size(); ++r) {
    seen.clear();
    const std::string_view text = rows.text(r, 0);
    for (const Term& t : ContentTerms(text)) {
      if (seen.insert(t.stem).second) ++chunks_with[t.stem];
    }
    for (std::string& w : ContentWords(text)) ++words[std::move(w)];
    AddHyphenated(text, hyphenated);
  }
  CorpusStats stats(std::move(chunks_with), rows.size(), std::move(words), &core::EnglishLexicon::Shared());
  stats.set_hyphenated(std::move(hyphenated));
  co_return stats;
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
