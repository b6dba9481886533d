#include "memory/write_behind.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/log.h"
#include "core/metrics.h"
#include "memory/keys.h"
#include "valkey/pool.h"

namespace contrail::memory {

namespace asio = boost::asio;

struct WriteBehind::Attempt {
  SessionUpdate update;
  int tries = 0;
};

namespace {

struct WriteBehindMetrics {
  core::Counter& saved;
  core::Counter& retried;
  core::Counter& failed;
  static WriteBehindMetrics& Get() {
    auto& r = core::MetricsRegistry::Global();
    static WriteBehindMetrics m{
        r.GetCounter("contrail_write_behind_saved_total", "Turns stored after the reply."),
        r.GetCounter("contrail_write_behind_retries_total", "Write-behind attempts retried."),
        r.GetCounter("contrail_write_behind_failed_total",
                     "Turns not stored after all retries (logged with their request id)."),
    };
    return m;
  }
};

}  // namespace

WriteBehind::WriteBehind(asio::any_io_executor executor, valkey::Pool& pool, int window,
                         int ttl_seconds, int retries)
    : executor_(std::move(executor)),
      pool_(pool), window_(window), ttl_seconds_(ttl_seconds), retries_(retries) {}

asio::awaitable<void> WriteBehind::Save(SessionUpdate update) {
  in_flight_.fetch_add(1);
  Submit(std::make_shared<Attempt>(Attempt{std::move(update), 0}), /*corked=*/true);
  // The connection posted its flush (now or earlier in this pass); handlers posted from one thread
  // run in order, so this coroutine resumes after that send().
  co_await asio::post(executor_, asio::use_awaitable);
}

void WriteBehind::Submit(std::shared_ptr<Attempt> attempt, bool corked) {
  const SessionUpdate& r = attempt->update;
  valkey::CommandBatch batch;
  if (!r.messages.empty()) AppendHistoryCommands(batch, r.user, r.session, r.messages, window_, ttl_seconds_);
  std::string state_key = StateKey(r.user, r.session);
  std::string ttl = std::to_string(ttl_seconds_);
  if (r.session_state) {
    batch.Add({"SET", state_key, *r.session_state, "EX", ttl});
  } else {
    batch.Add({"EXPIRE", state_key, ttl});
  }
  pool_.Submit(std::move(batch), [this, attempt](core::Result<valkey::Replies> result) {
    std::string error;
    if (!result) {
      error = result.error().message;
    } else {
      for (const valkey::Reply& reply : *result) {
        if (reply.is_error()) error = reply.str;
      }
    }
    auto& metrics = WriteBehindMetrics::Get();
    if (error.empty()) {
      metrics.saved.Inc();
      in_flight_.fetch_sub(1);
      return;
    }
    if (++attempt->tries > retries_) {
      metrics.failed.Inc();
      in_flight_.fetch_sub(1);
      core::log::Error("turn not stored", {{"request_id", attempt->update.request_id},
                                           {"user", attempt->update.user},
                                           {"session", attempt->update.session},
                                           {"error", error}});
      return;
    }
    metrics.retried.Inc();
    // Backoff 50, 100, 200 ms …: long enough for a reconnect to succeed.
    auto delay = std::chrono::milliseconds(50 << std::min(attempt->tries - 1, 6));
    asio::co_spawn(
        executor_,
        [this, attempt, delay]() -> asio::awaitable<void> {
          asio::steady_timer timer(co_await asio::this_coro::executor, delay);
          co_await timer.async_wait(asio::use_awaitable);
          Submit(attempt, /*corked=*/false);
        },
        core::log::ExceptionLogger("write-behind retry"));
  }, corked ? valkey::Connection::Send::kSoon : valkey::Connection::Send::kNow);
}

}  // namespace contrail::memory
