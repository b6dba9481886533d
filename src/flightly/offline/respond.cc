#include "flightly/offline/respond.h"

#include "flightly/offline/answers.h"
#include "flightly/grounding.h"
#include "flightly/profile.h"
#include "flightly/session_state.h"

namespace contrail::flightly::offline {
namespace {

// Where the message being answered is: the last user message, or messages.size() if none.
std::size_t CurrentMessage(const std::vector<llm::Message>& messages) {
  for (std::size_t i = messages.size(); i-- > 0;) {
    if (messages[i].role == llm::Role::kUser) return i;
  }
  return messages.size();
}

bool IsSocial(Intent intent) { return intent >= Intent::kGreeting || intent == Intent::kUnknown; }

// Policy questions (and ones the built-in rules do not understand) are answered from the retrieved
// documents alone when there are any: Flightly's published rules are the authority.
bool DocumentsAnswerAlone(Intent intent) {
  return intent == Intent::kUnknown || (intent >= Intent::kLostLuggage && intent <= Intent::kContactSupport);
}

}  // namespace

Reply Respond(const llm::ChatRequest& request) {
  const std::size_t current = CurrentMessage(request.messages);
  std::string_view text =
      current < request.messages.size() ? std::string_view(request.messages[current].content) : "";
  const SessionState previous = DecodeState(request.context.session_state);
  const Tokens tokens(text);
  const Slots said = ExtractSlots(tokens);
  const Intent intent = ClassifyIntent(tokens, said, previous.intent);
  Slots slots = previous.slots;
  MergeSlots(said, slots);
  const ProfileView profile = ReadProfile(request.context.profile);

  Turn turn{request, current, tokens, intent, said, slots, profile, previous};
  Reply reply;
  reply.content.reserve(1024);
  AnswerConversation(turn, reply.content);  // dispatches to the intent's writer
  if (HasGrounding(request)) {
    if (DocumentsAnswerAlone(intent) && !request.context.sources.empty()) reply.content.clear();
    if (!request.context.live_facts.empty()) {
      if (std::size_t at = reply.content.find(kNoLiveData); at != std::string::npos) {
        reply.content.erase(at, kNoLiveData.size());
        while (at > 0 && reply.content[at - 1] == ' ') reply.content.erase(--at, 1);
      }
    }
    AppendGrounded(request, text, reply.content);
  }
  reply.intent = intent;
  reply.personalised = turn.personalised;

  SessionState next = previous;
  // "thanks" or a question we didn't understand leaves the trip thread where it was, so the next
  // follow-up ("what about April?") still continues it.
  if (!IsSocial(intent)) next.intent = intent;
  next.slots = slots;
  next.turns = previous.turns + 1;
  next.AddTopic(intent);
  reply.session_state = EncodeState(next);
  return reply;
}

}  // namespace contrail::flightly::offline
