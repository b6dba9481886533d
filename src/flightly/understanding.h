#pragma once
// What a chat turn understands of the user's message in its session: the trip facts the message
// states, what it asks for, the session's state with the message merged in, and the standalone
// query. The server computes it once per turn, whichever model answers (session state is the
// server's: DESIGN §1); it stores `next` as the session's state, retrieves with the standalone
// query, and hands the Understanding to the model in ChatContext::facts, where flightly-local reads
// it instead of reading the message again.
//
//   auto u = Understand("and hotels there?", stored_state);   // the session was about Honolulu
//   u->intent == Intent::kHotelSearch;
//   u->standalone_query == "and hotels there? Honolulu";
//   EncodeState(u->next);                                    // what the turn stores

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "flightly/intents.h"
#include "flightly/language.h"
#include "flightly/session_state.h"
#include "flightly/slots.h"
#include "flightly/text.h"
#include "llm/chat_model.h"

namespace contrail::flightly {

// Immutable once built; shared by the turn and the model across threads.
struct Understanding final : llm::DomainFacts {
  // Use Understand(): the fields are filled there. `english` (the message, or its English gloss)
  // is tokenized here.
  explicit Understanding(std::string_view english) : tokens(english) {}

  Tokens tokens;          // the message in English (its own buffer: neither copied nor moved)
  Language language = Language::kEnglish;  // the language the message is written in
  Slots said;             // the trip facts the message states
  // What the message asks for: kUnknown if nothing is understood (an empty message, a foreign one
  // without a travel word, an English one with words but no travel intent), kGibberish if there
  // is nothing to understand.
  Intent intent = Intent::kUnknown;
  bool follow_up = false;  // the intent continues the previous turn's (IntentDecision)
  int strength = 0;        // the weight of the intent's own words (IntentDecision)
  bool leans_back = false;  // the message takes its subject from the previous turn (IntentDecision)
  std::vector<std::string> subject_words;  // what the message asks about beyond its intent (SubjectWords)
  SessionState previous;  // the session before this message
  // The session with this message: its slots merged in, the intent (social messages and ones not
  // understood keep the previous one, so a later "what about April?" continues the trip thread),
  // one more turn, the topic recorded.
  SessionState next;
  // The message, rewritten to stand on its own: a follow-up that names no destination while the
  // session has one gets the destination's city appended, and one that continues a service topic
  // gets the topic's words ("what if he weighs 12 kg? pets dogs cats in cabin"); one that leans
  // on the previous turn gets what that turn was searched with. A message in
  // another language is searched as its English gloss. At most kMaxQueryBytes of the message.
  std::string standalone_query;
  // The words the documents use for the message's service topic, when the message told the topic
  // in words of its own ("We have a big golden retriever. How does he travel?": a breed is a pet):
  // the first stage of a search looks for them too, so that it finds the topic's documents; the
  // second ranks their units by what the message says. "" otherwise.
  std::string topic_search_words;

  static constexpr std::size_t kMaxQueryBytes = 1000;
};

// Understands `message` (normally the user's last message) as the next one of a session whose
// stored state is `stored_state` (flightly/session_state.h; "" or unreadable: a fresh session).
// Never fails; pure (no clock, no I/O); thread-safe.
std::shared_ptr<const Understanding> Understand(std::string_view message, std::string_view stored_state);

// Whether the message asks for what its trip intent's answer is about (flights, hotels, a budget,
// ideas): true for other intents, for trip follow-ups ("under $200?"), and for messages whose
// intent words are strong or that have no subject of their own ("Tokyo in May?"). False for a
// message with a subject the trip answer knows nothing about ("when can I see whales near Cape
// Town?" is not a flight search) or one that leans on the previous turn ("how much is it?"): the
// documents answer those, and no fares are looked up for them.
bool AsksForTripAnswer(const Understanding& u);

// The Understanding the server put on a request (ChatContext::facts), or nullptr.
const Understanding* UnderstandingOf(const llm::ChatRequest& request);

// Where the last user message of `messages` is, or messages.size() when there is none.
std::size_t LastUserIndex(const std::vector<llm::Message>& messages);
// The last user message of `messages`, or nullptr when there is none.
const llm::Message* LastUserMessage(const std::vector<llm::Message>& messages);

}  // namespace contrail::flightly
