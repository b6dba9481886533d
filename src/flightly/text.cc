#include "flightly/text.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>

#include "core/text.h"

namespace contrail::flightly {
namespace {

bool IsAsciiAlnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }

// Bytes 0xE2 0x80 xx encode U+2000..U+203F: dashes, curly quotes, ellipsis; 0xE2 0x86 0x90 to
// 0xE2 0x87 0xBF the arrows U+2190..U+21FF ("SEA → SFO"). They separate words, except the curly
// apostrophes (U+2018, U+2019), which are dropped inside a word like "'".
std::size_t GeneralPunctuationLength(std::string_view s, std::size_t i) {
  if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xE2) {
    const unsigned char b = static_cast<unsigned char>(s[i + 1]);
    const unsigned char c = static_cast<unsigned char>(s[i + 2]);
    if (b == 0x80 && c >= 0x80 && c <= 0xBF) return 3;
    if ((b == 0x86 && c >= 0x90 && c <= 0xBF) || (b == 0x87 && c >= 0x80 && c <= 0xBF)) return 3;
  }
  return 0;
}
bool IsCurlyApostrophe(std::string_view s, std::size_t i) {
  if (GeneralPunctuationLength(s, i) != 3) return false;
  unsigned char c = static_cast<unsigned char>(s[i + 2]);
  return c == 0x98 || c == 0x99;
}
bool IsNbsp(std::string_view s, std::size_t i) {
  return i + 1 < s.size() && static_cast<unsigned char>(s[i]) == 0xC2 &&
         static_cast<unsigned char>(s[i + 1]) == 0xA0;
}
// Non-ASCII bytes belong to words ("zürich"), except the punctuation handled above.
bool IsWordStart(std::string_view s, std::size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return IsAsciiAlnum(c);
  return GeneralPunctuationLength(s, i) == 0 && !IsNbsp(s, i);
}

// "1,500": a comma between digits followed by exactly three digits is a thousands separator.
bool IsThousandsComma(std::string_view s, std::size_t i) {
  if (i == 0 || !IsDigit(s[i - 1])) return false;
  for (std::size_t k = 1; k <= 3; ++k) {
    if (i + k >= s.size() || !IsDigit(s[i + k])) return false;
  }
  return i + 4 >= s.size() || !IsDigit(s[i + 4]);
}

// Numeric value of a normalised token: digits, digits with an ordinal suffix ("14th") or with
// "k" for thousands ("2k"). Values above a billion are not numbers for this model.
std::int32_t ParseNumber(std::string_view t) {
  std::size_t digits = 0;
  while (digits < t.size() && IsDigit(t[digits])) ++digits;
  if (digits == 0 || digits > 9) return -1;
  std::string_view suffix = t.substr(digits);
  std::int32_t value = 0;
  std::from_chars(t.data(), t.data() + digits, value);
  if (suffix.empty() || suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th") {
    return value;
  }
  if (suffix == "k" && value < 1000000) return value * 1000;
  return -1;
}

// Skips one byte or character between words, noting a '$' or the punctuation seen. Returns the
// index after it.
std::size_t SkipSeparator(std::string_view text, std::size_t i, char& separator, bool& dollar) {
  if (std::size_t len = GeneralPunctuationLength(text, i)) {
    if (!IsCurlyApostrophe(text, i)) separator = '-';
    return i + len;
  }
  if (IsNbsp(text, i)) return i + 2;
  unsigned char c = static_cast<unsigned char>(text[i]);
  if (c == '$') {
    dollar = true;
  } else if (c > ' ' && c != '\'' && c != '"') {
    separator = static_cast<char>(c);
  }
  return i + 1;
}

}  // namespace

Tokens::Tokens(std::string_view text) {
  if (text.size() > kMaxBytes) text = text.substr(0, kMaxBytes);
  // A token is never longer than its source, so the buffer never reallocates and views stay valid.
  buffer_.reserve(text.size());
  tokens_.reserve(text.size() / 4 + 1);
  char separator = ' ';
  bool dollar = false;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!IsWordStart(text, i)) {
      i = SkipSeparator(text, i, separator, dollar);
      continue;
    }
    Token token;
    token.separator = separator;
    token.dollar = dollar;
    i = ReadWord(text, i, token);
    tokens_.push_back(token);
    separator = ' ';
    dollar = false;
  }
}

std::size_t Tokens::ReadWord(std::string_view text, std::size_t i, Token& token) {
  token.capital = text[i] >= 'A' && text[i] <= 'Z';
  bool has_letter = false;
  bool all_upper = true;
  std::size_t start = buffer_.size();
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    bool apostrophe = c == '\'' || IsCurlyApostrophe(text, i);
    if (apostrophe || (c == ',' && IsThousandsComma(text, i))) {
      std::size_t len = c == '\'' || c == ',' ? 1 : 3;
      if (i + len >= text.size() || !IsWordStart(text, i + len)) break;
      i += len;
      continue;
    }
    if (!IsWordStart(text, i)) break;
    if (c >= 'A' && c <= 'Z') {
      has_letter = true;
      c = static_cast<unsigned char>(c - 'A' + 'a');
    } else if (c >= 'a' && c <= 'z') {
      has_letter = true;
      all_upper = false;
    }
    buffer_.push_back(static_cast<char>(c));
    ++i;
  }
  token.text = std::string_view(buffer_).substr(start);
  token.upper = has_letter && all_upper;
  token.number = ParseNumber(token.text);
  return i;
}

bool In(std::string_view word, std::span<const std::string_view> words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

bool In(std::string_view word, std::initializer_list<std::string_view> words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

std::string_view JoinTokens(const Tokens& tokens, std::size_t first, std::size_t count, char* buf,
                            std::size_t buf_size) {
  if (count == 0 || first + count > tokens.size()) return {};
  std::size_t len = 0;
  for (std::size_t k = 0; k < count; ++k) {
    std::string_view word = tokens.text(first + k);
    if (len + word.size() + (k > 0) > buf_size) return {};
    if (k > 0) buf[len++] = ' ';
    std::memcpy(buf + len, word.data(), word.size());
    len += word.size();
  }
  return std::string_view(buf, len);
}

void AppendInt(std::string& out, long long value) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), value);
  out.append(buf, end);
}

void AppendClipped(std::string& out, std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) {
    out.append(s);
    return;
  }
  out.append(core::Utf8Prefix(s, max_bytes));
  out.append("…");
}

bool IsSelfWord(std::string_view word) {
  static constexpr std::string_view kWords[] = {"i",  "im",   "ive",  "id",  "ill", "me", "we",
                                                "were", "weve", "wed", "my", "our", "us", "myself"};
  return std::find(std::begin(kWords), std::end(kWords), word) != std::end(kWords);
}

std::string EmailAround(std::string_view text, std::size_t at) {
  auto local_char = [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || std::strchr("._%+-", ch); };
  auto domain_char = [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-'; };
  std::size_t from = at;
  while (from > 0 && local_char(text[from - 1])) --from;
  std::size_t to = at + 1;
  while (to < text.size() && domain_char(text[to])) ++to;
  while (to > at + 1 && text[to - 1] == '.') --to;  // the sentence's own dot
  const std::string_view local = text.substr(from, at - from);
  const std::string_view domain = text.substr(at + 1, to - at - 1);
  const std::size_t dot = domain.rfind('.');
  if (local.empty() || local.front() == '.' || dot == std::string_view::npos || dot == 0 ||
      domain.find("..") != std::string_view::npos || domain.front() == '-') {
    return "";
  }
  const std::string_view tld = domain.substr(dot + 1);
  if (tld.size() < 2 || !std::all_of(tld.begin(), tld.end(), [](char ch) { return std::isalpha(static_cast<unsigned char>(ch)); })) {
    return "";
  }
  return std::string(local) + "@" + core::AsciiLower(domain);
}

}  // namespace contrail::flightly
