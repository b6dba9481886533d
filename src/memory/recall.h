#pragma once
// Recall: what a turn knows of its user from earlier sessions (long-term memory).
//
// A user's current memories (one value per slot: budget, seat, airlines to avoid, …) are read on
// every turn, so they are cached in the speed layer: the hash `{u:ID}:memory` (keys.h) holds them,
// and LoadSessionContext reads it in the turn's one Valkey round trip. PostgreSQL is the system of
// record: the memory worker writes the user's whole hash after each commit that changed a value,
// and a turn that finds no hash reads the values from PostgreSQL and fills it (only when it is
// still absent, so a fill read before a worker's commit never overwrites the worker's newer write).
// The hash expires after kMemoryCacheTtl, which bounds how long a value a crashed worker did not
// write stays stale.
//
// Episodes (what earlier sessions were about) are searched in PostgreSQL with pgvector, by the
// user and the turn's question, recency-weighted, on the first turn of a session.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "valkey/command.h"
#include "valkey/reply.h"

namespace contrail::pg {
class Pool;
}

namespace contrail::memory {

inline constexpr std::chrono::seconds kMemoryCacheTtl{600};

struct RecalledMemory {
  std::string kind;     // fact | preference | episode
  std::string slot;     // the profile field; "episode"
  std::string value;    // in the profile's format
  std::string text;     // "Budget is $300 a person."
  std::string session;  // the session it was said in
  std::int64_t at_ms = 0;  // when it was said (valid_from)
};

// An HGETALL of MemoryKey: the cached memories, or nullopt when the hash does not exist (not
// cached: read PostgreSQL). Fields that do not decode are skipped.
std::optional<std::vector<RecalledMemory>> DecodeCachedMemories(const valkey::Reply& hgetall);

// Appends the writes that make MemoryKey(user) hold exactly `memories` (DEL, HSET, EXPIRE): the
// worker's write after a change. With `only_if_absent`, one script that does nothing when the
// hash exists: a turn's fill.
void AppendMemoryCacheWrite(valkey::CommandBatch& batch, std::string_view user,
                            std::span<const RecalledMemory> memories, bool only_if_absent);

// The user's current values (no episodes), newest first, at most `k`.
boost::asio::awaitable<core::Result<std::vector<RecalledMemory>>> LoadCurrentMemories(pg::Pool& pg,
                                                                                      std::string_view user, int k);

// The user's episodes closest to `query` (a unit vector of the records' embedder), weighted by
// recency (a month-old episode counts half), at most `k`, leaving out `except_session`'s own.
boost::asio::awaitable<core::Result<std::vector<RecalledMemory>>> RecallEpisodes(
    pg::Pool& pg, std::string_view user, std::span<const float> query, int k, std::string_view except_session);

}  // namespace contrail::memory
