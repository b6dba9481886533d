// Feeds arbitrary bytes to net::SseParser, which reads every streamed provider reply (OpenAI-
// compatible and Anthropic), three ways: whole, split in two at a point the input picks, and one
// byte at a time (a chunk may end mid-line or between CR and LF). Checks: the three give the same
// events; every event's type is named; and net::SseData, the server's own SSE formatting, parses
// back to exactly its payload when that payload has no CR (SseData is given JSON, never a CR).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "net/sse.h"

namespace {

using contrail::net::SseEvent;
using contrail::net::SseParser;

// The events of `bytes` fed in pieces (FeedInPieces).
std::vector<SseEvent> ParseInPieces(std::string_view bytes, std::size_t first, std::size_t piece) {
  SseParser parser;
  std::vector<SseEvent> events;
  contrail::fuzz::FeedInPieces(bytes, first, piece, [&](std::string_view part) {
    FUZZ_CHECK(parser.Feed(part, events));
    return true;
  });
  return events;
}

bool SameEvents(const std::vector<SseEvent>& a, const std::vector<SseEvent>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const SseEvent& x, const SseEvent& y) {
    return x.event == y.event && x.data == y.data && x.id == y.id;
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::vector<SseEvent> whole = ParseInPieces(bytes, bytes.size(), bytes.size());
  const std::size_t split = contrail::fuzz::SplitPoint(data, size);
  FUZZ_CHECK(SameEvents(whole, ParseInPieces(bytes, split, bytes.size())));
  FUZZ_CHECK(SameEvents(whole, ParseInPieces(bytes, 1, 1)));
  for (const SseEvent& e : whole) FUZZ_CHECK(!e.event.empty());

  if (bytes.find('\r') == std::string_view::npos) {
    std::vector<SseEvent> formatted;
    SseParser parser;
    FUZZ_CHECK(parser.Feed(contrail::net::SseData(bytes), formatted));
    FUZZ_CHECK(formatted.size() == 1 && formatted[0].data == bytes && formatted[0].event == "message");
  }
  return 0;
}
