#include "pg/connection.h"

#include <libpq-fe.h>
#include <poll.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <algorithm>
#include <thread>

namespace contrail::pg {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;
// Every error a public method returns is marked as PostgreSQL's: libpq's text is for the log.
constexpr core::Backend kPostgres = core::Backend::kPostgres;

namespace {

// A server error as core::Error: "postgres [SQLSTATE] message (detail)", coded by SQLSTATE class.
core::Error ServerError(const PGresult* res) {
  const char* state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
  const char* primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
  const char* detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
  std::string sqlstate = state != nullptr ? state : "";
  std::string msg = "postgres [" + (sqlstate.empty() ? std::string("?????") : sqlstate) + "] " +
                    (primary != nullptr ? primary : PQresultErrorMessage(res));
  if (detail != nullptr) msg += std::string(" (") + detail + ")";
  if (sqlstate == "57014") return core::Timeout(msg);  // query_canceled: statement_timeout
  // Class 08 (connection exception) and 57P0x (admin shutdown, crash, cannot connect now); but
  // 08P01 is also what malformed binary COPY data gets, and the session survives that.
  bool connection_lost = (sqlstate.starts_with("08") && sqlstate != "08P01") || sqlstate.starts_with("57P");
  if (connection_lost) return core::Unavailable(msg);
  return core::Upstream(msg);
}

}  // namespace

// Holds the caller's place in the connection's FIFO for one operation.
struct Connection::FifoSlot {
  Connection* c;
  ~FifoSlot() { c->Release(); }
};

Connection::Connection(asio::any_io_executor executor, ConnectionOptions options)
    : executor_(executor), options_(std::move(options)) {}

Connection::~Connection() { Reset(); }

bool Connection::connected() const { return conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK; }

void Connection::Reset() {
  if (conn_ != nullptr) PQfinish(conn_);
  conn_ = nullptr;
  prepared_.clear();
}

core::Error Connection::Broken(const std::string& what) {
  std::string msg = "postgres " + what + ": " + (conn_ != nullptr ? PQerrorMessage(conn_) : "not connected");
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  Reset();
  return core::Unavailable(msg);
}

core::Error Connection::CancelAndReset() {
  // PQcancel blocks (it opens a connection to the server), so it runs on a thread of its own; the
  // PGcancel object is independent of the connection we close right away.
  if (conn_ != nullptr) {
    if (PGcancel* cancel = PQgetCancel(conn_)) {
      std::thread([cancel] {
        char err[256];
        PQcancel(cancel, err, sizeof err);
        PQfreeCancel(cancel);
      }).detach();
    }
  }
  Reset();
  return core::Timeout("postgres did not answer in time (query cancelled)");
}

Connection::Clock::time_point Connection::Deadline() const {
  if (options_.query_timeout.count() <= 0) return Clock::time_point::max();
  return Clock::now() + options_.query_timeout + kClientGrace;
}

asio::awaitable<core::Status> Connection::WaitSocket(bool write, Clock::time_point deadline) {
  int fd = PQsocket(conn_);
  if (fd < 0) co_return core::Unavailable("postgres: no socket");
  // The descriptor wraps libpq's socket for this wait only; release() hands it back unclosed.
  asio::posix::stream_descriptor socket(executor_, fd);
  asio::steady_timer timer(executor_, deadline);
  auto wait = socket.async_wait(write ? asio::posix::stream_descriptor::wait_write
                                      : asio::posix::stream_descriptor::wait_read,
                                asio::as_tuple(asio::use_awaitable));
  auto result = co_await (std::move(wait) || timer.async_wait(asio::as_tuple(asio::use_awaitable)));
  socket.release();
  if (result.index() == 1) co_return core::Timeout("postgres did not answer in time");
  if (auto [ec] = std::get<0>(result); ec) co_return core::Unavailable("postgres socket: " + ec.message());
  co_return core::Ok();
}

asio::awaitable<core::Status> Connection::Connect() {
  co_return core::FromBackend(kPostgres, co_await ConnectOnce());
}

asio::awaitable<core::Status> Connection::ConnectOnce() {
  Reset();
  std::string port = std::to_string(options_.port);
  // statement_timeout is set for the session at startup (no extra round trip).
  std::string session_options;
  if (options_.query_timeout.count() > 0) {
    session_options = "-c statement_timeout=" + std::to_string(options_.query_timeout.count());
  }
  const char* keys[] = {"host", "port", "user", "password", "dbname", "application_name", "options", nullptr};
  const char* values[] = {options_.host.c_str(), port.c_str(), options_.user.c_str(),
                          options_.password.c_str(), options_.database.c_str(),
                          options_.application_name.c_str(), session_options.c_str(), nullptr};
  conn_ = PQconnectStartParams(keys, values, 0);
  if (conn_ == nullptr) co_return core::Unavailable("postgres: out of memory");
  if (PQstatus(conn_) == CONNECTION_BAD) co_return Broken("connect");
  auto deadline = Clock::now() + options_.connect_timeout;
  PostgresPollingStatusType poll = PGRES_POLLING_WRITING;
  while (poll != PGRES_POLLING_OK) {
    if (poll == PGRES_POLLING_FAILED) co_return Broken("connect");
    if (core::Status s = co_await WaitSocket(poll == PGRES_POLLING_WRITING, deadline); !s) {
      Reset();
      co_return s;
    }
    poll = PQconnectPoll(conn_);
  }
  if (PQsetnonblocking(conn_, 1) != 0) co_return Broken("set non-blocking mode");
  // Notices (e.g. "there is no transaction in progress") would go to stderr; errors that matter
  // arrive as results.
  PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
  co_return core::Ok();
}

asio::awaitable<core::Status> Connection::EnsureConnected() {
  if (conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK) {
    // A session the server ended while idle (pg_terminate_backend, restart) has left its FATAL
    // message and then EOF on the socket; reading them now sends the caller's statement to a
    // fresh connection instead of failing it. poll() with a zero timeout never blocks.
    bool alive = true;
    for (int reads = 0; alive && reads < 4; ++reads) {
      pollfd pfd{PQsocket(conn_), POLLIN, 0};
      if (poll(&pfd, 1, 0) <= 0) break;  // nothing to read: the session is idle and alive
      alive = PQconsumeInput(conn_) == 1 && PQstatus(conn_) == CONNECTION_OK;
      if (alive) PQisBusy(conn_);  // parses what arrived (an idle-time error becomes a notice)
    }
    if (alive) co_return core::Ok();
    Reset();
  }
  co_return co_await Connect();
}

asio::awaitable<core::Status> Connection::Flush(Clock::time_point deadline) {
  for (int f; (f = PQflush(conn_)) != 0;) {
    if (f < 0) co_return Broken("send");
    if (core::Status s = co_await WaitSocket(true, deadline); !s) {
      co_return s.error().code == core::Code::kTimeout ? CancelAndReset() : Broken("send");
    }
  }
  co_return core::Ok();
}

asio::awaitable<core::Status> Connection::AwaitResult(Clock::time_point deadline) {
  for (;;) {
    if (PQconsumeInput(conn_) != 1) co_return Broken("read");
    if (!PQisBusy(conn_)) co_return core::Ok();
    if (core::Status s = co_await WaitSocket(false, deadline); !s) {
      // A half-read result leaves the connection unusable either way.
      co_return s.error().code == core::Code::kTimeout ? CancelAndReset() : Broken("read");
    }
  }
}

asio::awaitable<core::Result<Rows>> Connection::CollectResults(Clock::time_point deadline) {
  Rows last;
  std::optional<core::Error> error;
  for (;;) {
    CONTRAIL_CO_TRY_STATUS(co_await AwaitResult(deadline));
    PGresult* res = PQgetResult(conn_);
    if (res == nullptr) break;
    Rows rows(res);
    ExecStatusType st = PQresultStatus(res);
    if (st == PGRES_FATAL_ERROR) {
      if (!error) error = ServerError(res);
    } else if (st == PGRES_COPY_IN || st == PGRES_COPY_OUT || st == PGRES_COPY_BOTH) {
      co_return Broken("query: COPY needs CopyIn");  // the protocol would wait for COPY data
    } else {
      last = std::move(rows);
    }
  }
  if (error) co_return *error;
  co_return last;
}

asio::awaitable<void> Connection::RecoverTransaction() {
  if (conn_ == nullptr) co_return;
  if (PQstatus(conn_) != CONNECTION_OK) {
    Reset();  // e.g. FATAL 57P01: the session is gone
    co_return;
  }
  if (PQtransactionStatus(conn_) != PQTRANS_INERROR) co_return;
  if (PQsendQuery(conn_, "ROLLBACK") != 1) {
    Reset();
    co_return;
  }
  auto deadline = Deadline();
  if (core::Status s = co_await Flush(deadline); !s) co_return;
  if (auto r = co_await CollectResults(deadline); !r) Reset();
}

asio::awaitable<void> Connection::Acquire() {
  if (!busy_) {
    busy_ = true;
    co_return;
  }
  auto turn = std::make_shared<asio::steady_timer>(executor_, asio::steady_timer::time_point::max());
  waiters_.push_back(turn);
  co_await turn->async_wait(asio::as_tuple(asio::use_awaitable));  // Release() cancels it
}

void Connection::Release() {
  if (waiters_.empty()) {
    busy_ = false;
    return;
  }
  waiters_.front()->cancel();  // ownership passes to the first waiter
  waiters_.pop_front();
}

asio::awaitable<core::Result<QueryResult>> Connection::Query(std::string sql) {
  co_await Acquire();
  FifoSlot slot{this};
  co_return core::FromBackend(kPostgres, co_await QueryLocked(sql));
}

asio::awaitable<core::Result<QueryResult>> Connection::QueryLocked(const std::string& sql) {
  CONTRAIL_CO_TRY_STATUS(co_await EnsureConnected());
  auto deadline = Deadline();
  if (PQsendQuery(conn_, sql.c_str()) != 1) co_return Broken("send");
  CONTRAIL_CO_TRY_STATUS(co_await Flush(deadline));
  auto rows = co_await CollectResults(deadline);
  if (!rows) {
    co_await RecoverTransaction();
    co_return std::move(rows).error();
  }
  QueryResult out;
  out.command_tag = rows->command_tag();
  for (int c = 0; c < rows->columns(); ++c) out.columns.emplace_back(rows->column_name(c));
  for (int r = 0; r < rows->size(); ++r) {
    auto& row = out.rows.emplace_back();
    for (int c = 0; c < rows->columns(); ++c) row.emplace_back(rows->text(r, c));
  }
  co_return out;
}

asio::awaitable<core::Result<Rows>> Connection::Execute(Statement statement) {
  std::vector<Statement> one;
  one.push_back(std::move(statement));
  CONTRAIL_CO_TRY(auto rows, co_await Pipeline(std::move(one)));
  co_return std::move(rows.front());
}

asio::awaitable<core::Result<std::vector<Rows>>> Connection::Pipeline(std::vector<Statement> statements) {
  co_await Acquire();
  FifoSlot slot{this};
  co_return core::FromBackend(kPostgres, co_await PipelineLocked(statements));
}

asio::awaitable<core::Result<std::int64_t>> Connection::CopyIn(std::string copy_sql, CopyFill fill) {
  co_await Acquire();
  FifoSlot slot{this};
  co_return core::FromBackend(kPostgres, co_await CopyLocked(copy_sql, fill));
}

core::Status Connection::SendPipeline(std::vector<Statement>& statements, std::vector<std::string>& commands) {
  if (PQenterPipelineMode(conn_) != 1) return Broken("enter pipeline mode");
  for (Statement& s : statements) {
    Params::View p = s.params.view();
    const Oid* types = s.params.types().data();
    int result_format = s.binary_results ? 1 : 0;
    int sent = 0;
    if (s.name.empty()) {
      sent = PQsendQueryParams(conn_, s.sql.c_str(), s.params.size(), types, p.values.data(),
                               p.lengths.data(), p.formats.data(), result_format);
    } else {
      bool preparing = std::find(commands.begin(), commands.end(), s.name) != commands.end();
      if (!prepared_.contains(s.name) && !preparing) {
        if (PQsendPrepare(conn_, s.name.c_str(), s.sql.c_str(), s.params.size(), types) != 1) {
          return Broken("send prepare");
        }
        commands.push_back(s.name);
      }
      sent = PQsendQueryPrepared(conn_, s.name.c_str(), s.params.size(), p.values.data(),
                                 p.lengths.data(), p.formats.data(), result_format);
    }
    if (sent != 1) return Broken("send");
    commands.emplace_back();
  }
  if (PQpipelineSync(conn_) != 1) return Broken("send sync");
  return core::Ok();
}

asio::awaitable<core::Result<std::vector<Rows>>> Connection::PipelineLocked(std::vector<Statement>& statements) {
  CONTRAIL_CO_TRY_STATUS(co_await EnsureConnected());
  auto deadline = Deadline();
  // One entry per command sent: the statement name it prepares, or "" for a statement.
  std::vector<std::string> commands;
  CONTRAIL_CO_TRY_STATUS(SendPipeline(statements, commands));
  CONTRAIL_CO_TRY_STATUS(co_await Flush(deadline));

  std::vector<Rows> out;
  std::optional<core::Error> error;
  std::size_t next = 0;
  for (int nulls = 0;;) {
    CONTRAIL_CO_TRY_STATUS(co_await AwaitResult(deadline));
    PGresult* res = PQgetResult(conn_);
    if (res == nullptr) {
      // One NULL ends each command's results; two in a row mean the Sync can never come.
      if (++nulls > 1) co_return Broken("pipeline: lost its sync point");
      continue;
    }
    nulls = 0;
    Rows rows(res);
    ExecStatusType st = PQresultStatus(res);
    if (st == PGRES_PIPELINE_SYNC) break;
    if (next >= commands.size()) co_return Broken("pipeline: more results than commands");
    const std::string& prepares = commands[next++];
    if (st == PGRES_FATAL_ERROR) {
      if (!error) error = ServerError(res);
    } else if (st == PGRES_PIPELINE_ABORTED) {
      // skipped after an earlier error
    } else if (!prepares.empty()) {
      prepared_.insert(prepares);
    } else {
      out.push_back(std::move(rows));
    }
  }
  if (PQexitPipelineMode(conn_) != 1) co_return Broken("exit pipeline mode");
  if (error) {
    co_await RecoverTransaction();
    co_return *error;
  }
  co_return out;
}

asio::awaitable<core::Result<std::int64_t>> Connection::CopyLocked(const std::string& copy_sql, CopyFill& fill) {
  CONTRAIL_CO_TRY_STATUS(co_await EnsureConnected());
  auto deadline = Deadline();
  if (PQsendQuery(conn_, copy_sql.c_str()) != 1) co_return Broken("send");
  CONTRAIL_CO_TRY_STATUS(co_await Flush(deadline));
  CONTRAIL_CO_TRY_STATUS(co_await AwaitResult(deadline));
  PGresult* first = PQgetResult(conn_);
  ExecStatusType st = first != nullptr ? PQresultStatus(first) : PGRES_FATAL_ERROR;
  if (st != PGRES_COPY_IN) {
    // Not a COPY FROM STDIN, or an error: collect the rest and report it.
    std::optional<core::Error> error;
    if (first != nullptr && st == PGRES_FATAL_ERROR) error = ServerError(first);
    PQclear(first);
    auto rest = co_await CollectResults(deadline);
    if (!error && !rest) error = rest.error();
    co_await RecoverTransaction();
    co_return error ? *error : core::InvalidArgument("postgres: CopyIn needs COPY … FROM STDIN");
  }
  PQclear(first);
  CopyWriter writer;
  for (bool more = true; more;) {
    more = fill(writer);
    if (!more) writer.Finish();
    deadline = Deadline();  // the deadline is per chunk: a long COPY is fine while it moves
    for (;;) {
      int r = PQputCopyData(conn_, writer.data().data(), static_cast<int>(writer.size()));
      if (r < 0) co_return Broken("copy data");
      if (r == 1) break;
      CONTRAIL_CO_TRY_STATUS(co_await Flush(deadline));  // 0: libpq's buffer is full; drain it
    }
    writer.Clear();
    CONTRAIL_CO_TRY_STATUS(co_await Flush(deadline));
  }
  for (int r; (r = PQputCopyEnd(conn_, nullptr)) != 1;) {
    if (r < 0) co_return Broken("copy end");
    CONTRAIL_CO_TRY_STATUS(co_await Flush(deadline));
  }
  CONTRAIL_CO_TRY_STATUS(co_await Flush(deadline));
  auto done = co_await CollectResults(deadline);
  if (!done) {
    co_await RecoverTransaction();
    co_return std::move(done).error();
  }
  co_return done->affected();
}

}  // namespace contrail::pg
