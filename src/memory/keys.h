#pragma once
// The Valkey key schema of DESIGN.md §3. Every key of a user carries the hash tag {u:<id>}, so a
// turn's reads go to one node (one slot) in cluster mode too.
// REQUIRES: ids passed core::IsValidId (the charset cannot break out of the hash tag).

#include <string>
#include <string_view>

namespace contrail::memory {

inline std::string UserTag(std::string_view user) {
  std::string k;
  k.reserve(user.size() + 5);
  k += "{u:";
  k += user;
  k += '}';
  return k;
}
inline std::string ProfileKey(std::string_view user) { return UserTag(user) + ":profile"; }
inline std::string SessionPrefix(std::string_view user, std::string_view session) {
  std::string k = UserTag(user);
  k += ":s:";
  k += session;
  return k;
}
inline std::string MessagesKey(std::string_view user, std::string_view session) {
  return SessionPrefix(user, session) + ":msgs";
}
inline std::string StateKey(std::string_view user, std::string_view session) {
  return SessionPrefix(user, session) + ":state";
}
// The request id of the session's last stored turn (a retried write of it is a no-op).
inline std::string LastTurnKey(std::string_view user, std::string_view session) {
  return SessionPrefix(user, session) + ":turn";
}

// An agent's checkpoints for the session's turn in progress (agent/checkpoint.h): a hash of
// scope → checkpoint, kept until the turn is stored.
inline std::string WorkflowKey(std::string_view user, std::string_view session) {
  return SessionPrefix(user, session) + ":wf";
}
// The same for a request outside a session, by a digest of the client's Idempotency-Key.
inline std::string RequestWorkflowKey(std::string_view user, std::string_view key_digest) {
  std::string k = UserTag(user);
  k += ":wf:";
  k += key_digest;
  return k;
}

// The user's current long-term memories (memory/recall.h), cached from PostgreSQL: a hash of
// slot → JSON, written by the memory worker after each change and filled by a turn that found none.
inline std::string MemoryKey(std::string_view user) { return UserTag(user) + ":memory"; }

// The user's live sessions: a sorted set of session ids scored by their last turn (Unix ms), so
// the number a user holds can be bounded; ids idle past the session TTL are trimmed on each turn.
inline std::string SessionsKey(std::string_view user) { return UserTag(user) + ":sessions"; }

}  // namespace contrail::memory
