#pragma once
// What several `contrail` commands set up the same way: a PostgreSQL connection for bulk work, a
// Valkey pool for the embedding cache that may be absent, the address of a running server, and
// the stop signals of a command that serves until told to stop.

#include <signal.h>

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "core/config.h"
#include "pg/connection.h"

namespace contrail::valkey {
class Pool;
}

namespace contrail::cli {

// The configured PostgreSQL without a statement timeout: a migration, a seed's COPY or a wait for
// another run's lock may take long.
pg::ConnectionOptions BulkPostgresOptions(const core::Config& config, std::string application_name);

// Where a running server is and the key to show it, for the commands that talk to one over HTTP.
struct ServerAddress {
  std::string url;
  std::string api_key;  // "" when there is none (a server with auth.mode = off)
};
// The URL: `url_flag`, else client.url, else the address `serve` listens on (a wildcard address is
// reached on loopback). The key: client.api_key (CONTRAIL_API_KEY), else the first line of
// client.key_file.
ServerAddress ServerAddressFrom(const core::Config& config, const std::string& url_flag);

// Starts `pool` and waits up to `wait` for a connection. Returns whether one is up; a command then
// uses the shared embedding cache, or goes without it.
boost::asio::awaitable<bool> StartValkey(valkey::Pool& pool, std::chrono::milliseconds wait);

// SIGINT/SIGTERM are taken by one thread with sigwait(); every other thread has them blocked (and
// SIGPIPE is ignored). Call before starting any thread.
sigset_t BlockStopSignals();

// Runs `run` on this thread while another waits for `signals`: on SIGINT or SIGTERM it logs
// `stopping` (with the signal) and calls `stop`, which makes `run` return. Returns once both ended.
void RunUntilStopSignal(const sigset_t& signals, std::string_view stopping, const std::function<void()>& run,
                        const std::function<void()>& stop);

}  // namespace contrail::cli
