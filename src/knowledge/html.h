#pragma once
// Just enough HTML for knowledge documents: the <title>, <meta name content> pairs, and the body as
// sections split at <h2>, with tags dropped, block elements as paragraph or line breaks, list
// items as "* " lines, entities decoded and whitespace collapsed. Not a validating parser: it
// never fails, it reads what it understands. Pure functions.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "knowledge/document.h"

namespace contrail::knowledge {

// The text of the first <tag>…</tag> (entities decoded, whitespace collapsed), or nullopt.
std::optional<std::string> HtmlElementText(std::string_view html, std::string_view tag);

// (name, content) of every <meta name="…" content="…">, names lower-cased.
std::vector<std::pair<std::string, std::string>> HtmlMetaTags(std::string_view html);

// The <body> (or the whole text without <head>) as sections; the first <h1>'s text goes to `h1`.
std::vector<Section> HtmlSections(std::string_view html, std::string& h1);

// &amp; &lt; &gt; &quot; &apos; &nbsp; &#NN; &#xHH; and common typographic names to UTF-8;
// unknown entities stay as they are. A numeric reference to no character (0, a surrogate, past
// U+10FFFF) becomes U+FFFD, so valid UTF-8 in gives valid UTF-8 out.
std::string DecodeEntities(std::string_view text);

}  // namespace contrail::knowledge
