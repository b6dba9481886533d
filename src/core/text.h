#pragma once
// Small text helpers shared by components that read or write text: UTF-8 encoding of a code point,
// a UTF-8 check, whitespace collapsing, ASCII lower case and hex.

#include <cstdint>
#include <string>
#include <string_view>

namespace contrail::core {

// Appends the UTF-8 encoding of code point `cp`; nothing for a value past U+10FFFF.
void AppendUtf8(std::string& out, std::uint32_t cp);

// True when `s` is well-formed UTF-8 in its byte structure (lead and continuation bytes).
bool IsValidUtf8(std::string_view s);

// Trims ASCII whitespace and collapses each inner run to one space: "  a \n\t b " → "a b".
std::string CollapseWhitespace(std::string_view text);

// `s` with A–Z lowered; every other byte (UTF-8 included) as it is.
std::string AsciiLower(std::string_view s);

// Two lower-case hex digits per byte of `bytes`: "\x01\xab" → "01ab".
std::string LowerHex(std::string_view bytes);

}  // namespace contrail::core
