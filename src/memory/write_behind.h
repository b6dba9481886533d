#pragma once
// The write-behind that stores a chat turn in its session: the new messages and the session's
// state, queued with the other Valkey commands of the event loop's pass, retried when they fail.

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "memory/history.h"

namespace contrail::valkey {
class Pool;
}

namespace contrail::memory {

// What a turn adds to its session.
struct SessionUpdate {
  std::string user;
  std::string session;
  std::vector<StoredMessage> messages;        // this turn's new messages, in order
  std::optional<std::string> session_state;   // new state, or keep (and refresh) the old one
  std::string request_id;                     // for logs
};

// Stores turns behind the reply. One per I/O thread; Save() must be called on that thread.
class WriteBehind {
 public:
  WriteBehind(boost::asio::any_io_executor executor, valkey::Pool& pool, int window,
              int ttl_seconds, int retries);

  // Queues the writes and completes once they have been handed to the kernel (unless the
  // connection's send buffer is full: then they follow as soon as it drains, still ahead of any
  // later command on that connection). A reply written after Save completes therefore cannot reach
  // its client before the turn is on its way to Valkey, and the client's next turn reads it.
  // The writes are corked with the other commands of this event-loop pass: the turns that finish
  // together leave in one send(), and the awaiting coroutine resumes right after that send.
  // Failures are retried with exponential backoff `retries` times, then counted in
  // contrail_write_behind_failed_total and logged with the request id.
  boost::asio::awaitable<void> Save(SessionUpdate update);

  // Writes queued or retrying. Safe to read from any thread.
  std::size_t in_flight() const { return in_flight_.load(); }

 private:
  struct Attempt;
  // `corked`: with the other commands of this event-loop pass (Save), or at once (a retry).
  void Submit(std::shared_ptr<Attempt> attempt, bool corked);

  boost::asio::any_io_executor executor_;
  valkey::Pool& pool_;
  int window_;
  int ttl_seconds_;
  int retries_;
  std::atomic<std::size_t> in_flight_{0};
};

}  // namespace contrail::memory
