// Feeds arbitrary bytes to valkey::RespParser, the parser of every Valkey reply, three ways: whole,
// split in two at a point the input picks, and one byte at a time (a socket may deliver any split).
// Checks: the three give the same replies in the same order and fail (or not) alike; no reply
// nests deeper than kMaxDepth arrays (and an empty one); DebugString of every reply works.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "valkey/resp_parser.h"

namespace {

using contrail::valkey::Reply;
using contrail::valkey::RespParser;

struct Outcome {
  std::vector<Reply> replies;
  bool failed = false;
};

// Takes every reply the bytes fed so far complete; false once the parser reported an error.
bool Drain(RespParser& parser, Outcome& out) {
  for (;;) {
    auto next = parser.Next();
    if (!next) {
      out.failed = true;
      return false;
    }
    if (!next->has_value()) return true;
    out.replies.push_back(std::move(**next));
  }
}

// The replies of `bytes` fed in pieces (FeedInPieces), draining the parser after each.
Outcome ParseInPieces(std::string_view bytes, std::size_t first, std::size_t piece) {
  RespParser parser;
  Outcome out;
  contrail::fuzz::FeedInPieces(bytes, first, piece, [&](std::string_view part) {
    FUZZ_CHECK(parser.Feed(part.data(), part.size()));
    return Drain(parser, out);
  });
  return out;
}

bool SameReply(const Reply& a, const Reply& b) {
  if (a.type != b.type || a.str != b.str || a.integer != b.integer) return false;
  if (a.elements.size() != b.elements.size()) return false;
  for (std::size_t i = 0; i < a.elements.size(); ++i) {
    if (!SameReply(a.elements[i], b.elements[i])) return false;
  }
  return true;
}

bool SameOutcome(const Outcome& a, const Outcome& b) {
  if (a.failed != b.failed || a.replies.size() != b.replies.size()) return false;
  for (std::size_t i = 0; i < a.replies.size(); ++i) {
    if (!SameReply(a.replies[i], b.replies[i])) return false;
  }
  return true;
}

std::size_t Depth(const Reply& reply) {
  std::size_t deepest = 0;
  for (const Reply& e : reply.elements) deepest = std::max(deepest, Depth(e));
  return reply.is_array() ? deepest + 1 : deepest;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const Outcome whole = ParseInPieces(bytes, bytes.size(), bytes.size());
  const std::size_t split = contrail::fuzz::SplitPoint(data, size);
  FUZZ_CHECK(SameOutcome(whole, ParseInPieces(bytes, split, bytes.size())));
  FUZZ_CHECK(SameOutcome(whole, ParseInPieces(bytes, 1, 1)));
  for (const Reply& reply : whole.replies) {
    // kMaxDepth arrays open at once, and an empty one (a leaf) inside the deepest.
    FUZZ_CHECK(Depth(reply) <= RespParser::kMaxDepth + 1);
    (void)contrail::valkey::DebugString(reply);
  }
  return 0;
}
