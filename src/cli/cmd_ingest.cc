// `contrail ingest PATH…`: brings the sources of the given folders in line with their documents
// (knowledge::Ingest): new and changed files are chunked, embedded through the embedding cache and
// copied in; unchanged ones are skipped by content hash; removed ones are deleted, within their
// source only. A run where nothing changed reads the files and one table and writes nothing.

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "cache/retrieval_cache.h"
#include "cache/semantic_cache.h"
#include "cli/bench_util.h"
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "core/log.h"
#include "embed/embedding_cache.h"
#include "embed/factory.h"
#include "knowledge/ingest.h"
#include "pg/connection.h"
#include "server/services.h"
#include "valkey/pool.h"

namespace contrail::cli {
namespace {

namespace asio = boost::asio;

// Decides a prune of more than half of a source: --yes goes on, a person at a terminal is asked,
// and anything else is refused, so a script that did not say --yes never deletes in bulk.
core::Status ConfirmLargePrune(bool yes, const knowledge::LargePrune& prune) {
  if (yes) return core::Ok();
  const std::string what = "delete " + std::to_string(prune.deleting) + " of " + std::to_string(prune.stored) +
                           " documents of source " + prune.source;
  if (!isatty(STDIN_FILENO)) {
    return core::Error(core::Code::kConflict, "refusing to " + what +
                                                  " (more than half) without --yes; nothing was changed "
                                                  "(--keep-missing keeps them)");
  }
  std::fprintf(stderr, "%s? [y/N] ", what.c_str());
  std::fflush(stderr);
  std::string answer;
  std::getline(std::cin, answer);
  if (answer == "y" || answer == "Y" || answer == "yes") return core::Ok();
  return core::Error(core::Code::kConflict, "not confirmed; nothing was changed");
}

// Cached answers grounded in a document that changed or went are dropped in every server
// (cache/semantic_cache.h); a new document may answer questions that other documents answered, so
// any addition drops every answer grounded in knowledge ("knowledge" tags them all).
asio::awaitable<void> InvalidateAnswers(valkey::Pool& valkey, bool valkey_up, const knowledge::IngestReport& report) {
  std::vector<std::string> tags;
  if (report.added > 0) tags.emplace_back("knowledge");
  for (const std::string& id : report.changed_documents) tags.push_back("doc:" + id);
  for (const std::string& tag : tags) {
    core::Result<std::size_t> dropped = core::Unavailable("Valkey is not reachable");
    if (valkey_up) {
      dropped = co_await cache::InvalidateInValkey(valkey, cache::Invalidation::Tag(tag), "contrail-ingest",
                                                   std::chrono::seconds(5));
    }
    if (!dropped) {
      core::log::Warn("ingest: cached answers grounded in a changed document were not dropped; they expire "
                      "within cache.answer_ttl_s or go with DELETE /v1/cache",
                      {{"tag", tag}, {"error", dropped.error().message}});
      co_return;
    }
  }
}

asio::awaitable<core::Result<knowledge::IngestReport>> IngestAll(const core::Config& config,
                                                               std::vector<knowledge::Source> sources,
                                                               knowledge::IngestOptions options) {
  CONTRAIL_CO_TRY(std::unique_ptr<embed::Embedder> embedder, embed::MakeConfiguredEmbedder(config));
  auto ex = co_await asio::this_coro::executor;
  // An in-process embedder is faster than a Valkey round trip; others share the server's cache.
  const bool use_valkey = !embedder->computes_in_process();
  valkey::Pool valkey(ex, server::ValkeyOptions(config), 1);
  const bool valkey_up = co_await StartValkey(valkey, std::chrono::milliseconds(500));
  embed::VectorLru lru(0);
  embed::CachedEmbedder cached(*embedder, use_valkey && valkey_up ? &valkey : nullptr, &lru,
                               server::EmbeddingCacheOptionsFrom(config));
  options.embed_batch = config.embed.batch_size;
  pg::Connection conn(ex, BulkPostgresOptions(config, "contrail-ingest"));
  auto report = co_await knowledge::Ingest(conn, cached, std::move(sources), options);
  // A changed knowledge base starts a new generation: no server serves an older search's hits
  // (cache/retrieval_cache.h). Without Valkey they expire within cache.retrieval_ttl_s.
  if (report && report->added + report->updated + report->deleted > 0) {
    auto bumped = valkey_up ? co_await cache::BumpKnowledgeGeneration(valkey)
                            : core::Result<std::int64_t>(core::Unavailable("Valkey is not reachable"));
    if (!bumped) {
      core::log::Warn("ingest: could not start a new knowledge generation; servers may answer from searches "
                      "cached before this ingest until cache.retrieval_ttl_s passes",
                      {{"error", bumped.error().message}});
    }
  }
  if (report) co_await InvalidateAnswers(valkey, valkey_up, *report);
  valkey.Close();
  co_return report;
}

}  // namespace

int RunIngest(const ConfigFlags& config_flags, const IngestFlags& flags) {
  auto config = LoadConfig(config_flags);
  if (!config) {
    std::fprintf(stderr, "contrail ingest: %s\n", config.error().message.c_str());
    return 2;
  }
  core::log::Init(config->log);
  std::vector<knowledge::Source> sources;
  for (const std::string& path : flags.paths) {
    auto read = knowledge::ReadSource(path, {flags.source, flags.doc_type});
    if (!read) {
      std::fprintf(stderr, "contrail ingest: %s\n", read.error().message.c_str());
      return 2;
    }
    sources.push_back(std::move(read).value());
  }
  knowledge::IngestOptions options;
  options.prune = !flags.keep_missing;
  options.progress = true;
  options.confirm_large_prune = [yes = flags.yes](const knowledge::LargePrune& p) { return ConfirmLargePrune(yes, p); };
  auto report = RunToCompletion(IngestAll(*config, std::move(sources), options));
  if (!report) {
    std::fprintf(stderr, "contrail ingest: %s\n", report.error().message.c_str());
    // 2: the input or the stored state refused the run before anything was written.
    const core::Code code = report.error().code;
    return code == core::Code::kInvalidArgument || code == core::Code::kConflict ? 2 : 1;
  }
  const knowledge::IngestReport& r = *report;
  std::printf("ingest: %d files: %d unchanged, %d added, %d updated, %d deleted; %lld chunks written, "
              "%lld deleted in %.2f s",
              r.files, r.unchanged, r.added, r.updated, r.deleted, static_cast<long long>(r.chunks_written),
              static_cast<long long>(r.chunks_deleted), r.seconds);
  if (r.chunks_written > 0 && r.seconds > 0) {
    std::printf(" (%.0f chunks/s; embedding %.2f s)", r.chunks_written / r.seconds, r.embed_seconds);
  }
  std::printf("\n");
  return 0;
}

}  // namespace contrail::cli
