#pragma once
// A memory event: one message of a turn, as the turn appends it to its user's event stream
// (`mem:events:{pN}`) and as the worker moves it into PostgreSQL (memory_events). Its identity,
// `event_id`, is the turn's request id and the message's index in the turn, so a turn written
// twice (a retry) is the same events, and the worker stores each once.

#include <cstdint>
#include <string>
#include <string_view>

#include "llm/chat_model.h"

namespace contrail::memory {

struct MemoryEvent {
  std::string event_id;   // "<request id>:<index in the turn>"
  std::string user;
  std::string session;
  std::int64_t seq = 0;   // order within the session: the turn's start (Unix ms) * 1000 + index
  llm::Role role = llm::Role::kUser;
  std::string content;
  std::string metadata;   // a JSON object: tool calls, the id of the call a tool message answers; "{}"
  std::int64_t ts = 0;    // Unix ms when the turn stored it
  std::int64_t db_id = 0; // memory_events.id once the worker stored it (0 before)
};

// The number of event streams, and the one a user's events go to (a stable hash of the id: the
// same user always lands on the same stream, so one user's events stay in order).
int EventPartition(std::string_view user, int partitions);
// "mem:events:{p<N>}": the braces keep each stream in its own cluster slot.
std::string EventStreamKey(int partition);

}  // namespace contrail::memory
