#pragma once
// Small text helpers shared by components that read or write text: UTF-8 encoding of a code point,
// a UTF-8 check, whitespace collapsing, ASCII lower case, hex and comma-separated lists.

#include <cstdint>
#include <string>
#include <string_view>

namespace contrail::core {

// Appends the UTF-8 encoding of code point `cp`; nothing for a value past U+10FFFF.
void AppendUtf8(std::string& out, std::uint32_t cp);

// True when `s` is well-formed UTF-8 in its byte structure (lead and continuation bytes).
bool IsValidUtf8(std::string_view s);

// The longest prefix of `text` of at most `max_bytes` that does not end inside a UTF-8 sequence
// (it stops before a continuation byte); `text` itself when it fits.
std::string_view Utf8Prefix(std::string_view text, std::size_t max_bytes);

// Trims ASCII whitespace and collapses each inner run to one space: "  a \n\t b " → "a b".
std::string CollapseWhitespace(std::string_view text);

// `s` with A–Z lowered; every other byte (UTF-8 included) as it is.
std::string AsciiLower(std::string_view s);

// Two lower-case hex digits per byte of `bytes`: "\x01\xab" → "01ab".
std::string LowerHex(std::string_view bytes);

// Splits a comma-separated list ("outdoors, hiking") and calls fn with each trimmed (spaces),
// non-empty item.
template <typename Fn>
void ForEachListItem(std::string_view list, Fn&& fn) {
  while (!list.empty()) {
    std::size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) fn(item);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
}

}  // namespace contrail::core
