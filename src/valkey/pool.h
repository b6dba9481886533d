#pragma once
// A small set of pipelined Connections bound to one executor (one I/O thread). Pipelining makes
// one connection per thread enough for most loads; more spread Valkey's per-client work.
// Not thread-safe: each I/O thread owns its own Pool.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <memory>
#include <vector>

#include "valkey/connection.h"

namespace contrail::valkey {

class Pool {
 public:
  Pool(boost::asio::any_io_executor executor, ConnectionOptions options, int size);
  ~Pool();

  // Starts connecting every connection (in the background).
  void Start();
  void Close();

  // Runs the batch on a connected connection (round-robin), see Connection::Execute.
  // kUnavailable at once when no connection is up.
  boost::asio::awaitable<core::Result<Replies>> Execute(
      CommandBatch batch, std::chrono::milliseconds timeout = std::chrono::milliseconds(0));
  // See Connection::Submit.
  void Submit(CommandBatch batch, ReplyCallback done, Connection::Send send = Connection::Send::kNow);

  // Connections currently up.
  int connected() const;
  int size() const { return static_cast<int>(connections_.size()); }
  const ConnectionOptions& options() const { return options_; }

 private:
  Connection& Pick();

  ConnectionOptions options_;
  std::vector<std::unique_ptr<Connection>> connections_;
  std::size_t next_ = 0;
};

}  // namespace contrail::valkey
