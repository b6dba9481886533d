#include "memory/session_context.h"

#include "memory/keys.h"
#include "valkey/pool.h"

namespace contrail::memory {

namespace asio = boost::asio;

asio::awaitable<core::Result<SessionContext>> LoadSessionContext(valkey::Pool& pool, std::string_view user,
                                                                 std::string_view session, int history_n,
                                                                 valkey::CommandBatch alongside) {
  const auto first = static_cast<std::size_t>(alongside.count());
  valkey::CommandBatch batch = std::move(alongside);
  batch.Add({"HGETALL", ProfileKey(user)});
  batch.Add({"HGETALL", MemoryKey(user)});
  const bool read_history = !session.empty() && history_n > 0;  // LRANGE -0 -1 would be all
  if (read_history) {
    std::string start = std::to_string(-history_n);
    batch.Add({"LRANGE", MessagesKey(user, session), start, "-1"});
  }
  if (!session.empty()) batch.Add({"GET", StateKey(user, session)});
  CONTRAIL_CO_TRY(valkey::Replies replies, co_await pool.Execute(std::move(batch)));
  for (std::size_t i = first; i < replies.size(); ++i) {
    if (replies[i].is_error()) co_return valkey::ReplyError(replies[i]);
  }
  SessionContext context;
  context.profile = DecodeProfile(replies[first]);
  context.memories = DecodeCachedMemories(replies[first + 1]);
  if (read_history) context.history = DecodeMessages(replies[first + 2]);
  if (!session.empty() && replies.back().is_string()) context.session_state = std::move(replies.back().str);
  replies.resize(first);
  context.alongside = std::move(replies);
  co_return context;
}

}  // namespace contrail::memory
