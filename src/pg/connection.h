#pragma once
// One PostgreSQL connection driven by libpq in non-blocking mode on an Asio executor: connecting
// and querying never block the I/O thread (the socket is awaited like any other).
// Not thread-safe: use it on its executor's thread, one query at a time.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"

struct pg_conn;

namespace contrail::pg {

struct ConnectionOptions {
  std::string host = "127.0.0.1";
  int port = 5432;
  std::string user = "postgres";
  std::string password;
  std::string database = "postgres";
  std::string application_name = "contrail";
  std::chrono::milliseconds connect_timeout{2'000};
  std::chrono::milliseconds query_timeout{2'000};
};

// Rows of text values from a simple query.
struct QueryResult {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  std::string command_tag;  // e.g. "SELECT 1"
};

class Connection {
 public:
  Connection(boost::asio::any_io_executor executor, ConnectionOptions options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Opens the connection. kUnavailable (refused, auth, unknown database) or kTimeout.
  boost::asio::awaitable<core::Status> Connect();

  // Runs `sql` (simple query protocol; use only for trusted, parameterless statements) and
  // returns the last statement's rows. Connects first if needed. kUnavailable when the connection
  // is broken (it is then reset and the next call reconnects), kTimeout, kUpstream for an SQL error.
  boost::asio::awaitable<core::Result<QueryResult>> Query(std::string sql);

  bool connected() const;

 private:
  // Queries on one connection run one at a time; later callers wait their turn (FIFO).
  boost::asio::awaitable<void> Acquire();
  void Release();
  boost::asio::awaitable<core::Result<QueryResult>> QueryLocked(const std::string& sql);

  boost::asio::awaitable<core::Status> WaitSocket(bool write, std::chrono::steady_clock::time_point deadline);
  void Reset();

  boost::asio::any_io_executor executor_;
  ConnectionOptions options_;
  pg_conn* conn_ = nullptr;
  bool busy_ = false;
  std::deque<std::shared_ptr<boost::asio::steady_timer>> waiters_;
};

}  // namespace contrail::pg
