#pragma once
// The tool-result cache (DESIGN.md's `tc:TOOL:HASH`): cache-aside in Valkey for read-only tools
// and lookups, so a repeated call costs a Valkey round trip instead of the tool. The key is the
// tool's name and a hash of its arguments as canonical JSON (canonical_json.h), so arguments that
// differ only in member order or spacing share an entry. Concurrent identical misses call the tool
// once across the process's I/O threads (single_flight.h). A Valkey failure is a miss, never an
// error of the call: the tool answers, and its result is not stored. A tool's error is returned and
// never cached.
//
//   ToolResultCache tools(valkey_pool, flights, {});
//   auto r = co_await tools.GetOrCall("live_facts", args_json, std::chrono::seconds{60},
//                                     [&]() -> asio::awaitable<core::Result<std::string>> { … });
//   r->value; r->source == ToolResultSource::kCache;
//
// One per I/O thread (its Valkey pool is); the SingleFlight is shared.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <string>
#include <string_view>

#include "cache/single_flight.h"
#include "core/result.h"

namespace contrail::valkey {
class Pool;
}

namespace contrail::cache {

enum class ToolResultSource {
  kCache,   // read from Valkey
  kCalled,  // this call ran the tool
  kShared,  // another caller's concurrent call ran it (single-flight)
};

struct ToolResult {
  std::string value;
  ToolResultSource source = ToolResultSource::kCalled;
};

struct ToolCacheOptions {
  std::chrono::milliseconds valkey_timeout{50};  // a slower Valkey read is a miss
};

class ToolResultCache {
 public:
  ToolResultCache(valkey::Pool& valkey, SingleFlight& flights, ToolCacheOptions options)
      : valkey_(valkey), flights_(flights), options_(options) {}

  // "tc:" + tool + ":" + KeyHash(canonical_args). `tool` is [a-z0-9_]{1,64}.
  static std::string Key(std::string_view tool, std::string_view canonical_args);

  // The cached result of `tool` for `canonical_args` (CanonicalJson of the arguments), else
  // `call`'s, stored for `ttl` behind the reply (ttl 0: never stored). Errors are `call`'s.
  boost::asio::awaitable<core::Result<ToolResult>> GetOrCall(std::string_view tool, std::string_view canonical_args,
                                                             std::chrono::seconds ttl, SingleFlight::Call call);

 private:
  valkey::Pool& valkey_;
  SingleFlight& flights_;
  ToolCacheOptions options_;
};

}  // namespace contrail::cache
