#include "flightly/offline/respond.h"

#include <algorithm>
#include <optional>

#include "core/clock.h"
#include "flightly/offline/answers.h"
#include "flightly/offline/grounded_answer.h"
#include "flightly/offline/language_note.h"
#include "flightly/offline/memory_note.h"
#include "flightly/gazetteer.h"
#include "flightly/grounding.h"
#include "flightly/profile.h"
#include "flightly/retrieval_focus.h"
#include "flightly/understanding.h"
#include "knowledge/query_terms.h"

namespace contrail::flightly::offline {
namespace {

// The message's words but the places it names, space-separated.
std::string WordsBesidesPlaces(const Tokens& tokens) {
  std::string out;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (const PlaceMatch place = MatchPlace(tokens, i); place.place != nullptr) {
      i += place.words - 1;
      continue;
    }
    out.append(tokens.text(i)).append(" ");
  }
  return out;
}

// Policy questions (and ones the built-in rules do not understand) are answered from the retrieved
// documents alone when there are any: Flightly's published rules are the authority.
bool DocumentsAnswerAlone(Intent intent) {
  return intent == Intent::kUnknown || (intent >= Intent::kLostLuggage && intent <= Intent::kContactSupport);
}

// Whether the turn found fares or rates (grounding.h), not only offers or where fares are from.
bool HasFares(const llm::ChatRequest& request) {
  for (const std::string& fact : request.context.live_facts) {
    if (IsFareLine(fact) || IsHotelRateLine(fact)) return true;
  }
  return false;
}

// "near the beach", "with a pool", "downtown": words that say what kind of hotel, not what else is asked.
bool OnlyDescribeAHotel(const std::vector<std::string>& words) {
  static constexpr std::string_view kHotelWords[] = {
      "beach", "beaches", "beachfront", "ocean", "oceanfront", "sea", "view", "views", "pool", "pools",
      "downtown", "center", "centre", "central", "quiet", "resort", "resorts", "close", "walking", "distance",
      "strip", "waterfront", "harbor", "harbour", "airport", "parking", "breakfast", "nice", "good", "decent"};
  return std::all_of(words.begin(), words.end(), [](const std::string& w) {
    return std::find(std::begin(kHotelWords), std::end(kHotelWords), w) != std::end(kHotelWords);
  });
}

// Whether the template holds what was asked for, so that it leads even before a strong quote: a
// search's fares or rates (asked for alone: not an offer, "the spring break fare"), or a search
// that found none when the quote is not an offer's (a guide's "March brings spring-break crowds"
// does not answer "flights from Boston to Miami on March 10"; an offer for the route may), a place's
// climate in a month, ideas for a month, things to do in a place — when the message has no
// subject of its own ("the minimum stay", "seaweed"), which the documents answer first. However
// well an offer's how-to-book words ("any flights from Las Vegas to Honolulu in March?") or a
// guide's seasons match the question, they are not its answer.
bool TemplateAnswersFirst(const llm::ChatRequest& request, const Understanding& u, bool quote_from_offer) {
  // "when does seaweed pile up on Cancun's beaches?"; but "hotels near the beach?" is a hotel search.
  if (!u.subject_words.empty() && !(u.intent == Intent::kHotelSearch && OnlyDescribeAHotel(u.subject_words))) {
    return false;
  }
  const Slots& trip = u.next.slots;
  // "what are the fares from Honolulu to LA in April?" asks for the route's fares, found, not an offer.
  const bool route_fares = trip.origin != nullptr && trip.destination != nullptr && HasFares(request);
  const bool search = (u.intent == Intent::kFlightSearch || u.intent == Intent::kHotelSearch) &&
                      !AsksForOffers(u.tokens, !route_fares) && (HasFares(request) || !quote_from_offer);
  const bool climate = u.intent == Intent::kWeather && trip.destination != nullptr && trip.month != 0;
  const bool ideas = (u.intent == Intent::kDestinationIdeas && (trip.month != 0 || !trip.when.empty())) ||
                     (u.intent == Intent::kThingsToDo && trip.destination != nullptr);
  return (search || climate || ideas) && AsksForTripAnswer(u);
}

// The written answer with what the turn retrieved. Policy questions are answered from the documents
// alone (Flightly's published rules are the authority), and so is a question whose best quote is
// strong and from a policy, unless it asks for a search — a template (budget advice, a flight
// search) must not answer a question about what a service costs — and a trip question with no trip
// in it at all ("can I give my ticket to a friend?" is not a flight search) that the documents
// answer, and a trip question that does not ask for the trip answer (AsksForTripAnswer: "when can I
// see whales near Cape Town?", "how much is it?" after a question about a park pass). A strong
// quote from a guide or an offer leads, the template follows, except before what the template found
// that was asked for (fares, a climate, ideas); otherwise the template leads. When no retrieved
// unit is relevant, a built-in answer stays (only a question nothing understood is told that the
// documents do not answer it). Live facts replace the "no live data" sentence. `general_advice`:
// the template says nothing of this traveller's own (budget tips without a budget to work with,
// "the cheapest time to visit New York"), so any relevant quote leads it, not only a strong one.
void ComposeGrounded(const llm::ChatRequest& request, const Understanding& u, std::string_view text,
                     bool general_advice, std::string& answer) {
  bool policy = false, offer = false;
  const double strongest = StrongestQuote(request, &policy, &offer);
  const bool sources = !request.context.sources.empty();
  // Quotes that hold none of the question's words but its places answer where, not what ("do I
  // need to tip in Mexico?" and the papers for minors leaving Mexico): none is quoted, unless the
  // second stage found one strong (by meaning: "send my kid alone" and "the UM fee"). The question
  // as searched (a follow-up's words are its topic's too: "how much is it?"), and its service's
  // own words.
  std::string subject = WordsBesidesPlaces(Tokens(u.standalone_query));
  subject.append(TopicWords(u.intent));
  const std::vector<knowledge::Term> subject_terms = knowledge::ContentTerms(subject);
  const bool on_subject = !HasScoredUnits(request) || strongest >= kStrongQuote || subject_terms.empty() ||
                          QuotesHoldAnyOf(request, subject_terms);
  // Without the second stage (no unit scored), the passages count as relevant, as they always did.
  const bool relevant = !HasScoredUnits(request) || strongest >= kRelevanceFloor || u.intent == Intent::kUnknown;
  const bool empty_trip = IsTripIntent(u.intent) && (u.next.slots.empty() || !AsksForTripAnswer(u));
  const bool template_first = TemplateAnswersFirst(request, u, offer);
  // A search asked for is no question about a service, however well a policy matches its words
  // ("flights departing Los Angeles … on 14 March" and the minors' "connection through Los Angeles").
  const bool policy_answers = strongest >= kStrongQuote && policy && !template_first;
  if (sources && relevant && (DocumentsAnswerAlone(u.intent) || policy_answers || empty_trip)) {
    answer.clear();
  }
  // A trip template does not answer a question it was not asked; when the documents do not either,
  // the answer says that nothing was found and what can be asked.
  if (sources && !relevant && !AsksForTripAnswer(u)) answer.clear();
  if (!request.context.live_facts.empty()) {
    if (std::size_t at = answer.find(kNoLiveData); at != std::string::npos) {
      answer.erase(at, kNoLiveData.size());
      while (at > 0 && answer[at - 1] == ' ') answer.erase(--at, 1);
    }
  }
  std::string out;
  const double leads_from = general_advice ? kRelevanceFloor : kStrongQuote;
  const bool documents_lead = answer.empty() || (strongest >= leads_from && !template_first);
  if (documents_lead) AppendDocuments(request, text, answer.empty(), out, on_subject);
  if (!answer.empty()) out += (out.empty() ? "" : "\n\n") + answer;
  AppendLiveFacts(request, out);
  if (!documents_lead) AppendDocuments(request, text, false, out, on_subject);
  answer = std::move(out);
}

// "vegan meal request", "peanut allergy flight": a service asked in a few words, with no one in
// them telling about themselves ("I'm vegan", "we have 2 kids"). It is answered, the note after;
// not only noted.
bool AsksInKeywords(const Understanding& u) {
  if (!IsServiceIntent(u.intent)) return false;
  for (std::size_t i = 0; i < u.tokens.size(); ++i) {
    const std::string_view w = u.tokens.text(i);
    if (IsSelfWord(w) || w == "mine" || w == "ours") return false;
  }
  return true;
}

// "forget that I'm vegetarian", then "what's my diet?": a question about the traveller is answered
// with what this session said of them too, before a memory worker has stored it; nullopt for any
// other question (the request as it is).
std::optional<llm::ChatRequest> WithSessionMemories(const llm::ChatRequest& request, const Understanding& u,
                                                    std::size_t current) {
  if (u.intent != Intent::kProfileRecall || current == 0) return std::nullopt;
  llm::ChatRequest recalled = request;
  ApplySessionMemories(request, current, core::DateText(core::Today()), recalled.context.profile,
                       recalled.context.remembered);
  return recalled;
}

}  // namespace

Reply Respond(const llm::ChatRequest& request) {
  const std::size_t current = LastUserIndex(request.messages);  // the message being answered
  std::string_view text =
      current < request.messages.size() ? std::string_view(request.messages[current].content) : "";
  std::shared_ptr<const Understanding> own;
  const Understanding* understood = UnderstandingOf(request);
  if (understood == nullptr) {  // called without a turn: the first message of a new session
    own = Understand(text, "");
    understood = own.get();
  }
  const Understanding& u = *understood;
  const std::optional<llm::ChatRequest> recalled = WithSessionMemories(request, u, current);
  const llm::ChatRequest& seen = recalled ? *recalled : request;
  const ProfileView profile = ReadProfile(seen.context.profile);

  Question question{seen, current, u.tokens, u.intent, u.said, u.next.slots, profile, u.previous};
  Reply reply;
  reply.content.reserve(1024);
  // A statement of what to remember ("we have 2 kids, 4 and 8") is acknowledged, not answered
  // with documents; a request or a trip that also states one ("… and avoid that airline", "a trip
  // to Paris with my wife", "in April for 2 adults and 2 kids" after a question about flights to
  // Orlando) gets its answer and the note.
  bool names_home = false;
  std::string note = MemoryNote(request, current, &names_home);
  const bool goes_on_with_trip = u.next.slots.HasPlace() && (u.said.HasDates() || u.said.HasBudget());
  const bool plans_a_trip = (u.said.HasPlace() || goes_on_with_trip) && !names_home;
  if (!note.empty() && !AsksSomething(text) && !plans_a_trip && !AsksInKeywords(u)) {
    reply.content = std::move(note);
    reply.intent = u.intent;
    return reply;
  }
  // "book the cheapest one for us": this model books nothing, and says who does.
  const BookingAsk ask = ReadBookingAsk(text);
  if (ask.action != BookingAction::kNone) {
    AnswerBookingAsk(question, ask.action, reply.content);
  } else {
    AnswerConversation(question, reply.content);  // dispatches to the intent's writer
  }
  // Budget tips for no budget at all (not in the message, the session or the profile).
  const bool general_advice = u.intent == Intent::kBudget && !u.next.slots.HasBudget() && profile.budget_usd <= 0;
  // "book it": the documents' how-to-book is no answer, the trip's fares are. "I want to book now
  // but does your insurance cover …?" asks about a service too: its documents answer.
  const bool only_books = ask.action != BookingAction::kNone && (!IsServiceIntent(u.intent) || u.subject_words.empty());
  if (HasGrounding(request) && only_books) {
    AppendLiveFacts(request, reply.content);
  } else if (HasGrounding(request)) {
    ComposeGrounded(request, u, text, general_advice, reply.content);
    // Documents that answer alone leave out what the template said of the traveller ("you prefer
    // aisle seats"): it closes their first paragraph.
    std::string personal;
    if (AppendPersonalPolicyNote(question, personal) && reply.content.find(personal) == std::string::npos) {
      reply.content.insert(std::min(reply.content.find("\n\n"), reply.content.size()), personal);
    }
  }
  if (!note.empty()) reply.content.append("\n\n").append(note);
  AddLanguageNote(u, reply.content);  // a question in another language: the note in its language
  reply.intent = u.intent;
  reply.personalised = question.personalised;
  return reply;
}

}  // namespace contrail::flightly::offline
