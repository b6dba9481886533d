#pragma once
// The memory event streams in Valkey (DESIGN.md §3: `mem:events:{pN}`): how a turn's messages are
// appended (in the same pipeline as the history write) and how the worker reads them back.
//
// An entry is a turn: turn (its request id), user, session, seq (of its first message), and
// m0, m1, … (its messages in the history's encoding, memory/history.h: role, content, ts, tool
// calls). One XADD per turn, whatever its length.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "memory/history.h"
#include "memory/memory_event.h"
#include "valkey/command.h"
#include "valkey/reply.h"

namespace contrail::memory {

// The consumer group every worker reads in.
inline constexpr std::string_view kExtractorGroup = "extractor";

// Appends the XADD of one turn to its user's stream (`partitions` streams; REQUIRES partitions > 0):
// one entry per turn, whose message i is event "<request_id>:<i>" with seq `began_ms * 1000 + i`
// (a turn has far fewer than 1000 messages; `began_ms` 0 takes the first message's ts), so a
// session's events sort in the order its turns began. The stream is not capped: the worker
// deletes what it has stored, so a stream holds only what is not yet in PostgreSQL.
void AppendTurnEntry(valkey::CommandBatch& batch, std::string_view user, std::string_view session,
                     std::string_view request_id, std::int64_t began_ms, std::span<const StoredMessage> messages,
                     int partitions);

// A stream entry (a turn's events), with the stream and entry id the worker acknowledges it by.
struct StreamEvent {
  std::string stream;    // mem:events:{pN}
  std::string entry_id;  // "1733400000000-0"
  std::vector<MemoryEvent> events;
  bool valid = true;     // false: the entry is not a turn of ours (it is acknowledged and dropped)
};

// The entries of an XREADGROUP reply ([[stream, [[id, [field, value, …]], …]], …]; nil: none) or,
// with `stream` given, of an XAUTOCLAIM reply ([next, [[id, fields], …], deleted]). Entries a
// consumer claimed after they were deleted (nil fields) are skipped. kUpstream for another shape.
core::Result<std::vector<StreamEvent>> DecodeReadGroup(const valkey::Reply& reply);
core::Result<std::vector<StreamEvent>> DecodeAutoClaim(const valkey::Reply& reply, std::string_view stream,
                                                       std::string* next_start);

// The entries of an XRANGE reply ([[id, fields], …]) of `stream`.
std::vector<StreamEvent> DecodeRange(const valkey::Reply& reply, std::string_view stream);

// The event's metadata for memory_events.metadata: {"tool_calls": […], "tool_call_id": "…"} as
// present; "{}" for a plain message.
std::string EventMetadata(const llm::Message& message);

}  // namespace contrail::memory
