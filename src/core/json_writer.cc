#include "core/json_writer.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace contrail::core {

namespace {

// Whether any of the 8 bytes at `p` must be escaped (a control byte, a quote, a backslash):
// the classic "has a byte less than n / has a zero byte" word tricks. Bytes of 0x80 and above
// (UTF-8) never count. A `true` may be a false alarm only for bytes after a real one.
bool NeedsEscape8(const char* p) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  const std::uint64_t quote = w ^ (kOnes * '"'), backslash = w ^ (kOnes * '\\');
  const std::uint64_t control = (w - kOnes * 0x20) & ~w;
  const std::uint64_t found = control | ((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash);
  return (found & kHighs) != 0;
}

// Whether any byte of `text` must be escaped.
bool NeedsEscape(std::string_view text) {
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    if (NeedsEscape8(text.data() + i)) return true;
  }
  for (; i < text.size(); ++i) {
    const auto ch = static_cast<unsigned char>(text[i]);
    if (ch < 0x20 || ch == '"' || ch == '\\') return true;
  }
  return false;
}

}  // namespace

void AppendJsonEscaped(std::string& out, std::string_view text) {
  static const char kHex[] = "0123456789abcdef";
  // Copies runs of plain characters at once, 8 bytes a step while none needs escaping: most text
  // needs no escaping at all, and every response writes its answer and its keys through here.
  std::size_t run = 0;
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n; ++i) {
    while (i + 8 <= n && !NeedsEscape8(text.data() + i)) i += 8;
    if (i >= n) break;
    unsigned char ch = static_cast<unsigned char>(text[i]);
    if (ch >= 0x20 && ch != '"' && ch != '\\') continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += kHex[ch >> 4];
        out += kHex[ch & 0xf];
    }
  }
  out.append(text.data() + run, n - run);
}

JsonWriter& JsonWriter::Key(std::string_view key) {
  // A name is short and plain (the code's own literals, mostly): the comma, the quoted name and
  // the colon go out in one append; a response object writes some fifty of them.
  char plain[64];
  if (key.size() + 4 <= sizeof plain && !NeedsEscape(key)) {
    std::size_t n = 0;
    if (need_comma_) plain[n++] = ',';
    plain[n++] = '"';
    std::memcpy(plain + n, key.data(), key.size());
    n += key.size();
    plain[n++] = '"';
    plain[n++] = ':';
    out_.append(plain, n);
  } else {
    Separate();
    out_ += '"';
    AppendJsonEscaped(out_, key);
    out_ += "\":";
  }
  need_comma_ = false;  // the value follows the colon
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view value) {
  Separate();
  out_ += '"';
  AppendJsonEscaped(out_, value);
  out_ += '"';
  return *this;
}

JsonWriter& JsonWriter::Int(std::int64_t value) {
  Separate();
  out_ += std::to_string(value);
  return *this;
}

JsonWriter& JsonWriter::Double(double value, int digits) {
  if (!std::isfinite(value)) return Null();
  Separate();
  // As printf's "%.*g" writes it (to_chars with a precision is specified so), without printf's
  // format parsing and locale: a response writes several numbers.
  char buf[64];
  const std::to_chars_result r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::general, digits);
  out_.append(buf, r.ec == std::errc() ? static_cast<std::size_t>(r.ptr - buf) : 0);
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) {
  Separate();
  out_ += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::Null() {
  Separate();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::Raw(std::string_view json) {
  Separate();
  out_ += json;
  return *this;
}

}  // namespace contrail::core
