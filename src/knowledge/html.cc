#include "knowledge/html.h"

#include <cctype>
#include <cstdlib>

#include "core/text.h"
#include "knowledge/text_util.h"

namespace contrail::knowledge {
namespace {

struct NamedEntity {
  const char* name;
  unsigned long cp;
};
constexpr NamedEntity kEntities[] = {
    {"amp", '&'},     {"lt", '<'},        {"gt", '>'},        {"quot", '"'},     {"apos", '\''},
    {"nbsp", ' '},    {"mdash", 0x2014},  {"ndash", 0x2013},  {"rarr", 0x2192},  {"larr", 0x2190},
    {"hellip", 0x2026}, {"rsquo", 0x2019}, {"lsquo", 0x2018}, {"rdquo", 0x201D}, {"ldquo", 0x201C},
    {"times", 0x00D7}, {"euro", 0x20AC},  {"pound", 0x00A3},  {"copy", 0x00A9},  {"eacute", 0x00E9},
    {"middot", 0x00B7}, {"deg", 0x00B0}};

// HTML whitespace is not significant: runs collapse to one space.
std::string Collapse(std::string_view text) { return core::CollapseWhitespace(text); }

// The value of attribute `name` inside one tag's text (`<meta name="x" content="y">`).
std::string Attribute(std::string_view tag, std::string_view name) {
  std::string lower = core::AsciiLower(tag);
  for (std::size_t at = lower.find(name); at != std::string::npos; at = lower.find(name, at + 1)) {
    std::size_t p = at + name.size();
    bool boundary = at > 0 && std::isspace(static_cast<unsigned char>(lower[at - 1]));
    while (p < lower.size() && lower[p] == ' ') ++p;
    if (!boundary || p >= lower.size() || lower[p] != '=') continue;
    ++p;
    while (p < lower.size() && lower[p] == ' ') ++p;
    if (p >= tag.size()) return {};
    char quote = tag[p];
    if (quote == '"' || quote == '\'') {
      std::size_t end = tag.find(quote, p + 1);
      return DecodeEntities(tag.substr(p + 1, end == std::string_view::npos ? end : end - p - 1));
    }
    std::size_t end = tag.find_first_of(" >/", p);
    return DecodeEntities(tag.substr(p, end == std::string_view::npos ? end : end - p));
  }
  return {};
}

// Walks the body's tags, building sections. One object per call of HtmlSections.
class SectionBuilder {
 public:
  explicit SectionBuilder(std::string& h1) : h1_(h1) { sections_.push_back({}); }

  void Text(std::string_view raw) { (capture_ ? captured_ : para_) += DecodeEntities(raw); }

  void Tag(std::string_view name, bool closing) {
    if (name == "h1" || name == "h2") {
      if (!closing) {
        Flush("\n\n");
        capture_ = true;
        captured_.clear();
        return;
      }
      capture_ = false;
      std::string heading = Collapse(captured_);
      if (name == "h1") {
        if (h1_.empty()) h1_ = heading;
      } else {
        sections_.push_back({heading, ""});
      }
      return;
    }
    if (name == "li") {
      Flush("\n");
      if (!closing) para_ = "* ";
    } else if (name == "br" || name == "tr") {
      Flush("\n");
    } else if (name == "td" || name == "th") {
      para_ += " | ";
    } else if (name == "p" || name == "div" || name == "ul" || name == "ol" || name == "table" ||
               name == "section" || name == "article" || name == "blockquote" || name == "dl" ||
               (name.size() == 2 && name[0] == 'h')) {
      Flush("\n\n");
    }
  }

  std::vector<Section> Finish() {
    Flush("\n\n");
    return std::move(sections_);
  }

 private:
  // Ends the current paragraph (or line) with `separator`.
  void Flush(const char* separator) {
    std::string text = Collapse(para_);
    para_.clear();
    if (text.empty() || text == "*") return;
    std::string& out = sections_.back().text;
    out += text;
    out += separator;
  }

  std::string& h1_;
  std::vector<Section> sections_;
  std::string para_;      // the paragraph being read
  std::string captured_;  // the heading being read
  bool capture_ = false;
};

std::string TagName(std::string_view tag, bool& closing) {
  std::size_t i = 1;
  closing = i < tag.size() && tag[i] == '/';
  if (closing) ++i;
  std::string name;
  while (i < tag.size() && std::isalnum(static_cast<unsigned char>(tag[i]))) {
    name += static_cast<char>(std::tolower(static_cast<unsigned char>(tag[i++])));
  }
  return name;
}

}  // namespace

std::string DecodeEntities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::size_t semi = text[i] == '&' ? text.find(';', i) : std::string_view::npos;
    if (semi == std::string_view::npos || semi - i > 10) {
      out += text[i];
      continue;
    }
    std::string_view name = text.substr(i + 1, semi - i - 1);
    bool decoded = false;
    if (name.size() > 1 && name[0] == '#') {
      // Digits only: strtoul would also take a sign or leading spaces ("&#-1;", "&# 65;").
      const bool hex = name[1] == 'x' || name[1] == 'X';
      const std::string digits(name.substr(hex ? 2 : 1));
      const char* allowed = hex ? "0123456789abcdefABCDEF" : "0123456789";
      if (!digits.empty() && digits.find_first_not_of(allowed) == std::string::npos) {
        // At most 8 digits (the name is at most 9 bytes), so no overflow. A reference to no
        // character (0, a UTF-16 surrogate, past U+10FFFF) becomes U+FFFD, as browsers show it:
        // its UTF-8 "encoding" would not be UTF-8, and PostgreSQL refuses such text.
        unsigned long cp = std::strtoul(digits.c_str(), nullptr, hex ? 16 : 10);
        if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
        core::AppendUtf8(out, static_cast<std::uint32_t>(cp));
        decoded = true;
      }
    } else {
      for (const NamedEntity& e : kEntities) {
        if (name == e.name) {
          core::AppendUtf8(out, static_cast<std::uint32_t>(e.cp));
          decoded = true;
          break;
        }
      }
    }
    if (decoded) {
      i = semi;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::optional<std::string> HtmlElementText(std::string_view html, std::string_view tag) {
  std::string lower = core::AsciiLower(html);
  std::size_t open = lower.find("<" + std::string(tag));
  if (open == std::string::npos) return std::nullopt;
  std::size_t start = lower.find('>', open);
  std::size_t end = lower.find("</" + std::string(tag), start);
  if (start == std::string::npos || end == std::string::npos) return std::nullopt;
  return Collapse(DecodeEntities(html.substr(start + 1, end - start - 1)));
}

std::vector<std::pair<std::string, std::string>> HtmlMetaTags(std::string_view html) {
  std::vector<std::pair<std::string, std::string>> out;
  std::string lower = core::AsciiLower(html);
  for (std::size_t at = lower.find("<meta"); at != std::string::npos; at = lower.find("<meta", at + 1)) {
    std::size_t end = lower.find('>', at);
    if (end == std::string::npos) break;
    std::string_view tag = html.substr(at, end - at + 1);
    std::string name = core::AsciiLower(Attribute(tag, "name"));
    if (!name.empty()) out.emplace_back(std::move(name), Attribute(tag, "content"));
  }
  return out;
}

std::vector<Section> HtmlSections(std::string_view html, std::string& h1) {
  std::string lower = core::AsciiLower(html);
  std::size_t begin = 0;
  if (std::size_t body = lower.find("<body"); body != std::string::npos) {
    begin = lower.find('>', body);
    begin = begin == std::string::npos ? html.size() : begin + 1;
  } else if (std::size_t head = lower.find("</head>"); head != std::string::npos) {
    begin = head + 7;
  }
  SectionBuilder builder(h1);
  for (std::size_t i = begin; i < html.size();) {
    std::size_t lt = html.find('<', i);
    builder.Text(html.substr(i, lt == std::string_view::npos ? lt : lt - i));
    if (lt == std::string_view::npos) break;
    if (lower.compare(lt, 4, "<!--") == 0) {
      std::size_t end = lower.find("-->", lt);
      i = end == std::string::npos ? html.size() : end + 3;
      continue;
    }
    std::size_t gt = html.find('>', lt);
    if (gt == std::string_view::npos) break;
    bool closing = false;
    std::string name = TagName(html.substr(lt, gt - lt + 1), closing);
    i = gt + 1;
    if (!closing && (name == "script" || name == "style")) {
      std::size_t end = lower.find("</" + name, i);
      std::size_t close = end == std::string::npos ? end : lower.find('>', end);
      i = close == std::string::npos ? html.size() : close + 1;
      continue;
    }
    if (name == "body" && closing) break;
    builder.Tag(name, closing);
  }
  return builder.Finish();
}

}  // namespace contrail::knowledge
