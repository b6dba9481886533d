#pragma once
// Keeps a process's SemanticCache index in step with Valkey, so that any number of contrail
// instances serve the same entries (DESIGN.md §6):
//   1. rebuild: note where sc:log ends, then load every sc:e:* entry (SCAN + pipelined HGETALL);
//   2. tail: XREAD BLOCK on sc:log from that point, applying other instances' records (put: read
//      the entry; del, tag, all: remove) — an entry written through one instance is served by the
//      others within one XREAD round trip;
//   3. on any Valkey error: the cache is marked out of sync (turns bypass it: an invalidation may
//      have been missed), and after a pause everything is rebuilt.
// Entries that expired are swept from the index as the tail goes.
//
// Runs on one executor over a connection of its own (a blocking XREAD would stall a shared
// pipeline). Start() once; Close() or destruction stops it.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <memory>
#include <string>

#include "cache/semantic_cache.h"
#include "core/result.h"
#include "valkey/pool.h"

namespace contrail::cache {

class CacheSync {
 public:
  CacheSync(SemanticCache& cache, boost::asio::any_io_executor executor, valkey::ConnectionOptions options);
  ~CacheSync();
  CacheSync(const CacheSync&) = delete;
  CacheSync& operator=(const CacheSync&) = delete;

  void Start();
  void Close();

 private:
  boost::asio::awaitable<void> Loop(std::shared_ptr<bool> closed);
  // Loads every entry; `last_id` is where sc:log ended before the load began.
  boost::asio::awaitable<core::Status> Rebuild(std::string& last_id);
  // Applies sc:log records after `last_id` until an error.
  boost::asio::awaitable<core::Status> Tail(std::string& last_id, const std::shared_ptr<bool>& closed);
  // Reads the entries `ids` and indexes the ones that exist.
  boost::asio::awaitable<core::Status> Load(const std::vector<std::string>& ids);

  SemanticCache& cache_;
  boost::asio::any_io_executor executor_;
  valkey::Pool valkey_;
  std::shared_ptr<bool> closed_ = std::make_shared<bool>(false);
};

}  // namespace contrail::cache
