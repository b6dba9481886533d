#pragma once
// The hand-written tables of the local embedder: travel concepts, stopwords and light words.
// Plain data; LocalModel (model.h) compiles them into hash tables once per process, with the
// places texts mention from the place table (places/names.h).
//
// A phrase list is '|'-separated; each phrase is one or more words, written as a person types them
// ("carry-on", "money back"). Words are matched after tokenising and (for concepts) stemming, so a
// phrase also matches its inflections ("beaches", "surfing").

#include <span>
#include <string_view>

namespace contrail::embed::lexicon {

// A travel concept: every phrase in `phrases` adds the feature `name` with `weight` (relative to a
// word's weight of 1). Several rows may list the same phrase; it then adds all their concepts.
struct ConceptRow {
  std::string_view name;
  float weight;
  std::string_view phrases;
};
std::span<const ConceptRow> Concepts();

// Words that carry no meaning of their own in a travel question: dropped from word features but
// still read by phrases ("check in", "what to do").
std::span<const std::string_view> Stopwords();

// Words that occur in many travel questions whatever they ask ("trip", "best"): weighted down.
std::span<const std::string_view> LightWords();

}  // namespace contrail::embed::lexicon
