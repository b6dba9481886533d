#pragma once
// The semantic answer cache's in-process index: the entries of Valkey's `sc:e:*`, searchable by the
// vector of their standalone query. Entries anyone may be served ("global") are kept in one HNSW
// graph per key material (hnswlib, inner product on unit vectors); one user's own entries are few
// and are all compared, with the graph's measure (int8 vectors, so a user with many entries does
// not slow each of their lookups by a float product per entry). A search therefore sees global
// entries of its key plus the caller's own, and never another user's: bookworm's hnswlib 0.6.2 has
// no filtered search, and oversampling one shared graph could let a crowd of other users' entries
// hide the global one.
//
//   AnswerIndex index(1024);
//   index.Insert(entry);   // by id; replaces an entry with the same id
//   auto near = index.Nearest(key, "user:ana", vector, 4, now_ms);   // most similar first
//
// Thread-safe: searches share a lock, changes take it alone. A graph whose deleted points outnumber
// its live ones is rebuilt (0.6.2 cannot reuse a deleted point's slot).

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cache/answer_entry.h"

namespace contrail::cache {

class AnswerIndex {
 public:
  struct Candidate {
    std::shared_ptr<const AnswerEntry> entry;
    float similarity = 0;  // cosine similarity to the query vector
    float threshold = 0;   // the entry's learned threshold (0: the cache's base one applies)
    bool differed = false;  // an answer observed of it differed from its own (Observe)
  };

  // How an entry's threshold moves with what is observed of it (SemanticCache::Observe).
  struct ThresholdRule {
    float base = 0.7f;      // where an entry starts
    float floor = 0.5f;     // never lower
    float margin = 0.005f;  // above a similarity at which the answers differed
    float ceiling = 0.995f;
  };

  explicit AnswerIndex(int dimensions);
  ~AnswerIndex();
  AnswerIndex(const AnswerIndex&) = delete;
  AnswerIndex& operator=(const AnswerIndex&) = delete;

  int dimensions() const { return dimensions_; }

  // Adds `entry`, replacing the entry with its id. False (nothing added) when its vector is not
  // dimensions() long. The index keeps the vector only as it compares it (a global entry's in its
  // graph, a personal entry's as int8 values); the stored entry holds none.
  bool Insert(AnswerEntry entry);
  // False when there was no such entry.
  bool Remove(std::string_view id);
  void Clear();

  // At most `k` entries of key material `key` that `user_scope` ("user:ID", or "" for none) may
  // be served (the global ones too unless `global` is false), not expired at `now_ms`, most
  // similar to `vector` first.
  std::vector<Candidate> Nearest(std::string_view key, std::string_view user_scope, std::span<const float> vector,
                                 int k, std::int64_t now_ms, bool global = true) const;

  std::vector<std::string> WithTag(std::string_view tag) const;
  std::vector<std::string> ExpiredAt(std::int64_t now_ms) const;
  std::vector<std::string> Ids() const;
  // The least recently used of a few entries picked at random (Valkey's approximate LRU): the
  // entry to evict when the cache is full. "" when empty.
  std::string EvictionVictim() const;

  // Records a hit: the entry is recently used, and has one more hit for TakeHits.
  void Touch(std::string_view id, std::int64_t now_ms);
  // The hits recorded since the last call, by entry id (for Valkey's counters, off the hot path).
  std::vector<std::pair<std::string, std::uint32_t>> TakeHits();
  // A question at `similarity` to the entry got the same answer (`agreed`) or another one. The
  // same answer lowers the entry's threshold to that similarity, but never to within `margin` of
  // a similarity at which an answer differed; another answer raises it above `similarity`. The
  // new threshold, or nullopt when there is no such entry.
  std::optional<float> Observe(std::string_view id, float similarity, bool agreed, const ThresholdRule& rule);

  std::size_t size() const;

 private:
  struct Item;
  struct Graph;

  void RemoveLocked(const std::string& id);
  Graph& GraphFor(const std::string& key);
  void Rebuild(Graph& graph);

  const int dimensions_;
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<Item>> by_id_;
  std::unordered_map<std::string, std::unique_ptr<Graph>> graphs_;              // global, by key
  std::unordered_map<std::string, std::vector<std::shared_ptr<Item>>> personal_;  // by key + scope
  std::vector<Item*> all_;  // for sampling victims; Item::position is the index here
  std::mutex touched_mu_;
  std::vector<std::string> touched_;  // entries with hits not yet taken (guarded by touched_mu_)
  std::size_t next_label_ = 0;
};

}  // namespace contrail::cache
