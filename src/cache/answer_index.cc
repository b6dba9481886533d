#include "cache/answer_index.h"

// hnswlib defines non-inline globals in its headers: this is the one file that includes them.
// NO_MANUAL_VECTORIZATION: 0.6.2's SSE build prefetches the neighbour after a link list's last
// one, a read past its allocation (nmslib/hnswlib#107, #578) that AddressSanitizer rightly
// reports; the distance, where SIMD matters, is our own (kDotInt8).
#define NO_MANUAL_VECTORIZATION
#include <hnswlib/hnswlib.h>

#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <mutex>
#include <random>

namespace contrail::cache {

namespace {

// Graph settings: hnswlib's M and construction breadth, the search breadth, and the first capacity
// (doubled when full). `contrail bench cache` at 100k entries: ef 24 finds the hits ef 64 finds
// (48% of its lookups) at p50 47 µs, against 68 µs for ef 32 with float vectors.
constexpr std::size_t kLinks = 16;
constexpr std::size_t kConstructionEf = 100;
constexpr std::size_t kSearchEf = 24;
constexpr std::size_t kFirstCapacity = 1024;
// How many entries an eviction compares (Valkey's maxmemory-samples).
constexpr std::size_t kEvictionSamples = 16;

// The graph keeps each unit vector as int8 values and one float scale (a quarter of the floats'
// bytes): a lookup at 100k entries reads a few hundred vectors from memory, and their size, not
// the arithmetic, is what it waits on. The similarity it gives is within ~0.005 of the floats'.
// With AVX2 (chosen at start, so the binary still runs on a CPU without it) the products take
// 16 values a step.
__attribute__((target("avx2"))) int DotInt8Avx2(const std::int8_t* a, const std::int8_t* b, std::size_t n) {
  __m256i acc = _mm256_setzero_si256();
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m256i x = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(a + i)));
    const __m256i y = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(b + i)));
    acc = _mm256_add_epi32(acc, _mm256_madd_epi16(x, y));
  }
  __m128i h = _mm_add_epi32(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
  h = _mm_add_epi32(h, _mm_shuffle_epi32(h, 0x4E));
  h = _mm_add_epi32(h, _mm_shuffle_epi32(h, 0xB1));
  int sum = _mm_cvtsi128_si32(h);
  for (; i < n; ++i) sum += a[i] * b[i];
  return sum;
}

int DotInt8Plain(const std::int8_t* a, const std::int8_t* b, std::size_t n) {
  int sum = 0;
  for (std::size_t i = 0; i < n; ++i) sum += a[i] * b[i];
  return sum;
}

using DotInt8 = int (*)(const std::int8_t*, const std::int8_t*, std::size_t);
const bool kAvx2 = [] {
  __builtin_cpu_init();  // a static initializer may run before libgcc's own has read the CPU
  return __builtin_cpu_supports("avx2");
}();
const DotInt8 kDotInt8 = kAvx2 ? &DotInt8Avx2 : &DotInt8Plain;

// What the graph's distance function is told: `bytes` first, as hnswlib's getDataByLabel reads
// that many elements of a point.
struct Shape {
  std::size_t bytes;  // dims int8 values, then the float scale
  std::size_t dims;
};

float ScaleOf(const void* point, const Shape& shape) {
  float scale;
  std::memcpy(&scale, static_cast<const char*>(point) + shape.dims, sizeof scale);
  return scale;
}

float QuantizedDistance(const void* a, const void* b, const void* param) {
  const Shape& shape = *static_cast<const Shape*>(param);
  const int dot = kDotInt8(static_cast<const std::int8_t*>(a), static_cast<const std::int8_t*>(b), shape.dims);
  return 1.0f - ScaleOf(a, shape) * ScaleOf(b, shape) * static_cast<float>(dot);
}

// Quantize's two loops: the largest magnitude, then each value times `inv` rounded to the
// nearest integer (ties to even, as the AVX2 conversion rounds). A lookup quantizes its question's
// vector, so this is on every turn's path: per value, a division and a call of lround had cost
// ~35 instructions, a tenth of a chat turn.
__attribute__((target("avx2"))) float LargestAvx2(const float* v, std::size_t n) {
  const __m256 magnitude = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
  __m256 acc = _mm256_setzero_ps();
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) acc = _mm256_max_ps(acc, _mm256_and_ps(_mm256_loadu_ps(v + i), magnitude));
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, acc);
  float largest = 0;
  for (float x : lanes) largest = std::max(largest, x);
  for (; i < n; ++i) largest = std::max(largest, std::abs(v[i]));
  return largest;
}

__attribute__((target("avx2"))) void RoundAvx2(const float* v, std::size_t n, float inv, std::int8_t* out) {
  const __m256 factor = _mm256_set1_ps(inv);
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m256i lo = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(v + i), factor));
    const __m256i hi = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(v + i + 8), factor));
    // The packs work per 128-bit lane: the permute puts the 16 values back in order.
    const __m256i words = _mm256_permute4x64_epi64(_mm256_packs_epi32(lo, hi), 0xD8);
    const __m128i bytes = _mm_packs_epi16(_mm256_castsi256_si128(words), _mm256_extracti128_si256(words, 1));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), bytes);
  }
  for (; i < n; ++i) out[i] = static_cast<std::int8_t>(std::nearbyint(v[i] * inv));
}

float LargestPlain(const float* v, std::size_t n) {
  float largest = 0;
  for (std::size_t i = 0; i < n; ++i) largest = std::max(largest, std::abs(v[i]));
  return largest;
}

void RoundPlain(const float* v, std::size_t n, float inv, std::int8_t* out) {
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::int8_t>(std::nearbyint(v[i] * inv));
}

// `v` as the graph keeps a point: int8 values scaled so the largest magnitude is 127, then the
// float scale that multiplies them back.
std::vector<char> Quantize(std::span<const float> v) {
  const float largest = kAvx2 ? LargestAvx2(v.data(), v.size()) : LargestPlain(v.data(), v.size());
  const float scale = largest > 0 ? largest / 127.0f : 0.0f;
  std::vector<char> out(v.size() + sizeof(float));
  if (scale > 0) {
    auto* values = reinterpret_cast<std::int8_t*>(out.data());
    const float inv = 127.0f / largest;
    kAvx2 ? RoundAvx2(v.data(), v.size(), inv, values) : RoundPlain(v.data(), v.size(), inv, values);
  }
  std::memcpy(out.data() + v.size(), &scale, sizeof scale);
  return out;
}

// hnswlib's space for quantized unit vectors.
class QuantizedSpace final : public hnswlib::SpaceInterface<float> {
 public:
  explicit QuantizedSpace(std::size_t dimensions) : shape_{dimensions + sizeof(float), dimensions} {}
  std::size_t get_data_size() override { return shape_.bytes; }
  hnswlib::DISTFUNC<float> get_dist_func() override { return &QuantizedDistance; }
  void* get_dist_func_param() override { return &shape_; }

 private:
  Shape shape_;
};

}  // namespace

struct AnswerIndex::Item {
  std::shared_ptr<const AnswerEntry> entry;
  std::string bucket;       // the graph's key (global) or key + scope (personal)
  bool global = false;
  std::size_t label = 0;    // in the graph
  std::size_t position = 0;  // in all_
  std::atomic<std::int64_t> last_used_ms{0};
  std::atomic<std::uint32_t> pending_hits{0};  // since the last TakeHits
  std::atomic<float> threshold{0};
  float differed_at = 0;  // the highest similarity at which an answer differed (guarded by mu_ held alone)
  std::vector<char> point;  // a personal entry's vector as the graph keeps its points (Quantize)
};

struct AnswerIndex::Graph {
  explicit Graph(int dimensions)
      : space(static_cast<std::size_t>(dimensions)),
        hnsw(std::make_unique<hnswlib::HierarchicalNSW<float>>(&space, kFirstCapacity, kLinks, kConstructionEf)) {
    hnsw->setEf(kSearchEf);
  }
  QuantizedSpace space;
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
  // The index keeps an entry's vector only as it compares it (Quantize): a global entry's in its
  // graph, a personal entry's in its item, where each lookup of its user compares it (int8
  // products, ~16x fewer instructions than floats). The entry keeps none; quantized before the
  // lock is taken.
  std::vector<char> point = Quantize(entry.vector);
  entry.vector = {};
  item->entry = std::make_shared<const AnswerEntry>(std::move(entry));

  std::unique_lock lock(mu_);
  RemoveLocked(item->entry->id);
  if (item->global) {
    Graph& graph = GraphFor(item->bucket);
    hnswlib::HierarchicalNSW<float>& hnsw = *graph.hnsw;
    if (hnsw.cur_element_count >= hnsw.max_elements_) hnsw.resizeIndex(hnsw.max_elements_ * 2);
    item->label = next_label_++;
    hnsw.addPoint(point.data(), item->label);
    graph.items.emplace(item->label, item);
  } else {
    item->point = std::move(point);
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
    std::vector<char> point = graph.hnsw->getDataByLabel<char>(label);
    fresh->addPoint(point.data(), label);
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
    out.push_back({item->entry, similarity, item->threshold.load(std::memory_order_relaxed), item->differed_at > 0});
  };
  const std::vector<char> point = Quantize(vector);
  std::shared_lock lock(mu_);
  if (auto g = graphs_.find(std::string(key)); global && g != graphs_.end()) {
    auto found = g->second->hnsw->searchKnn(point.data(), static_cast<std::size_t>(k));
    for (; !found.empty(); found.pop()) {
      auto item = g->second->items.find(found.top().second);
      if (item != g->second->items.end()) consider(item->second, 1.0f - found.top().first);
    }
  }
  if (!user_scope.empty()) {
    std::string bucket(key);
    bucket.append("\n").append(user_scope);
    if (auto p = personal_.find(bucket); p != personal_.end()) {
      const Shape shape{point.size(), vector.size()};
      for (const std::shared_ptr<Item>& item : p->second) {
        consider(item, 1.0f - QuantizedDistance(item->point.data(), point.data(), &shape));
      }
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

void AnswerIndex::Touch(std::string_view id, std::int64_t now_ms) {
  std::shared_lock lock(mu_);
  auto it = by_id_.find(std::string(id));
  if (it == by_id_.end()) return;
  it->second->last_used_ms.store(now_ms, std::memory_order_relaxed);
  if (it->second->pending_hits.fetch_add(1, std::memory_order_relaxed) == 0) {
    std::lock_guard touched(touched_mu_);
    touched_.push_back(it->first);
  }
}

std::vector<std::pair<std::string, std::uint32_t>> AnswerIndex::TakeHits() {
  std::vector<std::string> ids;
  {
    std::lock_guard touched(touched_mu_);
    ids.swap(touched_);
  }
  std::vector<std::pair<std::string, std::uint32_t>> hits;
  std::shared_lock lock(mu_);
  for (std::string& id : ids) {
    auto it = by_id_.find(id);
    if (it == by_id_.end()) continue;
    if (std::uint32_t n = it->second->pending_hits.exchange(0, std::memory_order_relaxed); n > 0) {
      hits.emplace_back(std::move(id), n);
    }
  }
  return hits;
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
