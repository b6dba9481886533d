#pragma once
// What the semantic cache's benchmarks share (bench_cache_quality.cc, bench_cache_replay.cc): the
// dev set's groups (bench/data/README-cache.md) and a client that asks a running server and reads
// what its cache did from the response headers.

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "cli/cli_support.h"
#include "core/result.h"

namespace contrail::cli {

struct CacheGroup {
  std::string id, kind;  // kind: "paraphrases" or the near miss's
  std::vector<std::string> questions;
};

// Every group of a dev set; kInvalidArgument naming the line that is not one.
core::Result<std::vector<CacheGroup>> ReadCacheGroups(const std::string& path);

// What the cache did with one question.
struct CacheAsk {
  bool hit = false;
  std::string entry;      // X-Cache-Entry: the entry served, or the one the miss stored
  double similarity = 0;  // the hit's, or the nearest entry's
  std::string rejected;   // the slot that turned a similar entry away
  std::string answer;
};

class CacheClient {
 public:
  CacheClient(ServerAddress server, std::string model) : server_(std::move(server)), model_(std::move(model)) {}

  // Asks `text` as `user` in `session` (either may be empty); a 429 is waited out. `bypass` sends
  // Cache-Control: no-cache, no-store: the answer the model gives, the cache neither read nor written.
  boost::asio::awaitable<core::Result<CacheAsk>> Chat(const std::string& text, const std::string& user = {},
                                                      const std::string& session = {}, bool bypass = false) const;
  boost::asio::awaitable<core::Status> PutProfile(const std::string& user, const boost::json::object& profile) const;
  // DELETE /v1/cache?all=true (an admin key).
  boost::asio::awaitable<core::Status> Clear() const;
  // GET /v1/cache/stats.
  boost::asio::awaitable<core::Result<boost::json::object>> Stats() const;

 private:
  boost::asio::awaitable<core::Result<std::string>> Send(const char* method, const std::string& path, std::string body,
                                                         std::vector<std::pair<std::string, std::string>>* headers,
                                                         bool bypass = false) const;

  ServerAddress server_;
  std::string model_;
};

// `--replay N` (bench_cache_replay.cc): N requests of a generated traffic log from the groups,
// through a cleared cache; prints hits and false hits by kind and the time saved.
boost::asio::awaitable<core::Result<int>> ReplayCacheLog(const CacheClient& client,
                                                         const std::vector<CacheGroup>& groups, int count);

}  // namespace contrail::cli
