#pragma once
// What several `contrail` commands set up the same way: a PostgreSQL connection for bulk work and a
// Valkey pool for the embedding cache that may be absent.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <string>

#include "core/config.h"
#include "pg/connection.h"

namespace contrail::valkey {
class Pool;
}

namespace contrail::cli {

// The configured PostgreSQL without a statement timeout: a migration, a seed's COPY or a wait for
// another run's lock may take long.
pg::ConnectionOptions BulkPostgresOptions(const core::Config& config, std::string application_name);

// Starts `pool` and waits up to `wait` for a connection. Returns whether one is up; a command then
// uses the shared embedding cache, or goes without it.
boost::asio::awaitable<bool> StartValkey(valkey::Pool& pool, std::chrono::milliseconds wait);

}  // namespace contrail::cli
