#pragma once
// A bounded map that forgets the least recently used entry first: the in-process front of a cache
// (embed's VectorLru, cache's RetrievalCache). Thread-safe; values are copied out, so keep them
// small or behind a shared_ptr.
//
//   core::Lru<int> lru(2);
//   lru.Put("a", 1); lru.Put("b", 2); lru.Get("a"); lru.Put("c", 3);   // "b" goes

#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace contrail::core {

template <typename V>
class Lru {
 public:
  // At most `capacity` entries; 0 keeps none.
  explicit Lru(std::size_t capacity) : capacity_(capacity) {}

  // The value under `key`, now the most recently used; nullopt when there is none.
  std::optional<V> Get(const std::string& key) {
    std::lock_guard lock(mu_);
    auto it = index_.find(key);
    if (it == index_.end()) return std::nullopt;
    order_.splice(order_.begin(), order_, it->second);
    return it->second->second;
  }

  // Stores `value` under `key` as the most recently used, evicting the least recently used past
  // the capacity.
  void Put(const std::string& key, V value) {
    if (capacity_ == 0) return;
    std::lock_guard lock(mu_);
    if (auto it = index_.find(key); it != index_.end()) {
      it->second->second = std::move(value);
      order_.splice(order_.begin(), order_, it->second);
      return;
    }
    order_.emplace_front(key, std::move(value));
    index_.emplace(order_.front().first, order_.begin());
    if (order_.size() > capacity_) {
      index_.erase(order_.back().first);
      order_.pop_back();
    }
  }

  void Erase(const std::string& key) {
    std::lock_guard lock(mu_);
    if (auto it = index_.find(key); it != index_.end()) {
      order_.erase(it->second);
      index_.erase(it);
    }
  }

  std::size_t size() const {
    std::lock_guard lock(mu_);
    return order_.size();
  }

 private:
  using Entry = std::pair<std::string, V>;
  std::size_t capacity_;
  mutable std::mutex mu_;
  std::list<Entry> order_;  // most recent first; guarded by mu_
  std::unordered_map<std::string_view, typename std::list<Entry>::iterator> index_;  // keys view order_
};

}  // namespace contrail::core
