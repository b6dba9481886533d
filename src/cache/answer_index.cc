#include "cache/answer_index.h"

// hnswlib defines non-inline globals in its headers: this is the one file that includes them.
#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <mutex>
#include <random>

#include "embed/embedder.h"

namespace contrail::cache {

namespace {

// Graph settings: hnswlib's M and construction breadth, the search breadth (recall ≈ 1 at 100k
// entries of 1024 values), and the first capacity (doubled when full).
constexpr std::size_t kLinks = 16;
constexpr std::size_t kConstructionEf = 100;
constexpr std::size_t kSearchEf = 64;
constexpr std::size_t kFirstCapacity = 1024;
// How many entries an eviction compares (Valkey's maxmemory-samples).
constexpr std::size_t kEvictionSamples = 16;

}  // namespace

struct AnswerIndex::Item {
  std::shared_ptr<const AnswerEntry> entry;
  std::string bucket;       // the graph's key (global) or key + scope (personal)
  bool global = false;
  std::size_t label = 0;    // in the graph
  std::size_t position = 0;  // in all_
  mutable std::atomic<std::int64_t> last_used_ms{0};
  std::atomic<float> threshold{0};
  float differed_at = 0;  // the highest similarity at which an answer differed (guarded by mu_ held alone)
};

struct AnswerIndex::Graph {
  explicit Graph(int dimensions)
      : space(static_cast<std::size_t>(dimensions)),
        hnsw(std::make_unique<hnswlib::HierarchicalNSW<float>>(&space, kFirstCapacity, kLinks, kConstructionEf)) {
    hnsw->setEf(kSearchEf);
  }
  hnswlib::InnerProductSpace space;
  std::unique_ptr<hnswlib::HierarchicalNSW<float>> hnsw;
  std::unordered_map<std::size_t, std::shared_ptr<Item>> items;  // by label: the live points
  std::size_t deleted = 0;                                        // points marked deleted
};

AnswerIndex::AnswerIndex(int dimensions) : dimensions_(dimensions) {}
AnswerIndex::~AnswerIndex() = default;

AnswerIndex::Graph& AnswerIndex::GraphFor(const std::string& key) {
  std::unique_ptr<Graph>& graph = graphs_[key];
  if (!graph) graph = std::make_unique<Graph>(dimensions_);
  return *graph;
}

bool AnswerIndex::Insert(AnswerEntry entry) {
  if (entry.vector.size() != static_cast<std::size_t>(dimensions_)) return false;
  auto item = std::make_shared<Item>();
  item->global = entry.scope == kGlobalScope;
  item->bucket = item->global ? entry.key : entry.key + "\n" + entry.scope;
  item->last_used_ms.store(entry.created_ms, std::memory_order_relaxed);
  item->threshold.store(entry.threshold.value_or(0), std::memory_order_relaxed);
  std::vector<float> vector;
  if (item->global) vector = std::move(entry.vector);  // the graph keeps its own copy
  item->entry = std::make_shared<const AnswerEntry>(std::move(entry));

  std::unique_lock lock(mu_);
  RemoveLocked(item->entry->id);
  if (item->global) {
    Graph& graph = GraphFor(item->bucket);
    hnswlib::HierarchicalNSW<float>& hnsw = *graph.hnsw;
    if (hnsw.cur_element_count >= hnsw.max_elements_) hnsw.resizeIndex(hnsw.max_elements_ * 2);
    item->label = next_label_++;
    hnsw.addPoint(vector.data(), item->label);
    graph.items.emplace(item->label, item);
  } else {
    personal_[item->bucket].push_back(item);
  }
  item->position = all_.size();
  all_.push_back(item.get());
  by_id_.emplace(item->entry->id, std::move(item));
  return true;
}

void AnswerIndex::RemoveLocked(const std::string& id) {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return;
  std::shared_ptr<Item> item = it->second;
  by_id_.erase(it);
  all_.back()->position = item->position;
  all_[item->position] = all_.back();
  all_.pop_back();
  if (item->global) {
    Graph& graph = *graphs_.at(item->bucket);
    graph.hnsw->markDelete(item->label);
    graph.items.erase(item->label);
    ++graph.deleted;
    if (graph.items.empty()) {
      graphs_.erase(item->bucket);
    } else if (graph.deleted > std::max(graph.items.size(), kFirstCapacity)) {
      Rebuild(graph);
    }
    return;
  }
  auto& list = personal_.at(item->bucket);
  list.erase(std::find(list.begin(), list.end(), item));
  if (list.empty()) personal_.erase(item->bucket);
}

// A new graph of the live points: their vectors are read back from the old one.
void AnswerIndex::Rebuild(Graph& graph) {
  const std::size_t capacity = std::max(kFirstCapacity, graph.items.size() * 2);
  auto fresh = std::make_unique<hnswlib::HierarchicalNSW<float>>(&graph.space, capacity, kLinks, kConstructionEf);
  fresh->setEf(kSearchEf);
  for (const auto& [label, item] : graph.items) {
    std::vector<float> vector = graph.hnsw->getDataByLabel<float>(label);
    fresh->addPoint(vector.data(), label);
  }
  graph.hnsw = std::move(fresh);
  graph.deleted = 0;
}

bool AnswerIndex::Remove(std::string_view id) {
  std::unique_lock lock(mu_);
  const std::string key(id);
  if (!by_id_.contains(key)) return false;
  RemoveLocked(key);
  return true;
}

void AnswerIndex::Clear() {
  std::unique_lock lock(mu_);
  by_id_.clear();
  graphs_.clear();
  personal_.clear();
  all_.clear();
}

std::vector<AnswerIndex::Candidate> AnswerIndex::Nearest(std::string_view key, std::string_view user_scope,
                                                         std::span<const float> vector, int k,
                                                         std::int64_t now_ms, bool global) const {
  std::vector<Candidate> out;
  if (vector.size() != static_cast<std::size_t>(dimensions_) || k <= 0) return out;
  auto consider = [&](const std::shared_ptr<Item>& item, float similarity) {
    if (item->entry->expires_ms <= now_ms) return;
    out.push_back({item->entry, similarity, item->threshold.load(std::memory_order_relaxed)});
  };
  std::shared_lock lock(mu_);
  if (auto g = graphs_.find(std::string(key)); global && g != graphs_.end()) {
    auto found = g->second->hnsw->searchKnn(vector.data(), static_cast<std::size_t>(k));
    for (; !found.empty(); found.pop()) {
      auto item = g->second->items.find(found.top().second);
      if (item != g->second->items.end()) consider(item->second, 1.0f - found.top().first);
    }
  }
  if (!user_scope.empty()) {
    std::string bucket(key);
    bucket.append("\n").append(user_scope);
    if (auto p = personal_.find(bucket); p != personal_.end()) {
      for (const std::shared_ptr<Item>& item : p->second) consider(item, embed::Cosine(item->entry->vector, vector));
    }
  }
  std::sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) { return a.similarity > b.similarity; });
  if (out.size() > static_cast<std::size_t>(k)) out.resize(static_cast<std::size_t>(k));
  return out;
}

std::vector<std::string> AnswerIndex::WithTag(std::string_view tag) const {
  std::vector<std::string> ids;
  std::shared_lock lock(mu_);
  for (const auto& [id, item] : by_id_) {
    const auto& tags = item->entry->tags;
    if (std::find(tags.begin(), tags.end(), tag) != tags.end()) ids.push_back(id);
  }
  return ids;
}

std::vector<std::string> AnswerIndex::ExpiredAt(std::int64_t now_ms) const {
  std::vector<std::string> ids;
  std::shared_lock lock(mu_);
  for (const auto& [id, item] : by_id_) {
    if (item->entry->expires_ms <= now_ms) ids.push_back(id);
  }
  return ids;
}

std::vector<std::string> AnswerIndex::Ids() const {
  std::shared_lock lock(mu_);
  std::vector<std::string> ids;
  ids.reserve(by_id_.size());
  for (const auto& [id, item] : by_id_) ids.push_back(id);
  return ids;
}

std::string AnswerIndex::EvictionVictim() const {
  thread_local std::minstd_rand rng{std::random_device{}()};
  std::shared_lock lock(mu_);
  const Item* victim = nullptr;
  for (std::size_t i = 0; i < kEvictionSamples && !all_.empty(); ++i) {
    const Item* item = all_[rng() % all_.size()];
    if (victim == nullptr || item->last_used_ms.load(std::memory_order_relaxed) <
                                 victim->last_used_ms.load(std::memory_order_relaxed)) {
      victim = item;
    }
  }
  return victim != nullptr ? victim->entry->id : std::string();
}

void AnswerIndex::Touch(std::string_view id, std::int64_t now_ms) const {
  std::shared_lock lock(mu_);
  if (auto it = by_id_.find(std::string(id)); it != by_id_.end()) {
    it->second->last_used_ms.store(now_ms, std::memory_order_relaxed);
  }
}

std::optional<float> AnswerIndex::Observe(std::string_view id, float similarity, bool agreed,
                                          const ThresholdRule& rule) {
  std::unique_lock lock(mu_);
  auto it = by_id_.find(std::string(id));
  if (it == by_id_.end()) return std::nullopt;
  Item& item = *it->second;
  float threshold = item.threshold.load(std::memory_order_relaxed);
  if (threshold <= 0) threshold = rule.base;
  if (agreed) {
    threshold = std::min(threshold, similarity);
  } else {
    item.differed_at = std::max(item.differed_at, similarity);
    threshold = std::max(threshold, similarity + rule.margin);
  }
  if (item.differed_at > 0) threshold = std::max(threshold, item.differed_at + rule.margin);
  threshold = std::clamp(threshold, rule.floor, rule.ceiling);
  item.threshold.store(threshold, std::memory_order_relaxed);
  return threshold;
}

std::size_t AnswerIndex::size() const {
  std::shared_lock lock(mu_);
  return by_id_.size();
}

}  // namespace contrail::cache
