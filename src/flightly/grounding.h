#pragma once
// Grounding a chat turn in Flightly's data: what to look up before the model answers (knowledge
// passages, live fares and offers). The offline model's answer from what was found is in
// offline/grounded_answer.h; a remote model gets it as a system message (prompt.h).
//
//   KnowledgeNeed need = PlanKnowledge(*understanding, profile);   // before the model
//   … the turn searches the knowledge base with need.query and calls LookupLiveFacts(pool, need) …
//   chat.context.sources = …; chat.context.live_facts = …;

#include <boost/asio/awaitable.hpp>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"
#include "flightly/understanding.h"

namespace contrail::pg {
class Pool;
}

namespace contrail::flightly {

struct KnowledgeNeed {
  bool retrieve = false;     // search the knowledge base with `query`
  std::string query;         // the standalone query (Understanding::standalone_query)
  bool fares = false;        // look up current fares and offers (needs `destination`)
  std::string origin;        // IATA code or "" (any origin)
  std::string destination;   // IATA code
  int month = 0;             // 1..12, 0 = the next 60 days
  int max_fare_usd = 0;      // a per-person budget, 0 = none
  int seats = 1;             // party size
};

// Decides from what the turn understood of the message and the user's profile (party size, home
// airport and budget for fares). Social turns, questions about the conversation itself, messages
// outside the domain (kOutOfDomain), gibberish (kGibberish) and questions in another language the
// gloss did not understand need nothing. Pure and thread-safe.
KnowledgeNeed PlanKnowledge(const Understanding& understanding,
                            const std::map<std::string, std::string>& profile);

// Current fares (cheapest first) and promotions valid for the destination, one readable line each
// ("HA 12 LAX→HNL on 2027-03-14, economy, $279 a person, 9 seats left"). `today` is YYYY-MM-DD.
// All values reach SQL as parameters.
boost::asio::awaitable<core::Result<std::vector<std::string>>> LookupLiveFacts(pg::Pool& pool, const KnowledgeNeed& need,
                                                                               std::string today);

}  // namespace contrail::flightly
