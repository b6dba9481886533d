#include "knowledge/text_util.h"

#include <cctype>

namespace contrail::knowledge {

std::string_view Trim(std::string_view s) {
  auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    std::size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    if (line.ends_with('\r')) line.remove_suffix(1);
    out.push_back(line);
    if (eol == std::string_view::npos) break;
    text.remove_prefix(eol + 1);
  }
  return out;
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> out;
  for (;;) {
    std::size_t at = text.find(separator);
    out.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return out;
    text.remove_prefix(at + 1);
  }
}

std::string CleanInline(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if ((c == '*' || c == '_') && i + 1 < line.size() && line[i + 1] == c) {
      ++i;  // ** or __: emphasis markers carry no meaning for search
      continue;
    }
    if (c == '`') continue;
    if (c == '[') {
      // [text](url) → text
      std::size_t close = line.find("](", i);
      std::size_t end = close == std::string_view::npos ? close : line.find(')', close);
      if (end != std::string_view::npos && line.find('\n', i) > end) {
        out.append(line.substr(i + 1, close - i - 1));
        i = end;
        continue;
      }
    }
    out += c;
  }
  return out;
}

std::string NormalizeParagraphs(std::string_view text) {
  std::string out;
  bool pending_blank = false;
  for (std::string_view line : Lines(text)) {
    std::string_view t = Trim(line);
    if (t.empty()) {
      pending_blank = !out.empty();
      continue;
    }
    if (!out.empty()) out += pending_blank ? "\n\n" : "\n";
    pending_blank = false;
    out.append(t);
  }
  return out;
}

}  // namespace contrail::knowledge
