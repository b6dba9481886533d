#pragma once
// One long-lived, pipelined connection to Valkey. Commands from any number of coroutines are
// appended to one write buffer and flushed together; replies are matched to them in order.
// A broken connection fails what is in flight with kUnavailable and reconnects in the background
// with jittered exponential backoff; while it is down, new commands fail at once (so callers can
// degrade instead of waiting). Not thread-safe: use it only on its executor's thread; state()
// alone may be read from any thread (metrics).

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "valkey/command.h"
#include "valkey/reply.h"

namespace contrail::valkey {

struct ConnectionOptions {
  std::string host = "127.0.0.1";
  int port = 6379;
  std::string username;
  std::string password;
  bool tls = false;
  std::string tls_ca_file;
  bool tls_verify = true;
  int db = 0;
  std::chrono::milliseconds connect_timeout{500};
  std::chrono::milliseconds command_timeout{250};
  std::chrono::milliseconds max_backoff{2'000};
};

using Replies = std::vector<Reply>;
using ReplyCallback = std::function<void(core::Result<Replies>)>;

class Connection {
 public:
  enum class State { kConnecting, kUp, kDown, kClosed };

  Connection(boost::asio::any_io_executor executor, ConnectionOptions options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Starts the connect/reconnect loop. Commands submitted while the first connect is in progress
  // are queued and sent once it succeeds.
  void Start();
  // Stops reconnecting, fails queued commands with kUnavailable, and closes the socket.
  void Close();

  State state() const;
  std::uint64_t reconnects() const;

  // When a submitted batch goes to the socket: at once, or after the handlers already queued on
  // the connection's thread have run (so batches of concurrent requests share one send).
  enum class Send { kNow, kSoon };

  // Sends the batch (Send::kSoon) and returns one reply per command, in order. Replies of type kError are
  // returned as values (a WRONGTYPE on one command does not fail the batch). Errors: kUnavailable
  // (not connected, or the connection broke), kTimeout (no complete answer within `timeout`, or
  // the command timeout of the options when zero).
  boost::asio::awaitable<core::Result<Replies>> Execute(
      CommandBatch batch, std::chrono::milliseconds timeout = std::chrono::milliseconds(0));

  // Queues the batch and returns at once; `done` runs later on the connection's executor with the
  // result (never inside Submit). With Send::kNow the bytes have been handed to the kernel when
  // Submit returns (unless its send buffer is full), together with any batch still waiting to
  // go; either way a later Execute on this connection is ordered after them.
  void Submit(CommandBatch batch, ReplyCallback done, Send send = Send::kNow);

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;  // shared with the background coroutines
};

}  // namespace contrail::valkey
