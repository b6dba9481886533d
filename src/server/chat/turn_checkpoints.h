#pragma once
// The chat turn's agent checkpoints (agent/checkpoint.h) in Valkey, beside the session: a hash
// {u:USER}:s:SESSION:wf for a session's turn, {u:USER}:wf:DIGEST for a request outside a session
// that carries an Idempotency-Key; field = scope, value = the checkpoint. The turn reads the hash in
// its one context round trip (LoadContext), so a turn that has nothing to resume pays no extra
// read; a write is one pipelined HSET + PEXPIRE that the run waits for (write-ahead), and once
// the turn is stored the hash goes. Any instance resumes a turn another one began.
//
// Threads: the turn's I/O thread (the pool is that thread's).

#include <chrono>
#include <map>
#include <string>

#include "agent/checkpoint.h"
#include "valkey/pool.h"

namespace contrail::server::chat {

// How long a cut-off turn can be resumed: longer than a seat hold (flightly/bookings), after which
// a retry would only find its hold lapsed.
inline constexpr std::chrono::hours kCheckpointTtl{1};

class TurnCheckpoints final : public agent::CheckpointStore {
 public:
  // The hash of a turn of `user` in `session`, or with the client's `idempotency_key` outside one;
  // "" when the turn cannot be resumed (no user, or a stateless request without a key).
  static std::string KeyFor(std::string_view user, std::string_view session, std::string_view idempotency_key);

  TurnCheckpoints(valkey::Pool& pool, std::string key) : pool_(pool), key_(std::move(key)) {}

  // Adds the read of the hash to the turn's context batch; Adopt takes its reply.
  void PlanRead(valkey::CommandBatch& batch) const;
  void Adopt(const valkey::Reply& reply);

  std::optional<std::string> Find(std::string_view scope) const override;
  boost::asio::awaitable<core::Status> Save(std::string_view scope, std::string json, bool restart) override;
  bool saved() const override { return saved_; }
  // Removes the hash (the turn is stored): sent, not waited for; a failure leaves it to its TTL.
  void Forget();

 private:
  valkey::Pool& pool_;
  const std::string key_;
  std::map<std::string, std::string, std::less<>> read_;
  bool saved_ = false;
};

}  // namespace contrail::server::chat
