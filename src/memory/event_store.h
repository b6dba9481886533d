#pragma once
// The PostgreSQL side of the memory worker: a batch of events read from the streams becomes rows
// of memory_events and the long-term memories extracted from them (memory_records), in ONE
// transaction, so a worker that dies anywhere before the commit leaves nothing, and one that dies
// after it (before its XACK) finds its events already stored when the batch is read again: events
// are inserted by their event id with ON CONFLICT DO NOTHING, and only the events new in that
// insert are extracted, so every event and every memory is stored exactly once.
//
// Supersession: a slot's newest value is its one current record (superseded_by NULL); a new value
// supersedes the current one (which is kept, with superseded_by and superseded_at) unless the
// current one is newer (an old batch claimed late): the new row is then stored already
// superseded. A `merge` memory (a list slot) joins the current list. A value equal to the current
// one changes nothing. A session's episode is one row, rewritten as the session grows (at most once
// an interval with a buffer: episode_buffer.h).

#include <boost/asio/awaitable.hpp>
#include <map>
#include <span>
#include <vector>

#include "core/result.h"
#include "memory/episode_buffer.h"
#include "memory/extractor.h"
#include "memory/memory_event.h"
#include "memory/recall.h"

namespace contrail::embed {
class Embedder;
}
namespace contrail::pg {
class Connection;
}

namespace contrail::memory {

struct StoreOptions {
  int context_events = 16;  // earlier events of a session handed to the extractor (and summary)
  // A worker's: coalesces episode rewrites (episode_buffer.h), and the due ones it holds are
  // written with the batch, or without one when `events` is empty. null: every change at once.
  EpisodeBuffer* episodes = nullptr;
  bool flush_episodes = false;  // every episode `episodes` holds is written, due or not
};

struct StoreReport {
  std::size_t events = 0;      // events given
  std::size_t stored = 0;      // new in memory_events (the rest were already there)
  std::size_t records = 0;     // memory_records rows written (new values and episodes)
  std::size_t superseded = 0;  // current records a new value replaced
  // Every current value (no episodes) of each user whose values this batch changed, for the
  // speed layer's copy (recall.h); valid once the transaction committed.
  std::map<std::string, std::vector<RecalledMemory>> current;
};

// Stores `events` (valid events, any users and sessions, in stream order) and their memories in
// one transaction. `extractor` null: events only. `embedder` null: records without embeddings.
// Errors: pg's (kUnavailable, kTimeout, kUpstream), the extractor's or embedder's; nothing is
// committed then, and the batch may be retried as it is.
// REQUIRES: nobody else uses `pg` until it returns (its transaction spans several round trips).
boost::asio::awaitable<core::Result<StoreReport>> StoreEvents(pg::Connection& pg, std::span<const MemoryEvent> events,
                                                              const Extractor* extractor, embed::Embedder* embedder,
                                                              StoreOptions options = {});

}  // namespace contrail::memory
