#pragma once
// A write acknowledged only once it is on disk: the batch, then WAITAOF, so the reply comes once
// Valkey's local append-only file has the write (fsynced). Profile writes always go this way; turns
// do in memory.durability = aof.

#include <boost/asio/awaitable.hpp>
#include <chrono>

#include "core/result.h"
#include "valkey/command.h"
#include "valkey/reply.h"

namespace contrail::valkey {
class Pool;
}

namespace contrail::memory {

// Runs `batch` (its write commands) followed by WAITAOF 1 0 `fsync_timeout` and returns the first
// command's reply, or the first reply of type error among them (as it is, for the caller to read). Errors: Valkey's (kUnavailable,
// kTimeout); kTimeout when the write did not reach the disk within `fsync_timeout`. A Valkey with
// AOF off answers WAITAOF with an error, which is accepted (durability is then the operator's
// choice) with one warning in the log.
boost::asio::awaitable<core::Result<valkey::Reply>> ExecuteDurably(
    valkey::Pool& pool, valkey::CommandBatch batch,
    std::chrono::milliseconds fsync_timeout = std::chrono::milliseconds(2'000));

}  // namespace contrail::memory
