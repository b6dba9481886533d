#include "flightly/understanding.h"

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

}  // namespace

std::shared_ptr<const Understanding> Understand(std::string_view message, std::string_view stored_state) {
  const Language language = DetectLanguage(message);
  const std::string gloss = language == Language::kEnglish ? std::string() : EnglishGloss(message, language);
  auto u = std::make_shared<Understanding>(language == Language::kEnglish ? message : std::string_view(gloss));
  u->language = language;
  u->previous = DecodeState(stored_state);
  u->said = ExtractSlots(u->tokens);
  const IntentDecision decision = DecideIntent(u->tokens, u->said, u->previous.intent);
  u->intent = decision.intent;
  u->follow_up = decision.follow_up;
  if (u->intent == Intent::kUnknown && language == Language::kEnglish && LooksLikeGibberish(message, u->tokens)) {
    u->intent = Intent::kGibberish;
  }
  // "hotels under $200": the budget is the hotel's, kept as a rate a night so that the session
  // never turns it into the next flight question's fare cap.
  if (u->intent == Intent::kHotelSearch) MakeBudgetNightly(u->said);
  SessionState& next = u->next;
  next = u->previous;
  MergeSlots(u->said, next.slots);
  if (!IsSocial(u->intent)) next.intent = u->intent;
  next.turns = u->previous.turns + 1;
  next.AddTopic(u->intent);
  next.first_question = FirstQuestion(*u, message);
  std::string_view query = language == Language::kEnglish ? message : std::string_view(gloss);
  u->standalone_query = query.substr(0, Understanding::kMaxQueryBytes);
  // "and hotels there?" is searched as "and hotels there? Honolulu".
  if (next.slots.destination != nullptr && u->said.destination == nullptr) {
    u->standalone_query += ' ';
    u->standalone_query += next.slots.destination->city;
  }
  // "how much does that service cost?" after a question about flying alone is searched with the
  // words of that topic.
  if (u->follow_up && IsServiceIntent(u->intent)) {
    u->standalone_query += ' ';
    u->standalone_query += TopicWords(u->intent);
  }
  return u;
}

const Understanding* UnderstandingOf(const llm::ChatRequest& request) {
  return dynamic_cast<const Understanding*>(request.context.facts.get());
}

const llm::Message* LastUserMessage(const std::vector<llm::Message>& messages) {
  for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
    if (it->role == llm::Role::kUser) return &*it;
  }
  return nullptr;
}

}  // namespace contrail::flightly
