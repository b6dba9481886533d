// `contrail bench embed` (issue 3): the local embedder's quality and speed, the embedding cache
// against a provider, and the cost of SigV4 signing.
//   quality     contrail-local on the paraphrase dev sets (bench/data): separation, top-1, AUC
//   speed       short queries per second on one core
//   cache       p50/p99 of a cache hit (in-process LRU; Valkey) vs a simulated 200 ms provider,
//               in the same run, through embed::CachedEmbedder against the configured Valkey
//   sigv4       µs to sign a Bedrock Converse request
// Target: cached p50 <= 0.3 ms; >= 20,000 queries/s.

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdio>

#include "cli/bench_util.h"
#include "cli/commands.h"
#include "embed/embed_eval.h"
#include "embed/embedding_cache.h"
#include "embed/local/local_embedder.h"
#include "net/sigv4.h"
#include "server/services.h"
#include "valkey/pool.h"

namespace contrail::cli {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

// A provider that answers after `delay`, like a remote embedding API (~200 ms per call).
class SlowEmbedder final : public embed::Embedder {
 public:
  SlowEmbedder(embed::Embedder& inner, std::chrono::milliseconds delay) : inner_(inner), delay_(delay) {}
  const std::string& model() const override { return model_; }
  int dimensions() const override { return inner_.dimensions(); }
  asio::awaitable<core::Result<std::vector<embed::Vector>>> Embed(std::span<const std::string> texts) override {
    asio::steady_timer t(co_await asio::this_coro::executor, delay_);
    co_await t.async_wait(asio::use_awaitable);
    co_return co_await inner_.Embed(texts);
  }

 private:
  embed::Embedder& inner_;
  std::chrono::milliseconds delay_;
  std::string model_ = "bench-slow-provider";
};

void PrintQuality(const embed::LocalEmbedder& local, const std::string& dir) {
  std::printf("\n| dev set | groups | queries | mean cos same | mean cos diff | separation | top-1 | AUC |\n"
              "|---|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const char* name : {"paraphrases.tsv", "paraphrases_heldout.tsv"}) {
    auto r = embed::EvaluateParaphrases(local, dir + "/" + name);
    if (!r) {
      std::printf("| %s | %s |\n", name, r.error().message.c_str());
      continue;
    }
    std::printf("| %s | %d | %d | %.3f | %.3f | %.3f | %.3f | %.3f |\n", name, r->groups, r->queries,
                r->mean_cos_same, r->mean_cos_diff, r->separation, r->top1_accuracy, r->auc);
  }
}

double SignMicros(int iterations) {
  net::AwsCredentials creds{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};
  const std::string body(2048, 'x');
  auto t0 = Clock::now();
  for (int i = 0; i < iterations; ++i) {
    net::HttpClientRequest r;
    r.url = "https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/converse";
    r.headers.emplace_back("Content-Type", "application/json");
    r.body = body;
    (void)net::SignV4(r, creds, "us-east-1", "bedrock", std::chrono::system_clock::now());
  }
  return std::chrono::duration<double, std::micro>(Clock::now() - t0).count() / iterations;
}

asio::awaitable<core::Result<std::vector<Series>>> CacheSeries(const core::Config& config, embed::Embedder& local,
                                                               const BenchEmbedFlags& flags) {
  auto ex = co_await asio::this_coro::executor;
  valkey::ConnectionOptions vo = server::ValkeyOptions(config);
  vo.command_timeout = std::chrono::seconds(5);
  valkey::Pool pool(ex, vo, 1);
  pool.Start();
  SlowEmbedder provider(local, std::chrono::milliseconds(flags.provider_ms));
  embed::VectorLru no_lru(0), lru(1000);
  embed::CachedEmbedder via_valkey(provider, &pool, &no_lru, {});
  embed::CachedEmbedder via_lru(provider, &pool, &lru, {});
  int n = 0;
  std::vector<std::string> text{"cheapest family trip to Honolulu in March"};
  std::vector<Series> out;
  Probe miss = [&]() -> asio::awaitable<core::Status> {  // a new text each time: always computed
    std::vector<std::string> t{"fresh query " + std::to_string(n++) + " " + std::to_string(Clock::now().time_since_epoch().count())};
    CONTRAIL_CO_TRY(auto v, co_await via_valkey.Embed(t));
    co_return core::Ok();
  };
  Probe valkey_hit = [&]() -> asio::awaitable<core::Status> {
    embed::EmbedStats s;
    CONTRAIL_CO_TRY(auto v, co_await via_valkey.EmbedWithStats(text, &s));
    if (s.valkey_hits != 1) co_return core::Unavailable("expected a Valkey hit (is Valkey up?)");
    co_return core::Ok();
  };
  Probe lru_hit = [&]() -> asio::awaitable<core::Status> {
    CONTRAIL_CO_TRY(auto v, co_await via_lru.Embed(text));
    co_return core::Ok();
  };
  CONTRAIL_CO_TRY(auto first, co_await via_valkey.Embed(text));  // fills Valkey for the hit series
  asio::steady_timer settle(ex, std::chrono::milliseconds(50));
  co_await settle.async_wait(asio::use_awaitable);
  CONTRAIL_CO_TRY(Series s1, co_await Measure("provider (simulated, miss)", flags.provider_samples, miss));
  CONTRAIL_CO_TRY(Series s2, co_await Measure("cache hit: Valkey", flags.samples, valkey_hit));
  CONTRAIL_CO_TRY(Series s3, co_await Measure("cache hit: in-process LRU", flags.samples, lru_hit));
  pool.Close();
  co_return std::vector<Series>{s1, s2, s3};
}

}  // namespace

int RunBenchEmbed(const ConfigFlags& config_flags, const BenchEmbedFlags& flags) {
  auto config = LoadConfig(config_flags);
  if (!config) {
    std::fprintf(stderr, "contrail: %s\n", config.error().message.c_str());
    return 2;
  }
  embed::LocalEmbedder local;
  std::printf("contrail-local: %d dimensions, tables loaded in %.0f ms, WordNet %s\n", local.dimensions(),
              local.load_ms(), local.has_wordnet() ? "found" : "MISSING");
  PrintQuality(local, flags.data_dir);
  auto items = embed::LoadParaphrases(flags.data_dir + "/paraphrases.tsv");
  std::vector<std::string> texts;
  if (items) {
    for (const auto& item : *items) texts.push_back(item.text);
  }
  double qps = embed::MeasureQueriesPerSecond(local, texts, flags.seconds);
  std::printf("\nspeed: %.0f short queries/s on one core (target >= 20,000): %s\n", qps, qps >= 20'000 ? "MET" : "NOT MET");
  std::printf("sigv4: %.1f µs to sign a Bedrock Converse request (2 KiB body)\n", SignMicros(20'000));
  auto series = RunToCompletion(CacheSeries(*config, local, flags));
  if (!series) {
    std::fprintf(stderr, "bench embed (cache): %s\n", series.error().message.c_str());
    return 1;
  }
  std::printf("\nembedding cache, Valkey %s:%d\n\n| series | p50 ms | p99 ms | mean ms |\n|---|---:|---:|---:|\n",
              config->valkey.host.c_str(), config->valkey.port);
  for (const Series& s : *series) {
    std::printf("| %s | %.3f | %.3f | %.3f |\n", s.name.c_str(), s.Percentile(0.5) / 1000, s.Percentile(0.99) / 1000,
                s.Mean() / 1000);
  }
  double hit = (*series)[1].Percentile(0.5) / 1000;
  std::printf("\nValkey cache hit p50 %.3f ms (target <= 0.3 ms): %s; %.0f× faster than the provider\n", hit,
              hit <= 0.3 ? "MET" : "NOT MET", (*series)[0].Percentile(0.5) / (*series)[1].Percentile(0.5));
  return 0;
}

}  // namespace contrail::cli
