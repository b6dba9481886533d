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
#include <string_view>
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
  std::string topic_words;   // more words for the search's first stage only (Understanding::topic_search_words)
  bool fares = false;        // look up current fares and offers (needs `destination`)
  bool hotels = false;       // look up hotels with rooms near `destination`
  std::string origin;        // IATA code, or "" when unknown: then no fares, only where they are from
  std::string destination;   // IATA code
  std::string city;          // the destination's city ("Honolulu"): hotels are also found by city
  int month = 0;             // 1..12, 0 = the next 60 days (fares) or from today on (offers)
  int day = 0;               // 1..31: the departure day asked (fares near it first); without a month, its next
                             // occurrence
  int year = 0;              // the day's year when said, else 0 (its next occurrence)
  std::string when;          // without a month: a time phrase ("tomorrow", "next friday", "next week")
  int max_fare_usd = 0;      // a per-person fare budget, 0 = none
  int max_nightly_usd = 0;   // a per-night hotel budget, 0 = none
  int min_fare_usd = 0;      // a per-person fare floor ("flights over $500"), 0 = none
  int min_nightly_usd = 0;   // a per-night hotel floor ("hotels over $200 a night"), 0 = none
  int min_stars = 0;         // hotels of at least this many stars, 0 = any
  std::vector<std::string> amenities;  // hotels having every one ("pool", "kids_club": Slots' AmenityName)
  bool top_rated = false;    // hotels by guest rating, best first, instead of cheapest first
  std::string cabin = "economy";  // the fares' cabin as the database names it ("premium_economy")
  bool nonstop = false;      // flights without stops first (the profile's "stops" preference)
  int seats = 1;             // party size
  bool kids = false;         // the party has children: family-friendly hotels first

  bool live() const { return fares || hotels; }  // LookupLiveFacts has something to look up
};

// Decides from what the turn understood of the message and the user's profile (party size, home
// airport and budget for fares). Social turns, questions about the conversation itself, messages
// outside the domain (kOutOfDomain), gibberish (kGibberish) and questions in another language the
// gloss did not understand need nothing. A per-night budget is a hotel's: it never caps fares. A
// budget said as a floor ("over $200 a night") is a minimum, and the profile's cap does not apply
// to that lookup. Pure and thread-safe.
KnowledgeNeed PlanKnowledge(const Understanding& understanding,
                            const std::map<std::string, std::string>& profile);

// The flights a booking looks for, whatever the message's intent ("book the Honolulu trip"): the
// session's destination, month, party, cabin and budget, and its origin or the profile's home
// airport, as PlanKnowledge plans fares. `fares` is set; no destination: nothing.
KnowledgeNeed PlanBookingTrip(const Understanding& understanding, const std::map<std::string, std::string>& profile);

// What the database holds for the need, one readable line each, in one round trip (one pipeline
// of at most four statements):
//  * with an origin, current fares in the cabin, cheapest first (nonstop first when asked), or with
//    a day, those within two weeks of it, nearest first ("HA 12
//    LAX→HNL on 2027-03-14, economy, $279 a person, 9 seats left"; a connection says "1 stop, "
//    before the fare); without one, never another route's fares: a single
//    line naming the airports that have fares to the destination, if any; with an origin and none
//    fitting, one line saying so, with the route's cheapest fare when the budget's cap ruled them
//    out (its dearest, when the floor did);
//  * with `hotels`, hotels near the destination with rooms left, within the nightly budget and floor,
//    of the stars and with the amenities asked, best rated first when asked,
//    family-friendly first when there are kids, then cheapest first ("Aloha Inn (4★, guest rating
//    8.7), $189 a night, family friendly, pool, kids club"; IsHotelRateLine), or one line saying
//    none fits;
//  * with `fares`, promotions for the destination valid in the month asked (their validity
//    overlaps its next occurrence), or from today on when no month is.
// `today` is YYYY-MM-DD. All values reach SQL as parameters. Nothing to look up (!need.live(), no
// destination, or a malformed `today`): an empty list. Errors are the pool's (kUnavailable,
// kTimeout, …); then nothing is listed.
boost::asio::awaitable<core::Result<std::vector<std::string>>> LookupLiveFacts(pg::Pool& pool, const KnowledgeNeed& need,
                                                                               std::string today);

// What LookupLiveFacts reads for `need` on `today`, as canonical JSON (cache/canonical_json.h): the
// arguments under which the tool-result cache (cache/tool_cache.h) keeps its lines. Two needs that look up the same rows on the
// same day have equal objects (the knowledge query is not part of it).
std::string LiveFactsArguments(const KnowledgeNeed& need, std::string_view today);

// True for a line LookupLiveFacts wrote about a hotel's nightly rate.
bool IsHotelRateLine(std::string_view fact);
// True for a line LookupLiveFacts wrote about a flight's fare ("… $279 a person, 9 seats left").
bool IsFareLine(std::string_view fact);
// True for its line saying that no flight fits ("No flight from LAX to HNL in March has …").
bool IsNoFareLine(std::string_view fact);

// That line: "Aloha Inn (4★, guest rating 8.7), $189 a night, family friendly, pool, kids club".
// `amenities` as the hotels table keeps them ("pool,kids_club"; wifi goes without saying). The
// travel agent's answers (offline/agent_steps.cc) write search_hotels' results with it too.
std::string HotelRateLine(std::string_view name, std::string_view stars, std::string_view rating,
                          std::int64_t nightly_cents, bool family_friendly, std::string_view amenities);

}  // namespace contrail::flightly
