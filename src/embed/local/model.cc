#include "embed/local/model.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <mutex>
#include <vector>

#include "core/log.h"
#include "embed/local/lexicon.h"
#include "embed/local/hash.h"
#include "embed/local/text.h"
#include "places/names.h"

namespace contrail::embed::local {
namespace {

// Feature namespaces: the same string in two families must land on unrelated dimensions.
constexpr std::uint64_t kWordNs = Fnv("word:");
constexpr std::uint64_t kGramNs = Fnv("gram:");
constexpr std::uint64_t kSynsetNs = Fnv("synset:");
constexpr std::uint64_t kPairNs = Fnv("pair:");
constexpr std::uint64_t kPlaceNs = Fnv("place:");
constexpr std::uint64_t kRegionNs = Fnv("region:");
constexpr std::uint64_t kConceptNs = Fnv("concept:");
constexpr std::uint64_t kTextNs = Fnv("text:");
constexpr std::uint64_t kPhraseSeed = Fnv("phrase:");

constexpr std::uint8_t kAnyCase = 0;
constexpr std::uint8_t kUpperOnly = 1;
constexpr std::uint8_t kCapitalizedOnly = 2;

constexpr std::size_t kMaxPhraseTokens = 6;

constexpr std::uint64_t ExtendPhrase(std::uint64_t phrase, std::uint64_t token) {
  return Combine(phrase, token);
}

// Per-thread scratch space, so embedding a text allocates nothing once the buffers have grown.
struct Scratch {
  std::string buffer;
  std::vector<Token> tokens;
  std::vector<std::uint64_t> units;  // the head feature of each content unit, in text order
};

template <typename Fn>
void ForEachPhrase(std::string_view list, Fn fn) {
  while (!list.empty()) {
    std::size_t bar = list.find('|');
    fn(list.substr(0, bar));
    list.remove_prefix(bar == std::string_view::npos ? list.size() : bar + 1);
  }
}

}  // namespace

// Adds signed, hashed features into the output. Each feature goes to kProbes buckets, each with its
// own sign (bucket from the low bits of a mixed hash, sign from the top bit): in 1024 dimensions
// two of a short text's ~40 features share a bucket often enough that one collision could decide a
// comparison; spread over two buckets, a collision moves a cosine half as much.
struct Sink {
  static constexpr int kProbes = 2;
  std::span<float> out;
  std::size_t count = 0;

  void Add(std::uint64_t ns, std::uint64_t feature, float weight) {
    const float share = weight * 0.70710678f;  // 1/sqrt(kProbes): the feature's norm stays `weight`
    std::uint64_t h = Combine(ns, feature);
    for (int probe = 0; probe < kProbes; ++probe, h = Mix(h + 0x9e3779b97f4a7c15ULL)) {
      float& slot = out[h % out.size()];
      slot += (h >> 63) != 0 ? -share : share;
    }
    ++count;
  }
};

std::shared_ptr<const LocalModel> LocalModel::Shared(const std::string& wordnet_dir) {
  static std::mutex mu;
  static std::unordered_map<std::string, std::shared_ptr<const LocalModel>> models;  // by mu
  std::lock_guard lock(mu);
  auto& model = models[wordnet_dir];
  if (!model) model = std::make_shared<const LocalModel>(wordnet_dir);
  return model;
}

LocalModel::LocalModel(const std::string& wordnet_dir) {
  const auto start = std::chrono::steady_clock::now();
  for (std::string_view word : lexicon::Stopwords()) stopwords_.insert(Fnv(word));
  for (std::string_view word : lexicon::LightWords()) light_.insert(StemHash(word));
  CompileConcepts();
  CompilePlaces();
  auto wordnet = WordNet::Load(wordnet_dir, 1);
  if (wordnet) {
    wordnet_ = std::move(wordnet).value();
  } else {
    core::log::Warn("contrail-local: no WordNet synonyms, vectors differ from the full model",
                    {{"dir", wordnet_dir}, {"error", wordnet.error().message}});
  }
  load_ms_ =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

void LocalModel::CompileConcepts() {
  std::string buffer;
  std::vector<Token> tokens;
  for (const lexicon::ConceptRow& row : lexicon::Concepts()) {
    const std::uint64_t concept_hash = Fnv(row.name);
    ForEachPhrase(row.phrases, [&](std::string_view phrase) {
      Tokenize(phrase, buffer, tokens);
      if (tokens.empty() || tokens.size() > kMaxPhraseTokens) return;
      MarkTokens(tokens);
      std::uint64_t key = kPhraseSeed;
      for (const Token& token : tokens) key = ExtendPhrase(key, token.key);
      ConceptEntry& entry = concepts_[key];
      const auto end = entry.concepts + entry.size;
      if (std::find(entry.concepts, end, concept_hash) != end || entry.size == ConceptEntry::kMax)
        return;
      entry.concepts[entry.size] = concept_hash;
      entry.weights[entry.size++] = row.weight;
      max_concept_tokens_ = std::max(max_concept_tokens_, tokens.size());
    });
  }
}

// Every code, city and name that mentions a place (places/names.h) adds the place's metro or
// region and its area. No phrase stands for two places in the table, so the order of the loops
// does not matter.
void LocalModel::CompilePlaces() {
  std::string buffer;
  std::vector<Token> tokens;
  auto add = [&](std::string_view name, std::uint64_t key, std::uint64_t area, std::uint8_t rule) {
    Tokenize(name, buffer, tokens);
    if (tokens.empty() || tokens.size() > kMaxPhraseTokens) return;
    std::uint64_t phrase = kPhraseSeed;
    for (const Token& token : tokens) phrase = ExtendPhrase(phrase, token.raw);
    places_.emplace(phrase, PlaceEntry{key, area, rule});
    max_place_tokens_ = std::max(max_place_tokens_, tokens.size());
  };
  for (const places::Airport& airport : places::Airports()) {
    if (airport.metro.empty()) continue;
    const std::uint64_t key = Fnv(airport.metro), area = Fnv(airport.area);
    if (!(airport.flags & places::kCodeNotAMention)) {
      add(airport.code, key, area,
          (airport.flags & places::kCodeIsWordInMentions) ? kUpperOnly : kAnyCase);
    }
    if (!(airport.flags & places::kCityNotAMention)) {
      add(airport.city, key, area,
          (airport.flags & places::kCapitalizedCity) ? kCapitalizedOnly : kAnyCase);
    }
  }
  for (const places::PlaceName& name : places::PlaceNames()) {
    if (name.flags & places::kMatchOnly) continue;
    const places::Mention mention = places::MentionOf(name.place);
    if (mention.key.empty()) continue;
    const std::uint8_t rule = (name.flags & places::kUpperOnly)     ? kUpperOnly
                              : (name.flags & places::kCapitalized) ? kCapitalizedOnly
                                                                    : kAnyCase;
    add(name.name, Fnv(mention.key), Fnv(mention.area), rule);
  }
}

void LocalModel::MarkTokens(std::span<Token> tokens) const {
  for (Token& token : tokens) {
    token.stop = !token.numeric && (token.text.size() == 1 || stopwords_.contains(token.raw));
    token.key = token.stop || token.numeric ? token.raw : StemHash(token.text);
    token.weight = token.numeric                ? weights_.number
                   : light_.contains(token.key) ? weights_.light
                                                : 1.0f;
  }
}

const LocalModel::PlaceEntry* LocalModel::MatchPlace(std::span<const Token> tokens,
                                                     std::size_t start, std::size_t& length) const {
  std::uint64_t keys[kMaxPhraseTokens];
  const std::size_t max = std::min(max_place_tokens_, tokens.size() - start);
  std::uint64_t key = kPhraseSeed;
  for (std::size_t n = 0; n < max; ++n) keys[n] = key = ExtendPhrase(key, tokens[start + n].raw);
  for (std::size_t n = max; n > 0; --n) {
    auto it = places_.find(keys[n - 1]);
    if (it == places_.end()) continue;
    const Token& first = tokens[start];
    if (it->second.case_rule == kUpperOnly && !first.upper) continue;
    if (it->second.case_rule == kCapitalizedOnly && !first.capitalized) continue;
    length = n;
    return &it->second;
  }
  return nullptr;
}

const LocalModel::ConceptEntry* LocalModel::MatchConcept(std::span<const Token> tokens,
                                                         std::size_t start,
                                                         std::size_t& length) const {
  std::uint64_t keys[kMaxPhraseTokens];
  const std::size_t max = std::min(max_concept_tokens_, tokens.size() - start);
  std::uint64_t key = kPhraseSeed;
  for (std::size_t n = 0; n < max; ++n) keys[n] = key = ExtendPhrase(key, tokens[start + n].key);
  for (std::size_t n = max; n > 0; --n) {
    auto it = concepts_.find(keys[n - 1]);
    if (it == concepts_.end()) continue;
    length = n;
    return &it->second;
  }
  return nullptr;
}

void LocalModel::AddWordFeatures(const Token& token, Sink& sink) const {
  const float weight = token.weight;
  sink.Add(kWordNs, token.key, weight);
  if (token.numeric) return;
  // Character 3-5-grams of "<word>", hashed incrementally from each start position. Their weight is
  // spread so that one word's grams together weigh `char_grams`, however long the word is.
  const std::string_view text = token.text;
  const std::size_t padded = text.size() + 2;
  auto at = [&](std::size_t p) { return p == 0 ? '<' : p == padded - 1 ? '>' : text[p - 1]; };
  std::size_t grams = 0;
  for (std::size_t n = 3; n <= 5; ++n) grams += padded >= n ? padded - n + 1 : 0;
  if (grams > 0) {
    const float gram_weight = weights_.char_grams * weight / std::sqrt(static_cast<float>(grams));
    for (std::size_t begin = 0; begin + 3 <= padded; ++begin) {
      std::uint64_t h = kFnvOffset;
      for (std::size_t p = begin; p < begin + 5 && p < padded; ++p) {
        h = FnvAdd(h, static_cast<unsigned char>(at(p)));
        if (p - begin + 1 >= 3) sink.Add(kGramNs, h, gram_weight);
      }
    }
  }
  if (wordnet_) {
    for (WordNet::SynsetId id : wordnet_->Senses(text)) {
      sink.Add(kSynsetNs, id, weights_.synset * weight);
    }
  }
}

std::size_t LocalModel::Accumulate(std::string_view text, std::span<float> out) const {
  thread_local Scratch scratch;
  Tokenize(text, scratch.buffer, scratch.tokens);
  MarkTokens(scratch.tokens);
  const std::span<const Token> tokens = scratch.tokens;
  std::vector<std::uint64_t>& units = scratch.units;
  units.clear();
  Sink sink{out};
  for (std::size_t i = 0; i < tokens.size();) {
    std::size_t length = 0;
    if (const PlaceEntry* place = MatchPlace(tokens, i, length)) {
      sink.Add(kPlaceNs, place->place, weights_.place);
      sink.Add(kRegionNs, place->region, weights_.region);
      for (std::size_t k = i; k < i + length; ++k) {
        if (!tokens[k].stop) sink.Add(kWordNs, tokens[k].key, weights_.place_word);
      }
      units.push_back(place->place);
      i += length;
      continue;
    }
    if (const ConceptEntry* matched = MatchConcept(tokens, i, length)) {
      for (int c = 0; c < matched->size; ++c) {
        sink.Add(kConceptNs, matched->concepts[c], weights_.concepts * matched->weights[c]);
      }
      for (std::size_t k = i; k < i + length; ++k) {
        if (!tokens[k].stop) AddWordFeatures(tokens[k], sink);
      }
      units.push_back(matched->concepts[0]);
      i += length;
      continue;
    }
    if (!tokens[i].stop) {
      AddWordFeatures(tokens[i], sink);
      units.push_back(tokens[i].key);
    }
    ++i;
  }
  // Adjacent units in either order: "cancel my hotel" and "hotel cancellation" share a pair.
  for (std::size_t u = 1; u < units.size(); ++u) {
    if (units[u] == units[u - 1]) continue;
    sink.Add(kPairNs, Combine(std::min(units[u], units[u - 1]), std::max(units[u], units[u - 1])),
             weights_.pair);
  }
  if (sink.count == 0) {
    // Only stopwords ("what is it?"): they are all the text has to say.
    for (const Token& token : tokens) sink.Add(kWordNs, token.raw, 1.0f);
  }
  if (sink.count == 0) sink.Add(kTextNs, Fnv(text), 1.0f);  // symbols only: "???" or emoji
  return sink.count;
}

}  // namespace contrail::embed::local
