#pragma once
// Storing a chat turn in its session: the new messages and the session's state, in one atomic
// and idempotent script (a retry of a turn already stored changes nothing), and the messages as
// memory events on the user's event stream (memory/event_stream.h; a retry appends them again
// under the same event ids, which the worker stores once), pipelined with the other Valkey
// commands of the event loop's pass. The events are in another cluster slot than the session's
// keys, so they are not part of the script: a turn the script drops as superseded (below) is
// still an event — it was said. When the reply may go out depends on the
// durability mode (memory.durability):
//
//   kAcked  (default) once Valkey has applied the writes
//   kAof    once they are also in Valkey's append-only file on disk (WAITAOF)
//   kAsync  once they are handed to the kernel: a turn in flight may be lost if Valkey crashes
//
// A write that fails is retried in the background with backoff (idempotent, so a write that was
// applied although its reply was lost is not applied twice); a turn counts as failed
// (contrail_write_behind_failed_total, an error log with the request id) only when every retry
// failed. A turn is never stored after a turn of its session that began later: a retry that comes
// once the client has moved on (its next turn stored) is dropped instead
// (contrail_write_behind_superseded_total), so the history keeps the order of the turns and the
// state stays the newest turn's.

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "memory/history.h"

namespace contrail::valkey {
class Pool;
struct Reply;
}

namespace contrail::memory {

// What a turn adds to its session.
struct SessionUpdate {
  std::string user;
  std::string session;
  std::vector<StoredMessage> messages;        // this turn's new messages, in order
  std::optional<std::string> session_state;   // new state, or keep (and refresh) the old one
  std::string request_id;                     // the turn's identity: a retry with it is a no-op
  // When the turn began (Unix ms, before it read its context). It is not stored once a turn of the
  // session that began later is: 0 = no such check. Compared across instances, so a clock skew
  // larger than a turn (ms) could drop a turn; it is then answered as not confirmed.
  std::int64_t began_ms = 0;
  // false: the session is only named — the messages are its memory events, but its history,
  // state and place among the user's sessions are not written (the first response of a chain,
  // server/responses/: the session begins when the chain is continued).
  bool history = true;
  // The first `copied` messages come from another session (a forked response chain): stored in
  // the history, not appended as memory events a second time.
  std::size_t copied = 0;
  // Written with the turn, in the same pipeline and under the same durability (a stored
  // response). Keys in the user's hash slot. A retry writes them again: they must be idempotent.
  std::vector<std::vector<std::string>> also = {};
};

enum class Durability { kAsync, kAcked, kAof };
// "async" | "acked" | "aof" → the mode; nullopt for anything else.
std::optional<Durability> ParseDurability(std::string_view name);

// What a reply may say about its turn once Save returns.
enum class SaveOutcome {
  kSent,          // kAsync: handed to the kernel (not confirmed)
  kStored,        // confirmed as the durability mode asks
  kNotConfirmed,  // kAcked / kAof: not confirmed in time (it is being retried and may be lost), or
                  // not stored because a turn of the session that began later was stored first
};

struct WriteBehindOptions {
  Durability durability = Durability::kAcked;
  int window = 20;                    // messages kept per session
  int ttl_seconds = 7 * 24 * 3600;    // idle sessions expire
  int retries = 10;                   // background retries after a failed write
  std::chrono::milliseconds aof_timeout{2'000};  // how long kAof waits for the fsync
  // The memory event streams (memory.event_partitions): each stored message is also appended to
  // its user's stream, in the same pipeline and under the same durability; 0 = no events.
  int event_partitions = 0;
};

// Stores turns. One per I/O thread; Save() must be called on that thread.
class WriteBehind {
 public:
  WriteBehind(boost::asio::any_io_executor executor, valkey::Pool& pool, WriteBehindOptions options);

  // Stores `update` and returns what the reply may say about it (see SaveOutcome). The writes are
  // corked with the other commands of this event-loop pass (turns that finish together leave in
  // one send()); in kAsync mode Save resumes right after that send, so a reply written next still
  // cannot reach its client before the turn is on its way to Valkey.
  boost::asio::awaitable<SaveOutcome> Save(SessionUpdate update);

  // Writes queued or retrying. Safe to read from any thread.
  std::size_t in_flight() const { return in_flight_.load(); }

 private:
  struct Attempt;
  valkey::CommandBatch Batch(const SessionUpdate& update) const;
  // Queues a background attempt; `corked`: with the other commands of this event-loop pass.
  void Submit(std::shared_ptr<Attempt> attempt, bool corked);
  // After a failed attempt: the next one after a backoff, or the turn counted as failed.
  void Retry(std::shared_ptr<Attempt> attempt, const std::string& error);
  // True (and the turn is done with, counted and logged) when `reply` says a later turn of the
  // session was stored first.
  bool Superseded(const Attempt& attempt, const valkey::Reply& reply);

  boost::asio::any_io_executor executor_;
  valkey::Pool& pool_;
  WriteBehindOptions options_;
  std::atomic<std::size_t> in_flight_{0};
};

}  // namespace contrail::memory
