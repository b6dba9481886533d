#pragma once
// What a chat turn knows about its user and session before the model runs, read in ONE pipelined
// round trip (HGETALL profile, LRANGE history, GET session state: the context-cache pattern).

#include <boost/asio/awaitable.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "memory/history.h"
#include "memory/profile_store.h"
#include "memory/recall.h"
#include "valkey/command.h"
#include "valkey/reply.h"

namespace contrail::valkey {
class Pool;
}

namespace contrail::memory {

struct SessionContext {
  Profile profile;
  std::vector<StoredMessage> history;  // the last N messages, oldest first
  std::string session_state;           // the session's stored state, "" when none
  // The user's current long-term memories as the speed layer holds them (recall.h); nullopt when
  // it holds none (read them from PostgreSQL).
  std::optional<std::vector<RecalledMemory>> memories;
  std::vector<valkey::Reply> alongside;  // the replies of `alongside` commands, in order
};

// Reads the profile of `user`, its cached long-term memories and, when `session` is not empty,
// its last `history_n` messages and state — all in one batch, after the `alongside` commands (e.g. the caller's limit checks),
// whose replies, errors included, are returned as they are. REQUIRES: ids valid; `user` not empty.
// Errors: kUnavailable / kTimeout from Valkey, kUpstream for a key of the wrong type.
boost::asio::awaitable<core::Result<SessionContext>> LoadSessionContext(valkey::Pool& pool,
                                                                        std::string_view user,
                                                                        std::string_view session,
                                                                        int history_n,
                                                                        valkey::CommandBatch alongside = {});

}  // namespace contrail::memory
