#include "flightly/understanding.h"

#include "core/text.h"
#include "flightly/typos.h"
#include "knowledge/query_terms.h"

namespace contrail::flightly {

namespace {

// The session's first question: kept from the stored state, else this message when it is the
// session's first topic (small talk, gibberish and questions about the conversation are none).
// A session stored before the state kept it has topics but no first question: the answer then
// says it can only see the recent turns.
std::string FirstQuestion(const Understanding& u, std::string_view message) {
  const SessionState& before = u.previous;
  if (!before.first_question.empty() || before.topic_count > 0 || u.next.topic_count == 0) {
    return before.first_question;
  }
  std::string first;
  AppendClipped(first, message, SessionState::kMaxFirstQuestionBytes);
  return first;
}

// A message that leans on the previous turn ("how much is it?" after "do I need a pass to drive
// in the park?") is searched with what that turn was searched with; the session keeps the query
// of the last message that had a subject, so a chain of follow-ups keeps the first one's subject.
// A trip follow-up that names its own place ("and Reykjavik in March?") has its own subject.
void CarryTopic(Understanding& u, SessionState& next) {
  if (IsSocial(u.intent) && u.intent != Intent::kUnknown) return;  // "thanks" keeps the topic
  // A trip follow-up that changes a slot ("for me and my wife") is searched as the trip's own.
  const bool own_subject = IsTripIntent(u.intent) && (u.said.HasPlace() || u.follow_up);
  if (u.leans_back && !own_subject && !u.previous.topic_query.empty()) {
    u.standalone_query += ' ';
    u.standalone_query += u.previous.topic_query;
    return;  // the session's topic stays the one this message leans on
  }
  // The state is JSON: a message that is not UTF-8 (only a test can send one; HTTP rejects it) is
  // not kept.
  if (u.tokens.size() == 0 || !core::IsValidUtf8(u.standalone_query)) return;
  next.topic_query.clear();
  AppendClipped(next.topic_query, u.standalone_query, SessionState::kMaxTopicQueryBytes);
}

// A message that tells a story before it asks ("I'm flying Denver to Seattle with two huge
// suitcases and always running late. What's the latest I can drop my bags?") is searched with its
// question first and again in its story: the places and details of the story matter less than
// what is asked (the local embedder weighs a place name above any word), but are kept.
// At most Understanding::kMaxQueryBytes: a long story is cut, its question kept. `asking`: the
// message's AskingPart.
std::string AskedFirst(std::string_view message, const std::string& asking) {
  if (asking.empty() || asking.size() + 1 >= Understanding::kMaxQueryBytes) {
    return std::string(message.substr(0, Understanding::kMaxQueryBytes));
  }
  std::string out = asking;
  out += ' ';
  out.append(core::Utf8Prefix(message, Understanding::kMaxQueryBytes - out.size()));
  return out;
}

// "sorry, it's to Paris, not Denver" after the pet fee from Seattle asks for the fee of an
// international flight (policies price those apart, and name the countries with rules of their
// own): a service question about a trip between two countries is searched with "international"
// and the destination's country or state ("united kingdom"); one whose rules differ by route (pets,
// documents, children) about a trip within one country with "domestic" and the state ("hawaii").
void AddRouteScope(Understanding& u) {
  const Slots& trip = u.next.slots;
  if (!IsServiceIntent(u.intent) || trip.origin == nullptr || trip.destination == nullptr) return;
  if (trip.origin->country != trip.destination->country) {
    u.standalone_query += " international ";
    u.standalone_query += trip.destination->area;
    return;
  }
  // "can I bring my dog?" on a flight from Denver to Maui: Hawaii's own rules, for a domestic flight.
  const bool by_route = u.intent == Intent::kPets || u.intent == Intent::kTravelDocuments ||
                        u.intent == Intent::kInfants || u.intent == Intent::kUnaccompaniedMinors;
  if (!by_route || trip.origin->metro == trip.destination->metro) return;
  u.standalone_query += " domestic ";
  u.standalone_query += trip.destination->area;
}

// "flying to Tokyo", "we're going to Paris", "a trip to Lisbon": the message tells of a trip to the
// place it names.
bool StatesATrip(const Tokens& tokens, const Slots& said) {
  if (said.destination == nullptr) return false;
  static constexpr std::string_view kGoing[] = {"flying", "fly", "going", "heading", "travelling", "traveling",
                                                "trip", "visiting", "headed"};
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    const bool going = std::find(std::begin(kGoing), std::end(kGoing), tokens.text(i)) != std::end(kGoing);
    if (going && (tokens.text(i + 1) == "to" || tokens.text(i + 2) == "to")) return true;
  }
  return false;
}

}  // namespace

std::shared_ptr<const Understanding> Understand(std::string_view message, std::string_view stored_state) {
  const Language language = DetectLanguage(message);
  // An English message is read with its misspelt phrase words fixed ("how erly … airprot").
  const std::string english =
      language == Language::kEnglish ? FixTypos(message) : EnglishGloss(message, language);
  auto u = std::make_shared<Understanding>(english);
  u->language = language;
  u->previous = DecodeState(stored_state);
  u->said = ExtractSlots(u->tokens);
  const std::string_view query = english;
  const std::string asking = knowledge::AskingPart(query);  // "" when all of it asks
  IntentDecision decision = DecideIntent(u->tokens, u->said, u->previous.intent);
  u->subject_words = SubjectWords(u->tokens);
  if (!asking.empty()) {
    const Tokens asking_tokens(asking);
    const IntentDecision asked = AskedIntent(decision, asking_tokens, ExtractSlots(asking_tokens), u->previous.intent);
    // The question's intent won over the aside's: so does its subject ("prefer" in "I prefer an
    // aisle seat. Is it warm in Maui?" is not what is asked about).
    if (asked.intent != decision.intent) u->subject_words = SubjectWords(asking_tokens);
    decision = asked;
  }
  // "I'm flying to Tokyo with my wife in April, we're both vegetarian": told, not asked, a trip with
  // what the traveller is (a diet, a tier, a seat they like) is the trip; what they are is remembered.
  if (asking.empty() && message.find('?') == std::string_view::npos && StatesATrip(u->tokens, u->said) &&
      (decision.intent == Intent::kMeals || decision.intent == Intent::kLoyalty || decision.intent == Intent::kSeats)) {
    decision = {Intent::kFlightSearch, false};
    u->subject_words.clear();  // "vegetarian" is no subject of the search
  }
  u->intent = decision.intent;
  u->follow_up = decision.follow_up;
  u->strength = decision.strength;
  u->leans_back = decision.leans_back;
  // "help" alone asks what the assistant does; "… he may need help?" asks about its own subject.
  if (u->intent == Intent::kAbout && u->strength <= 1 && !u->subject_words.empty()) u->intent = Intent::kUnknown;
  if (u->intent == Intent::kUnknown && language == Language::kEnglish && LooksLikeGibberish(message, u->tokens)) {
    u->intent = Intent::kGibberish;
  }
  // "hotels under $200": the budget is the hotel's, kept as a rate a night so that the session
  // never turns it into the next flight question's fare cap.
  if (u->intent == Intent::kHotelSearch) MakeBudgetNightly(u->said);
  SessionState& next = u->next;
  next = u->previous;
  if (u->intent == Intent::kOutOfDomain) {
    // An off-topic question's place is offered as a trip (OutOfDomain's answer), so it is the
    // trip's from then on; its other words ("which stock should I buy this week?") are no trip's.
    Slots place;
    place.destination = u->said.destination;
    place.destination_label = u->said.destination_label;
    MergeSlots(place, next.slots);
  } else {
    MergeSlots(u->said, next.slots);
  }
  if (!IsSocial(u->intent)) next.intent = u->intent;
  next.turns = u->previous.turns + 1;
  next.AddTopic(u->intent);
  next.first_question = FirstQuestion(*u, message);
  u->standalone_query = AskedFirst(query, asking);
  // "and hotels there?" is searched as "and hotels there? Honolulu".
  if (next.slots.destination != nullptr && u->said.destination == nullptr) {
    u->standalone_query += ' ';
    u->standalone_query += next.slots.destination->city;
  }
  // "how much does that service cost?" after a question about flying alone is searched with the
  // words of that topic; a question that told its topic in words the documents do not use finds
  // the topic's documents by them (Understanding::topic_search_words).
  if (u->follow_up && IsServiceIntent(u->intent)) {
    u->standalone_query += ' ';
    u->standalone_query += TopicWords(u->intent);
  } else if (IsServiceIntent(u->intent) && !knowledge::HoldsAnyOf(query, knowledge::ContentTerms(TopicWords(u->intent)))) {
    u->topic_search_words = TopicWords(u->intent);
  }
  AddRouteScope(*u);
  CarryTopic(*u, next);
  return u;
}

bool AsksForTripAnswer(const Understanding& u) {
  if (!IsTripIntent(u.intent) || u.follow_up) return true;
  if (u.leans_back) return false;
  if (u.subject_words.empty()) return true;
  // "ones with a kids club?" after hotels in Maui: what the hotel should have is the search's.
  const bool hotel_wants = u.said.amenities != 0 || u.said.hotel_stars > 0;
  if (u.intent == Intent::kHotelSearch && hotel_wants && u.next.slots.destination != nullptr) return true;
  // "what happens if I skip my flight?", "is their ticket any cheaper?": a search or a budget with
  // no place to go to is not what a question with a subject of its own asks for.
  const bool search =
      u.intent == Intent::kFlightSearch || u.intent == Intent::kHotelSearch || u.intent == Intent::kBudget;
  if (search && u.next.slots.destination == nullptr) return false;
  return u.strength >= 3;
}

const Understanding* UnderstandingOf(const llm::ChatRequest& request) {
  return dynamic_cast<const Understanding*>(request.context.facts.get());
}

std::size_t LastUserIndex(const std::vector<llm::Message>& messages) {
  for (std::size_t i = messages.size(); i-- > 0;) {
    if (messages[i].role == llm::Role::kUser) return i;
  }
  return messages.size();
}

const llm::Message* LastUserMessage(const std::vector<llm::Message>& messages) {
  const std::size_t i = LastUserIndex(messages);
  return i < messages.size() ? &messages[i] : nullptr;
}

}  // namespace contrail::flightly
