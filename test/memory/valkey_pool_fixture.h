#pragma once
// A Valkey of its own and a one-connection pool on a test io_context, for the memory tests.

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "support/async.h"
#include "support/valkey_server.h"
#include "valkey/pool.h"

namespace contrail::memory::testing {

namespace asio = boost::asio;

class ValkeyPoolTest : public ::testing::Test {
 protected:
  ValkeyPoolTest() : pool_(io_.get_executor(), Options(), 1) { pool_.Start(); }
  valkey::ConnectionOptions Options() {
    valkey::ConnectionOptions o;
    o.port = server_.port();
    o.command_timeout = std::chrono::milliseconds(1000);
    return o;
  }
  void Sleep(int ms) {
    test::RunAsync(io_, [&]() -> asio::awaitable<void> {
      asio::steady_timer t(io_, std::chrono::milliseconds(ms));
      co_await t.async_wait(asio::use_awaitable);
    }());
  }

  test::ValkeyServer server_;
  asio::io_context io_;
  valkey::Pool pool_;
};

}  // namespace contrail::memory::testing
