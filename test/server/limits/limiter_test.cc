// The limits of [limits] against a real Valkey: GCRA rates per key and per user shared by two
// instances, daily token quotas, the session cap, and letting requests through when Valkey is down.

#include "server/limits/limiter.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "memory/keys.h"
#include "memory/write_behind.h"
#include "support/async.h"
#include "support/valkey_server.h"
#include "valkey/pool.h"

namespace contrail::server::limits {
namespace {

namespace asio = boost::asio;

class LimiterTest : public ::testing::Test {
 protected:
  LimiterTest()
      : a_pool_(io_.get_executor(), Options(), 1), b_pool_(io_.get_executor(), Options(), 1),
        a_(config_, a_pool_), b_(config_, b_pool_) {
    config_.limits = core::LimitsConfig{};
    a_pool_.Start();
    b_pool_.Start();
    Connect();
  }
  ~LimiterTest() override {
    a_pool_.Close();
    b_pool_.Close();
  }
  valkey::ConnectionOptions Options() {
    valkey::ConnectionOptions o;
    o.port = server_.port();
    o.command_timeout = std::chrono::milliseconds(1000);
    o.max_backoff = std::chrono::milliseconds(50);
    return o;
  }
  // Runs the io_context until both pools are up (each connects in the background).
  void Connect() {
    for (int i = 0; i < 400 && (a_pool_.connected() == 0 || b_pool_.connected() == 0); ++i) io_.run_for(std::chrono::milliseconds(5));
    ASSERT_GT(a_pool_.connected(), 0);
    ASSERT_GT(b_pool_.connected(), 0);
  }
  core::Status Request(Limiter& l, const auth::Principal& p) { return test::RunAsync(io_, l.AdmitRequest(p)); }
  core::Status Turn(Limiter& l, const auth::Principal& p, std::string user, std::string session = "") {
    return test::RunAsync(io_, l.AdmitTurn(p, user, session));
  }
  // How many of `n` back-to-back requests alternating between the two instances are admitted.
  int AdmittedRequests(const auth::Principal& p, int n) {
    int ok = 0;
    for (int i = 0; i < n; ++i) ok += Request(i % 2 ? b_ : a_, p).ok();
    return ok;
  }

  test::ValkeyServer server_;
  core::Config config_;
  asio::io_context io_;
  valkey::Pool a_pool_;
  valkey::Pool b_pool_;
  Limiter a_;  // two contrail instances sharing one Valkey
  Limiter b_;
};

auth::Principal Key(std::string id, auth::KeyKind kind = auth::KeyKind::kService, long long daily = 0) {
  return auth::Principal{kind, kind == auth::KeyKind::kUser ? "alice" : "", std::move(id), daily};
}

TEST_F(LimiterTest, AKeyGetsItsBurstAcrossInstancesThenA429WithRetryAfter) {
  config_.limits.key_requests_per_minute = 60;  // one a second
  config_.limits.key_burst = 5;
  EXPECT_EQ(AdmittedRequests(Key("k1"), 8), 5) << "the burst is shared by both instances";
  core::Status refused = Request(a_, Key("k1"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, core::Code::kRateLimited);
  EXPECT_GT(refused.error().retry_after_ms, 0);
  EXPECT_LE(refused.error().retry_after_ms, 1000) << "one request frees up each second";
  EXPECT_EQ(AdmittedRequests(Key("k2"), 5), 5) << "another key has its own bucket";
}

TEST_F(LimiterTest, ARefusedRequestTakesNothingFromTheBucket) {
  config_.limits.key_requests_per_minute = 60;
  config_.limits.key_burst = 2;
  EXPECT_EQ(AdmittedRequests(Key("k"), 2), 2);
  for (int i = 0; i < 20; ++i) ASSERT_FALSE(Request(a_, Key("k")).ok());
  // Had the refusals taken from the bucket, the wait would be ~20 s; it is still at most one.
  EXPECT_LE(Request(b_, Key("k")).error().retry_after_ms, 1000);
}

TEST_F(LimiterTest, NoKeyOrNoLimitIsNeverRefused) {
  config_.limits.key_requests_per_minute = 60;
  config_.limits.key_burst = 1;
  EXPECT_EQ(AdmittedRequests(Key(""), 10), 10) << "authentication off: no key to limit";
  config_.limits.key_requests_per_minute = 0;
  EXPECT_EQ(AdmittedRequests(Key("k"), 10), 10);
}

TEST_F(LimiterTest, UsersHaveTheirOwnTurnRateWhicheverKeyActsForThem) {
  config_.limits.user_turns_per_minute = 60;
  config_.limits.user_burst = 3;
  int ok = 0;
  for (int i = 0; i < 6; ++i) ok += Turn(i % 2 ? a_ : b_, Key(i % 3 ? "svc1" : "svc2"), "bob").ok();
  EXPECT_EQ(ok, 3);
  core::Status refused = Turn(a_, Key("svc1"), "bob");
  EXPECT_EQ(refused.error().code, core::Code::kRateLimited);
  EXPECT_TRUE(Turn(a_, Key("svc1"), "carol").ok());
  EXPECT_TRUE(Turn(a_, Key("svc1"), "").ok()) << "a stateless turn names no user";
}

TEST_F(LimiterTest, ADailyTokenQuotaRefusesOnceUsedUpUntilMidnight) {
  const auth::Principal own = Key("q1", auth::KeyKind::kService, 100);
  EXPECT_EQ(a_.DailyTokenLimit(own), 100);
  EXPECT_TRUE(Turn(a_, own, "").ok());
  a_.Charge(own, 60);
  EXPECT_TRUE(Turn(b_, own, "").ok()) << "60 of 100 used";
  a_.Charge(own, 60);  // the turn that crosses the limit completes
  core::Status refused = Turn(a_, own, "");  // on the charging connection: after the charge
  ASSERT_FALSE(refused.ok());
  EXPECT_FALSE(Turn(b_, own, "").ok()) << "the other instance sees the same count";
  EXPECT_EQ(refused.error().code, core::Code::kQuotaExceeded);
  EXPECT_GT(refused.error().retry_after_ms, 0);
  EXPECT_LE(refused.error().retry_after_ms, 24 * 3600 * 1000);

  config_.limits.daily_tokens_per_key = 10;  // the default, for keys without their own
  EXPECT_EQ(a_.DailyTokenLimit(Key("q2")), 10);
  a_.Charge(Key("q2"), 10);
  EXPECT_EQ(Turn(a_, Key("q2"), "").error().code, core::Code::kQuotaExceeded);
  EXPECT_EQ(a_.DailyTokenLimit(Key("")), 0) << "no key, no quota";
}

TEST_F(LimiterTest, AUserAtTheSessionCapMayUseHerSessionsButNotOpenAnother) {
  config_.limits.max_sessions_per_user = 2;
  config_.chat.session_ttl_s = 3600;
  memory::WriteBehindOptions options;
  options.ttl_seconds = config_.chat.session_ttl_s;
  memory::WriteBehind writer(io_.get_executor(), a_pool_, options);
  for (const char* s : {"s1", "s2"}) {
    EXPECT_TRUE(Turn(a_, Key("k"), "dana", s).ok());
    memory::SessionUpdate update{"dana", s, {{llm::Role::kUser, "hi", 1}}, std::nullopt, std::string("r-") + s};
    ASSERT_EQ(test::RunAsync(io_, writer.Save(std::move(update))), memory::SaveOutcome::kStored);
  }
  EXPECT_TRUE(Turn(a_, Key("k"), "dana", "s1").ok()) << "a session she holds";
  core::Status refused = Turn(b_, Key("k"), "dana", "s3");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, core::Code::kQuotaExceeded);
  EXPECT_EQ(refused.error().param, "session");
  EXPECT_TRUE(Turn(a_, Key("k"), "erin", "s3").ok()) << "the cap is per user";

  // Sessions idle past the TTL stop counting: age s1 beyond it.
  server_.Cli({"ZADD", memory::SessionsKey("dana"), "1000", "s1"});
  EXPECT_TRUE(Turn(a_, Key("k"), "dana", "s3").ok());
}

TEST_F(LimiterTest, WithValkeyDownRequestsAreLetThrough) {
  config_.limits.key_requests_per_minute = 60;
  config_.limits.key_burst = 1;
  config_.limits.daily_tokens_per_key = 1;
  server_.Stop(/*crash=*/true);
  EXPECT_EQ(AdmittedRequests(Key("k"), 3), 3);
  EXPECT_TRUE(Turn(a_, Key("k"), "bob", "s").ok());
}

TEST_F(LimiterTest, ATurnMovedToANewSessionIsJudgedAsOpeningOne) {
  config_.limits.max_sessions_per_user = 2;
  valkey::CommandBatch batch;
  const Limiter::TurnChecks checks = a_.PlanTurn(auth::Principal{}, "ana", "chain", batch);
  ASSERT_GE(checks.commands, 2);  // the user's rate first, then ZSCORE of the session, ZCOUNT of the live ones
  std::vector<valkey::Reply> replies(static_cast<std::size_t>(checks.commands));
  for (valkey::Reply& r : replies) r.type = valkey::Reply::Type::kNil;  // a rate reply that says nothing
  valkey::Reply& held = replies[replies.size() - 2];
  valkey::Reply& live = replies.back();
  held.type = valkey::Reply::Type::kString;  // the user holds the chain's session…
  held.str = "1700000000000";
  live.type = valkey::Reply::Type::kInteger;  // …and as many as the cap allows
  live.integer = 2;
  EXPECT_TRUE(a_.ReadTurn(checks, &replies).ok());
  const core::Status forked = a_.ReadNewSession(checks, &replies);
  ASSERT_FALSE(forked.ok());
  EXPECT_EQ(forked.error().code, core::Code::kQuotaExceeded);
  live.integer = 1;
  EXPECT_TRUE(a_.ReadNewSession(checks, &replies).ok());
  EXPECT_TRUE(a_.ReadNewSession(checks, nullptr).ok()) << "Valkey did not answer: let through";
}

}  // namespace
}  // namespace contrail::server::limits
