#include "flightly/understanding.h"

namespace contrail::flightly {

std::shared_ptr<const Understanding> Understand(std::string_view message, std::string_view stored_state) {
  auto u = std::make_shared<Understanding>(message);
  u->previous = DecodeState(stored_state);
  u->said = ExtractSlots(u->tokens);
  u->intent = ClassifyIntent(u->tokens, u->said, u->previous.intent);
  // "hotels under $200": the budget is the hotel's, kept as a rate a night so that the session
  // never turns it into the next flight question's fare cap.
  if (u->intent == Intent::kHotelSearch) MakeBudgetNightly(u->said);
  SessionState& next = u->next;
  next = u->previous;
  MergeSlots(u->said, next.slots);
  if (!IsSocial(u->intent)) next.intent = u->intent;
  next.turns = u->previous.turns + 1;
  next.AddTopic(u->intent);
  u->standalone_query = message.substr(0, Understanding::kMaxQueryBytes);
  // "and hotels there?" is searched as "and hotels there? Honolulu".
  if (next.slots.destination != nullptr && u->said.destination == nullptr) {
    u->standalone_query += ' ';
    u->standalone_query += next.slots.destination->city;
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
