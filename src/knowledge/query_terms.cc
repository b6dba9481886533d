#include "knowledge/query_terms.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_map>

#include "core/english_lexicon.h"
#include "embed/local/text.h"

namespace contrail::knowledge {
namespace {

// Sorted, for binary search. Function words, question words, pronouns, auxiliaries and the
// fillers of chat questions; travel words ("bag", "fee", "flight") are never here.
constexpr std::array kStopWords = std::to_array<std::string_view>({
    "a",      "about",  "after",   "again",  "all",     "also",   "am",     "an",     "and",    "any",
    "anything", "are",  "as",      "at",     "be",      "been",   "before", "being",  "both",   "but",
    "by",     "called", "can",    "cant",   "could",   "did",    "do",      "does",   "doing",  "dont",    "else",   "even",
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

std::string WithoutAnswerCues(std::string_view question) {
  static constexpr auto kCues = std::to_array<std::string_view>(
      {"big", "early", "far", "fast", "heavy", "large", "late", "long", "often", "soon"});
  std::string out(question);
  auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  auto is_word = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
  for (std::size_t at = 0; at + 3 < out.size(); ++at) {
    if ((at > 0 && is_word(out[at - 1])) || lower(out[at]) != 'h' || lower(out[at + 1]) != 'o' ||
        lower(out[at + 2]) != 'w' || out[at + 3] != ' ') {
      continue;
    }
    std::size_t start = at + 4, end = start;
    while (end < out.size() && is_word(out[end])) ++end;
    std::string next;
    for (std::size_t i = start; i < end; ++i) next += lower(out[i]);
    if (std::find(kCues.begin(), kCues.end(), next) != kCues.end()) {
      std::fill(out.begin() + start, out.begin() + end, ' ');
    }
  }
  return out;
}

// A sentence ends at . ! ? before a space or the end, whatever follows: chat is often written in
// lower case ("ok. can i bring my dog?"), which passage_units.cc's rule for documents (an upper-case
// letter next) would read as one sentence.
std::string AskingPart(std::string_view message) {
  std::string asking;
  bool story = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= message.size(); ++i) {
    const bool end = i == message.size() || ((message[i] == '?' || message[i] == '.' || message[i] == '!') &&
                                             (i + 1 == message.size() || message[i + 1] == ' '));
    if (!end) continue;
    std::string_view sentence = message.substr(start, i - start);
    while (!sentence.empty() && sentence.front() == ' ') sentence.remove_prefix(1);
    if (i < message.size() && message[i] == '?') {
      if (!asking.empty()) asking += ' ';
      asking.append(sentence);
      asking += '?';
    } else if (ContentWords(sentence).size() >= 2) {
      story = true;
    }
    start = i + 1;
  }
  return story ? asking : std::string();
}

// Splits at ASCII characters other than letters and digits only: bytes of a UTF-8 sequence are
// all >= 0x80, so a word is never cut inside one (PostgreSQL rejects such text).
std::string TextSearchWords(std::string_view asked) {
  const std::string question = WithoutAnswerCues(asked);
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
  return out.empty() ? std::string(asked) : out;
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

std::vector<std::string> ContentWords(std::string_view text) {
  std::string buffer;
  std::vector<embed::local::Token> tokens;
  const std::string folded = FoldAccents(text);
  embed::local::Tokenize(folded, buffer, tokens);
  std::vector<std::string> out;
  for (const embed::local::Token& t : tokens) {
    if (!IsStopWord(t.text)) out.emplace_back(t.text);
  }
  return out;
}

std::string RewriteWords(std::string_view text, const std::function<std::string(const TextWord&)>& fix) {
  std::string out;
  std::size_t copied = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (!std::isalpha(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && std::isalpha(static_cast<unsigned char>(text[j]))) ++j;
    TextWord word{text.substr(i, j - i), std::string(text.substr(i, j - i)), i, j};
    for (char& c : word.lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (std::string fixed = fix(word); !fixed.empty()) {
      out.append(text.substr(copied, i - copied)).append(fixed);
      copied = j;
    }
    i = j;
  }
  if (copied == 0) return std::string(text);
  return out.append(text.substr(copied));
}

std::size_t EditDistance(std::string_view a, std::string_view b, std::size_t limit) {
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit) return limit + 1;
  std::vector<std::size_t> prev2(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    std::size_t row_min = cur[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string ClosestSpelling(std::string_view word, const std::unordered_map<std::string_view, int>& frequency) {
  const std::size_t limit = word.size() >= 8 ? 2 : word.size() >= 5 ? 1 : 0;
  if (limit == 0 || frequency.count(word)) return std::string();
  std::string chosen;
  std::size_t best = limit + 1;
  int best_frequency = 0;
  for (const auto& [candidate, count] : frequency) {
    const std::size_t d = EditDistance(word, candidate, limit);
    if (d < best || (d == best && d <= limit && count > best_frequency)) {
      best = d, best_frequency = count, chosen = std::string(candidate);
    }
  }
  return best <= limit ? chosen : std::string();
}

std::string CorrectSpelling(std::string_view question, const std::vector<std::string>& vocabulary) {
  std::unordered_map<std::string_view, int> frequency;
  for (const std::string& w : vocabulary) ++frequency[w];
  std::string out;
  const core::EnglishLexicon& english = core::EnglishLexicon::Shared();
  for (const std::string& word : ContentWords(question)) {
    std::string closest = english.Knows(word) ? std::string() : ClosestSpelling(word, frequency);
    if (!out.empty()) out += ' ';
    out += closest.empty() ? word : closest;
  }
  return out;
}

namespace {

// The word of an ordinal written in figures, split by the tokenizer into its digits and suffix
// ("1", "st"), up to the tenth; "" when the two are not one.
std::string_view OrdinalWord(std::string_view digits, std::string_view suffix) {
  static constexpr std::string_view kWords[] = {"first", "second",  "third",  "fourth", "fifth",
                                                "sixth", "seventh", "eighth", "ninth",  "tenth"};
  if (digits.empty() || digits.size() > 2 || digits[0] == '0') return {};
  const int n = digits.size() == 1 ? digits[0] - '0' : (digits[0] - '0') * 10 + (digits[1] - '0');
  if (n < 1 || n > 10) return {};
  const std::string_view expected = n == 1 ? "st" : n == 2 ? "nd" : n == 3 ? "rd" : "th";
  return suffix == expected ? kWords[n - 1] : std::string_view();
}

}  // namespace

std::vector<Term> ContentTerms(std::string_view text) {
  std::string buffer;
  std::vector<embed::local::Token> tokens;
  const std::string folded = FoldAccents(text);
  embed::local::Tokenize(folded, buffer, tokens);
  std::vector<Term> out;
  out.reserve(tokens.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const embed::local::Token& t = tokens[i];
    // Tables write "1st extra bag", questions "the first extra bag": one word.
    if (t.numeric && i + 1 < tokens.size()) {
      if (std::string_view word = OrdinalWord(t.text, tokens[i + 1].text); !word.empty()) {
        out.push_back({embed::local::StemHash(word), false});
        ++i;
        continue;
      }
    }
    if (IsStopWord(t.text)) continue;
    out.push_back({embed::local::StemHash(t.text), t.numeric});
  }
  return out;
}

bool HoldsAnyOf(std::string_view text, const std::vector<Term>& terms) {
  for (const Term& held : ContentTerms(text)) {
    for (const Term& t : terms) {
      if (held.stem == t.stem) return true;
    }
  }
  return false;
}

}  // namespace contrail::knowledge
