#include "memory/durable_write.h"

#include <atomic>

#include "core/log.h"
#include "valkey/pool.h"

namespace contrail::memory {

namespace {

core::Status CheckOnDisk(const valkey::Reply& waitaof) {
  if (waitaof.is_error()) {
    if (waitaof.str.find("appendonly") == std::string::npos) return valkey::ReplyError(waitaof);
    static std::atomic<bool> warned{false};
    if (!warned.exchange(true)) core::log::Warn("valkey has appendonly off: acknowledged writes are not fsynced");
    return core::Ok();
  }
  // [local fsyncs, replica fsyncs]: 0 local means the timeout passed before the fsync.
  if (!waitaof.is_array() || waitaof.elements.empty() || waitaof.elements[0].integer < 1) {
    return core::Timeout("valkey did not write the append-only file in time");
  }
  return core::Ok();
}

}  // namespace

boost::asio::awaitable<core::Result<valkey::Reply>> ExecuteDurably(valkey::Pool& pool, valkey::CommandBatch batch,
                                                                   std::chrono::milliseconds fsync_timeout) {
  batch.Add({"WAITAOF", "1", "0", std::to_string(fsync_timeout.count())});
  CONTRAIL_CO_TRY(valkey::Replies replies,
                  co_await pool.Execute(std::move(batch), fsync_timeout + std::chrono::milliseconds(1'000)));
  for (std::size_t i = 0; i + 1 < replies.size(); ++i) {
    if (replies[i].is_error()) co_return std::move(replies[i]);
  }
  CONTRAIL_CO_TRY_STATUS(CheckOnDisk(replies.back()));
  co_return std::move(replies[0]);
}

}  // namespace contrail::memory
