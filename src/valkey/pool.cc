#include "valkey/pool.h"

namespace contrail::valkey {

Pool::Pool(boost::asio::any_io_executor executor, ConnectionOptions options, int size)
    : options_(std::move(options)) {
  for (int i = 0; i < std::max(1, size); ++i) {
    connections_.push_back(std::make_unique<Connection>(executor, options_));
  }
}

Pool::~Pool() { Close(); }

void Pool::Start() {
  for (auto& c : connections_) c->Start();
}

void Pool::Close() {
  for (auto& c : connections_) c->Close();
}

Connection& Pool::Pick() {
  // Prefer a connection that is up; otherwise any (its Submit fails fast or queues on connect).
  for (std::size_t tries = 0; tries < connections_.size(); ++tries) {
    Connection& c = *connections_[next_];
    next_ = (next_ + 1) % connections_.size();
    if (c.state() == Connection::State::kUp) return c;
  }
  return *connections_[next_];
}

boost::asio::awaitable<core::Result<Replies>> Pool::Execute(CommandBatch batch,
                                                            std::chrono::milliseconds timeout) {
  return Pick().Execute(std::move(batch), timeout);
}

void Pool::Submit(CommandBatch batch, ReplyCallback done, Connection::Send send) {
  Pick().Submit(std::move(batch), std::move(done), send);
}

int Pool::connected() const {
  int n = 0;
  for (const auto& c : connections_) n += c->state() == Connection::State::kUp;
  return n;
}

}  // namespace contrail::valkey
