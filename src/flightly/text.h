#pragma once
// Text primitives of the offline model: a message is tokenized once into lowercase words and
// numbers, and every later stage (gazetteer, slots, intents) reads the same token views.
//
//   Tokens tokens("Flights from LAS to Hawaii under $300?");
//   tokens.text(1) == "from"; tokens[2].upper == true; tokens[5].number == 300 && tokens[5].dollar
//   PhraseTable<int> table; table.Add("las vegas", 1); table.Longest(tokens, i) -> {value, words}

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/text.h"

namespace contrail::flightly {

struct Token {
  std::string_view text;     // lowercase ASCII (other bytes kept as they are), apostrophes dropped
  std::int32_t number = -1;  // value of a numeric token ("300", "1,500", "14th", "2k"), else -1
  char separator = ' ';  // last punctuation between the previous token and this one, ' ' if none
  bool dollar = false;   // written with '$' right before it ("$300")
  bool upper = false;    // has letters and all of them are uppercase in the original ("LAS")
  bool capital = false;  // its first character is an uppercase letter in the original
};

// A message split into tokens. Only the first kMaxBytes of a message are read: travel questions
// are short, and the cap bounds the cost of a turn whatever a client sends. The tokens view into
// this object's own buffer, so it can be neither copied nor moved.
class Tokens {
 public:
  static constexpr std::size_t kMaxBytes = 4096;

  explicit Tokens(std::string_view text);
  Tokens(const Tokens&) = delete;
  Tokens& operator=(const Tokens&) = delete;

  std::size_t size() const { return tokens_.size(); }
  // REQUIRES: i < size()
  const Token& operator[](std::size_t i) const { return tokens_[i]; }
  // The text of token i, or "" when i is past the end: lookahead code needs no bounds checks.
  std::string_view text(std::size_t i) const {
    return i < tokens_.size() ? tokens_[i].text : std::string_view();
  }
  // The number of token i, or -1 when it is not a number or i is past the end.
  std::int32_t number(std::size_t i) const { return i < tokens_.size() ? tokens_[i].number : -1; }

 private:
  // Reads the word that starts at text[i] into buffer_ and token; returns the index after it.
  std::size_t ReadWord(std::string_view text, std::size_t i, Token& token);

  std::string buffer_;  // the normalised text the tokens view into
  std::vector<Token> tokens_;
};

// Whether `word` is one of `words` (the word lists the rules of every stage compare tokens with).
bool In(std::string_view word, std::span<const std::string_view> words);
bool In(std::string_view word, std::initializer_list<std::string_view> words);

// Joins tokens [first, first + count) with single spaces into buf. Returns the joined view, or ""
// when the range runs past the end or does not fit in buf.
std::string_view JoinTokens(const Tokens& tokens, std::size_t first, std::size_t count, char* buf,
                            std::size_t buf_size);

// A table of phrases of one or more words, matched against tokens. Phrases are lowercase words
// separated by single spaces and must outlive the table (string literals). Built once, then
// read-only: lookups are safe from any thread.
template <typename Value>
class PhraseTable {
 public:
  struct Match {
    const Value* value = nullptr;
    std::size_t words = 0;  // how many tokens the phrase covers
  };

  // The value stored for phrase, default-constructed on first use (to merge several entries).
  Value& Upsert(std::string_view phrase) {
    std::size_t words = 1;
    for (char c : phrase) words += (c == ' ');
    std::string_view first = phrase.substr(0, phrase.find(' '));
    std::uint8_t& max = max_words_[first];
    if (words > max) max = static_cast<std::uint8_t>(words);
    return map_[phrase];
  }
  void Add(std::string_view phrase, Value value) { Upsert(phrase) = std::move(value); }

  // The longest phrase that starts at token i, or {nullptr, 0}.
  Match Longest(const Tokens& tokens, std::size_t i) const {
    std::size_t max = MaxWords(tokens.text(i));
    for (std::size_t n = max; n >= 1; --n) {
      if (const Value* v = Find(tokens, i, n)) return {v, n};
    }
    return {};
  }

  // Calls fn(value, words) for every phrase that starts at token i, longest first.
  template <typename Fn>
  void ForEach(const Tokens& tokens, std::size_t i, Fn&& fn) const {
    std::size_t max = MaxWords(tokens.text(i));
    for (std::size_t n = max; n >= 1; --n) {
      if (const Value* v = Find(tokens, i, n)) fn(*v, n);
    }
  }

  // True when some phrase starts with the word `first`.
  bool Starts(std::string_view first) const { return MaxWords(first) > 0; }

  // The value of an exact phrase, or nullptr.
  const Value* Find(std::string_view phrase) const {
    auto it = map_.find(phrase);
    return it == map_.end() ? nullptr : &it->second;
  }

 private:
  std::size_t MaxWords(std::string_view first) const {
    if (first.empty()) return 0;
    auto it = max_words_.find(first);
    return it == max_words_.end() ? 0 : it->second;
  }
  const Value* Find(const Tokens& tokens, std::size_t i, std::size_t n) const {
    if (n == 1) return Find(tokens.text(i));
    char buf[96];
    std::string_view key = JoinTokens(tokens, i, n, buf, sizeof(buf));
    return key.empty() ? nullptr : Find(key);
  }

  std::unordered_map<std::string_view, Value> map_;
  std::unordered_map<std::string_view, std::uint8_t> max_words_;  // longest phrase by first word
};

// Appends the decimal form of value.
void AppendInt(std::string& out, long long value);

// Appends s cut to at most max_bytes without splitting a UTF-8 sequence, adding "…" when cut.
void AppendClipped(std::string& out, std::string_view s, std::size_t max_bytes);

// Whether `word` (a token: lower case, apostrophes dropped) is the speaker's word for themselves or
// their party: "i", "im", "me", "my", "we", "weve", "our", "us", "myself" …
bool IsSelfWord(std::string_view word);

// The email address around text[at] (an '@'), its domain in lower case, or "" when it is not a
// valid one: a local part of letters, digits and ._%+-, a domain of dot-separated labels ending in
// a TLD of 2+ letters (a sentence's own final dot is not part of it).
std::string EmailAround(std::string_view text, std::size_t at);

// Splits a comma-separated profile value (core/text.h).
using core::ForEachListItem;

}  // namespace contrail::flightly
