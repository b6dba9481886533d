#pragma once
// One PostgreSQL connection driven by libpq in non-blocking mode on an Asio executor: connecting
// (PQconnectStart/PQconnectPoll), querying, pipelines and COPY never block the I/O thread (the
// socket is awaited like any other). Operations on one connection run one at a time; concurrent
// callers wait their turn (FIFO). Not thread-safe: use it on its executor's thread.
//
// Failures, as core::Error (SqlState() reads the SQLSTATE back out of a server error):
//   kUnavailable  cannot connect, or the connection broke (it is reset; the next call reconnects)
//   kTimeout      statement_timeout fired on the server (SQLSTATE 57014; the connection stays
//                 usable), or the client-side deadline passed (the query is cancelled with
//                 PQcancel off the I/O thread and the connection reset)
//   kUpstream     any other SQL error: "postgres [SQLSTATE] message"
// An error that leaves an explicit transaction aborted is followed by a ROLLBACK, so the
// connection is always usable afterwards.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/result.h"
#include "pg/copy.h"
#include "pg/rows.h"
#include "pg/statement.h"

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
  // Set as the session's statement_timeout at connect; the client gives up kClientGrace later.
  // 0 = no timeout (bulk work such as migrations and seeding).
  std::chrono::milliseconds query_timeout{2'000};
};

// Rows of text values from a simple query.
struct QueryResult {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  std::string command_tag;  // e.g. "SELECT 1"
};

// Fills `writer` with the next rows of a COPY; returns false once there are no more (the rows it
// wrote in that call are still sent). Called on the I/O thread, so keep each call short: write
// about kCopyChunkBytes and return.
using CopyFill = std::function<bool(CopyWriter& writer)>;

class Connection {
 public:
  // How much longer than statement_timeout the client waits before cancelling by itself.
  static constexpr std::chrono::milliseconds kClientGrace{1'000};

  Connection(boost::asio::any_io_executor executor, ConnectionOptions options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Opens the connection (closing any open one). kUnavailable (refused, auth, unknown database)
  // or kTimeout. Every error a public method returns has backend kPostgres: its message is
  // libpq's (host, port, user), for the log, not for a client (core::ClientMessage).
  boost::asio::awaitable<core::Status> Connect();

  // Runs `sql` (simple query protocol, may hold several statements; use only for trusted,
  // parameterless SQL such as migrations) and returns the last statement's rows as text.
  // Connects first if needed.
  boost::asio::awaitable<core::Result<QueryResult>> Query(std::string sql);

  // Runs one statement (extended protocol; parameters never become SQL text).
  boost::asio::awaitable<core::Result<Rows>> Execute(Statement statement);

  // Runs the statements in ONE round trip (libpq pipeline mode, one Sync at the end) and returns
  // one Rows per statement, in order. Without an explicit BEGIN they form one implicit
  // transaction. The first error aborts the rest and is returned (an explicit transaction left
  // aborted is rolled back). Typical use:
  //   BEGIN; SELECT set_config('hnsw.ef_search', $1, true); SELECT … ORDER BY embedding <=> $2; COMMIT
  boost::asio::awaitable<core::Result<std::vector<Rows>>> Pipeline(std::vector<Statement> statements);

  // Runs `copy_sql` (`COPY t (…) FROM STDIN (FORMAT binary)`) and streams what `fill` writes,
  // flushing as the socket accepts it. Returns the number of rows copied. A COPY error (bad data,
  // constraint) is kUpstream; the COPY is then rolled back by the server as a whole.
  boost::asio::awaitable<core::Result<std::int64_t>> CopyIn(std::string copy_sql, CopyFill fill);

  bool connected() const;
  // The statement names prepared on the current session (forgotten on reconnect).
  const std::set<std::string>& prepared() const { return prepared_; }

 private:
  using Clock = std::chrono::steady_clock;
  struct FifoSlot;  // releases the caller's place in the FIFO on scope exit

  // Operations on one connection run one at a time; later callers wait their turn (FIFO).
  boost::asio::awaitable<void> Acquire();
  void Release();

  boost::asio::awaitable<core::Result<QueryResult>> QueryLocked(const std::string& sql);
  boost::asio::awaitable<core::Result<std::vector<Rows>>> PipelineLocked(std::vector<Statement>& statements);
  // Enters pipeline mode and queues every statement (a Parse first for names not yet prepared)
  // and a Sync; `commands` gets one entry per command: the name it prepares, or "".
  core::Status SendPipeline(std::vector<Statement>& statements, std::vector<std::string>& commands);
  boost::asio::awaitable<core::Result<std::int64_t>> CopyLocked(const std::string& copy_sql, CopyFill& fill);

  boost::asio::awaitable<core::Status> ConnectOnce();  // Connect() without marking the error
  // Connects when there is no usable connection (also noticing one the server closed meanwhile).
  boost::asio::awaitable<core::Status> EnsureConnected();
  // Sends libpq's output buffer. On failure the connection is reset (cancelled on a deadline).
  boost::asio::awaitable<core::Status> Flush(Clock::time_point deadline);
  // Reads until PQgetResult would not block.
  boost::asio::awaitable<core::Status> AwaitResult(Clock::time_point deadline);
  // Collects every result of a simple-protocol query; the last non-error one, or the first error.
  boost::asio::awaitable<core::Result<Rows>> CollectResults(Clock::time_point deadline);
  // After an error: ROLLBACK when an explicit transaction was left aborted.
  boost::asio::awaitable<void> RecoverTransaction();

  boost::asio::awaitable<core::Status> WaitSocket(bool write, Clock::time_point deadline);
  Clock::time_point Deadline() const;
  core::Error Broken(const std::string& what);  // resets; kUnavailable with libpq's message
  core::Error CancelAndReset();                 // kTimeout
  void Reset();

  boost::asio::any_io_executor executor_;
  ConnectionOptions options_;
  pg_conn* conn_ = nullptr;
  std::set<std::string> prepared_;
  bool busy_ = false;
  std::deque<std::shared_ptr<boost::asio::steady_timer>> waiters_;
};

}  // namespace contrail::pg
