#pragma once
// One chat turn of POST /v1/chat/completions, from the parsed request to the reply and the stored
// session. Its stages run in this order; each that can take time is a Server-Timing entry and a
// contrail_stage_duration_seconds{stage} series:
//
//   Begin        the model and the request's new messages (a 4xx before any I/O)
//   LoadContext  profile, history and session state, and the caller's limits
//                (limits/limiter.h: a 429 ends the turn): ONE Valkey round trip     "valkey"
//   Understand   the session's slots and topic with this message, the standalone
//                query (flightly/understanding.h); the same for every model          "query"
//   Ground       knowledge passages and live fares for the standalone query          "retrieve"
//   Answer       the model: the whole reply, or streamed as SSE chunks               "llm"
//   Save         the new messages and the session's state, before the reply goes out
//                (confirmed as memory.durability asks)                              "save"
//   Reply        the OpenAI body, or the end of the stream (wire.h)
//
// Capabilities to come plug in at named stages: the semantic cache right after Understand, agents
// with tools at Answer, long-term memory recall beside LoadContext.
//
// Threads: a Turn lives on the I/O thread of its request and is used only there.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "llm/chat_model.h"
#include "net/http_message.h"
#include "server/chat/messages.h"
#include "server/chat/request.h"
#include "server/auth/principal.h"
#include "server/chat/wire.h"

namespace contrail::flightly {
struct Understanding;
}

namespace contrail::server {
struct Services;
}

namespace contrail::server::chat {

class Turn {
 public:
  // Begin: resolves the model and splits the request's messages. kModelNotFound for a model that
  // is not configured, kInvalidArgument for a session turn without a new user message.
  static core::Result<std::shared_ptr<Turn>> Begin(Services& services, const auth::Principal& caller,
                                                   ChatCompletionRequest request, std::string request_id);

  // Runs the stages and returns the response: the completion, the model's error, or (stream:
  // true) a streamed response whose body runs Answer, Save and Reply. The stream shares `turn`.
  static boost::asio::awaitable<net::HttpResponse> Run(std::shared_ptr<Turn> turn);

  // Use Begin(), which checks what the constructor takes as given.
  Turn(Services& services, const auth::Principal& caller, llm::ChatModel& model, ChatCompletionRequest request,
       NewMessages new_messages, std::string request_id);

 private:
  enum class Stage { kValkey, kQuery, kRetrieve, kLlm, kSave };

  // kRateLimited / kQuotaExceeded when the caller is over a limit; Valkey down is not an error
  // (the turn is answered statelessly, degraded_).
  boost::asio::awaitable<core::Status> LoadContext();
  void Understand();
  boost::asio::awaitable<void> Ground();
  boost::asio::awaitable<core::Result<llm::ChatResult>> Answer(llm::ChatSink* sink);
  boost::asio::awaitable<void> Save(const llm::ChatResult& result);

  // The body of a streamed response: Answer into SSE chunks, Save, then the stream's tail.
  static boost::asio::awaitable<std::optional<net::HttpResponse>> Stream(std::shared_ptr<Turn> turn,
                                                                         net::ResponseStream& out);
  // A response with the turn's headers (X-Degraded, X-Session-Id) and stage timings.
  net::HttpResponse Response(net::HttpResponse response);
  // Ends `stage`, begun at `started`: its Server-Timing entry and histogram.
  void EndStage(Stage stage, std::chrono::steady_clock::time_point started);

  Services& services_;
  const auth::Principal caller_;
  llm::ChatModel& model_;
  const ChatCompletionRequest request_;
  const NewMessages new_messages_;
  const std::string request_id_;
  const std::int64_t began_ms_;       // Unix ms: a turn is never stored after one that began later
  const CompletionHead head_;
  llm::ChatRequest chat_;             // what the model sees
  std::string stored_state_;          // the session's state as LoadContext read it
  std::shared_ptr<const flightly::Understanding> understanding_;
  bool degraded_ = false;             // Valkey could not be read (answered statelessly, nothing
                                      // stored) or did not confirm the turn's writes
  std::vector<net::TimingStage> timings_;
};

}  // namespace contrail::server::chat
