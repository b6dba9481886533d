// `contrail bench cache`: the semantic answer cache's index at 1k, 10k and 100k entries, in
// process (issue 13). Entries are contrail-local vectors of generated travel questions (topics ×
// places × months × wordings), so the graph sees the vectors it serves; lookups are other
// wordings of stored questions (hits) and questions never stored (misses), through
// SemanticCache::Find with its slot check. Prints the insert rate and lookup p50/p99 per size.
//
// With --fill N it instead writes N such entries into the configured Valkey (sc:e:*), keyed for
// flightly-local with the configured settings, for bench/cache_load.sh: a server started after it
// rebuilds its index from them and serves one more, real, cached question among them.

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <random>

#include "cache/semantic_cache.h"
#include "cli/bench_util.h"
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "core/clock.h"
#include "core/progress.h"
#include "embed/local/local_embedder.h"
#include "flightly/offline/offline_model.h"
#include "server/chat/answer_cache.h"
#include "server/services.h"
#include "valkey/command.h"
#include "valkey/pool.h"

namespace contrail::cli {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

constexpr const char* kTopics[] = {
    "baggage allowance",  "carry-on size",  "pet policy",         "seat selection fee", "refund rules",
    "change fee",         "check-in time",  "wifi on board",      "meal options",       "lounge access",
    "travel insurance",   "visa rules",     "things to do",       "best beaches",       "family hotels",
    "weather",            "airport transfer", "car rental",       "ski deals",          "spring offers"};
constexpr const char* kPlaces[] = {
    "Honolulu", "Maui",    "Denver",  "Orlando", "Lisbon",   "Paris",     "Tokyo",  "Seattle", "Cancun",   "Bali",
    "Miami",    "Chicago", "Boston",  "Austin",  "Reykjavik", "Calgary",  "Dublin", "Rome",    "Madrid",   "Sydney",
    "Toronto",  "Vancouver", "Kyoto", "Oslo",    "Prague",   "Vienna",    "Athens", "Cairo",   "Nairobi",  "Lima",
    "Bogota",   "Santiago", "Havana", "Nassau",  "Phoenix",  "Portland",  "Dallas", "Atlanta", "Nashville", "Anchorage"};
constexpr const char* kMonths[] = {"January", "February", "March", "April", "May", "June",
                                   "July", "August", "September", "October", "November", "December"};
constexpr const char* kWordings[] = {"%s in %s in %s", "what about the %s for %s in %s?", "tell me the %s, %s, %s",
                                     "%s for a trip to %s in %s", "I need the %s for %s during %s",
                                     "quick question: %s %s %s", "could you explain the %s for %s in %s please"};
constexpr std::size_t kCombos = std::size(kTopics) * std::size(kPlaces) * std::size(kMonths);  // 9,600

// The i-th question: a combination of topic, place and month, in wording `wording`.
std::string Question(std::size_t i, std::size_t wording) {
  char text[256];
  const std::size_t c = i % kCombos;
  std::snprintf(text, sizeof text, kWordings[wording % std::size(kWordings)], kTopics[c % std::size(kTopics)],
                kPlaces[(c / std::size(kTopics)) % std::size(kPlaces)], kMonths[c / std::size(kTopics) / std::size(kPlaces)]);
  return text;
}

// Entry i: combination i % kCombos in wording i / kCombos, so 100k entries are ~10 wordings of
// each combination.
cache::AnswerEntry MakeEntry(const embed::LocalEmbedder& embedder, std::size_t i, const std::string& key) {
  cache::AnswerEntry e;
  e.id = cache::NewEntryId();
  e.key = key;
  e.scope = std::string(cache::kGlobalScope);
  e.query = e.standalone = Question(i, i / kCombos) + (i >= kCombos * std::size(kWordings) ? " #" + std::to_string(i) : "");
  e.answer = "Synthetic answer " + std::to_string(i) + " for the cache benchmark.";
  e.model = "flightly-local";
  e.slots = server::chat::QuestionSlotsOf().Extract(e.standalone);
  e.vector = embedder.EmbedText(e.standalone);
  e.tags = {"bench"};
  e.created_ms = core::UnixMillis();
  e.expires_ms = e.created_ms + 3'600'000;
  return e;
}

void BenchSize(const embed::LocalEmbedder& embedder, std::size_t n, int lookups) {
  cache::SemanticCacheOptions o;
  o.dimensions = embedder.dimensions();
  o.max_entries = n;
  cache::SemanticCache answers(o);
  core::Progress progress("insert " + std::to_string(n), n);
  std::vector<cache::AnswerEntry> entries;
  const auto embed_started = Clock::now();
  for (std::size_t i = 0; i < n; ++i) entries.push_back(MakeEntry(embedder, i, "bench"));
  const double embed_s = std::chrono::duration<double>(Clock::now() - embed_started).count();
  const auto started = Clock::now();
  for (cache::AnswerEntry& e : entries) {
    answers.index().Insert(std::move(e));
    progress.Tick();
  }
  progress.Finish();
  const double insert_s = std::chrono::duration<double>(Clock::now() - started).count();
  // Lookups: a stored combination in a wording of its own (a hit when slots and similarity allow)
  // or a combination with a place outside the list (a miss).
  std::mt19937_64 rng(7);
  Series series{"find", {}};
  int hits = 0;
  for (int q = 0; q < lookups; ++q) {
    const std::size_t i = rng() % std::min(n, kCombos);
    const std::string text = q % 2 == 0 ? Question(i, 1 + rng() % (std::size(kWordings) - 1))
                                        : "pet policy in Atlantis in " + std::string(kMonths[q % 12]);
    const embed::Vector v = embedder.EmbedText(text);
    const cache::QuestionSlots slots = server::chat::QuestionSlotsOf().Extract(text);
    const auto t0 = Clock::now();
    const cache::LookupResult r = answers.Find({"bench", "", v, &slots});
    series.us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    hits += r.entry != nullptr;
  }
  std::printf("| %zu | %.1f s (%.0f/s) | %.1f s (%.0f/s) | %.1f | %.1f | %.2f |\n", n, embed_s, n / embed_s, insert_s,
              n / insert_s, series.Percentile(0.5), series.Percentile(0.99), static_cast<double>(hits) / lookups);
}

int Fill(const core::Config& config, const embed::LocalEmbedder& embedder, std::size_t n) {
  server::chat::ChatCompletionRequest request;
  request.model = "flightly-local";
  const std::unique_ptr<llm::ChatModel> model = flightly::offline::MakeOfflineModel();
  const std::string key = server::chat::AnswerKeyMaterial(config, *model, request);
  asio::io_context io(1);
  valkey::Pool pool(io.get_executor(), server::ValkeyOptions(config), 1);
  pool.Start();
  core::Progress progress("fill", n);
  auto task = [&]() -> asio::awaitable<core::Result<int>> {
    for (std::size_t i = 0; i < n;) {
      valkey::CommandBatch batch;
      for (std::size_t j = 0; j < 200 && i < n; ++j, ++i) cache::AddPut(MakeEntry(embedder, i, key), "bench-fill", batch);
      CONTRAIL_CO_TRY(valkey::Replies r, co_await pool.Execute(std::move(batch), std::chrono::seconds(10)));
      (void)r;
      progress.Tick(200);
    }
    pool.Close();
    co_return 0;
  };
  auto r = RunToCompletion(io, task());
  progress.Finish();
  if (!r) {
    std::fprintf(stderr, "contrail bench cache --fill: %s\n", r.error().message.c_str());
    return 1;
  }
  return 0;
}

}  // namespace

int RunBenchCache(const ConfigFlags& config_flags, const BenchCacheFlags& flags) {
  auto config = LoadConfig(config_flags);
  if (!config) {
    std::fprintf(stderr, "contrail bench cache: %s\n", config.error().message.c_str());
    return 2;
  }
  embed::LocalEmbedder embedder;
  if (flags.fill > 0) return Fill(*config, embedder, static_cast<std::size_t>(flags.fill));
  std::printf("| entries | embed | insert | find p50 µs | find p99 µs | hit share |\n|---:|---:|---:|---:|---:|---:|\n");
  for (int n : flags.entries) BenchSize(embedder, static_cast<std::size_t>(n), flags.lookups);
  return 0;
}

}  // namespace contrail::cli
