#include "flightly/typos.h"

#include <algorithm>
#include <cctype>
#include <unordered_set>
#include <vector>

#include "core/english_lexicon.h"
#include "flightly/gazetteer.h"
#include "flightly/intent_rules.h"
#include "knowledge/query_terms.h"

namespace contrail::flightly {
namespace {

constexpr std::size_t kMinLetters = 4;  // "cod" for "code" is too close to too many words

// The words of the intent phrases, four letters or more.
struct Vocabulary {
  std::unordered_set<std::string_view> known;
  std::vector<std::string_view> words;
  Vocabulary() {
    for (const IntentRule& rule : IntentRules()) {
      std::string_view phrase = rule.phrase;
      while (!phrase.empty()) {
        const std::size_t space = phrase.find(' ');
        const std::string_view word = phrase.substr(0, space);
        if (word.size() >= kMinLetters && known.insert(word).second) words.push_back(word);
        phrase = space == std::string_view::npos ? std::string_view() : phrase.substr(space + 1);
      }
    }
  }
};

const Vocabulary& Words() {
  static const Vocabulary vocabulary;
  return vocabulary;
}

// Whether `a` and `b` hold the same letters: a swap ("tiem" for "time"), the commonest slip.
bool SameLetters(std::string_view a, std::string_view b) {
  std::string x(a), y(b);
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  return x == y;
}

// The one vocabulary word `word` (lower case) is a misspelling of, or "". Of two as close, the
// one with the same letters wins ("tiem" is "time", not "tier"); otherwise there is no telling.
std::string_view Correction(const std::string& word) {
  const Vocabulary& v = Words();
  if (word.size() < kMinLetters || v.known.count(word) || knowledge::IsStopWord(word)) return {};
  if (core::EnglishLexicon::Shared().Knows(word) || FindPlace(word) != nullptr) return {};
  const std::size_t limit = word.size() >= 8 ? 2 : 1;
  std::size_t best = limit + 1;
  std::vector<std::string_view> closest;
  for (std::string_view candidate : v.words) {
    if (candidate[0] != word[0]) continue;  // a typo keeps the first letter ("flite" is not "elite")
    const std::size_t d = knowledge::EditDistance(word, candidate, limit);
    if (d > best) continue;
    if (d < best) closest.clear();
    best = d;
    closest.push_back(candidate);
  }
  if (best > limit) return {};
  if (closest.size() == 1) return closest.front();
  std::string_view swapped;
  for (std::string_view candidate : closest) {
    if (!SameLetters(word, candidate)) continue;
    if (!swapped.empty()) return {};
    swapped = candidate;
  }
  return swapped;
}

}  // namespace

std::string FixTypos(std::string_view message) {
  if (core::EnglishLexicon::Shared().empty()) return std::string(message);
  return knowledge::RewriteWords(message, [&](const knowledge::TextWord& w) {
    // A word inside another (an apostrophe's "didnt", a hyphen's "carry-on") stays as it is, and
    // so does a name ("the Road to Hana"): a capital after the message's first word.
    const bool joined = (w.begin > 0 && (message[w.begin - 1] == '\'' || message[w.begin - 1] == '-')) ||
                        (w.end < message.size() && (message[w.end] == '\'' || message[w.end] == '-'));
    const bool named = w.begin > 0 && std::isupper(static_cast<unsigned char>(w.text[0]));
    return joined || named ? std::string() : std::string(Correction(w.lower));
  });
}

}  // namespace contrail::flightly
