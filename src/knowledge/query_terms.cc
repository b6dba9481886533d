#include "knowledge/query_terms.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "embed/local/text.h"

namespace contrail::knowledge {
namespace {

// Sorted, for binary search. Function words, question words, pronouns, auxiliaries and the
// fillers of chat questions; travel words ("bag", "fee", "flight") are never here.
constexpr std::array kStopWords = std::to_array<std::string_view>({
    "a",      "about",  "after",   "again",  "all",     "also",   "am",     "an",     "and",    "any",
    "anything", "are",  "as",      "at",     "be",      "been",   "before", "being",  "both",   "but",
    "by",     "can",    "cant",   "could",   "did",    "do",      "does",   "doing",  "dont",    "else",   "even",
    "ever",   "every",  "for",     "from",   "get",     "got",    "had",    "has",    "have",   "having",
    "he",     "her",    "here",    "hers",   "hey",     "hi",     "him",    "his",    "how",    "i",
    "if",     "im",     "in",      "into",   "is",      "it",     "its",    "just",   "know",   "let",
    "like",   "many",   "me",      "might",  "more",    "most",   "much",   "must",   "my",     "need",
    "no",     "not",    "now",     "of",     "off",     "ok",     "okay",   "on",     "one",    "or",
    "other",  "our",    "ours",    "out",    "please",  "really", "says",   "she",    "should", "so",
    "some",   "something", "such", "tell",   "than",    "thanks", "that",   "thats",  "the",    "their",
    "them",   "then",   "there",   "these",  "they",    "thing",  "this",   "those",  "to",     "too",
    "us",     "very",   "wanna",   "want",   "was",     "we",     "were",   "what",   "whats",  "when",
    "where",  "which",  "while",   "who",    "whom",    "why",    "will",   "with",   "would",  "yes",
    "you",    "your",   "yours",
});

}  // namespace

bool IsStopWord(std::string_view word) {
  return std::binary_search(kStopWords.begin(), kStopWords.end(), word);
}

// Splits at ASCII characters other than letters and digits only: bytes of a UTF-8 sequence are
// all >= 0x80, so a word is never cut inside one (PostgreSQL rejects such text).
std::string TextSearchWords(std::string_view question) {
  std::string out, word;
  auto flush = [&] {
    if (!word.empty() && !IsStopWord(word)) {
      if (!out.empty()) out += ' ';
      out += word;
    }
    word.clear();
  };
  for (char ch : question) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c >= 0x80 || std::isalnum(c)) {
      word += static_cast<char>(c < 0x80 ? std::tolower(c) : c);
    } else if (ch != '\'') {  // "don't" is one word, as the stop words spell it
      flush();
    }
  }
  flush();
  return out.empty() ? std::string(question) : out;
}

std::string FoldAccents(std::string_view text) {
  // Two-byte UTF-8 letters of Latin-1 (C3 80..C3 BF) and their plain letter; 0 = keep.
  static constexpr char kFold[64] = {
      'a', 'a', 'a', 'a', 'a', 'a', 0,   'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',  // C3 80..8F
      0,   'n', 'o', 'o', 'o', 'o', 'o', 0,   0,   'u', 'u', 'u', 'u', 'y', 0,   0,    // C3 90..9F
      'a', 'a', 'a', 'a', 'a', 'a', 0,   'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',  // C3 A0..AF
      0,   'n', 'o', 'o', 'o', 'o', 'o', 0,   0,   'u', 'u', 'u', 'u', 'y', 0,   'y',  // C3 B0..BF
  };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == 0xC3 && i + 1 < text.size()) {
      const unsigned char next = static_cast<unsigned char>(text[i + 1]);
      if (next >= 0x80 && next <= 0xBF && kFold[next - 0x80] != 0) {
        out += kFold[next - 0x80];
        ++i;
        continue;
      }
    }
    out += static_cast<char>(c);
  }
  return out;
}

std::vector<Term> ContentTerms(std::string_view text) {
  std::string buffer;
  std::vector<embed::local::Token> tokens;
  const std::string folded = FoldAccents(text);
  embed::local::Tokenize(folded, buffer, tokens);
  std::vector<Term> out;
  out.reserve(tokens.size());
  for (const embed::local::Token& t : tokens) {
    if (IsStopWord(t.text)) continue;
    out.push_back({embed::local::StemHash(t.text), t.numeric});
  }
  return out;
}

}  // namespace contrail::knowledge
