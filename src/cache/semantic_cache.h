#pragma once
// The semantic answer cache (DESIGN.md §1): a question asked before in other words is answered
// from an earlier answer, found by the vector of its standalone query, instead of by retrieval and
// the model. A wrong hit is worse than a miss, so a hit needs all of:
//   * the same key material: a hash of the model and of everything that shapes its answer
//     (system prompt, tools, grounding and sampling settings);
//   * a scope the caller may see: "global" (no personal data went into the answer) or the
//     caller's own "user:ID"; another user's entries are never searched (answer_index.h);
//   * similarity at least the entry's threshold: the base one (cache.similarity), raised for an
//     entry whose hits were verified wrong; for two questions of the same kind (question_slots.h:
//     the domain says what asks the same thing), cache.kind_similarity instead, raised as the base
//     is by observed errors, unless the entry's own threshold was raised;
//   * agreement of the questions' slots (question_slots.h): "LAX to Honolulu" is not "Honolulu
//     to LAX", "with" is not "without".
//
// Verified thresholds (after vCache, ICLR 2026): every entry learns its own threshold from what is
// observed of it (AnswerIndex::Observe):
//   * a miss whose nearest slot-agreeing entry was below its threshold is answered the slow way
//     anyway; the turn reports whether its answer is the entry's (RecordExploration). The same
//     answer lowers the entry's threshold to that similarity (never below cache.min_similarity);
//     another raises it. Free: the slow answer was needed.
//   * a sampled share of hits (cache.verify_rate) is also answered the slow way, off the hot path
//     (RecordVerification). A wrong hit raises its entry's threshold above the similarity it was
//     served at; while the observed error rate exceeds cache.max_error_rate the base threshold
//     rises too. Stats report the estimate with its sample size and 95% upper bound.
//
// Entries are durable in Valkey (answer_entry.h) and indexed in every instance's memory; the
// instances keep their indexes in step by tailing `sc:log` (cache_sync.h). One SemanticCache per
// process, shared by the I/O threads (thread-safe); Valkey is reached through the calling
// thread's pool.

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>

#include "cache/answer_entry.h"
#include "cache/answer_index.h"
#include "core/result.h"

namespace contrail::valkey {
class CommandBatch;
class Pool;
}  // namespace contrail::valkey

namespace contrail::cache {

struct SemanticCacheOptions {
  int dimensions = 1024;             // of the embedder's vectors
  float similarity = 0.7f;           // cache.similarity: the base threshold
  float min_similarity = 0.5f;       // cache.min_similarity: no learned threshold goes lower
  float kind_similarity = 0.55f;     // cache.kind_similarity: questions of one kind (SameKind)
  double max_error_rate = 0.005;     // cache.max_error_rate
  double verify_rate = 0.05;         // cache.verify_rate
  std::size_t max_entries = 10'000;  // cache.answer_entries (0: nothing is stored)
  std::string instance;              // this process, in sc:log records ("" = a random id)
  std::chrono::milliseconds valkey_timeout{100};
};

struct LookupQuery {
  std::string_view key;         // the turn's key material hash
  std::string_view user_scope;  // UserScope(user), or "" for a caller without a user
  std::span<const float> vector;
  const QuestionSlots* slots = nullptr;  // of the standalone query
  // Which global entries the caller may be served: all (no profile, session or conversation of
  // theirs reaches the model), only AnswerEntry::impersonal ones (a profile does), or none (a
  // session or conversation does: then only their own entries).
  enum class Global { kAll, kImpersonal, kNone } global = Global::kAll;
};

struct LookupResult {
  std::shared_ptr<const AnswerEntry> entry;  // null on a miss
  float similarity = 0;                      // the hit's; on a miss the nearest rejected
                                             // candidate's, else the nearest entry's (0: none)
  std::string rejected_slot;                 // a miss: the slot that told the nearest similar entry apart
  bool verify = false;                       // a hit the turn should also answer the slow way
  // A miss: the most similar entry whose slots agree but which is below its threshold (at least
  // min_similarity). The turn compares its own answer with this entry's (RecordExploration).
  std::shared_ptr<const AnswerEntry> explore;
  float explore_similarity = 0;
};

// What DELETE /v1/cache removes: one entry, every entry with a tag, or all.
struct Invalidation {
  std::string id;
  std::string tag;
  bool all = false;

  static Invalidation Entry(std::string id) { return {std::move(id), {}, false}; }
  static Invalidation Tag(std::string tag) { return {{}, std::move(tag), false}; }
  static Invalidation All() { return {{}, {}, true}; }
};

class SemanticCache {
 public:
  explicit SemanticCache(SemanticCacheOptions options);

  const SemanticCacheOptions& options() const { return options_; }
  const std::string& instance() const { return options_.instance; }
  AnswerIndex& index() { return index_; }

  // The best entry for `query`, or why there is none. Counts hits, misses and rejections.
  LookupResult Find(const LookupQuery& query);

  // Indexes `entry` here at once (the next lookup on any thread sees it) and queues its write to
  // Valkey for the other instances (Send::kSoon: in the same pipeline pass as the turn's own
  // writes; a failed write is counted and logged, and a later rebuild drops the entry). Evicts the
  // least recently used entries over the cap. An entry with an empty id gets one.
  // kInvalidArgument when its vector does not fit the index.
  core::Status Put(valkey::Pool& valkey, AnswerEntry entry);

  // Removes entries here, in Valkey and (through sc:log) in every instance; the number removed.
  boost::asio::awaitable<core::Result<std::size_t>> Invalidate(valkey::Pool& valkey, const Invalidation& what);

  // A hit was served: the entry is recently used, and the time and dollars it saved are counted.
  // Its hit counter in Valkey goes up with the next FlushHits.
  void RecordHit(const AnswerEntry& entry);
  // Adds the hits recorded since the last call to the entries' counters in Valkey (HINCRBY, one
  // pipeline). CacheSync calls it about once a second.
  boost::asio::awaitable<void> FlushHits(valkey::Pool& valkey);
  // A hit served at `similarity` was answered the slow way too: `agreed` says whether the answers
  // agree (see the file comment).
  void RecordVerification(valkey::Pool* valkey, const AnswerEntry& entry, float similarity, bool agreed);
  // A miss's answer compared with LookupResult::explore's: `agreed` when they say the same.
  void RecordExploration(valkey::Pool* valkey, const AnswerEntry& entry, float similarity, bool agreed);
  // A lookup that was not made: Cache-Control: no-cache, Valkey down, a request the cache cannot
  // key. Counted as a bypass.
  void RecordBypass();
  void RecordStore(std::string_view scope);

  // sc:log records from other instances (cache_sync.h).
  void ApplyPut(AnswerEntry entry);
  void ApplyRemove(std::string_view id);
  void ApplyTag(std::string_view tag);
  void ApplyAll();
  // Whether the index follows Valkey: false until the first rebuild, and while sc:log cannot be
  // read. The turn does not look up a cache that may have missed an invalidation.
  void SetInSync(bool in_sync) { in_sync_.store(in_sync, std::memory_order_relaxed); }
  bool in_sync() const { return in_sync_.load(std::memory_order_relaxed); }

  // GET /v1/cache/stats: entries, hits by scope, misses, bypasses, near-misses by slot, stores,
  // evictions, verification (samples, wrong, estimate, upper bound), base threshold, time and
  // dollars saved.
  boost::json::object Stats() const;

  float base_threshold() const { return base_threshold_.load(std::memory_order_relaxed); }

 private:
  void EvictOverCap(valkey::CommandBatch& batch);
  void Count(std::map<std::string, std::uint64_t, std::less<>>& counts, std::string_view name);
  // The similarity candidate `c` needs to be served for `query`: `own` (its learned threshold, or
  // the base one, `base`), or less for a question of its kind.
  float Threshold(const AnswerIndex::Candidate& c, const LookupQuery& query, float own, float base) const;
  // The entry's threshold after the observation, kept in Valkey for rebuilds.
  void Observe(valkey::Pool* valkey, const AnswerEntry& entry, float similarity, bool agreed);

  SemanticCacheOptions options_;
  AnswerIndex index_;
  std::atomic<float> base_threshold_;
  std::atomic<bool> in_sync_{false};

  mutable std::mutex stats_mu_;  // guards the maps and sums below
  std::map<std::string, std::uint64_t, std::less<>> hits_by_scope_, stores_by_scope_, rejected_by_slot_;
  std::uint64_t misses_ = 0, bypasses_ = 0, evictions_ = 0, verified_ = 0, verified_wrong_ = 0;
  std::uint64_t explored_ = 0, explored_agreed_ = 0;
  double seconds_saved_ = 0, dollars_saved_ = 0;
};

// The Valkey half of an invalidation, for processes without an index (contrail ingest): deletes
// the entries and appends the record every instance applies. The number of entries deleted.
boost::asio::awaitable<core::Result<std::size_t>> InvalidateInValkey(valkey::Pool& valkey, const Invalidation& what,
                                                                      std::string_view instance,
                                                                      std::chrono::milliseconds timeout);

}  // namespace contrail::cache
