#pragma once
// The AWS event stream framing (`application/vnd.amazon.eventstream`), used by Bedrock's
// ConverseStream and InvokeModelWithResponseStream: an incremental decoder and an encoder.
//
// A message: total length (u32 BE), headers length (u32 BE), CRC32 of those 8 bytes; the headers
// (each: name length u8, name, type u8, value); the payload; CRC32 of everything before it.
// All CRCs are the IEEE CRC32 (zlib's crc32()).
// Spec: https://docs.aws.amazon.com/transcribe/latest/dg/event-stream.html

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace contrail::net {

enum class EventHeaderType : std::uint8_t {
  kTrue = 0,
  kFalse = 1,
  kByte = 2,
  kInt16 = 3,
  kInt32 = 4,
  kInt64 = 5,
  kBytes = 6,      // u16 length, bytes
  kString = 7,     // u16 length, UTF-8
  kTimestamp = 8,  // int64 milliseconds since the epoch
  kUuid = 9,       // 16 bytes
};

struct EventHeader {
  std::string name;
  EventHeaderType type = EventHeaderType::kString;
  std::int64_t integer = 0;  // kByte … kInt64 and kTimestamp; 1/0 for kTrue/kFalse
  std::string bytes;         // kBytes, kString, kUuid (the 16 raw bytes)

  static EventHeader String(std::string name, std::string value);
};

struct EventMessage {
  std::vector<EventHeader> headers;
  std::string payload;

  // The value of string header `name` (":event-type", ":message-type", …), or "" when absent.
  std::string_view string_header(std::string_view name) const;
};

// Decodes messages from bytes as they arrive (split anywhere). Not thread-safe.
class EventStreamDecoder {
 public:
  // Largest message accepted; AWS's own limit for a message is 16 MiB.
  static constexpr std::size_t kMaxMessage = 16 << 20;

  // Consumes all of `bytes` and appends the messages they complete to `out` (a partial message is
  // kept for the next call). Errors, all kUpstream and naming what was wrong: a prelude or message
  // CRC mismatch, a total length below the minimum or above kMaxMessage, headers longer than the
  // message, a malformed header (unknown type, value past the end). After an error the decoder
  // stays failed: the stream cannot be resynchronised.
  core::Status Feed(std::string_view bytes, std::vector<EventMessage>& out);

  // Bytes held of an incomplete message (0 at a message boundary).
  std::size_t buffered() const { return buffer_.size(); }

 private:
  std::string buffer_;  // the start of an incomplete message
  bool failed_ = false;
};

// One message in wire form (prelude, headers, payload, CRCs).
std::string EncodeEventMessage(const EventMessage& message);

}  // namespace contrail::net
