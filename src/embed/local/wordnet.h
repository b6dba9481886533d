#pragma once
// A compact synonym index built from WordNet 3.0's index files (Debian's `wordnet-base`, in
// /usr/share/wordnet): for each single-word lemma, the synsets of its most common senses. Two words
// are synonyms here when one of their first senses is the same synset ("luggage" and "baggage"
// share 02774630). Only index.{noun,verb,adj} and the matching .exc files are read; the large
// data.* files are not needed.
//
// Immutable after Load(), so any number of threads may call Senses() concurrently.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"

namespace contrail::embed {

class WordNet {
 public:
  // A synset id: the part of speech (1 noun, 2 verb, 3 adjective) in the top byte, the synset's
  // byte offset in its data file below it.
  using SynsetId = std::uint32_t;
  static constexpr int kMaxSenses = 6;

  // Reads `dir`/index.{noun,verb,adj} and `dir`/{noun,verb,adj}.exc, keeping for each lemma the
  // first `senses_per_pos` synsets of each part of speech, and only synsets that some other lemma
  // shares (a synset of one word adds nothing a word feature does not). Errors: kNotFound when an
  // index file is missing, kInvalidArgument when one is malformed. REQUIRES: 1 <= senses_per_pos <=
  // 2
  static core::Result<WordNet> Load(const std::string& dir, int senses_per_pos);

  WordNet() = default;

  // The synsets of `word` (lowercase ASCII), most common first; a word not in WordNet as written is
  // looked up again as WordNet's irregular forms (children -> child) and regular suffix rules (bags
  // -> bag, hiking -> hike) say. Empty when unknown. The span lives as long as this object.
  std::span<const SynsetId> Senses(std::string_view word) const;

  std::size_t lemmas() const { return lemmas_.size(); }

 private:
  struct SenseList {
    SynsetId ids[kMaxSenses];
    std::uint8_t size = 0;
  };
  const SenseList* Find(std::string_view word) const;

  std::unordered_map<std::uint64_t, SenseList> lemmas_;         // by hash of the lemma
  std::unordered_map<std::uint64_t, std::uint64_t> irregular_;  // hash of form -> hash of lemma
};

}  // namespace contrail::embed
