#include "flightly/offline/respond.h"

#include "flightly/offline/answers.h"
#include "flightly/offline/grounded_answer.h"
#include "flightly/offline/language_note.h"
#include "flightly/profile.h"
#include "flightly/understanding.h"

namespace contrail::flightly::offline {
namespace {

// Where the message being answered is: the last user message, or messages.size() if none.
std::size_t CurrentMessage(const std::vector<llm::Message>& messages) {
  for (std::size_t i = messages.size(); i-- > 0;) {
    if (messages[i].role == llm::Role::kUser) return i;
  }
  return messages.size();
}

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
  std::shared_ptr<const Understanding> own;
  const Understanding* understood = UnderstandingOf(request);
  if (understood == nullptr) {  // called without a turn: the first message of a new session
    own = Understand(text, "");
    understood = own.get();
  }
  const Understanding& u = *understood;
  const ProfileView profile = ReadProfile(request.context.profile);

  Question question{request, current, u.tokens, u.intent, u.said, u.next.slots, profile, u.previous};
  Reply reply;
  reply.content.reserve(1024);
  AnswerConversation(question, reply.content);  // dispatches to the intent's writer
  if (HasGrounding(request)) {
    if (DocumentsAnswerAlone(u.intent) && !request.context.sources.empty()) reply.content.clear();
    if (!request.context.live_facts.empty()) {
      if (std::size_t at = reply.content.find(kNoLiveData); at != std::string::npos) {
        reply.content.erase(at, kNoLiveData.size());
        while (at > 0 && reply.content[at - 1] == ' ') reply.content.erase(--at, 1);
      }
    }
    AppendGrounded(request, text, reply.content);
  }
  // Language hook (issue 11): kept apart from the grounding above, which another change rewrites.
  AddLanguageNote(u, reply.content);
  reply.intent = u.intent;
  reply.personalised = question.personalised;
  return reply;
}

}  // namespace contrail::flightly::offline
