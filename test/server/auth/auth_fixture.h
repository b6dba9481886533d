#pragma once
// A migrated PostgreSQL database and a private Valkey for the key store and the authenticator, on
// one io_context, with a second "instance" (its own pools and authenticator) for what must reach
// every instance.

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>
#include <optional>

#include "core/config.h"
#include "pg/pool.h"
#include "server/auth/authenticator.h"
#include "server/auth/key_store.h"
#include "support/async.h"
#include "support/migrated_database.h"
#include "support/services.h"
#include "support/valkey_server.h"
#include "valkey/pool.h"

namespace contrail::server::auth::testing {

// One contrail instance's view: its pools and its authenticator.
struct Instance {
  Instance(boost::asio::io_context& io, const test::TestDatabase& db, int valkey_port, const core::AuthConfig& config)
      : pg(io.get_executor(), db.options(), 1), valkey(io.get_executor(), ValkeyOptions(valkey_port), 1),
        authenticator(config, pg, valkey) {
    valkey.Start();
  }
  static valkey::ConnectionOptions ValkeyOptions(int port) {
    valkey::ConnectionOptions o;
    o.port = port;
    o.command_timeout = std::chrono::milliseconds(1000);
    o.max_backoff = std::chrono::milliseconds(100);
    return o;
  }
  ~Instance() { valkey.Close(); }

  pg::Pool pg;
  valkey::Pool valkey;
  Authenticator authenticator;
};

class AuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = test::MigratedDatabase();
    if (!db_) CONTRAIL_SKIP_OR_FAIL_WITHOUT("CONTRAIL_TEST_PG_PORT");
    config_.key_cache_ms = 200;
    a_ = std::make_unique<Instance>(io_, *db_, valkey_.port(), config_);
    b_ = std::make_unique<Instance>(io_, *db_, valkey_.port(), config_);
    Sleep(50);  // both Valkey pools connected
  }

  NewKey Create(KeyKind kind, std::string user = "") {
    auto k = test::RunAsync(io_, CreateKey(a_->pg, kind, std::move(user), "test"));
    EXPECT_TRUE(k.ok()) << k.error().message;
    return k.ok() ? *k : NewKey{};
  }
  static net::HttpRequest WithKey(const std::string& key) {
    net::HttpRequest r;
    r.headers = {{"authorization", "Bearer " + key}};
    return r;
  }
  core::Result<Principal> Authenticate(Instance& instance, const net::HttpRequest& request) {
    return test::RunAsync(io_, instance.authenticator.Authenticate(request));
  }
  void Sleep(int ms) {
    test::RunAsync(io_, [&]() -> boost::asio::awaitable<void> {
      boost::asio::steady_timer t(io_, std::chrono::milliseconds(ms));
      co_await t.async_wait(boost::asio::use_awaitable);
    }());
  }

  std::optional<test::TestDatabase> db_;
  test::ValkeyServer valkey_;
  boost::asio::io_context io_;
  core::AuthConfig config_;
  std::unique_ptr<Instance> a_, b_;
};

}  // namespace contrail::server::auth::testing
