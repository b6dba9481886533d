#include "pg/pool.h"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cassert>

namespace contrail::pg {

namespace asio = boost::asio;

// A caller waiting for a connection: Release() sets `granted` and cancels the timer; the timer
// expiring on its own means the wait timed out.
struct Pool::Waiter {
  explicit Waiter(asio::any_io_executor ex, std::chrono::steady_clock::time_point deadline)
      : timer(ex, deadline) {}
  asio::steady_timer timer;
  int granted = -1;
};

Pool::Lease::~Lease() {
  if (pool_ != nullptr) pool_->Release(index_);
}

Connection& Pool::Lease::operator*() const {
  assert(pool_ != nullptr && "Pool::Lease used after a move");
  return *pool_->connections_[index_];
}

Pool::Pool(asio::any_io_executor executor, ConnectionOptions options, int size,
           std::chrono::milliseconds acquire_timeout)
    : executor_(executor),
      acquire_timeout_(acquire_timeout.count() > 0 ? acquire_timeout : options.query_timeout) {
  size = std::max(size, 1);
  for (int i = 0; i < size; ++i) {
    connections_.push_back(std::make_unique<Connection>(executor, options));
    idle_.push_back(i);
  }
}

Pool::~Pool() = default;

asio::awaitable<core::Result<Pool::Lease>> Pool::Acquire() {
  if (waiters_.empty() && !idle_.empty()) {
    int index = idle_.front();
    idle_.pop_front();
    co_return Lease(this, index);
  }
  auto deadline = acquire_timeout_.count() > 0 ? std::chrono::steady_clock::now() + acquire_timeout_
                                               : std::chrono::steady_clock::time_point::max();
  auto waiter = std::make_shared<Waiter>(executor_, deadline);
  waiters_.push_back(waiter);
  co_await waiter->timer.async_wait(asio::as_tuple(asio::use_awaitable));
  if (waiter->granted >= 0) co_return Lease(this, waiter->granted);
  std::erase(waiters_, waiter);
  co_return core::FromBackend(core::Backend::kPostgres,
                              core::Timeout("postgres: no pooled connection became free in time"));
}

void Pool::Release(int index) {
  if (waiters_.empty()) {
    idle_.push_back(index);
    return;
  }
  auto waiter = waiters_.front();  // ownership passes straight to the longest waiter
  waiters_.pop_front();
  waiter->granted = index;
  waiter->timer.cancel();
}

asio::awaitable<core::Result<Rows>> Pool::Execute(Statement statement) {
  CONTRAIL_CO_TRY(Lease lease, co_await Acquire());
  co_return co_await lease->Execute(std::move(statement));
}

asio::awaitable<core::Result<std::vector<Rows>>> Pool::Pipeline(std::vector<Statement> statements) {
  CONTRAIL_CO_TRY(Lease lease, co_await Acquire());
  co_return co_await lease->Pipeline(std::move(statements));
}

}  // namespace contrail::pg
