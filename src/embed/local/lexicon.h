#pragma once
// The hand-written tables of the local embedder: travel concepts, a travel gazetteer, stopwords.
// Plain data; LocalModel (model.h) compiles them into hash tables once per process.
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

// A place: every name adds the feature `key` (so "LAX", "Los Angeles" and "Los Angeles
// International" share one) and, weaker, `region` (so Maui is nearer Honolulu than Paris). A name
// written in capitals is an airport or city code: matched in any case unless it is also an English
// word ("MAD", "SIN"), then only when typed in capitals. A name starting with '!' is matched only
// when typed in capitals ("!LA").
struct PlaceRow {
  std::string_view key;
  std::string_view region;
  std::string_view names;
};
std::span<const PlaceRow> Places();

// Codes that are also English words (lowercase): they name a place only when typed in capitals.
std::span<const std::string_view> AmbiguousCodes();

// Words that carry no meaning of their own in a travel question: dropped from word features but
// still read by phrases ("check in", "what to do").
std::span<const std::string_view> Stopwords();

// Words that occur in many travel questions whatever they ask ("trip", "best"): weighted down.
std::span<const std::string_view> LightWords();

}  // namespace contrail::embed::lexicon
