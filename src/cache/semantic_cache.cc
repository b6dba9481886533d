#include "cache/semantic_cache.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <random>

#include "core/clock.h"
#include "core/log.h"
#include "core/metrics.h"
#include "valkey/command.h"
#include "valkey/pool.h"

namespace contrail::cache {

namespace asio = boost::asio;

namespace {

// Candidates compared per lookup: the nearest few, so a rejected near-miss ("Honolulu to LAX")
// does not hide the right entry behind it.
constexpr int kCandidates = 4;
// How far above the similarity of a wrong hit its entry's threshold goes, and how much the base
// threshold rises while the observed error rate is over budget.
constexpr float kThresholdMargin = 0.005f;
constexpr float kBaseThresholdStep = 0.01f;
constexpr float kMaxThreshold = 0.995f;

core::Counter& Lookups(const char* result) {
  return core::MetricsRegistry::Global().GetCounter("contrail_semantic_cache_lookups_total",
                                                    "Semantic answer cache lookups by result.",
                                                    std::string("result=\"") + result + "\"");
}

std::string ScopeKind(std::string_view scope) { return scope == kGlobalScope ? "global" : "user"; }

// The upper end of the 95% Wilson interval of `wrong` in `n`.
double WilsonUpper(std::uint64_t wrong, std::uint64_t n) {
  if (n == 0) return 1;
  const double z = 1.96, p = static_cast<double>(wrong) / n, z2n = z * z / n;
  return (p + z2n / 2 + z * std::sqrt(p * (1 - p) / n + z2n / (4 * n))) / (1 + z2n);
}

// The sc:log record of a removal, which every other instance applies to its index.
void LogOp(std::string_view op, std::string_view field, std::string_view value, std::string_view instance,
           valkey::CommandBatch& batch) {
  batch.Add({"XADD", kLogKey, "MAXLEN", "~", "100000", "*", "op", op, field, value, "from", instance});
}

// Deletes keys matching `pattern` with SCAN; the number deleted.
asio::awaitable<core::Result<std::size_t>> DeleteMatching(valkey::Pool& valkey, std::string_view pattern,
                                                          std::chrono::milliseconds timeout) {
  std::string cursor = "0";
  std::size_t deleted = 0;
  do {
    valkey::CommandBatch scan;
    scan.Add({"SCAN", cursor, "MATCH", pattern, "COUNT", "1000"});
    CONTRAIL_CO_TRY(valkey::Replies r, co_await valkey.Execute(std::move(scan), timeout));
    if (!r[0].is_array() || r[0].elements.size() != 2) co_return core::Error(core::Code::kUpstream, "valkey: bad SCAN reply");
    cursor = r[0].elements[0].str;
    std::vector<std::string> del{"DEL"};
    for (const valkey::Reply& k : r[0].elements[1].elements) del.push_back(k.str);
    if (del.size() > 1) {
      valkey::CommandBatch batch;
      batch.Add(std::span<const std::string>(del));
      CONTRAIL_CO_TRY(valkey::Replies d, co_await valkey.Execute(std::move(batch), timeout));
      deleted += static_cast<std::size_t>(std::max(0LL, d[0].integer));
    }
  } while (cursor != "0");
  co_return deleted;
}

}  // namespace

SemanticCache::SemanticCache(SemanticCacheOptions options)
    : options_(std::move(options)), index_(options_.dimensions), base_threshold_(options_.similarity) {
  if (options_.instance.empty()) options_.instance = NewEntryId();
}

void SemanticCache::Count(std::map<std::string, std::uint64_t, std::less<>>& counts, std::string_view name) {
  std::lock_guard lock(stats_mu_);
  auto it = counts.find(name);
  if (it == counts.end()) it = counts.emplace(std::string(name), 0).first;
  ++it->second;
}

float SemanticCache::Threshold(const AnswerIndex::Candidate& c, const LookupQuery& query, float own,
                               float base) const {
  // An entry that ever answered otherwise keeps the threshold it learned (a raised one is never below
  // the configured base, which is how one restored from Valkey after a restart is known); else one
  // kind asks more surely.
  const bool raised = c.differed || c.threshold >= options_.similarity;
  if (raised || query.slots == nullptr || !SameKind(*query.slots, c.entry->slots)) return own;
  return std::min(own, options_.kind_similarity + std::max(0.0f, base - options_.similarity));
}

LookupResult SemanticCache::Find(const LookupQuery& query) {
  static core::Counter& hits = Lookups("hit");
  static core::Counter& misses = Lookups("miss");
  LookupResult result;
  const float base = base_threshold();
  std::vector<AnswerIndex::Candidate> candidates =
      index_.Nearest(query.key, query.user_scope, query.vector, kCandidates, core::UnixMillis(),
                     query.global != LookupQuery::Global::kNone);
  if (!candidates.empty()) result.similarity = candidates.front().similarity;
  for (AnswerIndex::Candidate& c : candidates) {
    if (query.global == LookupQuery::Global::kImpersonal && c.entry->scope == kGlobalScope && !c.entry->impersonal) {
      continue;
    }
    const float own = c.threshold > 0 ? c.threshold : base;
    const float threshold = Threshold(c, query, own, base);
    // Served below its own threshold only for its kind: then every difference the slots see counts.
    const bool strict = c.similarity < own;
    std::string slot = query.slots != nullptr ? Disagreement(*query.slots, c.entry->slots, strict) : std::string();
    if (c.similarity < threshold) {
      if (slot.empty() && !result.explore && c.similarity >= options_.min_similarity) {
        result.explore = c.entry;
        result.explore_similarity = c.similarity;
      }
      continue;
    }
    if (!slot.empty()) {
      if (result.rejected_slot.empty()) {
        result.rejected_slot = std::move(slot);
        result.similarity = c.similarity;
      }
      continue;
    }
    result.entry = std::move(c.entry);
    result.similarity = c.similarity;
    result.rejected_slot.clear();
    result.explore.reset();
    break;
  }
  if (result.entry) {
    hits.Inc();
    thread_local std::minstd_rand rng{std::random_device{}()};
    result.verify = result.entry->scope == kGlobalScope &&
                    std::uniform_real_distribution<double>(0, 1)(rng) < options_.verify_rate;
    Count(hits_by_scope_, ScopeKind(result.entry->scope));
    return result;
  }
  misses.Inc();
  {
    std::lock_guard lock(stats_mu_);
    ++misses_;
  }
  if (!result.rejected_slot.empty()) {
    Count(rejected_by_slot_, result.rejected_slot);
    core::MetricsRegistry::Global()
        .GetCounter("contrail_semantic_cache_rejections_total",
                    "Similar cached answers not served because a slot of the questions disagreed.",
                    "slot=\"" + result.rejected_slot + "\"")
        .Inc();
  }
  return result;
}

core::Status SemanticCache::Put(valkey::Pool& valkey, AnswerEntry entry) {
  static core::Counter& failed = core::MetricsRegistry::Global().GetCounter(
      "contrail_semantic_cache_write_failures_total", "Semantic cache entries Valkey did not store.");
  if (options_.max_entries == 0) return core::Ok();
  if (entry.id.empty()) entry.id = NewEntryId();
  valkey::CommandBatch batch;
  AddPut(entry, options_.instance, batch);
  const std::string scope = entry.scope;
  if (!index_.Insert(std::move(entry))) {
    return core::InvalidArgument("the entry's vector does not have the index's dimensions");
  }
  RecordStore(scope);
  EvictOverCap(batch);
  valkey.Submit(
      std::move(batch),
      [](core::Result<valkey::Replies> r) {
        if (r) return;
        failed.Inc();
        core::log::Warn("semantic cache entry not stored in valkey", {{"error", r.error().message}});
      },
      valkey::Connection::Send::kSoon);
  return core::Ok();
}

void SemanticCache::EvictOverCap(valkey::CommandBatch& batch) {
  static core::Counter& evicted = core::MetricsRegistry::Global().GetCounter(
      "contrail_semantic_cache_evictions_total", "Semantic cache entries evicted to stay under cache.answer_entries.");
  while (index_.size() > options_.max_entries) {
    const std::string victim = index_.EvictionVictim();
    if (victim.empty() || !index_.Remove(victim)) break;
    evicted.Inc();
    {
      std::lock_guard lock(stats_mu_);
      ++evictions_;
    }
    batch.Add({"DEL", EntryKey(victim)});
    LogOp("del", "id", victim, options_.instance, batch);
  }
}

asio::awaitable<core::Result<std::size_t>> SemanticCache::Invalidate(valkey::Pool& valkey, const Invalidation& what) {
  std::size_t removed = 0;
  if (what.all) {
    removed = index_.size();
    index_.Clear();
  } else if (!what.tag.empty()) {
    for (const std::string& id : index_.WithTag(what.tag)) removed += index_.Remove(id) ? 1 : 0;
  } else {
    removed = index_.Remove(what.id) ? 1 : 0;
  }
  CONTRAIL_CO_TRY(std::size_t deleted,
                  co_await InvalidateInValkey(valkey, what, options_.instance, options_.valkey_timeout));
  co_return std::max(removed, deleted);
}

asio::awaitable<core::Result<std::size_t>> InvalidateInValkey(valkey::Pool& valkey, const Invalidation& what,
                                                              std::string_view instance,
                                                              std::chrono::milliseconds timeout) {
  std::size_t deleted = 0;
  valkey::CommandBatch batch;
  if (what.all) {
    CONTRAIL_CO_TRY(deleted, co_await DeleteMatching(valkey, "sc:e:*", timeout));
    CONTRAIL_CO_TRY(std::size_t tags, co_await DeleteMatching(valkey, "sc:tag:*", timeout));
    (void)tags;
    LogOp("all", "id", "", instance, batch);
  } else if (!what.tag.empty()) {
    valkey::CommandBatch members;
    members.Add({"SMEMBERS", TagKey(what.tag)});
    CONTRAIL_CO_TRY(valkey::Replies r, co_await valkey.Execute(std::move(members), timeout));
    std::vector<std::string> del{"DEL", TagKey(what.tag)};
    for (const valkey::Reply& id : r[0].elements) del.push_back(EntryKey(id.str));
    batch.Add(std::span<const std::string>(del));
    LogOp("tag", "tag", what.tag, instance, batch);
  } else {
    batch.Add({"DEL", EntryKey(what.id)});
    LogOp("del", "id", what.id, instance, batch);
  }
  CONTRAIL_CO_TRY(valkey::Replies r, co_await valkey.Execute(std::move(batch), timeout));
  if (!what.all) deleted = static_cast<std::size_t>(std::max(0LL, r[0].integer - (what.tag.empty() ? 0 : 1)));
  co_return deleted;
}

void SemanticCache::RecordHit(const AnswerEntry& entry) {
  index_.Touch(entry.id, core::UnixMillis());
  std::lock_guard lock(stats_mu_);
  seconds_saved_ += entry.answer_seconds;
  dollars_saved_ += entry.cost_usd;
}

asio::awaitable<void> SemanticCache::FlushHits(valkey::Pool& valkey) {
  const auto hits = index_.TakeHits();
  if (hits.empty()) co_return;
  valkey::CommandBatch batch;
  for (const auto& [id, n] : hits) batch.Add({"HINCRBY", EntryKey(id), "hits", std::to_string(n)});
  (void)co_await valkey.Execute(std::move(batch), options_.valkey_timeout);
}

void SemanticCache::Observe(valkey::Pool* valkey, const AnswerEntry& entry, float similarity, bool agreed) {
  const AnswerIndex::ThresholdRule rule{base_threshold(), options_.min_similarity, kThresholdMargin, kMaxThreshold};
  std::optional<float> threshold = index_.Observe(entry.id, similarity, agreed, rule);
  if (!threshold || valkey == nullptr) return;
  valkey::CommandBatch batch;
  batch.Add({"HSET", EntryKey(entry.id), "threshold", std::to_string(*threshold)});
  valkey->Submit(std::move(batch), [](core::Result<valkey::Replies>) {}, valkey::Connection::Send::kSoon);
}

void SemanticCache::RecordVerification(valkey::Pool* valkey, const AnswerEntry& entry, float similarity,
                                       bool agreed) {
  Observe(valkey, entry, similarity, agreed);
  std::lock_guard lock(stats_mu_);
  ++verified_;
  if (agreed) return;
  ++verified_wrong_;
  if (static_cast<double>(verified_wrong_) / verified_ > options_.max_error_rate) {
    base_threshold_.store(std::min(kMaxThreshold, base_threshold() + kBaseThresholdStep), std::memory_order_relaxed);
  }
}

void SemanticCache::RecordExploration(valkey::Pool* valkey, const AnswerEntry& entry, float similarity,
                                      bool agreed) {
  Observe(valkey, entry, similarity, agreed);
  std::lock_guard lock(stats_mu_);
  ++explored_;
  explored_agreed_ += agreed ? 1 : 0;
}

void SemanticCache::RecordBypass() {
  static core::Counter& bypasses = Lookups("bypass");
  bypasses.Inc();
  std::lock_guard lock(stats_mu_);
  ++bypasses_;
}

void SemanticCache::RecordStore(std::string_view scope) { Count(stores_by_scope_, ScopeKind(scope)); }

void SemanticCache::ApplyPut(AnswerEntry entry) {
  if (entry.expires_ms > core::UnixMillis()) index_.Insert(std::move(entry));
}
void SemanticCache::ApplyRemove(std::string_view id) { index_.Remove(id); }
void SemanticCache::ApplyTag(std::string_view tag) {
  for (const std::string& id : index_.WithTag(tag)) index_.Remove(id);
}
void SemanticCache::ApplyAll() { index_.Clear(); }

boost::json::object SemanticCache::Stats() const {
  auto to_json = [](const std::map<std::string, std::uint64_t, std::less<>>& counts) {
    boost::json::object o;
    for (const auto& [name, n] : counts) o[name] = n;
    return o;
  };
  std::lock_guard lock(stats_mu_);
  std::uint64_t hits = 0;
  for (const auto& [scope, n] : hits_by_scope_) hits += n;
  const std::uint64_t lookups = hits + misses_;
  boost::json::object verification{
      {"samples", verified_},
      {"wrong", verified_wrong_},
      {"error_rate", verified_ == 0 ? 0.0 : static_cast<double>(verified_wrong_) / verified_},
      {"error_rate_upper_95", WilsonUpper(verified_wrong_, verified_)},
      {"max_error_rate", options_.max_error_rate},
      {"verify_rate", options_.verify_rate}};
  return {{"object", "cache.stats"},
          {"entries", index_.size()},
          {"max_entries", options_.max_entries},
          {"in_sync", in_sync()},
          {"lookups", lookups},
          {"hits", hits},
          {"hit_ratio", lookups == 0 ? 0.0 : static_cast<double>(hits) / lookups},
          {"hits_by_scope", to_json(hits_by_scope_)},
          {"misses", misses_},
          {"bypasses", bypasses_},
          {"near_misses_rejected", to_json(rejected_by_slot_)},
          {"stores_by_scope", to_json(stores_by_scope_)},
          {"evictions", evictions_},
          {"threshold", base_threshold()},
          {"min_similarity", options_.min_similarity},
          {"explored", boost::json::object{{"misses", explored_}, {"same_answer", explored_agreed_}}},
          {"verification", std::move(verification)},
          {"seconds_saved", seconds_saved_},
          {"dollars_saved", dollars_saved_}};
}

}  // namespace contrail::cache
