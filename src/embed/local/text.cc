#include "embed/local/text.h"

#include <libstemmer.h>

#include "embed/local/hash.h"

namespace contrail::embed::local {
namespace {

bool IsAsciiLetter(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }

// Length of the apostrophe at `i` (ASCII ' or U+2019 ’), 0 if there is none.
std::size_t ApostropheAt(std::string_view s, std::size_t i) {
  if (s[i] == '\'') return 1;
  if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xE2 &&
      static_cast<unsigned char>(s[i + 1]) == 0x80 && static_cast<unsigned char>(s[i + 2]) == 0x99)
    return 3;
  return 0;
}

// UTF-8 letters count as letters; the General Punctuation block (U+2000-U+206F: dashes, quotes,
// ellipsis), encoded E2 80..81 xx, separates like ASCII punctuation.
std::size_t LetterAt(std::string_view s, std::size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (IsAsciiLetter(c)) return 1;
  if (c < 0x80) return 0;
  if (c == 0xE2 && i + 1 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xFE) == 0x80)
    return 0;
  if (c == 0xC2) return 0;  // U+0080-U+00BF: nbsp, «, », ¿ ...
  return 1;
}

class Stemmer {
 public:
  Stemmer() : stemmer_(sb_stemmer_new("english", "UTF_8")) {}
  ~Stemmer() { sb_stemmer_delete(stemmer_); }
  Stemmer(const Stemmer&) = delete;
  Stemmer& operator=(const Stemmer&) = delete;

  std::uint64_t Hash(std::string_view word) {
    const sb_symbol* stem = sb_stemmer_stem(
        stemmer_, reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
    if (stem == nullptr) return Fnv(word);  // out of memory inside libstemmer: use the word
    return Fnv(std::string_view(reinterpret_cast<const char*>(stem),
                                static_cast<std::size_t>(sb_stemmer_length(stemmer_))));
  }

 private:
  sb_stemmer* stemmer_;
};

}  // namespace

void Tokenize(std::string_view text, std::string& buffer, std::vector<Token>& out) {
  out.clear();
  buffer.clear();
  buffer.reserve(text.size());  // no reallocation below: the tokens point into it
  std::size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    const bool digits = IsDigit(c);
    if (!digits && LetterAt(text, i) == 0) {
      ++i;
      continue;
    }
    Token token;
    std::size_t start = buffer.size();
    bool all_upper = true;
    int letters = 0;
    token.capitalized = c >= 'A' && c <= 'Z';
    while (i < text.size()) {
      c = static_cast<unsigned char>(text[i]);
      if (digits ? IsDigit(c) : LetterAt(text, i) > 0) {
        if (c >= 'A' && c <= 'Z') {
          c = static_cast<unsigned char>(c - 'A' + 'a');
        } else if (c >= 'a' && c <= 'z') {
          all_upper = false;
        }
        letters += IsAsciiLetter(static_cast<unsigned char>(text[i])) ? 1 : 0;
        buffer.push_back(static_cast<char>(c));
        ++i;
        continue;
      }
      std::size_t apostrophe = digits ? 0 : ApostropheAt(text, i);
      if (apostrophe > 0 && i + apostrophe < text.size() && LetterAt(text, i + apostrophe) > 0) {
        i += apostrophe;  // "don't" -> "dont"
        continue;
      }
      break;
    }
    token.text = std::string_view(buffer).substr(start);
    token.raw = Fnv(token.text);
    token.key = token.raw;
    token.numeric = digits;
    token.upper = !digits && all_upper && letters >= 2;
    out.push_back(token);
  }
}

std::uint64_t StemHash(std::string_view word) {
  thread_local Stemmer stemmer;
  return stemmer.Hash(word);
}

}  // namespace contrail::embed::local
