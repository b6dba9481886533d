#pragma once
// What one caller may use (config [limits]), kept in Valkey so that every contrail instance
// enforces the same budget:
//
//   per API key   every authenticated request, at key_requests_per_minute with key_burst on top
//   per user      chat turns (and a user key's embedding calls), at user_turns_per_minute, user_burst
//   per key, day  model tokens (daily_tokens_per_key, or the key's own limit)
//   per user      live sessions (max_sessions_per_user): a turn may not open one more
//
// Rates are GCRA (the generic cell rate algorithm): one key per bucket holding the theoretical
// arrival time, updated by one script that reads Valkey's clock, so instances need no clock
// agreement and a check is one round trip. Each bucket is its own script call (a bucket's keys may
// live on different cluster nodes); the calls of one check are pipelined.
//
// When Valkey cannot answer, a check lets the request through (counted in
// contrail_limits_unchecked_total): the limits protect capacity, and refusing everyone while
// Valkey restarts would be the outage they exist to prevent.
//
// Not thread-safe: one Limiter per I/O thread, used on that thread (Services).

#include <boost/asio/awaitable.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/result.h"
#include "server/auth/principal.h"

namespace contrail::valkey {
class Pool;
class CommandBatch;
struct Reply;
}

namespace contrail::server::limits {

class Limiter {
 public:
  // config.limits, and chat.session_ttl_s (when a session stops counting as live).
  Limiter(const core::Config& config, valkey::Pool& valkey);

  // Every authenticated request: the caller's key's request rate. Ok when authentication is off.
  boost::asio::awaitable<core::Status> AdmitRequest(const auth::Principal& caller);

  // A chat turn or an embeddings call for `user`: the user's rate, the key's tokens for today and,
  // when `session` is not empty, the user's session cap (a session the user holds already is never
  // refused). One round trip. Errors: kRateLimited (with retry_after_ms), kQuotaExceeded.
  boost::asio::awaitable<core::Status> AdmitTurn(const auth::Principal& caller, std::string_view user,
                                                 std::string_view session);

  // The same checks in two halves, for a caller that sends them in a batch of its own (the chat
  // turn, with its context read): PlanTurn adds the commands to `batch`, ReadTurn judges their
  // replies (nullptr: Valkey did not answer, and the turn is let through).
  struct TurnChecks {
    std::string user;
    bool user_rate = false;
    long long daily_tokens = 0;
    bool sessions = false;
    int commands = 0;  // how many replies ReadTurn reads
  };
  TurnChecks PlanTurn(const auth::Principal& caller, std::string_view user, std::string_view session,
                      valkey::CommandBatch& batch) const;
  core::Status ReadTurn(const TurnChecks& checks, const std::vector<valkey::Reply>* replies) const;
  // For a turn that moved to a new session of its own after PlanTurn (a forked Responses chain):
  // the session cap, judged from the same replies as for a session the user does not hold.
  core::Status ReadNewSession(const TurnChecks& checks, const std::vector<valkey::Reply>* replies) const;

  // Adds `tokens` to the key's count for today (UTC), when the key has a daily limit. Not awaited:
  // a lost count errs for the caller. The check comes before the model, so the turn that crosses
  // the limit completes; the next is refused.
  void Charge(const auth::Principal& caller, long long tokens);

  // The key's daily token limit: its own, else daily_tokens_per_key; 0 = none.
  long long DailyTokenLimit(const auth::Principal& caller) const;

 private:
  // The session cap: kQuotaExceeded when the session is not `held` and the user's `live` sessions
  // (the ZCOUNT reply) reach it.
  core::Status SessionCap(const TurnChecks& checks, const valkey::Reply& live, bool held) const;

  const core::Config& config_;
  valkey::Pool& valkey_;
};

}  // namespace contrail::server::limits
