#pragma once
// One chat turn, from the parsed request to the reply and the stored session, for every API that
// runs one: POST /v1/chat/completions and POST /v1/responses differ only in their Protocol
// (protocol.h: what else is read and kept, and the reply's shape). Its stages run in this order; each that can take time is a Server-Timing entry and a
// contrail_stage_duration_seconds{stage} series:
//
//   Begin        the model and the request's new messages (a 4xx before any I/O)
//   LoadContext  profile, long-term memories, history and session state, an agent
//                turn's checkpoints (turn_checkpoints.h), and the caller's limits
//                (limits/limiter.h: a 429 ends the turn): ONE Valkey round trip      "valkey"
//     Recall     the memories fill in what the profile does not say (turn_memory.cc;
//                from PostgreSQL only when the speed layer holds none)               "recall"
//   Understand   the session's slots and topic with this message, the standalone
//                query (flightly/understanding.h); the same for every model          "query"
//   RecallEpisodes  the first turn of a session: earlier sessions' summaries closest
//                to the query (pgvector)                                             "recall"
//   LookUpAnswer the semantic answer cache, by the standalone query's vector and
//                slots (turn_cache.cc): a hit skips Ground and the model             "cache"
//   Ground       knowledge passages and live fares for the standalone query          "retrieve"
//   Answer       the model: the whole reply, or streamed as SSE chunks               "llm"
//                … or, for an agent's model id (flightly-agent), the agent's loop
//                (turn_agent.cc): model steps "llm", their tool calls "tools"; from
//                its checkpoint when a crash cut the same turn off before
//   Save         the new messages and the session's state, before the reply goes out
//                (confirmed as memory.durability asks)                              "save"
//   Reply        the protocol's body, or the end of its stream
//   Remember     a miss's answer into the cache, in the scope of what it used (turn_cache.cc)
//
// Threads: a Turn lives on the I/O thread of its request and is used only there.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "agent/agent_model.h"
#include "cache/answer_entry.h"
#include "core/result.h"
#include "embed/embedder.h"
#include "flightly/grounding.h"
#include "llm/chat_model.h"
#include "memory/session_context.h"
#include "net/http_message.h"
#include "server/auth/principal.h"
#include "server/chat/messages.h"
#include "server/chat/protocol.h"
#include "server/chat/request.h"

namespace contrail::flightly {
struct Understanding;
}

namespace contrail::server {
struct Services;
}

namespace contrail::server::chat {

class TurnCheckpoints;

// Makes the turn's protocol once its model is known (the reply names it).
using ProtocolFactory = std::function<std::unique_ptr<Protocol>(const llm::ChatModel& model)>;

class Turn {
 public:
  // Begin: resolves the model and splits the request's messages. kModelNotFound for a model that
  // is not configured, kInvalidArgument for a session turn without a new user message. Without a
  // `protocol`, the turn answers as chat completions (completion_protocol.h).
  static core::Result<std::shared_ptr<Turn>> Begin(Services& services, const auth::Principal& caller,
                                                   ChatCompletionRequest request, std::string request_id,
                                                   const ProtocolFactory& protocol = {});

  // Runs the stages and returns the response: the completion, the model's error, or (stream:
  // true) a streamed response whose body runs Answer, Save and Reply. The stream shares `turn`.
  static boost::asio::awaitable<net::HttpResponse> Run(std::shared_ptr<Turn> turn);

  // Use Begin(), which checks what the constructor takes as given.
  Turn(Services& services, const auth::Principal& caller, llm::ChatModel& model, ChatCompletionRequest request,
       NewMessages new_messages, std::string request_id, std::unique_ptr<Protocol> protocol);

 private:
  enum class Stage { kValkey, kQuery, kCache, kRetrieve, kLlm, kSave, kTools, kRecall };

  // kRateLimited / kQuotaExceeded when the caller is over a limit; Valkey down is not an error
  // (the turn is answered statelessly, degraded_).
  boost::asio::awaitable<core::Status> LoadContext();
  // Long-term memory (turn_memory.cc): the user's current values into `context.profile` where it
  // says nothing (noted in chat_.context.remembered); a failure only leaves them out.
  boost::asio::awaitable<void> Recall(memory::SessionContext& context);
  // On a session's first turn: earlier sessions' summaries into chat_.context.episodes.
  boost::asio::awaitable<void> RecallEpisodes();
  void Understand();
  boost::asio::awaitable<void> Ground();
  // With `observer` (a stream), an agent's tool calls are reported as they start and end.
  boost::asio::awaitable<core::Result<llm::ChatResult>> Answer(llm::ChatSink* sink,
                                                               agent::AgentObserver* observer = nullptr);
  // The agent's loop (turn_agent.cc) on the inner model, or on the model itself when only the
  // request's server tools (ChatCompletionRequest::server_tools) make it one; sets agent_json_
  // and tool_runs_.
  boost::asio::awaitable<core::Result<llm::ChatResult>> RunAgent(llm::ChatSink* sink, agent::AgentObserver* observer);
  // An agent's checkpoints (turn_checkpoints.h): their read, in the context batch, and its reply
  // at `index` of the batch's replies (for the session the turn ends up in).
  void PlanCheckpoints(valkey::CommandBatch& batch);
  void AdoptCheckpoints(const std::vector<valkey::Reply>& replies, std::size_t index);
  // After Save: the turn is answered, so a repeat of it has nothing to resume.
  void ForgetCheckpoints();
  // What makes a repeat of this turn the same turn, for the tools' side effects
  // (mcp::ToolCall::idempotency_key): the client's Idempotency-Key; else, in a session, the
  // conversation so far with the new message; else "" (every stateless request is new).
  std::string IdempotencyKey() const;
  // An agent's instructions, today's date and the domain's prompt, as its first system message.
  static std::string AgentSystemPrompt(const agent::AgentSpec& spec, const std::map<std::string, std::string>& profile);
  boost::asio::awaitable<void> Save(const llm::ChatResult& result);

  // The semantic answer cache (turn_cache.cc). LookUpAnswer sets hit_ (then Answer replies with
  // it) and X-Cache; Remember stores a miss's answer; Verify answers a sampled hit's question the
  // slow way, off the hot path, and reports whether the answers agree.
  boost::asio::awaitable<void> LookUpAnswer();
  boost::asio::awaitable<void> Remember(const llm::ChatResult& result);
  // The scope the answer may be stored in (cache::kGlobalScope, a user's), or "" for none.
  boost::asio::awaitable<std::string> StoreScope(const llm::ChatResult& result);
  // Whether the model sees a profile, a session or an earlier conversation.
  bool HasPersonalInputs() const;
  // Whether the answer would come out the same for a traveller with a full profile.
  boost::asio::awaitable<bool> AnswerIgnoresProfiles(const llm::ChatResult& result);
  // Whether the answer would be the same for someone without the caller's profile and session.
  boost::asio::awaitable<bool> AnswerIsImpersonal(const llm::ChatResult& result);
  // cache_key_, query_vector_ and query_slots_; false when the query cannot be embedded.
  boost::asio::awaitable<bool> PrepareCacheKey();
  static boost::asio::awaitable<void> Verify(std::shared_ptr<Turn> turn);

  // What the protocol writes: the answer and what went into it.
  TurnOutcome Outcome(const llm::ChatResult& result) const;
  // The body of a streamed response: Answer into the protocol's stream, Save, then its tail.
  static boost::asio::awaitable<std::optional<net::HttpResponse>> Stream(std::shared_ptr<Turn> turn,
                                                                         net::ResponseStream& out);
  // A response with the turn's headers (X-Degraded, X-Session-Id) and stage timings.
  net::HttpResponse Response(net::HttpResponse response);
  // Ends `stage`, begun at `started`: its Server-Timing entry and histogram.
  void EndStage(Stage stage, std::chrono::steady_clock::time_point started);
  void AddStage(Stage stage, double ms);

  Services& services_;
  const auth::Principal caller_;
  const agent::AgentModel* const agent_;  // the agent this turn runs, or null
  llm::ChatModel& model_;                  // the model that answers (an agent's inner model)
  const ChatCompletionRequest request_;
  const NewMessages new_messages_;
  const std::string request_id_;
  const std::int64_t began_ms_;       // Unix ms: a turn is never stored after one that began later
  const std::unique_ptr<Protocol> protocol_;
  std::string session_;               // the request's, unless the protocol moved the turn (Adopt)
  llm::ChatRequest chat_;             // what the model sees
  std::string stored_state_;          // the session's state as LoadContext read it
  bool first_turn_ = false;           // a session whose stored history is empty
  std::shared_ptr<const flightly::Understanding> understanding_;
  bool degraded_ = false;             // Valkey could not be read (answered statelessly, nothing
                                      // stored) or did not confirm the turn's writes
  std::vector<net::TimingStage> timings_;
  flightly::KnowledgeNeed need_;      // what Ground looked up
  bool grounding_failed_ = false;     // a lookup failed or grounding is paused: the answer is
                                      // degraded, never cached

  // The semantic answer cache.
  std::string cache_status_;          // X-Cache: "HIT" | "MISS" | "BYPASS"; "" when the cache is off
  bool may_store_ = false;            // Remember may store this turn's answer
  bool verifying_ = false;            // a verification turn: no cache, no charge, no stage metrics
  std::shared_ptr<const cache::AnswerEntry> hit_;
  float hit_similarity_ = 0;          // a hit's; a miss's nearest entry's (0: none)
  std::string cache_rejected_slot_;   // a miss: the slot that told a similar entry apart
  std::shared_ptr<const cache::AnswerEntry> explore_;  // a miss: a similar entry below its threshold
  float explore_similarity_ = 0;
  std::string stored_entry_id_;       // a miss: the entry Remember stored (X-Cache-Entry)
  bool verify_hit_ = false;
  std::string cache_key_;             // AnswerKeyMaterial
  embed::Vector query_vector_;        // of the standalone query
  cache::QuestionSlots query_slots_;  // of the standalone query
  double slow_seconds_ = 0;           // Ground + Answer: what a later hit saves
  std::shared_ptr<TurnCheckpoints> checkpoints_;  // an agent turn's that can resume, or null
  std::string agent_json_;            // an agent's run for the wire ("contrail":{"agent":…})
  std::vector<agent::ToolRun> tool_runs_;  // the server-side calls it ran
};

}  // namespace contrail::server::chat
