#pragma once
// English words: to tell a misspelling from a word the knowledge base happens not to use ("bunny"
// is a word and stays as typed, "rabit" is not and may become the documents' "rabbit":
// knowledge/corpus_stats.h), and a message in words from gibberish (flightly/intents.h). Read from WordNet 3.0's index files (Debian's wordnet-base, which the local
// embedder reads too): every single-word lemma of index.{noun,verb,adj,adv}, the irregular forms of
// the .exc files, and regular inflections by suffix rules. Immutable after Load(); thread-safe.
//
//   const EnglishLexicon& words = EnglishLexicon::Shared();
//   words.Knows("bunnies");   // true: "bunny" + plural
//   words.Knows("boardng");   // false

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>

#include "core/result.h"

namespace contrail::core {

class EnglishLexicon {
 public:
  static constexpr const char* kDefaultDir = "/usr/share/wordnet";

  EnglishLexicon() = default;  // knows no word

  // Reads `dir`/index.{noun,verb,adj,adv} and `dir`/{noun,verb,adj,adv}.exc. kNotFound when none of
  // the index files is there.
  static Result<EnglishLexicon> Load(const std::string& dir);

  // The lexicon of kDefaultDir, read on the first call (tens of milliseconds) and kept for the
  // process; empty when it cannot be read (logged once).
  static const EnglishLexicon& Shared();

  bool empty() const { return words_.empty(); }

  // Whether `word` (lower case ASCII) is a word or a regular inflection of one: a plural, a past
  // tense, an -ing form, a comparative ("residents", "boarding", "hiking", "stopped").
  bool Knows(std::string_view word) const;

 private:
  bool Has(std::string_view word) const;
  std::unordered_set<std::uint64_t> words_;  // hashes of the lemmas and irregular forms
};

}  // namespace contrail::core
