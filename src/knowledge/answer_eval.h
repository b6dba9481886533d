#pragma once
// How an answer is judged against a question of an answer dev set, for `contrail bench answers`
// (src/cli/bench_answers.cc) and its tests. Pure functions, safe on any thread.
//
// A dev set is JSON Lines, one case per line (bench/data/README-answers.md):
//   {"id":"q001","kind":"table","question":"How many bags does Business include?",
//    "expected_doc":"policies/checked-baggage.md","alt_docs":["faq/faq.txt"],
//    "facts":["2",["32 kg","70 lb"]],"not":["Basic"],
//    "turns":["an earlier message", …],"profile":{"home_airport":"LAS"},"conversation":"c01",
//    "sessions":[["a message of an earlier session", …], …]}
// Only `question` is required. A fact that is an array is met by any one of its alternatives.
//
//   auto cases = ParseAnswerCases(file_text);
//   AnswerGrade g = GradeAnswer(cases->at(0), answer_text, cited_document_ids);

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace contrail::knowledge {

struct AnswerCase {
  int line = 0;  // 1-based, in its file
  std::string id;
  std::string kind;          // the question's kind ("paraphrased", "slot_replace" …); "" = "other"
  std::string conversation;  // the conversation it belongs to, "" for a single question
  std::vector<std::string> turns;  // earlier user messages of the same session, in order
  // Earlier sessions of the same user, each its user messages in order: what long-term memory
  // must carry into the question's session (its memories are extracted before the question).
  std::vector<std::vector<std::string>> sessions;
  std::string question;
  std::string expected_doc;            // "" when no single document answers
  std::vector<std::string> alt_docs;   // other documents that also count as the right one
  // Each: alternatives, any one of which must appear as whole words; a range "June to November"
  // also as "June–November".
  std::vector<std::vector<std::string>> facts;
  std::vector<std::string> absent;     // "not": none may appear
  std::map<std::string, std::string> profile;
};

// The cases of a JSON Lines text; blank lines are skipped. kInvalidArgument naming the line for
// text that is not a JSON object, a missing or empty question, or a field of the wrong type.
core::Result<std::vector<AnswerCase>> ParseAnswerCases(std::string_view jsonl);

// Text as facts are compared: lower case (ASCII), Markdown emphasis (`**`, `__`) removed, en and
// em dashes as '-', no-break spaces as spaces, runs of white space as one space.
std::string NormalizeForMatch(std::string_view text);

struct AnswerGrade {
  bool has_expected_doc = false;
  bool top1 = false;     // the first retrieved document is the expected one (or an alternative)
  bool top5 = false;     // … among the first five retrieved chunks' documents
  bool facts = false;    // every fact appears and nothing in `absent` does
  bool lead = false;     // … and every fact is in the answer's first paragraph (up to a blank line)
  std::vector<std::string> missing;  // facts not found (their first alternative), then "not: …"
};

// `retrieved` is the document id of each retrieved chunk, best first (duplicates allowed).
AnswerGrade GradeAnswer(const AnswerCase& c, std::string_view answer, const std::vector<std::string>& retrieved);

// Shares by kind and overall.
struct KindScore {
  int n = 0;          // graded cases
  int with_doc = 0;   // cases with an expected document (the denominator of recall)
  int top1 = 0, top5 = 0, facts = 0, lead = 0;
};
struct AnswerReport {
  std::map<std::string, KindScore> by_kind;
  KindScore all;
  KindScore conversations;  // the cases that belong to a conversation
  void Add(const AnswerCase& c, const AnswerGrade& g);
};

}  // namespace contrail::knowledge
