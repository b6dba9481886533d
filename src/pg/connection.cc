#include "pg/connection.h"

#include <libpq-fe.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace contrail::pg {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;
using Clock = std::chrono::steady_clock;

Connection::Connection(asio::any_io_executor executor, ConnectionOptions options)
    : executor_(executor), options_(std::move(options)) {}

Connection::~Connection() { Reset(); }

bool Connection::connected() const { return conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK; }

void Connection::Reset() {
  if (conn_ != nullptr) PQfinish(conn_);
  conn_ = nullptr;
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
  Reset();
  std::string port = std::to_string(options_.port);
  const char* keys[] = {"host", "port", "user", "password", "dbname", "application_name", nullptr};
  const char* values[] = {options_.host.c_str(), port.c_str(), options_.user.c_str(),
                          options_.password.c_str(), options_.database.c_str(),
                          options_.application_name.c_str(), nullptr};
  conn_ = PQconnectStartParams(keys, values, 0);
  if (conn_ == nullptr) co_return core::Unavailable("postgres: out of memory");
  if (PQstatus(conn_) == CONNECTION_BAD) {
    std::string msg = PQerrorMessage(conn_);
    Reset();
    co_return core::Unavailable("postgres connect: " + msg);
  }
  auto deadline = Clock::now() + options_.connect_timeout;
  PostgresPollingStatusType poll = PGRES_POLLING_WRITING;
  while (poll != PGRES_POLLING_OK) {
    if (poll == PGRES_POLLING_FAILED) {
      std::string msg = PQerrorMessage(conn_);
      Reset();
      co_return core::Unavailable("postgres connect: " + msg);
    }
    if (core::Status s = co_await WaitSocket(poll == PGRES_POLLING_WRITING, deadline); !s) {
      Reset();
      co_return s;
    }
    poll = PQconnectPoll(conn_);
  }
  if (PQsetnonblocking(conn_, 1) != 0) {
    Reset();
    co_return core::Unavailable("postgres: cannot switch to non-blocking mode");
  }
  co_return core::Ok();
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
  auto result = co_await QueryLocked(sql);
  Release();
  co_return result;
}

asio::awaitable<core::Result<QueryResult>> Connection::QueryLocked(const std::string& sql) {
  if (!connected()) {
    if (core::Status s = co_await Connect(); !s) co_return s.error();
  }
  auto deadline = Clock::now() + options_.query_timeout;
  auto broken = [this](std::string what) {
    std::string msg = what + ": " + PQerrorMessage(conn_);
    Reset();
    return core::Unavailable(msg);
  };
  if (PQsendQuery(conn_, sql.c_str()) != 1) co_return broken("postgres send");
  for (int f; (f = PQflush(conn_)) != 0;) {
    if (f < 0) co_return broken("postgres flush");
    if (core::Status s = co_await WaitSocket(true, deadline); !s) {
      Reset();
      co_return s.error();
    }
  }
  QueryResult out;
  std::string sql_error;
  for (;;) {
    if (PQconsumeInput(conn_) != 1) co_return broken("postgres read");
    if (PQisBusy(conn_)) {
      if (core::Status s = co_await WaitSocket(false, deadline); !s) {
        Reset();  // a half-read result leaves the connection unusable
        co_return s.error();
      }
      continue;
    }
    PGresult* res = PQgetResult(conn_);
    if (res == nullptr) break;
    ExecStatusType st = PQresultStatus(res);
    if (st == PGRES_FATAL_ERROR) {
      sql_error = PQresultErrorMessage(res);
    } else if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
      out = QueryResult{};
      out.command_tag = PQcmdStatus(res);
      for (int c = 0; c < PQnfields(res); ++c) out.columns.emplace_back(PQfname(res, c));
      for (int r = 0; r < PQntuples(res); ++r) {
        auto& row = out.rows.emplace_back();
        for (int c = 0; c < PQnfields(res); ++c) row.emplace_back(PQgetvalue(res, r, c));
      }
    }
    PQclear(res);
  }
  if (!sql_error.empty()) co_return core::Upstream("postgres: " + sql_error);
  co_return out;
}

}  // namespace contrail::pg
