#pragma once
// A knowledge document as contrail ingests it: Markdown with a `---` front-matter block, HTML with
// <title> and <meta name=… content=…>, or plain text with leading "Key: value" lines and a blank
// line. All three become the same thing: metadata (title, doc_type, destinations, validity window,
// tags) and sections, one per `##` heading (`<h2>` in HTML), in order; text before the first
// heading is a section with an empty heading. Pure functions, safe on any thread.
//
//   auto doc = ParseDocument("guides/miami.md", file_text);
//   if (!doc) …  // kInvalidArgument naming the file and the field

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace contrail::knowledge {

enum class DocumentFormat { kMarkdown, kHtml, kText };

// By file extension: .md/.markdown, .html/.htm, .txt. nullopt for anything else (not ingested).
std::optional<DocumentFormat> FormatForPath(std::string_view path);

struct Section {
  std::string heading;  // "" for the text before the first heading
  std::string text;     // paragraphs separated by a blank line; Markdown emphasis removed
};

struct Document {
  std::string id;        // the path relative to the ingested folder, with '/'
  std::string title;     // front matter / <title> / "Title:", else the first `#` heading, else the id
  std::string doc_type;  // lower case, [a-z_-]{1,32}: policy, guide, promotion, faq …
  std::vector<std::string> destinations;  // upper-case codes ("HNL", "OGG"), possibly none
  std::string valid_from, valid_to;       // "YYYY-MM-DD" or "" (open)
  std::vector<std::string> tags;
  std::vector<Section> sections;
};

// Parses `content` of the file `id` (its format from the extension). kInvalidArgument, with the
// id and the reason, for a missing or malformed doc_type, a date that is not a valid YYYY-MM-DD,
// valid_from after valid_to, an unclosed front matter, or an unsupported extension.
core::Result<Document> ParseDocument(const std::string& id, std::string_view content);

// The metadata every chunk of `doc` carries, as a JSON object: {"title","doc_type",
// "destination":[…],"valid_from","valid_to","tags":[…]} (absent dates are left out).
std::string MetadataJson(const Document& doc);

// "YYYY-MM-DD" with a real calendar day (2027-02-29 is not one).
bool IsIsoDate(std::string_view text);

}  // namespace contrail::knowledge
