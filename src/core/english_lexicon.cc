#include "core/english_lexicon.h"

#include <fstream>
#include <functional>

#include "core/log.h"

namespace contrail::core {
namespace {

std::uint64_t HashOf(std::string_view word) { return std::hash<std::string_view>{}(word); }

// Adds the first field of each line of `path` (a lemma, or an irregular form and its lemmas); lines
// of the license header start with a space. Multi-word lemmas ("ice_cream") are not words a question
// is split into. Returns false when the file cannot be opened.
bool AddFirstFields(const std::string& path, bool whole_line, std::unordered_set<std::uint64_t>& words) {
  std::ifstream in(path);
  if (!in) return false;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == ' ') continue;
    std::size_t start = 0;
    while (start < line.size()) {
      std::size_t end = line.find(' ', start);
      if (end == std::string::npos) end = line.size();
      const std::string_view word(line.data() + start, end - start);
      if (!word.empty() && word.find('_') == std::string_view::npos) words.insert(HashOf(word));
      if (!whole_line) break;
      start = end + 1;
    }
  }
  return true;
}

}  // namespace

Result<EnglishLexicon> EnglishLexicon::Load(const std::string& dir) {
  EnglishLexicon lexicon;
  bool any = false;
  for (const char* pos : {"noun", "verb", "adj", "adv"}) {
    any = AddFirstFields(dir + "/index." + pos, false, lexicon.words_) || any;
    AddFirstFields(dir + "/" + pos + ".exc", true, lexicon.words_);
  }
  if (!any) return NotFound("no WordNet index files in " + dir);
  return lexicon;
}

const EnglishLexicon& EnglishLexicon::Shared() {
  static const EnglishLexicon shared = [] {
    auto loaded = Load(kDefaultDir);
    if (loaded) return std::move(loaded).value();
    log::Warn("no English word list: questions are searched without spelling correction",
                    {{"error", loaded.error().message}});
    return EnglishLexicon();
  }();
  return shared;
}

bool EnglishLexicon::Has(std::string_view word) const { return !word.empty() && words_.count(HashOf(word)) > 0; }

bool EnglishLexicon::Knows(std::string_view w) const {
  if (Has(w)) return true;
  auto stem_is_word = [&](std::string_view suffix, std::string_view replacement) {
    if (w.size() <= suffix.size() + 2 || !w.ends_with(suffix)) return false;
    std::string base(w.substr(0, w.size() - suffix.size()));
    if (Has(base + std::string(replacement))) return true;
    // A doubled final consonant: "stopped" -> "stop", "bigger" -> "big".
    const std::size_t n = base.size();
    return replacement.empty() && n >= 3 && base[n - 1] == base[n - 2] && Has(base.substr(0, n - 1));
  };
  return stem_is_word("s", "") || stem_is_word("es", "") || stem_is_word("ies", "y") || stem_is_word("ing", "") ||
         stem_is_word("ing", "e") || stem_is_word("ed", "") || stem_is_word("ed", "e") || stem_is_word("ied", "y") ||
         stem_is_word("er", "") || stem_is_word("er", "e") || stem_is_word("est", "") || stem_is_word("ly", "");
}

}  // namespace contrail::core
