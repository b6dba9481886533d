#pragma once
// Incremental RESP2 parser that builds Reply trees directly from the bytes: one allocation per
// string longer than the small-string buffer, none per element otherwise (a 20-message history
// is one array and twenty strings). Feed() takes bytes in any split; Next() yields complete
// replies in order and keeps its progress inside a partly received array, so a large reply
// arriving in many reads is scanned once. Never blocks.

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "valkey/reply.h"

namespace contrail::valkey {

class RespParser {
 public:
  RespParser() = default;
  RespParser(const RespParser&) = delete;
  RespParser& operator=(const RespParser&) = delete;

  // Buffers `bytes`.
  core::Status Feed(const char* data, std::size_t size);

  // The next complete reply, nullopt when more bytes are needed, or kUpstream on a protocol
  // error (after which the connection must be dropped: the parser's state is undefined).
  core::Result<std::optional<Reply>> Next();

  // Limits (Valkey's own: proto-max-bulk-len 512 MiB); beyond them the input is not RESP we asked for.
  static constexpr long long kMaxBulkBytes = 512LL << 20;
  // Arrays open at once (an array inside an array …); an empty array is a value, not one more.
  static constexpr std::size_t kMaxDepth = 32;
  static constexpr std::size_t kMaxLineBytes = 64 * 1024;

 private:
  enum class Step { kValue, kNeedMore, kError };
  // Parses one value at pos_ into `out`. For a non-empty array only its header is consumed and
  // `array_count` is set to its length (else left 0); its elements follow as values.
  Step ParseValue(Reply& out, std::size_t& array_count);
  // Attaches a finished value to the innermost open array; true when it completed the root.
  bool Attach(Reply&& value);

  struct Frame {
    Reply* array;             // lives in its parent's elements (or is root_); stable while open
    std::size_t remaining;    // elements still to come
  };

  std::string buf_;
  std::size_t pos_ = 0;
  std::vector<Frame> open_;  // the path of arrays being filled, outermost first
  Reply root_;
  std::string error_;
};

}  // namespace contrail::valkey
