#pragma once
// Small string helpers for the document parsers and the chunker. Pure functions.

#include <string>
#include <string_view>
#include <vector>

namespace contrail::knowledge {

std::string_view Trim(std::string_view s);  // ASCII whitespace at both ends
// Lines without their '\n' (and a trailing '\r'); a final empty line is dropped.
std::vector<std::string_view> Lines(std::string_view text);
std::vector<std::string_view> Split(std::string_view text, char separator);

// Markdown inline markup removed from one line: **bold**, __bold__, `code`, [text](url) → text.
std::string CleanInline(std::string_view line);

// Trims every line, collapses runs of blank lines to one, and trims the whole text.
std::string NormalizeParagraphs(std::string_view text);

}  // namespace contrail::knowledge
