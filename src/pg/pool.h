#pragma once
// A fixed set of PostgreSQL connections bound to one executor (the server keeps one pool per I/O
// thread). Acquire() hands out connections first come, first served (FIFO) as RAII leases;
// connections open lazily on first use and reopen after a break, so a pool never blocks and
// never fails to construct. Prepared statements stay with their connection (Connection::prepared).
// Not thread-safe: use it on its executor's thread. The pool must outlive its leases.
//
//   CONTRAIL_CO_TRY(auto lease, co_await pool.Acquire());
//   auto rows = co_await lease->Execute(std::move(statement));
//   // or, for one statement: co_await pool.Execute(std::move(statement));

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <vector>

#include "core/result.h"
#include "pg/connection.h"

namespace contrail::pg {

class Pool {
 public:
  // Exclusive use of one pooled connection until destroyed (or moved from).
  class Lease {
   public:
    Lease(Lease&& other) noexcept : pool_(other.pool_), index_(other.index_) { other.pool_ = nullptr; }
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Connection& operator*() const;
    Connection* operator->() const { return &**this; }
    // A lease must not be returned inside an open transaction (COMMIT or ROLLBACK first).

   private:
    friend class Pool;
    Lease(Pool* pool, int index) : pool_(pool), index_(index) {}
    Pool* pool_;
    int index_;
  };

  // `size` connections (core::PostgresConfig::pool_size); a caller waits at most `acquire_timeout`
  // for one (0 = the options' query_timeout).
  Pool(boost::asio::any_io_executor executor, ConnectionOptions options, int size,
       std::chrono::milliseconds acquire_timeout = std::chrono::milliseconds{0});
  // REQUIRES: no lease is out and no Acquire() is waiting.
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // The next free connection, FIFO among waiters. kTimeout when none frees up in time.
  boost::asio::awaitable<core::Result<Lease>> Acquire();

  // Acquire, run, release. Errors as Connection's.
  boost::asio::awaitable<core::Result<Rows>> Execute(Statement statement);
  boost::asio::awaitable<core::Result<std::vector<Rows>>> Pipeline(std::vector<Statement> statements);

  int size() const { return static_cast<int>(connections_.size()); }
  int idle() const { return static_cast<int>(idle_.size()); }
  int waiting() const { return static_cast<int>(waiters_.size()); }

 private:
  struct Waiter;
  void Release(int index);

  boost::asio::any_io_executor executor_;
  std::chrono::milliseconds acquire_timeout_;
  std::vector<std::unique_ptr<Connection>> connections_;
  std::deque<int> idle_;  // indexes of free connections, least recently used first
  std::deque<std::shared_ptr<Waiter>> waiters_;
};

}  // namespace contrail::pg
