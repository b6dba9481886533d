#include "cache/question_slots.h"

#include <algorithm>
#include <span>
#include <vector>

namespace contrail::cache {

namespace {

// What a slot stated by one question only says: its name when that tells the two apart (a firm
// slot; with `strict`, a soft one too, named without its '~'), else "" (a contrast slot, a kind).
std::string OneSided(const std::string& name, bool strict) {
  if (name.starts_with('=') || name.starts_with('^')) return std::string();
  if (name.starts_with('~')) return strict ? name.substr(1) : std::string();
  return name;
}
std::string Shown(const std::string& name) {
  return name.starts_with('~') || name.starts_with('=') ? name.substr(1) : name;
}

std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> out;
  while (!s.empty()) {
    const std::size_t space = s.find(' ');
    if (space != 0) out.push_back(s.substr(0, space));
    if (space == std::string_view::npos) break;
    s.remove_prefix(space + 1);
  }
  return out;
}

// Whether two words of contrast slots are one: equal, or (a word written as "stem|alt|alt") with
// an alternative in common.
bool SameWord(std::string_view a, std::string_view b) {
  if (a.substr(0, a.find('|')) == b.substr(0, b.find('|'))) return true;
  if (a.find('|') == std::string_view::npos || b.find('|') == std::string_view::npos) return false;
  auto alternatives = [](std::string_view w) {
    std::vector<std::string_view> out;
    for (std::size_t start = 0; start <= w.size();) {
      const std::size_t bar = std::min(w.find('|', start), w.size());
      out.push_back(w.substr(start, bar - start));
      start = bar + 1;
    }
    return out;
  };
  const std::vector<std::string_view> x = alternatives(a), y = alternatives(b);
  for (std::string_view w : x) {
    if (std::find(y.begin(), y.end(), w) != y.end()) return true;
  }
  return false;
}

bool HasContentWord(std::span<const std::string_view> run) {
  for (std::string_view w : run) {
    if (!w.starts_with('_')) return true;
  }
  return false;
}

// The most words a run may have on either side and still be one word said otherwise.
constexpr std::size_t kMaxRun = 3;

}  // namespace

bool OneRunApart(std::string_view a, std::string_view b) {
  const std::vector<std::string_view> x = Words(a), y = Words(b);
  std::size_t prefix = 0;
  // A word is itself by what it is written as before its alternatives (which may differ with the
  // phrase it stands in: "bag" in "cabin bag" is also carry-on).
  auto head = [](std::string_view w) { return w.substr(0, w.find('|')); };
  while (prefix < x.size() && prefix < y.size() && head(x[prefix]) == head(y[prefix])) ++prefix;
  std::size_t suffix = 0;
  while (suffix < x.size() - prefix && suffix < y.size() - prefix &&
         head(x[x.size() - 1 - suffix]) == head(y[y.size() - 1 - suffix])) {
    ++suffix;
  }
  const std::span<const std::string_view> run_a(x.data() + prefix, x.size() - prefix - suffix);
  const std::span<const std::string_view> run_b(y.data() + prefix, y.size() - prefix - suffix);
  if (run_a.empty() || run_b.empty() || run_a.size() > kMaxRun || run_b.size() > kMaxRun) return false;
  // "a long delay" / "a delayed flight": the same word moved is a rewording, not another word; so
  // is one said otherwise ("hand luggage" / "carry-on", "fee" / "charge").
  for (std::string_view w : run_a) {
    if (w.starts_with('_')) continue;
    for (std::string_view v : run_b) {
      if (SameWord(w, v)) return false;
    }
  }
  return HasContentWord(run_a) || HasContentWord(run_b);
}

std::string Disagreement(const QuestionSlots& a, const QuestionSlots& b, bool strict) {
  // A contrast slot is named only when no other slot tells the questions apart: "seat" says more
  // of "window seat fee" / "aisle seat fee" than "words" does.
  std::string contrast;
  auto ia = a.begin();
  auto ib = b.begin();
  while (ia != a.end() || ib != b.end()) {
    if (ib == b.end() || (ia != a.end() && ia->first < ib->first)) {
      if (std::string name = OneSided(ia->first, strict); !name.empty()) return name;
      ++ia;
    } else if (ia == a.end() || ib->first < ia->first) {
      if (std::string name = OneSided(ib->first, strict); !name.empty()) return name;
      ++ib;
    } else {
      if (ia->second != ib->second && !ia->first.starts_with('^')) {
        if (!ia->first.starts_with('=')) return Shown(ia->first);
        if (contrast.empty() && OneRunApart(ia->second, ib->second)) contrast = Shown(ia->first);
      }
      ++ia, ++ib;
    }
  }
  return contrast;
}

bool SameKind(const QuestionSlots& a, const QuestionSlots& b) {
  auto ia = a.lower_bound(std::string_view("^"));
  auto ib = b.lower_bound(std::string_view("^"));
  if (ia == a.end() || ib == b.end() || !ia->first.starts_with('^')) return false;
  return ia->first == ib->first && ia->second == ib->second;
}

}  // namespace contrail::cache
