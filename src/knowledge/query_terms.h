#pragma once
// The words a question is matched on. A question is mostly function words ("how many … can I …"):
// matched as they are, they find every chunk and rank nothing. These helpers keep the words that
// say what is asked, for the full-text half of a search (search_sql.cc) and the in-process second
// stage (rerank.h). Pure functions, thread-safe.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace contrail::knowledge {

// True for English function words, question words and chat fillers ("the", "how", "much",
// "please", "tell", "know"). `word` is lower case.
bool IsStopWord(std::string_view word);

// `question` without the words that say what kind of answer is wanted rather than what it is about:
// the word after "how" in "how long", "how far", "how big", "how early" … ("How long is the Road to
// Hana?" is not about "long golden beaches"). answer_type.h reads those words from the question.
std::string WithoutAnswerCues(std::string_view question);

// The sentences of `message` that ask (end in '?'), joined, when it also tells something first
// ("We just landed in Orlando and our suitcase never showed up. Will you pay for the clothes?"
// asks "Will you pay for the clothes?"); "" when it has no such story, or nothing asks.
std::string AskingPart(std::string_view message);

// The question's content words (WithoutAnswerCues), lower case, space-separated, in order ("Can I bring my surfboard
// on the plane?" -> "bring surfboard plane"); the question itself when every word is a stop word,
// so a search always has words.
std::string TextSearchWords(std::string_view question);

// A content word of a text: its stem's hash (Snowball English: "fees" and "fee" agree) and
// whether it is a number.
struct Term {
  std::uint64_t stem = 0;
  bool number = false;
};

// `text` with the accented Latin-1 letters as their plain letters ("Cancún" -> "Cancun"), so a
// question typed without accents matches a document written with them.
std::string FoldAccents(std::string_view text);

// The content words of `text` as written, lower case, accents folded, stop words dropped, in order.
std::vector<std::string> ContentWords(std::string_view text);

// `question` with each content word that is not in `vocabulary` (lower case, accents folded)
// replaced by the vocabulary word closest to it in spelling, when one is close enough: one edit
// for words of 5–7 letters, two from 8 ("tikcet" -> "ticket", "internatinal" -> "international");
// the most frequent wins a tie. Stop words, shorter words and English words (core/english_lexicon.h:
// "additional" is no misspelt "addition", though only "addition" is in `vocabulary`) stay as
// they are.
std::string CorrectSpelling(std::string_view question, const std::vector<std::string>& vocabulary);

// CorrectSpelling's rule for one word (lower case, accents folded) against a vocabulary with each
// word's frequency: the closest word, or "" when `word` is in it, is too short, or none is close.
std::string ClosestSpelling(std::string_view word, const std::unordered_map<std::string_view, int>& frequency);

// A run of ASCII letters in a text, as RewriteWords hands it to its `fix`.
struct TextWord {
  std::string_view text;  // as written
  std::string lower;      // lower case
  std::size_t begin = 0, end = 0;  // where it stands: text == whole.substr(begin, end - begin)
};

// `text` with each run of ASCII letters replaced by what `fix` returns for it, when that is not
// empty; every other byte, and each word `fix` leaves (returns ""), as written. The spelling
// fixers' walk (CorpusStats::CorrectSpelling, flightly's FixTypos).
std::string RewriteWords(std::string_view text, const std::function<std::string(const TextWord&)>& fix);

// The optimal string alignment distance of `a` and `b` (an adjacent transposition counts one:
// "airprot" is 1 from "airport"), or `limit + 1` once it is certain to exceed `limit`.
std::size_t EditDistance(std::string_view a, std::string_view b, std::size_t limit);

// The content words of `text` (stop words dropped, accents folded), in order, duplicates kept; an
// ordinal in figures up to the tenth is its word ("1st" is "first").
std::vector<Term> ContentTerms(std::string_view text);

// Whether one of `text`'s content words (ContentTerms) has the stem of one of `terms` ("dogs"
// holds "dog").
bool HoldsAnyOf(std::string_view text, const std::vector<Term>& terms);

}  // namespace contrail::knowledge
