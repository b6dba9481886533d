#include "cache/tool_cache.h"

#include "cache/canonical_json.h"
#include "core/metrics.h"
#include "valkey/pool.h"

namespace contrail::cache {

namespace asio = boost::asio;

namespace {

struct ToolCacheCounters {
  core::Counter& hits;
  core::Counter& misses;
  core::Counter& shared;
  core::Counter& errors;
};

ToolCacheCounters& Counters() {
  static ToolCacheCounters c = [] {
    auto& r = core::MetricsRegistry::Global();
    const char* lookups = "contrail_tool_cache_lookups_total";
    const char* help = "Tool-result cache lookups by result (shared: answered by a concurrent identical call).";
    return ToolCacheCounters{r.GetCounter(lookups, help, "result=\"hit\""), r.GetCounter(lookups, help, "result=\"miss\""),
                             r.GetCounter(lookups, help, "result=\"shared\""),
                             r.GetCounter("contrail_tool_cache_errors_total", "Tool-result cache reads or writes Valkey failed.")};
  }();
  return c;
}

}  // namespace

std::string ToolResultCache::Key(std::string_view tool, std::string_view canonical_args) {
  return "tc:" + std::string(tool) + ":" + KeyHash(canonical_args);
}

asio::awaitable<core::Result<ToolResult>> ToolResultCache::GetOrCall(std::string_view tool,
                                                                     std::string_view canonical_args,
                                                                     std::chrono::seconds ttl, SingleFlight::Call call) {
  ToolCacheCounters& counters = Counters();
  const std::string key = Key(tool, canonical_args);
  valkey::CommandBatch read;
  read.Add({"GET", key});
  auto cached = co_await valkey_.Execute(std::move(read), options_.valkey_timeout);
  if (cached && cached->size() == 1 && (*cached)[0].is_string()) {
    counters.hits.Inc();
    co_return ToolResult{std::move((*cached)[0].str), ToolResultSource::kCache};
  }
  const bool valkey_ok = cached && cached->size() == 1 && !(*cached)[0].is_error();
  if (!valkey_ok) counters.errors.Inc();
  bool shared = false;
  core::Result<std::string> value = co_await flights_.Do(key, std::move(call), &shared);
  (shared ? counters.shared : counters.misses).Inc();
  if (!value) co_return value.error();
  // Only the caller that ran the tool stores it; behind the reply: a failed write costs a later miss.
  if (!shared && valkey_ok && ttl.count() > 0) {
    valkey::CommandBatch write;
    const std::string seconds = std::to_string(ttl.count());
    write.Add({"SET", key, *value, "EX", seconds});
    valkey_.Submit(std::move(write), [](core::Result<valkey::Replies> r) {
      if (!r || r->empty() || (*r)[0].is_error()) Counters().errors.Inc();
    });
  }
  co_return ToolResult{std::move(*value), shared ? ToolResultSource::kShared : ToolResultSource::kCalled};
}

}  // namespace contrail::cache
