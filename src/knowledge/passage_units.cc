#include "knowledge/passage_units.h"

#include <cctype>

#include "knowledge/text_util.h"

namespace contrail::knowledge {
namespace {

constexpr std::size_t kMaxSubheading = 80;  // a longer line standing alone is prose
constexpr std::size_t kMinUnit = 12;        // shorter pieces ("Yes.") say nothing alone
constexpr std::size_t kMaxAnswer = 480;     // a FAQ answer joined to its question, at most
constexpr std::size_t kMaxLeadIn = 60;      // a statement joined to the question after it, at most

bool IsListLine(std::string_view line) {
  if (line.starts_with("* ") || line.starts_with("- ") || line.starts_with("• ")) return true;
  std::size_t digits = 0;
  while (digits < line.size() && std::isdigit(static_cast<unsigned char>(line[digits]))) ++digits;
  return digits > 0 && digits < 3 && line.substr(digits).starts_with(". ");
}

std::string_view ListItemText(std::string_view line) {
  if (line.starts_with("• ")) return Trim(line.substr(4));
  if (line.starts_with("* ") || line.starts_with("- ")) return Trim(line.substr(2));
  return Trim(line.substr(line.find(". ") + 2));
}

bool IsTableLine(std::string_view line) { return line.starts_with('|'); }

std::vector<std::string> Cells(std::string_view line) {
  std::vector<std::string> out;
  line = Trim(line);
  if (line.starts_with('|')) line.remove_prefix(1);
  if (line.ends_with('|')) line.remove_suffix(1);
  for (std::string_view cell : Split(line, '|')) out.emplace_back(Trim(cell));
  return out;
}

bool IsSeparatorRow(const std::vector<std::string>& cells) {
  for (const std::string& c : cells) {
    if (c.find_first_not_of("-: ") != std::string::npos) return false;
  }
  return !cells.empty();
}

// "Business — Checked bags included: 2; Maximum weight per bag: 32 kg (70 lb)".
std::string RenderRow(const std::vector<std::string>& header, const std::vector<std::string>& row) {
  std::string out = row.empty() ? "" : row[0];
  for (std::size_t i = 1; i < row.size(); ++i) {
    out += i == 1 ? " — " : "; ";
    if (i < header.size() && !header[i].empty()) out += header[i] + ": ";
    out += row[i];
  }
  return out;
}

bool EndsSentence(std::string_view s) {
  return !s.empty() && (s.back() == '.' || s.back() == '!' || s.back() == '?' || s.back() == ':' || s.back() == ';');
}

// Sentences end at . ! ? followed by a space and an upper-case letter, a digit, a quote or '('.
std::vector<std::string_view> Sentences(std::string_view prose) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i + 2 < prose.size(); ++i) {
    const char c = prose[i];
    if ((c == '.' || c == '!' || c == '?') && prose[i + 1] == ' ') {
      const unsigned char next = static_cast<unsigned char>(prose[i + 2]);
      if (std::isupper(next) || std::isdigit(next) || next == '"' || next == '(' || next == '$') {
        out.push_back(prose.substr(start, i + 1 - start));
        start = i + 2;
      }
    }
  }
  if (start < prose.size()) out.push_back(prose.substr(start));
  return out;
}

// Whether a sentence speaks as the one who asks ("My bag didn't arrive."), not as the document
// ("Prices are shown in your home currency."): it says I, my or me.
bool InAskersVoice(std::string_view sentence) {
  std::string word;
  for (std::size_t i = 0; i <= sentence.size(); ++i) {
    const char c = i < sentence.size() ? sentence[i] : ' ';
    if (std::isalpha(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      continue;
    }
    if (word == "i" || word == "my" || word == "me") return true;
    word.clear();
  }
  return false;
}

class Splitter {
 public:
  explicit Splitter(std::string_view heading) : heading_(heading) {}

  void Line(std::string_view line) {
    if (line.empty()) {
      Flush();
      return;
    }
    if (IsTableLine(line)) {
      FlushText();
      TableRow(Cells(line));
      return;
    }
    if (!table_header_.empty() || table_rows_ > 0) EndTable();
    if (IsListLine(line)) {
      FlushText();
      item_ = std::string(ListItemText(line));
      return;
    }
    std::string& target = item_.empty() ? prose_ : item_;
    if (!target.empty()) target += ' ';
    target.append(line);
    if (item_.empty()) ++prose_lines_;
  }

  std::vector<PassageUnit> Finish() {
    Flush();
    return std::move(units_);
  }

 private:
  std::string Path() const { return sub_.empty() ? heading_ : (heading_.empty() ? sub_ : heading_ + " › " + sub_); }

  void Add(std::string text, UnitKind kind) {
    if (Trim(text).size() >= kMinUnit) units_.push_back({Path(), std::string(Trim(text)), kind});
  }

  void TableRow(std::vector<std::string> cells) {
    if (IsSeparatorRow(cells)) return;
    if (table_header_.empty() && table_rows_ == 0) {
      table_header_ = std::move(cells);
      return;
    }
    ++table_rows_;
    Add(RenderRow(table_header_, cells), UnitKind::kTableRow);
  }

  void EndTable() {
    table_header_.clear();
    table_rows_ = 0;
  }

  void FlushText() {
    if (!item_.empty()) Add(std::move(item_), UnitKind::kListItem);
    item_.clear();
    if (prose_.empty()) return;
    // A short line standing alone, without a sentence's end, is a sub-heading of what follows.
    if (prose_lines_ == 1 && prose_.size() <= kMaxSubheading && !EndsSentence(prose_)) {
      sub_ = prose_;
    } else {
      AddProse(prose_);
    }
    prose_.clear();
    prose_lines_ = 0;
  }

  // A question ("Can I hold a fare?") is kept with the sentences that answer it, and with a short
  // statement in the asker's voice that leads into it ("My bag didn't arrive. What now?"), which
  // ends the answer before.
  void AddProse(std::string_view prose) {
    const std::vector<std::string_view> sentences = Sentences(prose);
    std::string pending;
    for (std::size_t i = 0; i < sentences.size(); ++i) {
      const std::string_view s = sentences[i];
      const bool question = s.ends_with('?');
      const bool leads_in = !question && s.size() <= kMaxLeadIn && i + 1 < sentences.size() &&
                            sentences[i + 1].ends_with('?') && InAskersVoice(s);
      const bool led_in = question && !pending.empty() && pending.find('?') == std::string::npos &&
                          pending.size() <= kMaxLeadIn && InAskersVoice(pending);
      const bool answered = pending.find("? ") != std::string::npos && pending.size() < kMaxAnswer;
      const bool answers = !question && !leads_in && !pending.empty() && (pending.back() == '?' || answered);
      if (led_in || answers) {
        pending += ' ';
        pending.append(s);
        continue;
      }
      if (!pending.empty()) Add(std::move(pending), Kind(pending));
      pending = std::string(s);
    }
    if (!pending.empty()) Add(pending, Kind(pending));
  }

  static UnitKind Kind(const std::string& text) {
    return text.find("? ") != std::string::npos ? UnitKind::kQuestionAnswer : UnitKind::kSentence;
  }

  void Flush() {
    FlushText();
    EndTable();
  }

  std::string heading_;
  std::string sub_;
  std::string prose_;
  int prose_lines_ = 0;
  std::string item_;
  std::vector<std::string> table_header_;
  int table_rows_ = 0;
  std::vector<PassageUnit> units_;
};

}  // namespace

std::vector<PassageUnit> SplitPassage(std::string_view heading, std::string_view text) {
  Splitter splitter(heading);
  for (std::string_view line : Lines(text)) splitter.Line(Trim(line));
  return splitter.Finish();
}

}  // namespace contrail::knowledge
