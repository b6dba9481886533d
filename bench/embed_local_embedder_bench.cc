// contrail-local's EmbedText (embed::LocalEmbedder, 1024 dimensions, with WordNet when installed)
// on a short search query and on a ~600-character knowledge chunk. The embedder is built once,
// outside the measurement (WordNet loads in ~0.1 s).
// Baseline (CPU time; Release, GCC 12, a 2.1 GHz core of the shared 2-core dev machine): query
// ≈ 3 µs, chunk ≈ 25 µs.

#include <benchmark/benchmark.h>

#include <string>

#include "embed/local/local_embedder.h"

namespace contrail::embed {
namespace {

const LocalEmbedder& Embedder() {
  static const LocalEmbedder embedder;
  return embedder;
}

void EmbedOne(benchmark::State& state, const std::string& text) {
  const LocalEmbedder& embedder = Embedder();
  for (auto _ : state) {
    Vector v = embedder.EmbedText(text);
    benchmark::DoNotOptimize(v.data());
  }
}

void BM_LocalEmbedQuery(benchmark::State& state) {
  EmbedOne(state, "cheap flights from LAX to Honolulu in March with two kids");
}

void BM_LocalEmbedChunk(benchmark::State& state) {
  EmbedOne(state,
           "Baggage allowance. Every fare includes one personal item that fits under the seat "
           "in front of you. Economy Light adds no checked bag; Economy Classic adds one checked "
           "bag of up to 23 kg (50 lb), and Economy Flex two. Children under two travelling on a "
           "parent's lap may bring a stroller and a car seat at no charge, checked at the gate. "
           "Sports equipment such as surfboards and golf clubs counts as one checked bag when it "
           "weighs under 23 kg; an oversize item costs USD 75 each way. Bags are checked in up to "
           "45 minutes before departure.");
}

BENCHMARK(BM_LocalEmbedQuery);
BENCHMARK(BM_LocalEmbedChunk);

}  // namespace
}  // namespace contrail::embed
