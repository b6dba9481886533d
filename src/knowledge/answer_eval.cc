#include "knowledge/answer_eval.h"

#include <boost/json.hpp>
#include <cctype>

namespace contrail::knowledge {

namespace json = boost::json;

namespace {

core::Error LineError(int line, const std::string& what) {
  return core::InvalidArgument("line " + std::to_string(line) + ": " + what);
}

// A string field, "" when absent; kInvalidArgument when it is not a string.
core::Result<std::string> StringField(const json::object& o, const char* name, int line) {
  const json::value* v = o.if_contains(name);
  if (v == nullptr || v->is_null()) return std::string();
  if (!v->is_string()) return LineError(line, std::string(name) + " must be a string");
  return std::string(v->get_string());
}

core::Result<std::vector<std::string>> StringList(const json::value& v, const char* name, int line) {
  std::vector<std::string> out;
  if (v.is_string()) {
    out.emplace_back(v.get_string());
    return out;
  }
  if (!v.is_array()) return LineError(line, std::string(name) + " must be a string or an array of strings");
  for (const json::value& item : v.get_array()) {
    if (!item.is_string()) return LineError(line, std::string(name) + " must hold strings");
    out.emplace_back(item.get_string());
  }
  return out;
}

core::Result<std::vector<std::string>> ListField(const json::object& o, const char* name, int line) {
  const json::value* v = o.if_contains(name);
  if (v == nullptr || v->is_null()) return std::vector<std::string>();
  return StringList(*v, name, line);
}

core::Result<AnswerCase> ParseCase(const json::object& o, int line) {
  AnswerCase c;
  c.line = line;
  CONTRAIL_TRY(c.id, StringField(o, "id", line));
  CONTRAIL_TRY(c.kind, StringField(o, "kind", line));
  CONTRAIL_TRY(c.conversation, StringField(o, "conversation", line));
  CONTRAIL_TRY(c.question, StringField(o, "question", line));
  if (c.question.empty()) return LineError(line, "question must be a non-empty string");
  CONTRAIL_TRY(c.expected_doc, StringField(o, "expected_doc", line));
  CONTRAIL_TRY(c.turns, ListField(o, "turns", line));
  if (const json::value* sessions = o.if_contains("sessions"); sessions != nullptr && !sessions->is_null()) {
    if (!sessions->is_array()) return LineError(line, "sessions must be an array of arrays of strings");
    for (const json::value& s : sessions->get_array()) {
      if (!s.is_array()) return LineError(line, "sessions must be an array of arrays of strings");
      CONTRAIL_TRY(std::vector<std::string> messages, StringList(s, "sessions", line));
      c.sessions.push_back(std::move(messages));
    }
  }
  CONTRAIL_TRY(c.alt_docs, ListField(o, "alt_docs", line));
  CONTRAIL_TRY(c.absent, ListField(o, "not", line));
  if (const json::value* facts = o.if_contains("facts"); facts != nullptr && !facts->is_null()) {
    if (!facts->is_array()) return LineError(line, "facts must be an array");
    for (const json::value& f : facts->get_array()) {
      CONTRAIL_TRY(std::vector<std::string> alternatives, StringList(f, "facts", line));
      if (!alternatives.empty()) c.facts.push_back(std::move(alternatives));
    }
  }
  if (const json::value* profile = o.if_contains("profile"); profile != nullptr && !profile->is_null()) {
    if (!profile->is_object()) return LineError(line, "profile must be an object");
    for (const auto& [key, value] : profile->get_object()) {
      if (!value.is_string()) return LineError(line, "profile values must be strings");
      c.profile[std::string(key)] = std::string(value.get_string());
    }
  }
  if (c.id.empty()) c.id = "line" + std::to_string(line);
  return c;
}

bool IsWordChar(char ch) { return std::isalnum(static_cast<unsigned char>(ch)) != 0; }

// A fact is found as a whole: "25" is not found in "$250" nor "2" in "24 hours".
bool Contains(const std::string& normalized_answer, std::string_view fact) {
  const std::string f = NormalizeForMatch(fact);
  if (f.empty()) return false;
  for (std::size_t at = normalized_answer.find(f); at != std::string::npos; at = normalized_answer.find(f, at + 1)) {
    const std::size_t end = at + f.size();
    const bool starts = at == 0 || !IsWordChar(f.front()) || !IsWordChar(normalized_answer[at - 1]);
    const bool ends = end == normalized_answer.size() || !IsWordChar(f.back()) || !IsWordChar(normalized_answer[end]);
    if (starts && ends) return true;
  }
  return false;
}

// A range is found however it is written: the fact "June to November" in "June–November".
bool ContainsRange(const std::string& normalized_answer, std::string_view fact) {
  if (Contains(normalized_answer, fact)) return true;
  const std::size_t to = fact.find(" to ");
  if (to == std::string_view::npos) return false;
  const std::string dashed = std::string(fact.substr(0, to)) + "-" + std::string(fact.substr(to + 4));
  return Contains(normalized_answer, dashed);
}

bool IsExpected(const AnswerCase& c, const std::string& doc) {
  if (doc == c.expected_doc) return true;
  for (const std::string& alt : c.alt_docs) {
    if (doc == alt) return true;
  }
  return false;
}

}  // namespace

core::Result<std::vector<AnswerCase>> ParseAnswerCases(std::string_view jsonl) {
  std::vector<AnswerCase> out;
  int line = 0;
  while (!jsonl.empty()) {
    const std::size_t end = jsonl.find('\n');
    std::string_view text = jsonl.substr(0, end);
    jsonl.remove_prefix(end == std::string_view::npos ? jsonl.size() : end + 1);
    ++line;
    if (text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec || !v.is_object()) return LineError(line, "not a JSON object");
    CONTRAIL_TRY(AnswerCase c, ParseCase(v.get_object(), line));
    out.push_back(std::move(c));
  }
  return out;
}

std::string NormalizeForMatch(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char ch = static_cast<unsigned char>(text[i]);
    if ((ch == '*' || ch == '_') && i + 1 < text.size() && text[i + 1] == text[i]) {
      ++i;
      continue;
    }
    // U+2013 and U+2014 (E2 80 93/94) are dashes; U+00A0 (C2 A0) is a no-break space.
    if (ch == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(text[i + 2]) == 0x93 || static_cast<unsigned char>(text[i + 2]) == 0x94)) {
      out += '-';
      i += 2;
      space = false;
      continue;
    }
    const bool is_space = std::isspace(ch) || (ch == 0xC2 && i + 1 < text.size() &&
                                               static_cast<unsigned char>(text[i + 1]) == 0xA0);
    if (is_space) {
      if (ch == 0xC2) ++i;
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(ch));
  }
  return out;
}

AnswerGrade GradeAnswer(const AnswerCase& c, std::string_view answer, const std::vector<std::string>& retrieved) {
  AnswerGrade g;
  g.has_expected_doc = !c.expected_doc.empty();
  if (g.has_expected_doc) {
    g.top1 = !retrieved.empty() && IsExpected(c, retrieved.front());
    for (std::size_t i = 0; i < retrieved.size() && i < 5; ++i) g.top5 = g.top5 || IsExpected(c, retrieved[i]);
  }
  const std::string normalized = NormalizeForMatch(answer);
  const std::string first = NormalizeForMatch(answer.substr(0, answer.find("\n\n")));
  bool all_first = true;
  for (const std::vector<std::string>& alternatives : c.facts) {
    bool found = false, found_first = false;
    for (const std::string& a : alternatives) {
      found = found || ContainsRange(normalized, a);
      found_first = found_first || ContainsRange(first, a);
    }
    if (!found) g.missing.push_back(alternatives.front());
    all_first = all_first && found_first;
  }
  for (const std::string& a : c.absent) {
    if (Contains(normalized, a)) g.missing.push_back("not: " + a);
  }
  g.facts = g.missing.empty();
  g.lead = g.facts && all_first;
  return g;
}

void AnswerReport::Add(const AnswerCase& c, const AnswerGrade& g) {
  auto add = [&](KindScore& s) {
    ++s.n;
    s.facts += g.facts;
    s.lead += g.lead;
    if (!g.has_expected_doc) return;
    ++s.with_doc;
    s.top1 += g.top1;
    s.top5 += g.top5;
  };
  add(by_kind[c.kind.empty() ? "other" : c.kind]);
  add(all);
  if (!c.conversation.empty()) add(conversations);
}

}  // namespace contrail::knowledge
