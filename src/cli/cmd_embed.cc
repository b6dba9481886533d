// `contrail embed TEXT…`: the configured embedder through the embedding cache (Valkey when it
// answers, else the in-process LRU only); prints one JSON line per text.

#include <cstdio>

#include "cli/bench_util.h"
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "core/json_writer.h"
#include "core/log.h"
#include "embed/embedding_cache.h"
#include "embed/factory.h"
#include "server/services.h"
#include "valkey/pool.h"

namespace contrail::cli {

namespace asio = boost::asio;

namespace {

void PrintVector(const std::string& model, const std::string& text, const embed::Vector& v, const embed::EmbedStats& s) {
  std::string out = "{\"model\":\"";
  core::AppendJsonEscaped(out, model);
  out += "\",\"text\":\"";
  core::AppendJsonEscaped(out, text);
  out += "\",\"dimensions\":" + std::to_string(v.size()) + ",\"cache\":\"";
  out += s.lru_hits ? "lru" : s.valkey_hits ? "valkey" : "computed";
  out += "\",\"embedding\":[";
  char buf[32];
  for (std::size_t i = 0; i < v.size(); ++i) {
    std::snprintf(buf, sizeof buf, i ? ",%.6g" : "%.6g", v[i]);
    out += buf;
  }
  std::puts((out + "]}").c_str());
}

asio::awaitable<core::Result<int>> EmbedAll(const core::Config& config, std::vector<std::string> texts) {
  CONTRAIL_CO_TRY(std::unique_ptr<embed::Embedder> embedder, embed::MakeConfiguredEmbedder(config));
  auto ex = co_await asio::this_coro::executor;
  valkey::Pool pool(ex, server::ValkeyOptions(config), 1);
  // Without Valkey the shared cache is skipped, not fatal.
  const bool cache_up = co_await StartValkey(pool, std::chrono::milliseconds(500));
  if (!cache_up) {
    std::fprintf(stderr, "note: Valkey %s:%d is not reachable; embedding without the shared cache\n",
                 config.valkey.host.c_str(), config.valkey.port);
  }
  embed::VectorLru lru(0);
  embed::CachedEmbedder cached(*embedder, cache_up ? &pool : nullptr, &lru, server::EmbeddingCacheOptionsFrom(config));
  for (const std::string& text : texts) {
    embed::EmbedStats stats;
    CONTRAIL_CO_TRY(std::vector<embed::Vector> v, co_await cached.EmbedWithStats(std::span(&text, 1), &stats));
    PrintVector(embedder->model(), text, v.at(0), stats);
  }
  pool.Close();
  co_return 0;
}

}  // namespace

int RunEmbed(const ConfigFlags& config_flags, const std::vector<std::string>& texts) {
  auto config = LoadConfig(config_flags);
  if (!config) {
    std::fprintf(stderr, "contrail: %s\n", config.error().message.c_str());
    return 2;
  }
  core::log::Init(config->log);
  auto result = RunToCompletion(EmbedAll(*config, texts));
  if (!result) {
    std::fprintf(stderr, "contrail embed: %s\n", result.error().message.c_str());
    return result.error().code == core::Code::kInvalidArgument ? 2 : 1;
  }
  return *result;
}

}  // namespace contrail::cli
