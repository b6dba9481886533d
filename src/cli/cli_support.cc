#include "cli/cli_support.h"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "server/services.h"
#include "valkey/pool.h"

namespace contrail::cli {

namespace asio = boost::asio;

pg::ConnectionOptions BulkPostgresOptions(const core::Config& config, std::string application_name) {
  pg::ConnectionOptions o = server::PostgresOptions(config);
  o.application_name = std::move(application_name);
  o.query_timeout = std::chrono::milliseconds(0);
  return o;
}

asio::awaitable<bool> StartValkey(valkey::Pool& pool, std::chrono::milliseconds wait) {
  pool.Start();
  asio::steady_timer timer(co_await asio::this_coro::executor);
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (pool.connected() == 0 && std::chrono::steady_clock::now() < deadline) {
    timer.expires_after(std::chrono::milliseconds(10));
    co_await timer.async_wait(asio::use_awaitable);
  }
  co_return pool.connected() > 0;
}

}  // namespace contrail::cli
