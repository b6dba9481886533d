#pragma once
// The units an answer can quote from a retrieved passage: one sentence of prose, one list item, one
// table row (rendered with its column headers: "Business — Checked bags included: 2; Maximum
// weight per bag: 32 kg (70 lb)"), or a FAQ question with its answer. Each carries its heading
// path: the section's heading, then the sub-heading it sits under (a `###` heading or a bold line
// standing alone: "Dates, conditions and how to book › Dates and blackout dates"). Pure functions,
// thread-safe.

#include <string>
#include <string_view>
#include <vector>

namespace contrail::knowledge {

enum class UnitKind { kSentence, kListItem, kTableRow, kQuestionAnswer };

struct PassageUnit {
  std::string path;  // "Section › Sub-heading", "Section", or "" before a document's first heading
  std::string text;
  UnitKind kind = UnitKind::kSentence;
};

// The units of a chunk (knowledge_chunks.heading and .text), in order. A table's header and
// separator rows are not units of their own; a list item that wraps over several lines is one unit.
std::vector<PassageUnit> SplitPassage(std::string_view heading, std::string_view text);

}  // namespace contrail::knowledge
