#include "cache/cache_sync.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <unordered_set>

#include "core/clock.h"
#include "core/log.h"
#include "valkey/command.h"

namespace contrail::cache {

namespace asio = boost::asio;

namespace {

constexpr auto kBlock = std::chrono::milliseconds(1000);         // one XREAD BLOCK
constexpr auto kReadTimeout = std::chrono::milliseconds(3000);   // … and how long it may take
constexpr auto kRetryPause = std::chrono::milliseconds(500);     // after an error, before the rebuild
constexpr std::int64_t kSweepEveryMs = 5'000;                    // expired entries leave the index
constexpr std::string_view kLoadBatch = "500";                   // SCAN COUNT and XREAD COUNT

asio::awaitable<void> Sleep(std::chrono::milliseconds d) {
  asio::steady_timer timer(co_await asio::this_coro::executor, d);
  co_await timer.async_wait(asio::use_awaitable);
}

// A stream record's fields as a small map.
std::string Field(const valkey::Reply& fields, std::string_view name) {
  for (std::size_t i = 0; i + 1 < fields.elements.size(); i += 2) {
    if (fields.elements[i].str == name) return fields.elements[i + 1].str;
  }
  return {};
}

}  // namespace

CacheSync::CacheSync(SemanticCache& cache, asio::any_io_executor executor, valkey::ConnectionOptions options)
    : cache_(cache), executor_(executor), valkey_(executor, std::move(options), 1) {}

CacheSync::~CacheSync() { Close(); }

void CacheSync::Start() {
  valkey_.Start();
  asio::co_spawn(executor_, Loop(closed_), core::log::ExceptionLogger("semantic cache sync"));
}

void CacheSync::Close() {
  if (*closed_) return;
  *closed_ = true;
  cache_.SetInSync(false);
  valkey_.Close();
}

asio::awaitable<void> CacheSync::Loop(std::shared_ptr<bool> closed) {
  bool warned = false;
  while (!*closed) {
    std::string last_id;
    core::Status status = co_await Rebuild(last_id);
    if (status && !*closed) {
      cache_.SetInSync(true);
      if (warned) core::log::Info("semantic cache in sync again", {{"entries", cache_.index().size()}});
      warned = false;
      status = co_await Tail(last_id, closed);
    }
    if (*closed) co_return;
    cache_.SetInSync(false);
    if (!warned) {
      core::log::Warn("semantic cache out of sync: lookups bypass it until Valkey answers",
                      {{"error", status ? std::string("closed") : status.error().message}});
      warned = true;
    }
    co_await Sleep(kRetryPause);
  }
}

asio::awaitable<core::Status> CacheSync::Rebuild(std::string& last_id) {
  valkey::CommandBatch tail;
  tail.Add({"XREVRANGE", kLogKey, "+", "-", "COUNT", "1"});
  CONTRAIL_CO_TRY(valkey::Replies end, co_await valkey_.Execute(std::move(tail), kReadTimeout));
  last_id = end[0].is_array() && !end[0].elements.empty() ? end[0].elements[0].elements[0].str : "0-0";
  std::unordered_set<std::string> seen;
  std::string cursor = "0";
  do {
    valkey::CommandBatch scan;
    scan.Add({"SCAN", cursor, "MATCH", "sc:e:*", "COUNT", kLoadBatch});
    CONTRAIL_CO_TRY(valkey::Replies r, co_await valkey_.Execute(std::move(scan), kReadTimeout));
    if (!r[0].is_array() || r[0].elements.size() != 2) co_return core::Error(core::Code::kUpstream, "valkey: bad SCAN reply");
    cursor = r[0].elements[0].str;
    std::vector<std::string> ids;
    for (const valkey::Reply& key : r[0].elements[1].elements) ids.push_back(key.str.substr(5));  // "sc:e:"
    CONTRAIL_CO_TRY_STATUS(co_await Load(ids));
    seen.insert(ids.begin(), ids.end());
  } while (cursor != "0");
  for (const std::string& id : cache_.index().Ids()) {
    if (!seen.contains(id)) cache_.ApplyRemove(id);  // deleted while this instance was not following
  }
  co_return core::Ok();
}

asio::awaitable<core::Status> CacheSync::Load(const std::vector<std::string>& ids) {
  if (ids.empty()) co_return core::Ok();
  valkey::CommandBatch batch;
  for (const std::string& id : ids) batch.Add({"HGETALL", EntryKey(id)});
  CONTRAIL_CO_TRY(valkey::Replies entries, co_await valkey_.Execute(std::move(batch), kReadTimeout));
  for (const valkey::Reply& reply : entries) {
    if (std::optional<AnswerEntry> entry = ParseEntry(reply)) cache_.ApplyPut(std::move(*entry));
  }
  co_return core::Ok();
}

asio::awaitable<core::Status> CacheSync::Tail(std::string& last_id, const std::shared_ptr<bool>& closed) {
  std::int64_t next_sweep_ms = core::UnixMillis() + kSweepEveryMs;
  const std::string block = std::to_string(kBlock.count());
  while (!*closed) {
    valkey::CommandBatch read;
    read.Add({"XREAD", "COUNT", kLoadBatch, "BLOCK", block, "STREAMS", kLogKey, last_id});
    CONTRAIL_CO_TRY(valkey::Replies r, co_await valkey_.Execute(std::move(read), kReadTimeout));
    if (r[0].is_error()) co_return valkey::ReplyError(r[0]);
    std::vector<std::string> puts;
    if (r[0].is_array() && !r[0].elements.empty()) {
      // Removals in order now; puts read their entries afterwards, as they are after all of them.
      for (const valkey::Reply& record : r[0].elements[0].elements[1].elements) {
        last_id = record.elements[0].str;
        const valkey::Reply& fields = record.elements[1];
        if (Field(fields, "from") == cache_.instance()) continue;
        const std::string op = Field(fields, "op");
        if (op == "put") {
          puts.push_back(Field(fields, "id"));
        } else if (op == "del") {
          cache_.ApplyRemove(Field(fields, "id"));
        } else if (op == "tag") {
          cache_.ApplyTag(Field(fields, "tag"));
        } else if (op == "all") {
          cache_.ApplyAll();
        }
      }
    }
    CONTRAIL_CO_TRY_STATUS(co_await Load(puts));
    co_await cache_.FlushHits(valkey_);
    if (const std::int64_t now = core::UnixMillis(); now >= next_sweep_ms) {
      for (const std::string& id : cache_.index().ExpiredAt(now)) cache_.ApplyRemove(id);
      next_sweep_ms = now + kSweepEveryMs;
    }
  }
  co_return core::Ok();
}

}  // namespace contrail::cache
