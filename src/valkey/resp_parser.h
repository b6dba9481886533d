#pragma once
// Incremental RESP parser over hiredis's reader (the protocol code Valkey's own tools use).
// Feed() takes bytes in any split; Next() yields complete replies in order. Never blocks.

#include <memory>
#include <optional>

#include "core/result.h"
#include "valkey/reply.h"

struct redisReader;

namespace contrail::valkey {

class RespParser {
 public:
  RespParser();
  ~RespParser();
  RespParser(const RespParser&) = delete;
  RespParser& operator=(const RespParser&) = delete;

  // Buffers `bytes`. kInternal if the reader is out of memory.
  core::Status Feed(const char* data, std::size_t size);

  // The next complete reply, nullopt when more bytes are needed, or kUpstream on a protocol
  // error (after which the connection must be dropped).
  core::Result<std::optional<Reply>> Next();

 private:
  redisReader* reader_;
};

}  // namespace contrail::valkey
