#pragma once
// The grounded part of the offline model's answers: what it writes from the passages and live
// facts the turn retrieved (ChatContext::sources, ::live_facts).

#include <string>
#include <string_view>

#include "knowledge/query_terms.h"
#include "llm/chat_model.h"

namespace contrail::flightly::offline {

// True when the request carries retrieved passages or live facts to ground the answer in.
bool HasGrounding(const llm::ChatRequest& request);

// True when the second stage scored the retrieved passages' units (some passage has highlights).
bool HasScoredUnits(const llm::ChatRequest& request);

// The score of the best quotable unit among the retrieved passages (knowledge/rerank.h), 0 when
// none was scored; `from_policy` (optional) says whether it comes from a policy or the FAQ, and
// `from_offer` (optional) whether from an offer.
double StrongestQuote(const llm::ChatRequest& request, bool* from_policy = nullptr, bool* from_offer = nullptr);

// Highlight scores (knowledge/rerank.h): below the floor a unit does not answer the question; from
// kStrongQuote it answers it by itself, and the documents lead the answer.
inline constexpr double kRelevanceFloor = 0.3;
inline constexpr double kStrongQuote = 0.8;

// Whether the units an answer would quote first (the best and as many as may support it: their
// text, heading or document title) hold one of `words` (knowledge::ContentTerms of a text). False
// when no unit was scored.
bool QuotesHoldAnyOf(const llm::ChatRequest& request, const std::vector<knowledge::Term>& words);

// "Current fares and offers in Flightly's system:" and one line per live fact; nothing without.
void AppendLiveFacts(const llm::ChatRequest& request, std::string& out);

// The documents' answer: the best unit of the retrieved passages with its heading, then at most three
// supporting ones close to it, each cited [n], then the cited documents. A quoted document's codes
// (metadata "codes": an offer's promo code) follow its title once when the quote does not hold them. Without scored units (a
// turn without the second stage) the best-matching sentence of each of the top passages. When no
// unit is relevant (or `on_subject` is false: the best one matched only where the question is
// about): with `say_when_nothing`, that nothing was found and what can be asked; else nothing.
// Writes nothing without passages.
void AppendDocuments(const llm::ChatRequest& request, std::string_view question, bool say_when_nothing,
                     std::string& out, bool on_subject = true);

}  // namespace contrail::flightly::offline
