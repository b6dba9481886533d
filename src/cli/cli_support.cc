#include "cli/cli_support.h"

#include <pthread.h>

#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fstream>
#include <thread>

#include "core/log.h"
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

ServerAddress ServerAddressFrom(const core::Config& config, const std::string& url_flag) {
  ServerAddress out;
  out.url = !url_flag.empty() ? url_flag : config.client.url;
  if (out.url.empty()) {
    std::string host = config.server.host;
    if (host == "0.0.0.0" || host == "::") host = "127.0.0.1";
    if (host.find(':') != std::string::npos) host = "[" + host + "]";
    out.url = "http://" + host + ":" + std::to_string(config.server.port);
  }
  out.api_key = config.client.api_key;
  if (out.api_key.empty() && !config.client.key_file.empty()) {
    std::ifstream file(config.client.key_file);
    std::getline(file, out.api_key);
  }
  return out;
}

sigset_t BlockStopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
  return signals;
}

void RunUntilStopSignal(const sigset_t& signals, std::string_view stopping, const std::function<void()>& run,
                        const std::function<void()>& stop) {
  std::atomic<bool> running{true};
  std::thread signal_thread([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    if (running.load()) core::log::Info(stopping, {{"signal", sig == SIGINT ? "SIGINT" : "SIGTERM"}});
    stop();
  });
  run();
  running.store(false);
  pthread_kill(signal_thread.native_handle(), SIGTERM);  // wake the waiter if no signal came
  signal_thread.join();
}

}  // namespace contrail::cli
