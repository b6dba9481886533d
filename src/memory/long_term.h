#pragma once
// A user's long-term memory as the memory API (server/routes_memory.cc) and the MCP memory tools
// read it, extraction on demand, and forgetting a user (the right to be forgotten). Every function
// takes the user as already authorised: it reads and deletes that user's rows and keys only.
// REQUIRES: ids passed core::IsValidId.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "memory/event_store.h"
#include "memory/extractor.h"
#include "memory/memory_event.h"

namespace contrail::embed {
class Embedder;
}
namespace contrail::pg {
class Pool;
}
namespace contrail::valkey {
class Pool;
}

namespace contrail::memory {

// A page of a session's events in order. `cursor` continues after the last one ("" at the end).
struct EventPage {
  std::vector<MemoryEvent> events;
  std::string next_cursor;
};
// The session's events stored in PostgreSQL, oldest first, `limit` (1..1000) after `cursor` ("" =
// from the start). kInvalidArgument for a cursor this function did not write.
boost::asio::awaitable<core::Result<EventPage>> ListSessionEvents(pg::Pool& pg, std::string_view user,
                                                                  std::string_view session, std::string_view cursor,
                                                                  int limit);

// The session's conversation rebuilt from its stored events: its user and assistant messages in
// order, at most `max_messages` (1..10,000); `truncated` when there were more.
struct Conversation {
  std::vector<MemoryEvent> messages;
  bool truncated = false;
};
boost::asio::awaitable<core::Result<Conversation>> LoadConversation(pg::Pool& pg, std::string_view user,
                                                                    std::string_view session, int max_messages);

struct RecordQuery {
  std::string text;                 // ranks by similarity to it ("" = newest first)
  std::vector<std::string> kinds;   // only these kinds ("" = all)
  int k = 10;                       // 1..100
  bool history = false;             // also superseded values
};
struct MemoryRecord {
  std::int64_t id = 0;
  std::string kind, slot, value, text, session;
  std::vector<std::int64_t> source_event_ids;
  std::int64_t valid_from_ms = 0;
  std::optional<std::int64_t> superseded_by;
  double score = 0;  // similarity to the query (0 without one)
};
// The user's records for `query`. `embedder` embeds query.text (it must be the worker's).
boost::asio::awaitable<core::Result<std::vector<MemoryRecord>>> SearchRecords(pg::Pool& pg, embed::Embedder& embedder,
                                                                             std::string_view user, RecordQuery query);

// Extracts now what the user's events still waiting in the stream (not yet stored by a worker)
// say, optionally of one session: they are stored (a worker later finds them stored and only
// acknowledges them) with their memories, and the speed layer's copy is updated. Returns what was
// stored; `valkey` is any pool, `pg` a pool to lease one connection from.
boost::asio::awaitable<core::Result<StoreReport>> ExtractNow(valkey::Pool& valkey, pg::Pool& pg,
                                                             const Extractor& extractor, embed::Embedder& embedder,
                                                             std::string_view user, std::string_view session,
                                                             int partitions);

struct ForgetReport {
  std::int64_t events = 0;          // memory_events rows deleted
  std::int64_t records = 0;         // memory_records rows deleted
  std::int64_t keys = 0;            // Valkey keys deleted: profile, sessions, memories, limits …
  std::int64_t stream_entries = 0;  // events still waiting in a stream
};
// Deletes everything contrail keeps about `user` in PostgreSQL and Valkey: events waiting in the
// streams (acknowledged and deleted), then events and records (and a tombstone, so an event a
// worker holds or claims later is not stored: migrations/0013), then every key of the user's hash
// tag. The caller invalidates cache entries of the user's scope.
boost::asio::awaitable<core::Result<ForgetReport>> ForgetUser(valkey::Pool& valkey, pg::Pool& pg,
                                                              std::string_view user, int partitions);

}  // namespace contrail::memory
