// The RESP parser (valkey::RespParser) on the replies of one turn's context read: HGETALL of a
// 10-field profile, LRANGE of a 20-message history (~170-byte JSON messages) and GET of the session
// state, pipelined as Valkey sends them (~4 KiB). Fed whole (one socket read) and in 1,460-byte
// segments (one TCP segment per read).
// Baseline (CPU time; Release, GCC 12, a 2.1 GHz core of the shared 2-core dev machine): whole
// ≈ 1.6 µs, segmented ≈ 1.7 µs per context read (~2.4 GB/s).

#include <benchmark/benchmark.h>

#include <algorithm>
#include <string>

#include "valkey/resp_parser.h"

namespace contrail::valkey {
namespace {

void AppendBulk(std::string& wire, const std::string& s) {
  wire += "$" + std::to_string(s.size()) + "\r\n" + s + "\r\n";
}

// The three replies of a context read, as one buffer.
std::string ContextReadReplies() {
  std::string wire = "*20\r\n";
  for (int i = 0; i < 10; ++i) {
    AppendBulk(wire, "field_" + std::to_string(i));
    AppendBulk(wire, "a value of a profile field " + std::to_string(i));
  }
  wire += "*20\r\n";
  for (int i = 0; i < 20; ++i) {
    const std::string role = i % 2 ? "assistant" : "user";
    AppendBulk(wire, R"({"role":")" + role +
                         R"(","content":"can I book a flight from Las Vegas to Hawaii in March )"
                         R"(with two kids, and what does the baggage allowance look like for )"
                         R"(them?","ts":17000000)" + std::to_string(i) + "}");
  }
  AppendBulk(wire, R"({"places":["LAS","HNL"],"month":"2027-03","adults":"2","kids_ages":"4,8"})");
  return wire;
}

// Feeds `wire` in pieces of `piece` bytes and takes the three replies.
void ParseContextRead(benchmark::State& state, std::size_t piece) {
  const std::string wire = ContextReadReplies();
  for (auto _ : state) {
    RespParser parser;
    int replies = 0;
    for (std::size_t at = 0; at < wire.size(); at += piece) {
      (void)parser.Feed(wire.data() + at, std::min(piece, wire.size() - at));
      while (true) {
        auto next = parser.Next();
        if (!next.ok() || !next->has_value()) break;
        ++replies;
        benchmark::DoNotOptimize(**next);
      }
    }
    if (replies != 3) state.SkipWithError("the context read did not parse into three replies");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * wire.size()));
}

void BM_RespParseContextReadWhole(benchmark::State& state) { ParseContextRead(state, 1 << 20); }
void BM_RespParseContextReadSegmented(benchmark::State& state) { ParseContextRead(state, 1460); }

BENCHMARK(BM_RespParseContextReadWhole);
BENCHMARK(BM_RespParseContextReadSegmented);

}  // namespace
}  // namespace contrail::valkey
