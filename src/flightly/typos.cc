#include "flightly/typos.h"

#include <algorithm>
#include <cctype>
#include <deque>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/english_lexicon.h"
#include "flightly/gazetteer.h"
#include "flightly/intent_rules.h"
#include "knowledge/query_terms.h"
#include "places/names.h"

namespace contrail::flightly {
namespace {

constexpr std::size_t kMinLetters = 4;  // "cod" for "code" is too close to too many words

// The words of the intent phrases, four letters or more, and the one-word names of the places
// flightly flies to ("maui", "tokyo", "reykjavik": "mauii", "tokio" and "reykavik" are them).
class Vocabulary {
 public:
  std::unordered_set<std::string_view> known;  // every word below
  std::vector<std::string_view> words;         // of the intent phrases
  std::vector<std::string_view> places;        // the one-word place names
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
    for (const Place& place : AllPlaces()) {
      std::string city;
      for (char c : place.city) city.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
      AddPlace(cities.emplace_back(std::move(city)));
    }
    for (const places::PlaceName& name : places::PlaceNames()) {
      if (!(name.flags & places::kUpperOnly) && places::DestinationOf(name.place) != nullptr) AddPlace(name.name);
    }
  }

 private:
  void AddPlace(std::string_view name) {
    const bool one_word = std::all_of(name.begin(), name.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    if (!one_word || name.size() < kMinLetters) return;
    if (known.insert(name).second) places.push_back(name);
  }
  std::deque<std::string> cities;  // AllPlaces()' cities in lower case (stable: `places` views them)
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

// The one word of `candidates` that `word` (lower case) is a misspelling of, at most `limit`
// edits away, or "". Of two as close, the one with the same letters wins ("tiem" is "time", not
// "tier"); otherwise there is no telling.
std::string_view Closest(const std::string& word, const std::vector<std::string_view>& candidates, std::size_t limit) {
  std::size_t best = limit + 1;
  std::vector<std::string_view> closest;
  for (std::string_view candidate : candidates) {
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

// The word `word` (lower case) is a misspelling of: a phrase word, else a place ("cabn" is
// "cabin", not "cabo"). A name (`named`: capitalised) is only ever a misspelt place
// ("Reykavik"), never a phrase word.
std::string_view Correction(const std::string& word, bool named) {
  const Vocabulary& v = Words();
  if (word.size() < kMinLetters || v.known.count(word) || knowledge::IsStopWord(word)) return {};
  if (core::EnglishLexicon::Shared().Knows(word) || FindPlace(word) != nullptr) return {};
  if (!named) {
    const std::size_t limit = word.size() >= 8 ? 2 : 1;
    if (std::string_view phrase_word = Closest(word, v.words, limit); !phrase_word.empty()) return phrase_word;
  }
  return Closest(word, v.places, 1);  // two edits make other places of names ("Coronado", "Colorado")
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
    if (joined) return std::string();
    std::string fixed(Correction(w.lower, named));
    if (named && !fixed.empty()) fixed[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(fixed[0])));
    return fixed;
  });
}

}  // namespace contrail::flightly
