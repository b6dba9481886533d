// Feeds arbitrary bytes to net::EventStreamDecoder, which reads Bedrock's ConverseStream replies:
// as they are (mostly failing the CRC checks) and with every frame's prelude and message CRCs
// recomputed (so the fuzzer reaches the headers and payloads behind them). Each is decoded
// whole, split in two at a point the input picks, and one byte at a time. Checks: the three give
// the same messages and fail (or not) alike; after a success, the messages re-encoded
// (net::EncodeEventMessage) are exactly the bytes they were decoded from, and what the decoder
// still holds is the rest.

#include <zlib.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "net/eventstream.h"

namespace {

using contrail::net::EventHeader;
using contrail::net::EventMessage;
using contrail::net::EventStreamDecoder;

struct Outcome {
  std::vector<EventMessage> messages;
  bool failed = false;
  std::size_t buffered = 0;
};

// The messages of `bytes` fed in pieces (FeedInPieces).
Outcome DecodeInPieces(std::string_view bytes, std::size_t first, std::size_t piece) {
  EventStreamDecoder decoder;
  Outcome out;
  contrail::fuzz::FeedInPieces(bytes, first, piece, [&](std::string_view part) {
    out.failed = !decoder.Feed(part, out.messages);
    return !out.failed;
  });
  out.buffered = decoder.buffered();
  return out;
}

bool SameHeader(const EventHeader& a, const EventHeader& b) {
  return a.name == b.name && a.type == b.type && a.integer == b.integer && a.bytes == b.bytes;
}

bool SameOutcome(const Outcome& a, const Outcome& b) {
  return a.failed == b.failed &&
         std::equal(a.messages.begin(), a.messages.end(), b.messages.begin(), b.messages.end(),
                    [](const EventMessage& x, const EventMessage& y) {
                      return x.payload == y.payload &&
                             std::equal(x.headers.begin(), x.headers.end(), y.headers.begin(),
                                        y.headers.end(), SameHeader);
                    });
}

void WriteCrc(std::string& bytes, std::size_t at, std::size_t from, std::size_t length) {
  const auto* p = reinterpret_cast<const Bytef*>(bytes.data() + from);
  const auto crc = static_cast<std::uint32_t>(crc32(0, p, static_cast<uInt>(length)));
  for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<char>(crc >> (24 - 8 * i));
}

// `bytes` with the CRCs of every frame that fits (by its total length) set right.
std::string WithCrcsFixed(std::string bytes) {
  std::size_t pos = 0;
  while (bytes.size() - pos >= 16) {
    std::size_t total = 0;
    for (int i = 0; i < 4; ++i) total = (total << 8) | static_cast<unsigned char>(bytes[pos + i]);
    if (total < 16 || total > bytes.size() - pos) break;
    WriteCrc(bytes, pos + 8, pos, 8);
    WriteCrc(bytes, pos + total - 4, pos, total - 4);
    pos += total;
  }
  return bytes;
}

void CheckDecoder(std::string_view bytes, std::size_t split) {
  const Outcome whole = DecodeInPieces(bytes, bytes.size(), bytes.size());
  FUZZ_CHECK(SameOutcome(whole, DecodeInPieces(bytes, split, bytes.size())));
  FUZZ_CHECK(SameOutcome(whole, DecodeInPieces(bytes, 1, 1)));
  if (whole.failed) return;
  std::string encoded;
  for (const EventMessage& m : whole.messages) encoded += contrail::net::EncodeEventMessage(m);
  FUZZ_CHECK(encoded.size() + whole.buffered == bytes.size());
  FUZZ_CHECK(bytes.starts_with(encoded));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::size_t split = contrail::fuzz::SplitPoint(data, size);
  CheckDecoder(bytes, split);
  CheckDecoder(WithCrcsFixed(std::string(bytes)), split);
  return 0;
}
