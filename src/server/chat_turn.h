#pragma once
// Assembling one chat turn: which request messages are new, what the model sees, what is stored,
// and the OpenAI-shaped JSON that goes back. Pure functions, tested without a server.

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "llm/chat_model.h"
#include "memory/turn_memory.h"
#include "server/chat_request.h"

namespace contrail::server {

struct TurnPlan {
  std::vector<llm::Message> system;  // the request's system messages: they apply to this turn only
  std::vector<llm::Message> fresh;   // non-system messages after the last assistant message
};

// Splits the request's messages. With a session the server owns the history, so only messages
// after the last assistant message are new (a client that resends everything still works).
// kInvalidArgument when a session turn has no new user message and no tool result.
core::Result<TurnPlan> PlanTurn(const std::vector<llm::Message>& messages, bool has_session);

// What the model sees: Flightly's system prompt with the profile, the request's system messages,
// then the stored history and the new messages (with a session), or the request's messages in
// order (without one).
llm::ChatRequest AssembleChatRequest(const ChatCompletionRequest& request, const TurnPlan& plan,
                                     memory::TurnMemory memory, const std::string& model_id);

// The messages stored for this turn: the new ones and the assistant's reply (its text and tool
// calls), stamped `now_ms`.
std::vector<memory::StoredMessage> TurnMessages(const TurnPlan& plan, const llm::ChatResult& reply,
                                                std::int64_t now_ms);

// OpenAI `chat.completion` body; with sources, plus contrail's own
// "contrail":{"sources":[{n, document_id, chunk_id, title, heading, score, metadata}]}.
std::string CompletionJson(const std::string& id, std::int64_t created, const std::string& model,
                           const llm::ChatResult& result, const std::vector<llm::Source>* sources = nullptr);

// The "contrail":{"sources":[…]} member (without a leading comma).
void AppendSourcesJson(std::string& out, const std::vector<llm::Source>& sources);

// What the model sees of the grounding when it is a remote model: one system message that lists
// the live facts and the numbered passages and asks for [n] citations. "" when there is nothing.
std::string GroundingPrompt(const llm::TurnContext& context);

// OpenAI `chat.completion.chunk` body: with `content` as the delta (role on the first chunk),
// and `finish_reason` + usage on the last one.
struct ChunkFields {
  const std::string* role = nullptr;
  const std::string* content = nullptr;
  const std::string* finish_reason = nullptr;
  const llm::Usage* usage = nullptr;
  const std::vector<llm::ToolCall>* tool_calls = nullptr;  // whole calls, in one delta
  const std::vector<llm::Source>* sources = nullptr;       // on the final chunk
  bool empty_choices = false;  // the trailing usage-only chunk of stream_options.include_usage
};
std::string ChunkJson(const std::string& id, std::int64_t created, const std::string& model,
                      const ChunkFields& fields);

}  // namespace contrail::server
