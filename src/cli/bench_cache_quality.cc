// `contrail bench cache-quality FILE.jsonl`: how right the semantic answer cache is, through the
// real chat path of a running server (format: bench/data/README-cache.md).
//   * paraphrase groups, in one cache cleared once: every wording of every group in turn. A later
//     wording answered with an entry its own group stored is a paraphrase hit; any wording
//     answered with another group's entry is an unrelated false hit (X-Cache-Entry names entries);
//   * near-miss pairs: the cache is cleared, `a` is asked, then `b`; `b` answered from the cache
//     is a false hit.
// Then every later wording is answered again with the cache bypassed and its lead compared with the
// first wording's: the answer agreement, the ceiling of what verified thresholds can learn to serve.
// Questions are asked statelessly, without a user: their answers are global entries. Clearing the
// cache needs an admin key. Besides the two rates (overall and by kind), prints what the hits'
// similarities imply for other thresholds, and the misses and false hits themselves.

#include <cstdio>
#include <map>

#include "cli/bench_cache_client.h"
#include "cli/bench_util.h"
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "core/progress.h"
#include "server/chat/answer_cache.h"

namespace contrail::cli {
namespace {

namespace asio = boost::asio;

struct Tally {
  int asks = 0, hits = 0;
  std::vector<double> hit_similarities;
  std::map<std::string, int> rejected;  // by slot
};

struct Report {
  Tally paraphrases;
  // Later wordings whose own answer (the cache bypassed) leads as the first wording's does: a
  // miss is answered the slow way and compared with the entry's answer so (SameAnswerLead), so
  // the cache's thresholds can only learn to serve these.
  int agreeing = 0, compared = 0;
  Tally unrelated;  // every paraphrase-phase ask; hits are another group's entry
  std::map<std::string, Tally> near_misses;  // by kind
  std::vector<std::string> failures;
};

void Note(Report& report, int limit, const std::string& what, const CacheAsk& ask, const std::string& first,
          const std::string& second) {
  if (static_cast<int>(report.failures.size()) >= limit) return;
  char line[64];
  std::snprintf(line, sizeof line, " %s sim %.3f%s%s: ", ask.hit ? "HIT " : "MISS", ask.similarity,
                ask.rejected.empty() ? "" : " slot ", ask.rejected.c_str());
  report.failures.push_back(what + line + first + "  =>  " + second);
}

// Every later wording answered the slow way against the first: Report::agreeing.
asio::awaitable<core::Status> RunAgreement(const CacheClient& client, const std::vector<const CacheGroup*>& groups,
                                           Report& report) {
  for (const CacheGroup* g : groups) {
    CONTRAIL_CO_TRY(CacheAsk first, co_await client.Chat(g->questions[0], {}, {}, /*bypass=*/true));
    for (std::size_t i = 1; i < g->questions.size(); ++i) {
      CONTRAIL_CO_TRY(CacheAsk ask, co_await client.Chat(g->questions[i], {}, {}, /*bypass=*/true));
      ++report.compared;
      report.agreeing += server::chat::SameAnswerLead(ask.answer, first.answer);  // the server's own test
    }
  }
  co_return core::Ok();
}

// Every wording of every group in one cache: paraphrase hits and unrelated false hits.
asio::awaitable<core::Status> RunParaphrases(const CacheClient& client, const std::vector<const CacheGroup*>& groups,
                                             Report& report, int limit, core::Progress& progress) {
  CONTRAIL_CO_TRY_STATUS(co_await client.Clear());
  std::map<std::string, const CacheGroup*> owner;  // entry id → the group whose ask stored it
  for (const CacheGroup* g : groups) {
    for (std::size_t i = 0; i < g->questions.size(); ++i) {
      CONTRAIL_CO_TRY(CacheAsk ask, co_await client.Chat(g->questions[i]));
      const CacheGroup* of = owner.contains(ask.entry) ? owner[ask.entry] : nullptr;
      if (!ask.hit && !ask.entry.empty()) owner[ask.entry] = g;
      ++report.unrelated.asks;
      if (ask.hit && of != g) {
        ++report.unrelated.hits;
        report.unrelated.hit_similarities.push_back(ask.similarity);
        Note(report, limit, g->id + " unrelated", ask, of != nullptr ? of->questions[0] : "?", g->questions[i]);
      }
      if (i == 0) continue;
      Tally& tally = report.paraphrases;
      ++tally.asks;
      if (!ask.rejected.empty()) ++tally.rejected[ask.rejected];
      if (ask.hit && of == g) {
        ++tally.hits;
        tally.hit_similarities.push_back(ask.similarity);
      } else if (!ask.hit) {
        Note(report, limit, g->id + " paraphrase", ask, g->questions[0], g->questions[i]);
      }
    }
    progress.Tick();
  }
  co_return core::Ok();
}

asio::awaitable<core::Result<Report>> RunAll(const CacheClient& client, const std::vector<CacheGroup>& groups,
                                             int show_failures) {
  Report report;
  core::Progress progress("cache-quality", groups.size());
  std::vector<const CacheGroup*> paraphrases;
  for (const CacheGroup& g : groups) {
    if (g.kind == "paraphrases") paraphrases.push_back(&g);
  }
  CONTRAIL_CO_TRY_STATUS(co_await RunParaphrases(client, paraphrases, report, show_failures, progress));
  CONTRAIL_CO_TRY_STATUS(co_await RunAgreement(client, paraphrases, report));
  for (const CacheGroup& g : groups) {
    if (g.kind == "paraphrases") continue;
    CONTRAIL_CO_TRY_STATUS(co_await client.Clear());
    CONTRAIL_CO_TRY(CacheAsk first, co_await client.Chat(g.questions[0]));
    (void)first;
    Tally& tally = report.near_misses[g.kind];
    CONTRAIL_CO_TRY(CacheAsk ask, co_await client.Chat(g.questions[1]));
    ++tally.asks;
    if (ask.hit) {
      ++tally.hits;
      tally.hit_similarities.push_back(ask.similarity);
      Note(report, show_failures, g.id + " " + g.kind, ask, g.questions[0], g.questions[1]);
    }
    if (!ask.rejected.empty()) ++tally.rejected[ask.rejected];
    progress.Tick();
  }
  progress.Finish();
  co_return report;
}

void PrintTally(const std::string& name, const Tally& t) {
  std::printf("  %-14s %4d asks  %4d hits  %5.3f", name.c_str(), t.asks, t.hits,
              t.asks == 0 ? 0.0 : static_cast<double>(t.hits) / t.asks);
  for (const auto& [slot, n] : t.rejected) std::printf("  %s:%d", slot.c_str(), n);
  std::printf("\n");
}

void Print(const Report& r) {
  Tally all_near;
  for (const auto& [kind, t] : r.near_misses) {
    all_near.asks += t.asks;
    all_near.hits += t.hits;
    all_near.hit_similarities.insert(all_near.hit_similarities.end(), t.hit_similarities.begin(),
                                     t.hit_similarities.end());
  }
  std::printf("paraphrase hit rate  %.3f  (%d of %d)\n", r.paraphrases.asks ? 1.0 * r.paraphrases.hits / r.paraphrases.asks : 0,
              r.paraphrases.hits, r.paraphrases.asks);
  std::printf("false-hit rate       %.3f  (%d of %d near-miss pairs)\n",
              all_near.asks ? 1.0 * all_near.hits / all_near.asks : 0, all_near.hits, all_near.asks);
  std::printf("unrelated hits       %.3f  (%d of %d asks served another group's answer)\n",
              r.unrelated.asks ? 1.0 * r.unrelated.hits / r.unrelated.asks : 0, r.unrelated.hits, r.unrelated.asks);
  std::printf("answer agreement     %.3f  (%d of %d later wordings answered, cache bypassed, with the first's lead)\n",
              r.compared ? 1.0 * r.agreeing / r.compared : 0, r.agreeing, r.compared);
  std::printf("\nby kind (hits; slots that rejected a similar entry):\n");
  PrintTally("paraphrases", r.paraphrases);
  PrintTally("unrelated", r.unrelated);
  for (const auto& [kind, t] : r.near_misses) PrintTally(kind, t);
  std::printf("\nat a higher threshold (from the hits' similarities):\n  threshold  paraphrase-hits  false-hits  unrelated\n");
  for (double t = 0.80; t < 0.991; t += 0.02) {
    auto at = [t](const Tally& tally) {
      int n = 0;
      for (double s : tally.hit_similarities) n += s >= t;
      return tally.asks ? 1.0 * n / tally.asks : 0.0;
    };
    std::printf("  %.2f       %.3f            %.3f       %.3f\n", t, at(r.paraphrases), at(all_near), at(r.unrelated));
  }
  if (!r.failures.empty()) std::printf("\nfailures:\n");
  for (const std::string& f : r.failures) std::printf("  %s\n", f.c_str());
}

}  // namespace

int RunBenchCacheQuality(const ConfigFlags& config_flags, const BenchCacheQualityFlags& flags) {
  auto config = LoadConfig(config_flags);
  if (!config) {
    std::fprintf(stderr, "contrail bench cache-quality: %s\n", config.error().message.c_str());
    return 2;
  }
  auto groups = ReadCacheGroups(flags.file);
  if (!groups) {
    std::fprintf(stderr, "contrail bench cache-quality: %s\n", groups.error().message.c_str());
    return 2;
  }
  CacheClient client(ServerAddressFrom(*config, flags.url), flags.model);
  if (flags.replay > 0) {
    auto replayed = RunToCompletion(ReplayCacheLog(client, *groups, flags.replay));
    if (!replayed) std::fprintf(stderr, "contrail bench cache-quality --replay: %s\n", replayed.error().message.c_str());
    return replayed ? *replayed : 1;
  }
  auto report = RunToCompletion(RunAll(client, *groups, flags.failures));
  if (!report) {
    std::fprintf(stderr, "contrail bench cache-quality: %s\n", report.error().message.c_str());
    return 1;
  }
  Print(*report);
  return 0;
}

}  // namespace contrail::cli
