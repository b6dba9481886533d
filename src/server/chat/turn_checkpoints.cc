#include "server/chat/turn_checkpoints.h"

#include "core/log.h"
#include "memory/keys.h"
#include "net/sha256.h"

namespace contrail::server::chat {

namespace asio = boost::asio;

namespace {
constexpr std::chrono::milliseconds kWriteTimeout{2000};
}

std::string TurnCheckpoints::KeyFor(std::string_view user, std::string_view session, std::string_view idempotency_key) {
  if (user.empty()) return "";
  if (!session.empty()) return memory::WorkflowKey(user, session);
  if (idempotency_key.empty()) return "";
  return memory::RequestWorkflowKey(user, net::DigestHex(net::Sha256(idempotency_key), 16));
}

void TurnCheckpoints::PlanRead(valkey::CommandBatch& batch) const { batch.Add({"HGETALL", key_}); }

void TurnCheckpoints::Adopt(const valkey::Reply& reply) {
  if (!reply.is_array()) return;  // an error: nothing to resume
  for (std::size_t i = 0; i + 1 < reply.elements.size(); i += 2) {
    read_.insert_or_assign(reply.elements[i].str, reply.elements[i + 1].str);
  }
}

std::optional<std::string> TurnCheckpoints::Find(std::string_view scope) const {
  auto it = read_.find(scope);
  if (it == read_.end()) return std::nullopt;
  return it->second;
}

asio::awaitable<core::Status> TurnCheckpoints::Save(std::string_view scope, std::string json, bool restart) {
  valkey::CommandBatch batch;
  if (restart) batch.Add({"DEL", key_});
  batch.Add({"HSET", key_, std::string(scope), std::move(json)});
  batch.Add({"PEXPIRE", key_, std::to_string(std::chrono::milliseconds(kCheckpointTtl).count())});
  saved_ = true;  // even a write that fails may have landed
  CONTRAIL_CO_TRY(valkey::Replies replies, co_await pool_.Execute(std::move(batch), kWriteTimeout));
  for (const valkey::Reply& r : replies) {
    if (r.is_error()) co_return valkey::ReplyError(r);
  }
  co_return core::Ok();
}

void TurnCheckpoints::Forget() {
  valkey::CommandBatch batch;
  batch.Add({"DEL", key_});
  pool_.Submit(std::move(batch), [key = key_](core::Result<valkey::Replies> done) {
    if (!done) core::log::Warn("could not remove a stored turn's checkpoints", {{"key", key}, {"error", done.error().message}});
  });
}

}  // namespace contrail::server::chat
