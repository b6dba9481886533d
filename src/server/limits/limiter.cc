#include "server/limits/limiter.h"

#include <algorithm>
#include <atomic>
#include <chrono>

#include "core/clock.h"
#include "core/log.h"
#include "core/metrics.h"
#include "memory/keys.h"
#include "valkey/pool.h"

namespace contrail::server::limits {

namespace asio = boost::asio;

namespace {

// A sustained rate with a burst on top.
struct Rate {
  int per_minute = 0;
  int burst = 0;
};

// GCRA over Valkey's clock (µs). KEYS[1]: the bucket (its theoretical arrival time). ARGV: the
// emission interval (µs per request) and the burst (requests at once). Returns 0 when the request
// is taken, else the µs until it would be. A refused request takes nothing.
constexpr std::string_view kTakeScript = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local tat = tonumber(redis.call('GET', KEYS[1]) or 0)
if tat < now then tat = now end
local next_tat = tat + interval
local wait = next_tat - now - interval * tonumber(ARGV[2])
if wait > 0 then return math.ceil(wait) end
redis.call('SET', KEYS[1], string.format('%.0f', next_tat), 'PX', math.ceil((next_tat - now) / 1000))
return 0
)lua";

constexpr int kQuotaKeyTtlS = 2 * 24 * 3600;  // outlives its UTC day wherever the clock is

struct LimitMetrics {
  core::Counter& key_rate;
  core::Counter& user_rate;
  core::Counter& daily_tokens;
  core::Counter& sessions;
  core::Counter& unchecked;
  static LimitMetrics& Get() {
    auto& r = core::MetricsRegistry::Global();
    const char* help = "Requests refused at a limit of [limits], by limit.";
    static LimitMetrics m{
        r.GetCounter("contrail_limits_refused_total", help, "limit=\"key_rate\""),
        r.GetCounter("contrail_limits_refused_total", help, "limit=\"user_rate\""),
        r.GetCounter("contrail_limits_refused_total", help, "limit=\"daily_tokens\""),
        r.GetCounter("contrail_limits_refused_total", help, "limit=\"sessions\""),
        r.GetCounter("contrail_limits_unchecked_total",
                     "Requests let through because Valkey could not check their limits."),
    };
    return m;
  }
};

std::string KeyBucket(std::string_view key_id) { return "rl:k:{" + std::string(key_id) + "}"; }
std::string UserBucket(std::string_view user) { return memory::UserTag(user) + ":rl"; }
std::string QuotaKey(std::string_view key_id) {
  return "quota:k:{" + std::string(key_id) + "}:" + core::DateText(core::Today());
}

// Milliseconds until the next UTC midnight, when a daily quota starts over.
int MillisToMidnight() {
  const std::int64_t day_ms = 24LL * 3600 * 1000;
  return static_cast<int>(day_ms - core::UnixMillis() % day_ms);
}

// Lets a request through unchecked; says so in the log at most every 10 s (each request counts).
core::Status LetThrough(std::string_view why) {
  LimitMetrics::Get().unchecked.Inc();
  static std::atomic<std::int64_t> next_log_ms{0};
  const std::int64_t now = core::UnixMillis();
  std::int64_t due = next_log_ms.load(std::memory_order_relaxed);
  if (now >= due && next_log_ms.compare_exchange_strong(due, now + 10'000, std::memory_order_relaxed)) {
    core::log::Warn("limits not checked: valkey unavailable (requests are let through)", {{"error", std::string(why)}});
  }
  return core::Ok();
}

// Adds to `batch` the call that takes one request from the bucket at `key` (GCRA).
void AddTake(valkey::CommandBatch& batch, std::string_view key, Rate rate) {
  const long long interval_us = std::max<long long>(1, 60'000'000LL / std::max(1, rate.per_minute));
  const std::string interval = std::to_string(interval_us);
  const std::string burst = std::to_string(std::max(1, rate.burst));
  batch.Add({"EVAL", kTakeScript, "1", key, interval, burst});
}

// Judges that call's reply: Ok when the request was taken; kRateLimited with retry_after_ms when
// the bucket is empty (counted in `refused`); Ok, let through, for anything that is not the
// script's answer (an error reply: Valkey could not check).
core::Status ReadTake(const valkey::Reply& reply, std::string_view what, core::Counter& refused) {
  if (!reply.is_integer()) return LetThrough(reply.is_error() ? reply.str : "unexpected reply");
  if (reply.integer == 0) return core::Ok();
  refused.Inc();
  core::Error e(core::Code::kRateLimited, "rate limit of " + std::string(what) + " reached; retry later");
  e.retry_after_ms = static_cast<int>(std::min<long long>((reply.integer + 999) / 1000, 3'600'000));
  return e;
}

}  // namespace

Limiter::Limiter(const core::Config& config, valkey::Pool& valkey) : config_(config), valkey_(valkey) {}

long long Limiter::DailyTokenLimit(const auth::Principal& caller) const {
  if (caller.key_id.empty()) return 0;
  return caller.daily_tokens > 0 ? caller.daily_tokens : config_.limits.daily_tokens_per_key;
}

asio::awaitable<core::Status> Limiter::AdmitRequest(const auth::Principal& caller) {
  const Rate rate{config_.limits.key_requests_per_minute, config_.limits.key_burst};
  if (caller.key_id.empty() || rate.per_minute <= 0) co_return core::Ok();
  valkey::CommandBatch batch;
  AddTake(batch, KeyBucket(caller.key_id), rate);
  auto replies = co_await valkey_.Execute(std::move(batch));
  if (!replies) co_return LetThrough(replies.error().message);
  co_return ReadTake((*replies)[0], "this API key", LimitMetrics::Get().key_rate);
}

asio::awaitable<core::Status> Limiter::AdmitTurn(const auth::Principal& caller, std::string_view user,
                                                 std::string_view session) {
  valkey::CommandBatch batch;
  const TurnChecks checks = PlanTurn(caller, user, session, batch);
  if (checks.commands == 0) co_return core::Ok();
  auto replies = co_await valkey_.Execute(std::move(batch));
  co_return ReadTurn(checks, replies ? &*replies : nullptr);
}

Limiter::TurnChecks Limiter::PlanTurn(const auth::Principal& caller, std::string_view user, std::string_view session,
                                      valkey::CommandBatch& batch) const {
  const core::LimitsConfig& l = config_.limits;
  TurnChecks checks;
  checks.user = std::string(user);
  checks.user_rate = !user.empty() && l.user_turns_per_minute > 0;
  checks.daily_tokens = DailyTokenLimit(caller);
  checks.sessions = !user.empty() && !session.empty() && l.max_sessions_per_user > 0;
  const int before = batch.count();
  if (checks.user_rate) AddTake(batch, UserBucket(user), Rate{l.user_turns_per_minute, l.user_burst});
  if (checks.daily_tokens > 0) batch.Add({"GET", QuotaKey(caller.key_id)});
  if (checks.sessions) {
    // Live sessions: those whose last turn is within the TTL (expired ones linger until trimmed).
    const std::int64_t live_since = core::UnixMillis() - std::int64_t{config_.chat.session_ttl_s} * 1000;
    const std::string key = memory::SessionsKey(user);
    batch.Add({"ZSCORE", key, session});
    batch.Add({"ZCOUNT", key, "(" + std::to_string(live_since), "+inf"});
  }
  checks.commands = batch.count() - before;
  return checks;
}

core::Status Limiter::ReadTurn(const TurnChecks& checks, const std::vector<valkey::Reply>* replies) const {
  if (checks.commands == 0) return core::Ok();
  if (replies == nullptr || replies->size() < static_cast<std::size_t>(checks.commands)) {
    return LetThrough("no reply");
  }
  std::size_t i = 0;
  if (checks.user_rate) {
    CONTRAIL_TRY_STATUS(ReadTake((*replies)[i++], "user " + checks.user, LimitMetrics::Get().user_rate));
  }
  if (checks.daily_tokens > 0) {
    const valkey::Reply& used = (*replies)[i++];
    if (used.is_string() && std::atoll(used.str.c_str()) >= checks.daily_tokens) {
      LimitMetrics::Get().daily_tokens.Inc();
      core::Error e(core::Code::kQuotaExceeded,
                    "this API key used its " + std::to_string(checks.daily_tokens) + " tokens for today (UTC)");
      e.retry_after_ms = MillisToMidnight();
      return e;
    }
  }
  if (checks.sessions) return SessionCap(checks, (*replies)[i + 1], (*replies)[i].is_string());
  return core::Ok();
}

core::Status Limiter::ReadNewSession(const TurnChecks& checks, const std::vector<valkey::Reply>* replies) const {
  if (!checks.sessions || replies == nullptr || replies->size() < static_cast<std::size_t>(checks.commands)) {
    return core::Ok();  // no cap, or Valkey did not answer: let through, as ReadTurn does
  }
  // The session checks are the last two of the turn's: ZSCORE, then ZCOUNT.
  return SessionCap(checks, (*replies)[static_cast<std::size_t>(checks.commands) - 1], /*held=*/false);
}

core::Status Limiter::SessionCap(const TurnChecks& checks, const valkey::Reply& live, bool held) const {
  if (held || !live.is_integer() || live.integer < config_.limits.max_sessions_per_user) return core::Ok();
  LimitMetrics::Get().sessions.Inc();
  return core::Error(core::Code::kQuotaExceeded,
                     "user " + checks.user + " holds " + std::to_string(live.integer) +
                         " sessions, the most allowed; delete one (DELETE /v1/sessions/{id}/messages) "
                         "or let it expire",
                     "session");
}

void Limiter::Charge(const auth::Principal& caller, long long tokens) {
  if (tokens <= 0 || DailyTokenLimit(caller) <= 0) return;
  const std::string key = QuotaKey(caller.key_id);
  valkey::CommandBatch batch;
  batch.Add({"INCRBY", key, std::to_string(tokens)});
  batch.Add({"EXPIRE", key, std::to_string(kQuotaKeyTtlS)});
  valkey_.Submit(std::move(batch), [](core::Result<valkey::Replies>) {});
}

}  // namespace contrail::server::limits
