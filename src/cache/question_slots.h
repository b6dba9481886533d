#pragma once
// What the semantic answer cache compares between two questions besides their meaning. Embeddings
// put "flights from LAX to Honolulu" and "flights from Honolulu to LAX", or "can I bring my dog"
// and "can't I bring my dog", close together; their answers differ. A cached answer is served only
// when the new question's slots agree with the cached question's: every slot either one states has
// the same value in both. The slots are the domain's to read (flightly implements SlotExtractor:
// one extractor, the one the turn uses), so the cache stays below the domain.
//
//   QuestionSlots a = extractor.Extract("flights from LAX to Honolulu in March");
//   QuestionSlots b = extractor.Extract("flights from Honolulu to LAX in March");
//   Disagreement(a, b) == "origin"

#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace contrail::cache {

// Slot name → canonical value ("origin" → "LAX", "month" → "3", "negation" → "not"). A name that
// starts with '~' is a soft slot: it tells two questions apart only when both state it ("~intent":
// an extractor that recognises one question's intent and not the other's is no evidence). A name
// that starts with '=' is a contrast slot: its value is the question's words in order, separated by
// single spaces, each function word marked with a leading '_' (content words in any one spelling of
// the extractor's, such as a stem, and optionally its synonyms: "stem|syn|syn", one word to any
// word that shares one of them). Two questions whose words differ only where one run of at most
// three words stands for another, with a content word in either run, ask different things ("can I
// bring my own food on the plane" / "can I buy food on the plane", "check in at the airport" /
// "check in online"): paraphrases almost never differ so little, near misses almost always do.
// Words only added or only left out, only function words swapped, or a word of one run moved into
// the other ("a long delay" / "a delayed flight") are no evidence. A name that starts with '^' is
// the question's kind (at most one): it never tells two questions apart, but two of the same kind
// whose other slots agree ask the same thing more surely than their vectors alone say (flightly's
// service topics: "carry on size limit" / "How big can my cabin bag be?" are 0.54 apart), so a
// hit between them needs less similarity (cache.kind_similarity; SameKind).
using QuestionSlots = std::map<std::string, std::string, std::less<>>;

class SlotExtractor {
 public:
  virtual ~SlotExtractor() = default;
  // The slots `question` states; empty when it states none. Pure and thread-safe.
  virtual QuestionSlots Extract(std::string_view question) const = 0;
};

// The first slot (in name order) on which `a` and `b` disagree: stated with different values, or
// (a firm slot; with `strict`, a soft one too) stated by one only; else the first contrast slot
// that is OneRunApart. "" when they agree. A soft or contrast slot is named without its '~' or '='.
// Strict is for questions only their kind brings close: every difference the slots see counts.
std::string Disagreement(const QuestionSlots& a, const QuestionSlots& b, bool strict = false);

// Whether `a` and `b` state the same kind ('^' slot, same name and value).
bool SameKind(const QuestionSlots& a, const QuestionSlots& b);

// Whether two contrast slot values differ by one run of words as the comment above says.
bool OneRunApart(std::string_view a, std::string_view b);

}  // namespace contrail::cache
