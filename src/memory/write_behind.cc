#include "memory/write_behind.h"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/log.h"
#include "core/metrics.h"
#include "memory/durable_write.h"
#include "memory/event_stream.h"
#include "memory/keys.h"
#include "valkey/pool.h"

namespace contrail::memory {

namespace asio = boost::asio;

struct WriteBehind::Attempt {
  SessionUpdate update;
  int tries = 0;
};

namespace {

// Stores one turn, once and in order. The session's last stored turn, "BEGAN_MS REQUEST_ID" (or a
// bare request id, as stored before), guards against a retry applying a turn twice (its first
// attempt may have been applied although its reply was lost) and against a late write (a retry,
// a write queued while reconnecting) landing after a turn of the session that began later. The
// user's session set (keys.h: SessionsKey) gets this session at Valkey's time, loses the sessions
// idle past the TTL, and lives as long as its newest session. A turn that seeds its session with
// a copied history (SessionUpdate::copied: a response chain's second response) is stored only in
// a session nobody seeded meanwhile: two continuations of one response racing would otherwise
// interleave their histories in one list (the one not stored is continued from its records).
// KEYS: messages, state, last turn, the user's sessions. ARGV: request id, window, ttl, state (""
// keeps the stored state and refreshes its TTL), began ms, session id, "1" for a seed ("0"
// otherwise), then the messages. Returns 1 when stored now, 0 when it was, -1 when a later turn
// was stored first, -2 when a seed found the session seeded (in both, this one is not stored).
constexpr std::string_view kStoreTurnScript = R"lua(
local last = redis.call('GET', KEYS[3])
if last then
  local began, id = string.match(last, '^(%d+) (.+)$')
  if (id or last) == ARGV[1] then return 0 end
  if ARGV[7] == '1' then return -2 end
  if began and tonumber(began) > tonumber(ARGV[5]) then return -1 end
end
local ttl = ARGV[3]
if #ARGV > 7 then
  redis.call('RPUSH', KEYS[1], unpack(ARGV, 8))
  redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1)
  redis.call('EXPIRE', KEYS[1], ttl)
end
if ARGV[4] ~= '' then redis.call('SET', KEYS[2], ARGV[4], 'EX', ttl) else redis.call('EXPIRE', KEYS[2], ttl) end
redis.call('SET', KEYS[3], ARGV[5] .. ' ' .. ARGV[1], 'EX', ttl)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[4], now, ARGV[6])
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now - tonumber(ttl) * 1000)
redis.call('EXPIRE', KEYS[4], ttl)
return 1
)lua";

// The script's answer when a turn of the session that began later was stored first.
constexpr long long kSuperseded = -1;

struct WriteBehindMetrics {
  core::Counter& saved;
  core::Counter& retried;
  core::Counter& failed;
  core::Counter& superseded;
  static WriteBehindMetrics& Get() {
    auto& r = core::MetricsRegistry::Global();
    static WriteBehindMetrics m{
        r.GetCounter("contrail_write_behind_saved_total", "Turns Valkey confirmed it stored."),
        r.GetCounter("contrail_write_behind_retries_total", "Turn writes retried after a failure."),
        r.GetCounter("contrail_write_behind_failed_total",
                     "Turns not known to be stored after every retry (logged with their request id)."),
        r.GetCounter("contrail_write_behind_superseded_total",
                     "Turns not stored because a turn of their session that began later was stored first."),
    };
    return m;
  }
};

// Backoff before retry n (1-based): 50 ms doubling, at most 2 s: long enough for Valkey to restart
// within the retries.
std::chrono::milliseconds Backoff(int n) { return std::min(std::chrono::milliseconds(50 << std::min(n - 1, 6)),
                                                           std::chrono::milliseconds(2'000)); }

// The script's reply, or the first error among the batch's replies (an event XADD that failed
// makes the whole turn's write retry: the script's part is idempotent, the events are by id).
valkey::Reply FirstErrorOrScript(valkey::Replies replies) {
  for (valkey::Reply& r : replies) {
    if (r.is_error()) return std::move(r);
  }
  return std::move(replies[0]);
}

}  // namespace

std::optional<Durability> ParseDurability(std::string_view name) {
  if (name == "acked") return Durability::kAcked;
  if (name == "aof") return Durability::kAof;
  if (name == "async") return Durability::kAsync;
  return std::nullopt;
}

WriteBehind::WriteBehind(asio::any_io_executor executor, valkey::Pool& pool, WriteBehindOptions options)
    : executor_(std::move(executor)), pool_(pool), options_(options) {}

valkey::CommandBatch WriteBehind::Batch(const SessionUpdate& u) const {
  valkey::CommandBatch batch;
  if (u.history) {
    std::vector<std::string> args = {"EVAL", std::string(kStoreTurnScript), "4", MessagesKey(u.user, u.session),
                                     StateKey(u.user, u.session), LastTurnKey(u.user, u.session),
                                     SessionsKey(u.user), u.request_id, std::to_string(options_.window),
                                     std::to_string(options_.ttl_seconds), u.session_state.value_or(""),
                                     std::to_string(u.began_ms), u.session, u.copied > 0 ? "1" : "0"};
    args.reserve(args.size() + u.messages.size());
    for (const StoredMessage& m : u.messages) args.push_back(EncodeMessage(m));
    batch.Add(std::span<const std::string>(args));
  }
  const std::span<const StoredMessage> said = std::span<const StoredMessage>(u.messages).subspan(
      std::min(u.copied, u.messages.size()));
  if (options_.event_partitions > 0 && !said.empty()) {
    AppendTurnEntry(batch, u.user, u.session, u.request_id, u.began_ms, said, options_.event_partitions);
  }
  for (const std::vector<std::string>& command : u.also) batch.Add(std::span<const std::string>(command));
  return batch;
}

asio::awaitable<SaveOutcome> WriteBehind::Save(SessionUpdate update) {
  in_flight_.fetch_add(1);
  auto attempt = std::make_shared<Attempt>(Attempt{std::move(update), 0});
  if (options_.durability == Durability::kAsync) {
    Submit(std::move(attempt), /*corked=*/true);
    // The connection posted its flush (now or earlier in this pass); handlers posted from one
    // thread run in order, so this coroutine resumes after that send().
    co_await asio::post(executor_, asio::use_awaitable);
    co_return SaveOutcome::kSent;
  }
  core::Result<valkey::Reply> reply = core::Internal("not run");
  if (options_.durability == Durability::kAof) {
    reply = co_await ExecuteDurably(pool_, Batch(attempt->update), options_.aof_timeout);
  } else {
    auto replies = co_await pool_.Execute(Batch(attempt->update));
    reply = replies ? core::Result<valkey::Reply>(FirstErrorOrScript(std::move(*replies)))
                    : core::Result<valkey::Reply>(replies.error());
  }
  if (reply && !reply->is_error()) {
    if (Superseded(*attempt, *reply)) co_return SaveOutcome::kNotConfirmed;
    WriteBehindMetrics::Get().saved.Inc();
    in_flight_.fetch_sub(1);
    co_return SaveOutcome::kStored;
  }
  Retry(std::move(attempt), reply ? reply->str : reply.error().message);
  co_return SaveOutcome::kNotConfirmed;
}

bool WriteBehind::Superseded(const Attempt& attempt, const valkey::Reply& reply) {
  if (!reply.is_integer() || reply.integer != kSuperseded) return false;
  WriteBehindMetrics::Get().superseded.Inc();
  in_flight_.fetch_sub(1);
  core::log::Warn("turn not stored: a later turn of its session was stored first",
                  {{"request_id", attempt.update.request_id},
                   {"user", attempt.update.user},
                   {"session", attempt.update.session},
                   {"tries", std::to_string(attempt.tries)}});
  return true;
}

void WriteBehind::Submit(std::shared_ptr<Attempt> attempt, bool corked) {
  valkey::CommandBatch batch = Batch(attempt->update);
  pool_.Submit(std::move(batch), [this, attempt](core::Result<valkey::Replies> result) {
    if (!result) return Retry(attempt, result.error().message);
    const valkey::Reply reply = FirstErrorOrScript(std::move(*result));
    if (reply.is_error()) return Retry(attempt, reply.str);
    if (Superseded(*attempt, reply)) return;
    WriteBehindMetrics::Get().saved.Inc();
    in_flight_.fetch_sub(1);
  }, corked ? valkey::Connection::Send::kSoon : valkey::Connection::Send::kNow);
}

void WriteBehind::Retry(std::shared_ptr<Attempt> attempt, const std::string& error) {
  auto& metrics = WriteBehindMetrics::Get();
  if (++attempt->tries > options_.retries) {
    metrics.failed.Inc();
    in_flight_.fetch_sub(1);
    core::log::Error("turn not stored", {{"request_id", attempt->update.request_id},
                                         {"user", attempt->update.user},
                                         {"session", attempt->update.session},
                                         {"error", error}});
    return;
  }
  metrics.retried.Inc();
  const auto delay = Backoff(attempt->tries);
  asio::co_spawn(
      executor_,
      [this, attempt, delay]() -> asio::awaitable<void> {
        asio::steady_timer timer(co_await asio::this_coro::executor, delay);
        co_await timer.async_wait(asio::use_awaitable);
        Submit(attempt, /*corked=*/false);
      },
      core::log::ExceptionLogger("write-behind retry"));
}

}  // namespace contrail::memory
