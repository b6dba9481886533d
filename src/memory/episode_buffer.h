#pragma once
// Coalesces the rewrites of sessions' episodes (a session's one-sentence summary, event_store.h) in
// a worker. A session's summary changes with most of its turns, and each rewrite is a PostgreSQL
// upsert of a row with its embedding, computed anew: at 2,000 events/s these rewrites were the
// worker's largest cost. With a buffer, a session's episode is written at once the first time, and
// after that at most once per `interval`: the changes in between wait here (the newest summary,
// and the events it was made from) and go into a later batch's transaction, or one of their own
// when the worker is idle.
//
// What this trades: a session's episode lags its events by up to `interval` (facts and preferences
// do not wait); a worker that dies loses the rewrites it held, and the episode then shows an earlier
// summary until the session's next change rewrites it. The events themselves are never held.
//
// The buffer changes only after a commit (Committed): a transaction that fails leaves it as it was,
// and the batch is retried. Not thread-safe: one per worker.

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace contrail::memory {

using SessionKey = std::pair<std::string, std::string>;  // user, session

// A session's episode to write: its summary, the events (memory_events ids) it adds as its
// sources, and the time of the newest of them.
struct EpisodeWrite {
  SessionKey session;
  std::string text;
  std::vector<std::int64_t> source_ids;
  std::int64_t valid_from_ms = 0;
};

class EpisodeBuffer {
 public:
  using Clock = std::chrono::steady_clock;
  // `interval` 0: nothing is held (every change is written at once).
  // `max_held`: more sessions held than this, and the oldest are written regardless.
  // `max_due`: held episodes a batch writes at most besides its own changes (the oldest first), so
  // sessions that came due together — begun together — spread over several batches, not one
  // batch whose commit every event in it waits for.
  explicit EpisodeBuffer(std::chrono::milliseconds interval, std::size_t max_held = 100'000, std::size_t max_due = 256)
      : interval_(interval), max_held_(max_held), max_due_(max_due) {}

  // The summary the session's episode will have once written: the held one, or null.
  const std::string* HeldText(const SessionKey& session) const;

  // Splits a batch's changed episodes into those to write in its transaction and those to hold.
  // A change joins what is held for its session (newer text, sources of both); a session whose
  // episode was written less than `interval` ago is held. Held episodes that are due (at most
  // `max_due`, the oldest first; and past `max_held` the oldest) are added to `write` even
  // without a change in this batch.
  struct Plan {
    std::vector<EpisodeWrite> write;
    std::vector<EpisodeWrite> hold;
  };
  // `everything`: every held episode is written, due or not (a worker stopping).
  Plan Split(std::vector<EpisodeWrite> changes, Clock::time_point now, bool everything = false) const;

  // After the transaction of `plan` committed: its writes are no longer held and start their
  // sessions' intervals; its holds are held.
  void Committed(const Plan& plan, Clock::time_point now);

  std::size_t held() const { return held_.size(); }
  // Whether Split would write something for a batch without changes.
  bool AnyDue(Clock::time_point now) const;

 private:
  struct Held {
    EpisodeWrite episode;
    Clock::time_point since;
  };
  bool Due(const SessionKey& session, Clock::time_point now) const;
  static void Join(EpisodeWrite& into, const EpisodeWrite& change);

  std::chrono::milliseconds interval_;
  std::size_t max_held_;
  std::size_t max_due_;
  std::map<SessionKey, Held> held_;
  std::map<SessionKey, Clock::time_point> written_;  // last write of each session (pruned)
  Clock::time_point next_prune_{};
};

}  // namespace contrail::memory
