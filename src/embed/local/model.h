#pragma once
// The model of the local embedder ("contrail-local"): the compiled lexicon, place names (from
// places/names.h) and WordNet synonym index, and the feature extractor that turns a text into a
// signed, hashed bag of weighted features. LocalEmbedder (local_embedder.h) is the public face; this
// is its engine.
//
// Immutable after construction; Accumulate() may be called from any number of threads.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "embed/local/wordnet.h"

namespace contrail::embed::local {

struct Token;
struct Sink;

// How much each family of features weighs, relative to a content word (1). These numbers are part
// of the model: vectors made with other weights are not comparable.
struct FeatureWeights {
  float char_grams = 0.35f;  // all of one word's character 3-5-grams together (L2)
  float synset = 0.4f;       // each WordNet synset of a word's first senses
  float pair = 0.6f;         // two adjacent content units (words, concepts, places), either order
  float place = 2.2f;        // a place named by any of its names or codes
  float region = 0.7f;       // the area (US state or country) of a named place
  float place_word = 0.3f;   // each word of a place name, as a word
  float concepts = 1.4f;     // multiplies each concept's own weight (lexicon.h)
  float light = 0.35f;       // a light word ("trip", "best") instead of 1
  float number = 0.5f;       // a number instead of 1
};

class LocalModel {
 public:
  // The model for WordNet files in `wordnet_dir`, built on first use and shared by every caller in
  // the process (thread-safe). Without WordNet there (a warning is logged) the model works without
  // synonyms, which changes its vectors: has_wordnet() says which one you have.
  static std::shared_ptr<const LocalModel> Shared(const std::string& wordnet_dir);

  explicit LocalModel(const std::string& wordnet_dir);

  // Adds the features of `text` into `out` (one value per dimension, not normalised). Returns the
  // number of features added; 0 only when `text` has no letters, digits or other symbols at all.
  std::size_t Accumulate(std::string_view text, std::span<float> out) const;

  bool has_wordnet() const { return wordnet_.has_value(); }
  // The WordNet synonym index the model reads, or nullptr without one (shared: the answer cache's
  // slots read the same synonyms).
  const WordNet* wordnet() const { return wordnet_ ? &*wordnet_ : nullptr; }
  std::size_t wordnet_lemmas() const { return wordnet_ ? wordnet_->lemmas() : 0; }
  // Wall time the constructor took to compile the tables and read WordNet.
  double load_ms() const { return load_ms_; }

 private:
  struct PlaceEntry {
    std::uint64_t place = 0;
    std::uint64_t region = 0;
    std::uint8_t case_rule = 0;  // kAnyCase, kUpperOnly, kCapitalizedOnly
  };
  struct ConceptEntry {
    static constexpr int kMax = 4;
    std::uint64_t concepts[kMax] = {};
    float weights[kMax] = {};
    int size = 0;
  };

  void CompileConcepts();
  void CompilePlaces();
  void MarkTokens(std::span<Token> tokens) const;
  const PlaceEntry* MatchPlace(std::span<const Token> tokens, std::size_t start,
                               std::size_t& length) const;
  const ConceptEntry* MatchConcept(std::span<const Token> tokens, std::size_t start,
                                   std::size_t& length) const;
  void AddWordFeatures(const Token& token, Sink& sink) const;

  FeatureWeights weights_;
  std::unordered_map<std::uint64_t, PlaceEntry> places_;      // by phrase key of raw tokens
  std::unordered_map<std::uint64_t, ConceptEntry> concepts_;  // by phrase key of stems
  std::unordered_set<std::uint64_t> stopwords_;               // raw hashes
  std::unordered_set<std::uint64_t> light_;                   // stem hashes
  std::size_t max_place_tokens_ = 1;
  std::size_t max_concept_tokens_ = 1;
  std::optional<WordNet> wordnet_;
  double load_ms_ = 0;
};

}  // namespace contrail::embed::local
