#pragma once
// Small text helpers shared by components that read or write text: UTF-8 encoding of a code point,
// a UTF-8 check, and whitespace collapsing.

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

}  // namespace contrail::core
