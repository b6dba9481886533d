#include "knowledge/document.h"

#include <boost/json.hpp>
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <utility>

#include "core/clock.h"
#include "core/text.h"
#include "knowledge/html.h"
#include "knowledge/text_util.h"

namespace contrail::knowledge {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

// What the three formats have in common once read: header fields, the title candidates found in
// the text, and the sections.
struct Parsed {
  Fields fields;
  std::string h1;          // the first `#` heading or <h1>
  std::string first_line;  // a text file's first line, when short enough to be a title
  std::string html_title;  // <title>
  std::vector<Section> sections;
};

// The fields Build reads: a text file's leading "Key: value" lines are a header only if one is.
bool IsDocumentField(std::string_view key) {
  constexpr std::string_view kFields[] = {"title",      "doc_type", "destination", "destinations",
                                          "valid_from", "valid_to", "tags"};
  return std::find(std::begin(kFields), std::end(kFields), key) != std::end(kFields);
}

// "Key: value" → ("key", "value"); keys are lower-cased with spaces as '_'. False when the line is
// not of that form.
bool SplitField(std::string_view line, std::string& key, std::string& value) {
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 40) return false;
  std::string k;
  for (char c : Trim(line.substr(0, colon))) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') {
      k += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (c == ' ') {
      k += '_';
    } else {
      return false;
    }
  }
  if (k.empty()) return false;
  key = std::move(k);
  value = std::string(Trim(line.substr(colon + 1)));
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
    value = value.substr(1, value.size() - 2);
  }
  return true;
}

// Markdown (and the body of a text file): `#` is a title, `##` starts a section, deeper headings
// stay in the text as their own paragraph.
void ParseMarkdownBody(std::string_view body, Parsed& out) {
  out.sections.push_back({});
  for (std::string_view line : Lines(body)) {
    std::string_view t = Trim(line);
    if (t.starts_with("## ")) {
      out.sections.push_back({CleanInline(Trim(t.substr(3))), ""});
      continue;
    }
    if (t.starts_with("# ")) {
      if (out.h1.empty()) out.h1 = CleanInline(Trim(t.substr(2)));
      continue;
    }
    std::string& text = out.sections.back().text;
    if (t.starts_with("###")) {
      // A line of only '#'s is a heading with no text: nothing to keep.
      const std::size_t text_at = std::min(t.find_first_not_of('#'), t.size());
      if (std::string_view heading = Trim(t.substr(text_at)); !heading.empty()) {
        text += "\n\n" + CleanInline(heading) + "\n\n";
      }
      continue;
    }
    text += CleanInline(t);
    text += '\n';
  }
}

core::Result<Parsed> ParseMarkdown(const std::string& id, std::string_view content) {
  Parsed out;
  std::string_view body = content;
  if (body.starts_with("---\n") || body.starts_with("---\r\n")) {
    body.remove_prefix(body.find('\n') + 1);
    bool closed = false;
    while (!body.empty()) {
      std::size_t eol = body.find('\n');
      std::string_view line = Trim(body.substr(0, eol));
      body.remove_prefix(eol == std::string_view::npos ? body.size() : eol + 1);
      if (line == "---") {
        closed = true;
        break;
      }
      std::string key, value;
      if (!line.empty() && !line.starts_with('#') && SplitField(line, key, value)) {
        out.fields.emplace_back(std::move(key), std::move(value));
      }
    }
    if (!closed) return core::InvalidArgument(id + ": the front matter (---) is not closed");
  }
  ParseMarkdownBody(body, out);
  return out;
}

Parsed ParseText(std::string_view content) {
  Parsed out;
  std::string_view body = content;
  bool is_header = false;
  while (!body.empty()) {
    std::size_t eol = body.find('\n');
    std::string_view line = Trim(body.substr(0, eol));
    std::string key, value;
    if (line.empty() || !SplitField(line, key, value)) break;
    is_header = is_header || IsDocumentField(key);
    out.fields.emplace_back(std::move(key), std::move(value));
    body.remove_prefix(eol == std::string_view::npos ? body.size() : eol + 1);
  }
  // "Note: bring your passport" opening a plain note is its first sentence, not metadata.
  if (!is_header) {
    out.fields.clear();
    body = content;
  }
  for (std::string_view line : Lines(body)) {
    std::string_view t = Trim(line);
    if (t.empty()) continue;
    // The line stays in the text too: unlike a `#` heading it may be the only sentence there is.
    if (!t.starts_with('#') && t.size() <= kMaxLineTitleChars) out.first_line = CleanInline(t);
    break;
  }
  ParseMarkdownBody(body, out);
  return out;
}

Parsed ParseHtml(std::string_view content) {
  Parsed out;
  if (auto title = HtmlElementText(content, "title")) out.html_title = std::move(*title);
  for (auto& [name, value] : HtmlMetaTags(content)) out.fields.emplace_back(name, value);
  out.sections = HtmlSections(content, out.h1);
  return out;
}

std::vector<std::string> SplitList(std::string_view value, bool upper) {
  std::vector<std::string> out;
  for (std::string_view item : Split(value, ',')) {
    std::string s(Trim(item));
    if (upper) std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
    if (!s.empty()) out.push_back(std::move(s));
  }
  return out;
}

constexpr std::size_t kMaxDocTypeChars = 32;

bool IsDocTypeChar(unsigned char c) { return (c >= 'a' && c <= 'z') || c == '_' || c == '-'; }

// The title when no field names one, in the order Document::title states.
std::string TitleFromText(const std::string& id, const Parsed& parsed) {
  for (const std::string* candidate : {&parsed.h1, &parsed.first_line, &parsed.html_title}) {
    if (!candidate->empty()) return *candidate;
  }
  std::string name = id.substr(id.rfind('/') + 1);  // npos + 1 == 0: an id without a folder
  const std::size_t dot = name.rfind('.');          // FormatForPath: there is an extension
  return dot == 0 ? name : name.substr(0, dot);     // ".md" alone stays a name
}

// A code a reader types: 5 to 20 capitals and digits, with at least one of each and two capitals
// ("SKI2627", "KIDSALOHA27"; not "2027" or "A320").
bool IsCode(std::string_view word) {
  if (word.size() < 5 || word.size() > 20) return false;
  int upper = 0, digits = 0;
  for (char c : word) {
    if (std::isupper(static_cast<unsigned char>(c))) ++upper;
    else if (std::isdigit(static_cast<unsigned char>(c))) ++digits;
    else return false;
  }
  return upper >= 2 && digits >= 1;
}

// The codes of sentences that say "code" (DocumentCodes), appended to `codes` once each.
// The end of the sentence from `start`: '.', '!' or '?', a blank line, or a line starting a list
// item. A single line break inside a paragraph is not one ("with promo code\n**CANCUNSB27**").
std::size_t SentenceEnd(std::string_view text, std::size_t start) {
  for (std::size_t i = start; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.' || c == '!' || c == '?') return i;
    if (c == '\n' && i + 1 < text.size() && (text[i + 1] == '\n' || text[i + 1] == '*' || text[i + 1] == '-')) return i;
  }
  return text.size();
}

void AddCodes(std::string_view text, std::vector<std::string>& codes) {
  for (std::size_t start = 0; start < text.size() && codes.size() < kMaxCodes;) {
    const std::size_t end = SentenceEnd(text, start);
    const std::string_view sentence = text.substr(start, end - start);
    start = end + 1;
    if (core::AsciiLower(sentence).find("code") == std::string::npos) continue;
    for (std::size_t i = 0; i < sentence.size() && codes.size() < kMaxCodes;) {
      std::size_t j = i;
      while (j < sentence.size() && std::isalnum(static_cast<unsigned char>(sentence[j]))) ++j;
      const std::string_view word = sentence.substr(i, j - i);
      if (IsCode(word) && std::find(codes.begin(), codes.end(), word) == codes.end()) codes.emplace_back(word);
      i = j + 1;
    }
  }
}

core::Result<Document> Build(const std::string& id, Parsed parsed, const ParseOptions& options) {
  Document doc;
  doc.id = id;
  for (auto& [key, value] : parsed.fields) {
    if (key == "title") doc.title = value;
    else if (key == "doc_type") doc.doc_type = core::AsciiLower(value);
    else if (key == "destination" || key == "destinations") doc.destinations = SplitList(value, true);
    else if (key == "valid_from") doc.valid_from = value;
    else if (key == "valid_to") doc.valid_to = value;
    else if (key == "tags") doc.tags = SplitList(value, false);
  }
  if (doc.title.empty()) doc.title = TitleFromText(id, parsed);
  if (doc.doc_type.empty()) {
    doc.doc_type = options.default_doc_type;
    doc.default_doc_type = true;
  }
  if (!IsDocType(doc.doc_type)) {
    return core::InvalidArgument(id + ": doc_type must be a lower-case word (policy, guide, promotion, faq), got '" +
                                 doc.doc_type + "'");
  }
  for (const std::string* date : {&doc.valid_from, &doc.valid_to}) {
    if (!date->empty() && !IsIsoDate(*date)) {
      return core::InvalidArgument(id + ": '" + *date + "' is not a date (YYYY-MM-DD)");
    }
  }
  if (!doc.valid_from.empty() && !doc.valid_to.empty() && doc.valid_from > doc.valid_to) {
    return core::InvalidArgument(id + ": valid_from " + doc.valid_from + " is after valid_to " + doc.valid_to);
  }
  for (Section& s : parsed.sections) {
    s.text = NormalizeParagraphs(s.text);
    if (!s.text.empty() || !s.heading.empty()) doc.sections.push_back(std::move(s));
  }
  for (const Section& s : doc.sections) AddCodes(s.text, doc.codes);
  return doc;
}

}  // namespace

std::optional<DocumentFormat> FormatForPath(std::string_view path) {
  std::size_t dot = path.rfind('.');
  if (dot == std::string_view::npos || path.find('/', dot) != std::string_view::npos) return std::nullopt;
  std::string ext = core::AsciiLower(path.substr(dot + 1));
  if (ext == "md" || ext == "markdown") return DocumentFormat::kMarkdown;
  if (ext == "html" || ext == "htm") return DocumentFormat::kHtml;
  if (ext == "txt") return DocumentFormat::kText;
  return std::nullopt;
}

core::Result<Document> ParseDocument(const std::string& id, std::string_view content, const ParseOptions& options) {
  auto format = FormatForPath(id);
  if (!format) return core::InvalidArgument(id + ": not a .md, .html or .txt file");
  switch (*format) {
    case DocumentFormat::kMarkdown: {
      CONTRAIL_TRY(Parsed parsed, ParseMarkdown(id, content));
      return Build(id, std::move(parsed), options);
    }
    case DocumentFormat::kHtml:
      return Build(id, ParseHtml(content), options);
    case DocumentFormat::kText:
      return Build(id, ParseText(content), options);
  }
  return core::Internal("unreachable document format");
}

bool IsDocType(std::string_view text) {
  return !text.empty() && text.size() <= kMaxDocTypeChars && std::all_of(text.begin(), text.end(), [](char c) {
    return IsDocTypeChar(static_cast<unsigned char>(c));
  });
}

std::string DocTypeFromName(std::string_view name) {
  std::string out;
  for (char c : core::AsciiLower(name)) {
    if (IsDocTypeChar(static_cast<unsigned char>(c)) && out.size() < kMaxDocTypeChars) out += c;
  }
  return out;
}

std::string MetadataJson(const Document& doc) {
  boost::json::object o;
  o["title"] = doc.title;
  o["doc_type"] = doc.doc_type;
  boost::json::array destinations(doc.destinations.begin(), doc.destinations.end());
  o["destination"] = std::move(destinations);
  if (!doc.valid_from.empty()) o["valid_from"] = doc.valid_from;
  if (!doc.valid_to.empty()) o["valid_to"] = doc.valid_to;
  o["tags"] = boost::json::array(doc.tags.begin(), doc.tags.end());
  if (!doc.codes.empty()) o["codes"] = boost::json::array(doc.codes.begin(), doc.codes.end());
  return boost::json::serialize(o);
}

bool IsIsoDate(std::string_view text) { return core::ParseDateText(text).has_value(); }

}  // namespace contrail::knowledge
