#include "knowledge/chunker.h"

#include <cassert>
#include <cctype>

#include "core/text.h"
#include "knowledge/text_util.h"

namespace contrail::knowledge {
namespace {

// A piece of a section that is never split unless it alone exceeds the limit: a sentence of
// prose, or one line of a list or table. `joiner` goes before it when it follows another piece.
struct Piece {
  std::string text;
  const char* joiner;
};

bool IsStructuredLine(std::string_view line) {
  return line.starts_with("* ") || line.starts_with("- ") || line.starts_with("|") ||
         (line.size() > 2 && std::isdigit(static_cast<unsigned char>(line[0])) && line.find(". ") < 4);
}

// Sentences end at . ! ? followed by a space and an upper-case letter, digit or quote.
void SplitSentences(std::string_view prose, const char* first_joiner, std::vector<Piece>& out) {
  const char* joiner = first_joiner;
  std::size_t start = 0;
  for (std::size_t i = 0; i + 2 < prose.size(); ++i) {
    char c = prose[i];
    if ((c == '.' || c == '!' || c == '?') && prose[i + 1] == ' ') {
      unsigned char next = static_cast<unsigned char>(prose[i + 2]);
      if (std::isupper(next) || std::isdigit(next) || next == '"' || next == '(') {
        out.push_back({std::string(prose.substr(start, i + 1 - start)), joiner});
        joiner = " ";
        start = i + 2;
      }
    }
  }
  if (start < prose.size()) out.push_back({std::string(prose.substr(start)), joiner});
}

std::vector<Piece> Pieces(const std::string& text) {
  std::vector<Piece> out;
  const char* joiner = "\n\n";  // what goes before the next piece
  std::string prose;             // the lines of prose read so far, joined (Markdown wraps them)
  auto flush_prose = [&] {
    if (prose.empty()) return;
    SplitSentences(prose, joiner, out);
    prose.clear();
    joiner = "\n";
  };
  for (std::string_view line : Lines(text)) {
    if (line.empty()) {
      flush_prose();
      joiner = "\n\n";
    } else if (IsStructuredLine(line)) {
      flush_prose();
      out.push_back({std::string(line), joiner});
      joiner = "\n";
    } else {
      if (!prose.empty()) prose += ' ';
      prose.append(line);
    }
  }
  flush_prose();
  return out;
}

// Where to cut `text` (longer than `max`) for a first part of at most `max` bytes: at its last
// space, else at `max` moved back to the start of a UTF-8 character, so neither part begins or
// ends inside one (PostgreSQL refuses such text; a CJK paragraph has no spaces at all).
std::size_t CutPoint(std::string_view text, std::size_t max) {
  std::size_t cut = text.rfind(' ', max);
  if (cut != std::string_view::npos && cut > 0) return cut;
  cut = core::Utf8Prefix(text, max).size();
  return cut > 0 ? cut : max;  // not UTF-8 after all: cut anywhere rather than not at all
}

// Cuts a piece longer than `max` at spaces (CutPoint).
void CutLong(std::vector<Piece>& pieces, std::size_t max) {
  std::vector<Piece> out;
  for (Piece& p : pieces) {
    if (p.text.size() <= max) {
      out.push_back(std::move(p));
      continue;
    }
    std::string_view rest = p.text;
    const char* joiner = p.joiner;
    while (rest.size() > max) {
      const std::size_t cut = CutPoint(rest, max);
      out.push_back({std::string(rest.substr(0, cut)), joiner});
      rest = Trim(rest.substr(cut));
      joiner = " ";
    }
    if (!rest.empty()) out.push_back({std::string(rest), joiner});
  }
  pieces = std::move(out);
}

std::string Join(const std::vector<Piece>& pieces, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) {
    if (i > from) out += pieces[i].joiner;
    out += pieces[i].text;
  }
  return out;
}

// Greedy packing of pieces[0..n) into windows of at most `max` chars; a new window starts with
// the trailing pieces of the previous one that fit in `overlap`.
void ChunkSection(const Section& section, const ChunkOptions& o, std::vector<Chunk>& out) {
  std::vector<Piece> pieces = Pieces(section.text);
  CutLong(pieces, o.max_chars);
  std::size_t begin = 0;
  while (begin < pieces.size()) {
    std::size_t end = begin;
    std::size_t size = 0;
    while (end < pieces.size()) {
      std::size_t add = pieces[end].text.size() + (end > begin ? 2 : 0);
      if (end > begin && size + add > o.max_chars) break;
      size += add;
      ++end;
    }
    out.push_back({static_cast<int>(out.size()), section.heading, Join(pieces, begin, end)});
    if (end == pieces.size()) break;
    // The overlap: trailing pieces of this window, but never the whole window (no progress).
    std::size_t next = end;
    std::size_t carried = 0;
    while (next - 1 > begin && carried + pieces[next - 1].text.size() <= o.overlap_chars) {
      carried += pieces[next - 1].text.size() + 1;
      --next;
    }
    begin = next;
  }
  if (pieces.empty() && !section.heading.empty()) {
    out.push_back({static_cast<int>(out.size()), section.heading, section.heading});
  }
}

}  // namespace

std::vector<Chunk> ChunkDocument(const Document& doc, const ChunkOptions& options) {
  assert(options.overlap_chars < options.max_chars && "overlap must be smaller than a chunk");
  std::vector<Chunk> out;
  for (const Section& s : doc.sections) ChunkSection(s, options, out);
  return out;
}

std::string EmbeddingText(const Document& doc, const Chunk& chunk) {
  std::string out = doc.title;
  if (!chunk.heading.empty()) out += " — " + chunk.heading;
  out += "\n";
  out += chunk.text;
  return out;
}

}  // namespace contrail::knowledge
