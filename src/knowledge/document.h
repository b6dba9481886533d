#pragma once
// A knowledge document as contrail ingests it: Markdown with an optional `---` front-matter block,
// HTML with optional <meta name=… content=…>, or plain text with optional leading "Key: value"
// lines. All three become the same thing: metadata (title, doc_type, destinations, validity
// window, tags) and sections, one per `##` heading (`<h2>` in HTML), in order; text before the
// first heading is a section with an empty heading. A file that states no metadata at all is a
// document too: its title comes from its text or its name, its doc_type from ParseOptions. Pure
// functions, safe on any thread.
//
//   auto doc = ParseDocument("guides/miami.md", file_text, {.default_doc_type = "guide"});
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
  std::string id;  // the path relative to the ingested folder, with '/'
  // The first that is there: a `title` field (front matter, "Title:", <meta name="title">); the
  // first heading (`#`, <h1>; in a text file without one, its first line if at most
  // kMaxLineTitleChars); the HTML <title>; the file name without its extension.
  std::string title;
  std::string doc_type;           // lower case, [a-z_-]{1,32}: policy, guide, promotion, faq …
  bool default_doc_type = false;  // doc_type is ParseOptions::default_doc_type: the file names none
  std::vector<std::string> destinations;  // upper-case codes ("HNL", "OGG"), possibly none
  std::string valid_from, valid_to;       // "YYYY-MM-DD" or "" (open)
  std::vector<std::string> tags;
  // The codes the document gives a reader to use ("with promo code CANCUNSB27"): words in capitals
  // and digits in a sentence that says "code", in order of appearance, at most kMaxCodes. An
  // answer that quotes the document names them, whichever of its passages it quotes.
  std::vector<std::string> codes;
  std::vector<Section> sections;
};

inline constexpr std::size_t kMaxCodes = 3;

// The longest first line of a text file that can be its title: a longer one is a paragraph.
inline constexpr std::size_t kMaxLineTitleChars = 80;

// What ParseDocument uses for what a file does not say.
struct ParseOptions {
  // The doc_type of a file that names none. REQUIRES: IsDocType(default_doc_type).
  std::string default_doc_type = "document";
};

// Parses `content` of the file `id` (its format from the extension). kInvalidArgument, with the
// id and the reason, for a malformed doc_type in the file, a date that is not a valid YYYY-MM-DD,
// valid_from after valid_to, an unclosed front matter, or an unsupported extension. Leading
// "Key: value" lines of a text file are its header only when one of them is a field named in
// Document (title, doc_type, destination(s), valid_from, valid_to, tags); otherwise they are text.
core::Result<Document> ParseDocument(const std::string& id, std::string_view content,
                                     const ParseOptions& options = {});

// True for a doc_type: [a-z_-]{1,32}.
bool IsDocType(std::string_view text);

// `name` (a folder's) as a doc_type: lower-cased, every character outside [a-z_-] dropped, cut to
// 32 characters. "" when nothing is left ("2024" → "").
std::string DocTypeFromName(std::string_view name);

// The metadata every chunk of `doc` carries, as a JSON object: {"title","doc_type",
// "destination":[…],"valid_from","valid_to","tags":[…],"codes":[…]} (absent dates and an empty
// codes list are left out).
std::string MetadataJson(const Document& doc);

// "YYYY-MM-DD" with a real calendar day (2027-02-29 is not one).
bool IsIsoDate(std::string_view text);

}  // namespace contrail::knowledge
