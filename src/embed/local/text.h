#pragma once
// Text handling of the local embedder: a tokeniser that allocates nothing per token, and the
// Snowball English stemmer (libstemmer) behind a per-thread instance.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace contrail::embed::local {

// One word or number of a text, lowercased.
struct Token {
  std::string_view text;     // lowercase; points into the tokeniser's buffer
  std::uint64_t raw = 0;     // Fnv(text)
  std::uint64_t key = 0;     // the stem's hash (the raw hash for stopwords and numbers)
  bool upper = false;        // typed in capitals, at least two letters ("LAX")
  bool capitalized = false;  // first letter typed as a capital ("Nice")
  bool numeric = false;      // digits only
  bool stop = false;         // set by the model
  float weight = 1.0f;       // set by the model (light words weigh less)
};

// Splits `text` into runs of letters and runs of digits, lowercased (ASCII; bytes of UTF-8 letters
// are kept as they are). Apostrophes inside a word are dropped ("don't" -> "dont", "O'Hare" ->
// "ohare"); every other punctuation mark separates. `buffer` receives the lowercase text the tokens
// point into: keep it alive and unchanged while using them. `out` is cleared first.
void Tokenize(std::string_view text, std::string& buffer, std::vector<Token>& out);

// The hash of the Snowball English stem of `word` (lowercase UTF-8): "beaches" and "beach" hash the
// same. Thread-safe: each thread uses its own stemmer, created on first use.
std::uint64_t StemHash(std::string_view word);

}  // namespace contrail::embed::local
