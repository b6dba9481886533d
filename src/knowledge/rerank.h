#pragma once
// The second stage of retrieval: the first stage (search.h) finds candidate chunks fast and
// roughly; this re-scores them in process and says which units of each (passage_units.h) answer
// the question. A unit scores by the question's content words it holds (weighted by how rare they
// are among the candidates and in the whole knowledge base; heading words count less than text; the
// words of a chatty message's story count half as much as those of its question; the word that
// only says what kind of answer is wanted, "long" in "how long", not at all),
// the question's word pairs it holds in order, its similarity to the question when the embedder
// computes in process (contrail-local: well under a millisecond for the candidates), whether it
// holds the kind of fact asked for (answer_type.h; asked by the message's question, not its story),
// and whether it holds a date when the question names days (then a duration is not the answer) —
// for an offer, the window the question asks about: "book … on March 20" is answered by "Book: …",
// "fly … on March 20" by "Travel: …" or "Blackout dates: …". A chunk scores by its best units, its first-stage rank, and the hints: the places,
// document type, dates and topic the question is about.
//
//   RerankHints hints;
//   hints.places = {"OGG"};
//   auto ranked = co_await Rerank(embedder, "when is whale season in maui?", hints, std::move(hits), 5);

#include <boost/asio/awaitable.hpp>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "embed/embedder.h"
#include "knowledge/corpus_stats.h"
#include "knowledge/search.h"

namespace contrail::knowledge {

// What the asker's side knows about the question (for Flightly: the places, intent and dates the
// turn understood). All optional.
struct RerankHints {
  std::vector<std::string> places;  // upper-case codes the question is about ("OGG"); documents
                                    // about other places rank lower, documents about none are neutral
  std::vector<std::string> doc_types;  // the kinds of document that answer it ("policy", "faq")
  std::string valid_from, valid_to;    // the days it asks about (YYYY-MM-DD): documents whose validity
                                       // window misses them rank far lower
  // Phrases that name what the question is about ("carry on", "hand luggage"), lower case, words
  // separated by one space: a unit whose title or heading path says one ranks higher than one
  // under another heading that only shares the question's words ("How big can my cabin bag be?"
  // is answered under "Carry-on baggage", not "Checked baggage › … by fare and cabin").
  std::vector<std::string> topics;
  // One of a set of alternatives the question names ("gold" of the loyalty tiers, "basic" of the
  // fare families), lower case, one word each, and the rest of its set: a unit that names an asked
  // one ranks higher, and one that names only others of its set lower ("do I get lounge access
  // with Gold status?" is not answered by "Platinum: … lounge access on any flight").
  std::vector<std::string> variants, other_variants;
  // How common words are in the whole knowledge base (corpus_stats.h): a word common there weighs
  // less. None: only the candidates' own word counts weigh.
  std::shared_ptr<const CorpusStats> corpus;
};

// `hits` re-ordered best first and cut to `k`, each with its best units in `highlights` (at most
// three, best first) and `score` replaced by the second stage's. Errors: only the embedder's, when
// it computes in process and fails.
boost::asio::awaitable<core::Result<std::vector<SearchHit>>> Rerank(embed::Embedder& embedder, std::string question,
                                                                   RerankHints hints, std::vector<SearchHit> hits,
                                                                   int k);

}  // namespace contrail::knowledge
