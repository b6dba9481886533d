#pragma once
// A session's state: what the server remembers between turns of one session (the last intent,
// the trip slots, the topics so far), whichever model answers. Understand() (understanding.h)
// computes it with each new message; memory/ stores it as an opaque string; this file is its only
// reader and writer.
//
// Format, JSON, version 1 (every field optional when read):
//   {"v":1,"intent":"flight_search","turns":2,"topics":["flight_search","hotel_search"],
//    "first":"can I book a flight from Las Vegas to Hawaii?", "topic":"can I bring my dog?",
//    "slots":{"origin":"LAS","destination":"HNL","destination_label":"Hawaii","month":"march",
//             "day":14,"year":2026,"when":"next week","nights":5,"adults":2,"kids":2,
//             "kid_ages":[4,8],"travelers":4,"budget_usd":300,"budget_per":"person",
//             "cabin":"economy","origin_label":"…"}}
//   A floor ("over $200 a night") is "budget_min_usd":200 (with or without "budget_usd", a cap);
//   a nonstop trip "nonstop":true; a hotel's "hotel_stars":4 (at least), "amenities":["pool","spa"] and
//   "top_rated":true (the best rated first).

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "flightly/intents.h"
#include "flightly/slots.h"

namespace contrail::flightly {

struct SessionState {
  static constexpr std::size_t kMaxTopics = 12;

  Intent intent = Intent::kUnknown;         // the last turn's intent
  Slots slots;                              // everything the session has stated so far
  int turns = 0;                            // turns answered in this session
  std::array<Intent, kMaxTopics> topics{};  // distinct intents, in the order first seen
  std::uint8_t topic_count = 0;
  // The session's first question (its first message that is not small talk), at most
  // kMaxFirstQuestionBytes: "what did I ask first?" after more turns than a turn loads.
  std::string first_question;
  static constexpr std::size_t kMaxFirstQuestionBytes = 200;
  // What the last turn with a subject of its own was searched with (its standalone query): a
  // follow-up that leans on it ("how much is it?") is searched with it too. At most
  // kMaxTopicQueryBytes.
  std::string topic_query;
  static constexpr std::size_t kMaxTopicQueryBytes = 300;

  // Records a topic once; social intents (IsSocial) and questions about the conversation itself
  // (kRecallFirst .. kRecallConversation) are not topics. Drops the oldest when full.
  void AddTopic(Intent topic);
};

// Reads state written by EncodeState. Never fails: an empty, oversized, non-JSON or other
// version's state reads as a fresh session, and a field of the wrong type or with an unknown
// value (an airport code not in the gazetteer) is skipped on its own.
SessionState DecodeState(std::string_view text);

// Writes state in the format above. Unset slots are left out.
std::string EncodeState(const SessionState& state);

}  // namespace contrail::flightly
