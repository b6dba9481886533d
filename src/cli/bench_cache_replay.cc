// `contrail bench cache-quality FILE.jsonl --replay N`: a generated traffic log replayed through a
// running server's chat path, from a cleared cache. The log mixes what a travel site sees: popular
// questions asked again in the same and in other words (the dev set's paraphrase groups, picked with
// a Zipf-like popularity), follow-ups in sessions ("flights to Maui", "and hotels there?", "what
// about in May?"), personal questions of users with profiles, booking requests, and the dev set's
// near-miss questions. Every request carries what it asks (its group, its place and month, its
// user for a personal one); a hit served from an entry another kind of request stored is a false
// hit. A stateless false hit is asked again with the cache bypassed: when the slow answer leads as
// the served one does (SameAnswerLead, the server's own test), the hit cost the asker nothing —
// the dev set names one question twice ("do miles expire" is a paraphrase and a near miss's side),
// and an entry's threshold is lowered to where the model answered alike. Prints the hit ratio by
// kind, the false hits (and how many were answered otherwise), and the time the hits saved (the
// server's stats).

#include <boost/json.hpp>
#include <cstdio>
#include <map>
#include <random>

#include "cli/bench_cache_client.h"
#include "core/progress.h"
#include "server/chat/answer_cache.h"

namespace contrail::cli {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr const char* kPlaces[] = {"Maui", "Honolulu", "Orlando", "Denver", "Lisbon", "Cancun", "Tokyo", "Seattle"};
constexpr const char* kMonths[] = {"January", "March", "May", "July", "September", "November"};
constexpr int kProfiles = 10;

struct Request {
  std::string kind;      // repeat | follow-up | personal | booking | near-miss
  std::string what;      // what it asks: equal for requests whose answers are the same
  std::string text, user, session;
};

// Users and sessions of this run: a run never continues an earlier run's sessions.
const std::string& RunTag() {
  static const std::string tag = "replay-" + std::to_string(std::random_device{}() % 1'000'000) + "-";
  return tag;
}

// A session of three follow-ups about one place.
void FollowUps(std::mt19937_64& rng, int n, std::vector<Request>& out) {
  const std::string place = kPlaces[rng() % std::size(kPlaces)], month = kMonths[rng() % std::size(kMonths)];
  const std::string user = RunTag() + "s" + std::to_string(n), session = "s" + std::to_string(n);
  out.push_back({"follow-up", "flights:" + place, "flights from Denver to " + place, user, session});
  out.push_back({"follow-up", "hotels:" + place, "and hotels there?", user, session});
  out.push_back({"follow-up", "flights:" + place + ":" + month, "what about in " + month + "?", user, session});
}

std::vector<Request> Generate(const std::vector<CacheGroup>& groups, int count, std::uint64_t seed) {
  std::vector<const CacheGroup*> paraphrases, near;
  for (const CacheGroup& g : groups) (g.kind == "paraphrases" ? paraphrases : near).push_back(&g);
  std::mt19937_64 rng(seed);
  std::vector<double> weights;  // Zipf-like: the first groups are the popular ones
  for (std::size_t i = 0; i < paraphrases.size(); ++i) weights.push_back(1.0 / static_cast<double>(i + 1));
  std::discrete_distribution<std::size_t> popular(weights.begin(), weights.end());
  std::vector<Request> out;
  for (int n = 0; static_cast<int>(out.size()) < count; ++n) {
    const int roll = static_cast<int>(rng() % 100);
    if (roll < 45 && !paraphrases.empty()) {
      const CacheGroup& g = *paraphrases[popular(rng)];
      out.push_back({"repeat", g.id, g.questions[rng() % g.questions.size()], "", ""});
    } else if (roll < 60) {
      FollowUps(rng, n, out);
    } else if (roll < 75) {
      const int who = static_cast<int>(rng() % kProfiles);
      const std::string place = kPlaces[rng() % std::size(kPlaces)];
      out.push_back({"personal", "family:" + place + ":" + std::to_string(who), "plan a family trip to " + place + " for us",
                     RunTag() + "p" + std::to_string(who), ""});
    } else if (roll < 85) {
      const std::string place = kPlaces[rng() % std::size(kPlaces)];
      out.push_back({"booking", "book:" + place, "book the cheapest flight from Denver to " + place + " for me", "", ""});
    } else if (!near.empty()) {
      const CacheGroup& g = *near[rng() % near.size()];
      const std::size_t side = rng() % 2;
      out.push_back({"near-miss", g.id + (side == 0 ? ":a" : ":b"), g.questions[side], "", ""});
    }
  }
  out.resize(static_cast<std::size_t>(count));
  return out;
}

struct Tally {
  int asks = 0, hits = 0, false_hits = 0;
  int answered_otherwise = 0;  // of the false hits, stateless ones whose slow answer leads differently
  int unchecked = 0;           // … asked in a session: not asked again (it would add a turn)
};

}  // namespace

asio::awaitable<core::Result<int>> ReplayCacheLog(const CacheClient& client, const std::vector<CacheGroup>& groups,
                                                  int count) {
  const std::vector<Request> log = Generate(groups, count, 20261205);
  CONTRAIL_CO_TRY_STATUS(co_await client.Clear());
  for (int who = 0; who < kProfiles; ++who) {
    json::object profile{{"kids_ages", std::to_string(2 + who) + "," + std::to_string(7 + who)},
                         {"home_airport", who % 2 == 0 ? "DEN" : "SEA"}};
    CONTRAIL_CO_TRY_STATUS(co_await client.PutProfile(RunTag() + "p" + std::to_string(who), profile));
  }
  CONTRAIL_CO_TRY(json::object before, co_await client.Stats());
  std::map<std::string, std::string> stored;  // entry id → what the request that stored it asked
  std::map<std::string, Tally> by_kind;
  std::vector<std::string> false_hits;
  core::Progress progress("replay", log.size());
  for (const Request& r : log) {
    CONTRAIL_CO_TRY(CacheAsk ask, co_await client.Chat(r.text, r.user, r.session));
    Tally& t = by_kind[r.kind];
    ++t.asks;
    if (!ask.hit) {
      if (!ask.entry.empty()) stored[ask.entry] = r.what;
    } else {
      ++t.hits;
      auto it = stored.find(ask.entry);
      if (it == stored.end() || it->second != r.what) {
        ++t.false_hits;
        std::string verdict = "in a session, not asked again";
        if (r.session.empty()) {
          CONTRAIL_CO_TRY(CacheAsk slow, co_await client.Chat(r.text, r.user, r.session, /*bypass=*/true));
          const bool same = server::chat::SameAnswerLead(ask.answer, slow.answer);
          t.answered_otherwise += same ? 0 : 1;
          verdict = same ? "the slow answer leads alike" : "ANSWERED OTHERWISE";
        } else {
          ++t.unchecked;
        }
        if (false_hits.size() < 40) {
          false_hits.push_back(r.kind + " '" + r.text + "' (" + r.what + ") served the entry of " +
                               (it == stored.end() ? std::string("an unknown request") : it->second) + ": " +
                               verdict);
        }
      }
    }
    progress.Tick();
  }
  progress.Finish();
  CONTRAIL_CO_TRY(json::object after, co_await client.Stats());
  Tally all;
  std::printf("| requests | kind | hits | hit ratio | false hits | answered otherwise | unchecked |\n"
              "| ---: | --- | ---: | ---: | ---: | ---: | ---: |\n");
  auto row = [](const Tally& t, const std::string& kind) {
    std::printf("| %d | %s | %d | %.3f | %d | %d | %d |\n", t.asks, kind.c_str(), t.hits,
                t.asks ? 1.0 * t.hits / t.asks : 0.0, t.false_hits, t.answered_otherwise, t.unchecked);
  };
  for (const auto& [kind, t] : by_kind) {
    row(t, kind);
    all.asks += t.asks, all.hits += t.hits, all.false_hits += t.false_hits;
    all.answered_otherwise += t.answered_otherwise, all.unchecked += t.unchecked;
  }
  row(all, "all");
  const double saved = after.at("seconds_saved").to_number<double>() - before.at("seconds_saved").to_number<double>();
  std::printf("answer time saved by the hits: %.2f s (flightly-local's own retrieval and composing)\n", saved);
  for (const std::string& f : false_hits) std::printf("  false hit: %s\n", f.c_str());
  co_return 0;
}

}  // namespace contrail::cli
