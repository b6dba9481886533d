#pragma once
// Grounding a chat turn in Flightly's data: what to look up before the model answers (knowledge
// passages, live fares and offers), and how the offline model writes an answer from what was found.
//
//   KnowledgeNeed need = PlanKnowledge(chat);       // before the model: what to retrieve
//   … the server searches the knowledge base and calls LookupLiveFacts(pool, need) …
//   chat.context.sources = …; chat.context.live_facts = …;
//   Respond(chat)                                     // cites [1], [2] and lists the fares

#include <boost/asio/awaitable.hpp>
#include <string>
#include <vector>

#include "core/result.h"
#include "llm/chat_model.h"

namespace contrail::pg {
class Pool;
}

namespace contrail::flightly {

struct KnowledgeNeed {
  bool retrieve = false;     // search the knowledge base with `query`
  std::string query;         // the standalone question: the message plus the session's places
  bool fares = false;        // look up current fares and offers (needs `destination`)
  std::string origin;        // IATA code or "" (any origin)
  std::string destination;   // IATA code
  int month = 0;             // 1..12, 0 = the next 60 days
  int max_fare_usd = 0;      // a per-person budget, 0 = none
  int seats = 1;             // party size
};

// Decides from the last user message, the session state and the profile. Social turns and
// questions about the conversation itself need nothing. Pure and thread-safe.
KnowledgeNeed PlanKnowledge(const llm::ChatRequest& request);

// Current fares (cheapest first) and promotions valid for the destination, one readable line each
// ("HA 12 LAX→HNL on 2027-03-14, economy, $279 a person, 9 seats left"). `today` is YYYY-MM-DD.
// All values reach SQL as parameters.
boost::asio::awaitable<core::Result<std::vector<std::string>>> LookupLiveFacts(pg::Pool& pool, const KnowledgeNeed& need,
                                                                               std::string today);

// True when the request carries retrieved passages or live facts to ground the answer in.
bool HasGrounding(const llm::ChatRequest& request);

// Appends the grounded part of the offline model's answer: the sentences of the retrieved passages
// that best match `question`, each cited [n]; the live facts; and a "Sources:" list of the cited
// documents. Writes nothing when HasGrounding() is false.
void AppendGrounded(const llm::ChatRequest& request, std::string_view question, std::string& out);

}  // namespace contrail::flightly
