// The chat turn's Answer stage for an agent's model id (turn.h): the agent's loop on its inner
// model, with the thread's tools, the client's own tools beside them, its agents as tools
// (agent/delegate.h), and the caller as the user the tools act for, with the turn's idempotency key;
// a turn a crash cut off resumes from its checkpoints (turn_checkpoints.h).

#include "agent/delegate.h"
#include "core/clock.h"
#include "flightly/prompt.h"
#include "net/sha256.h"
#include "server/chat/agent_wire.h"
#include "server/chat/turn.h"
#include "server/chat/turn_checkpoints.h"
#include "server/services.h"

namespace contrail::server::chat {

namespace asio = boost::asio;

std::string Turn::AgentSystemPrompt(const agent::AgentSpec& spec, const std::map<std::string, std::string>& profile) {
  std::string prompt = spec.instructions;
  prompt += "\nToday is " + core::DateText(core::Today()) + ".\n\n";
  prompt += flightly::SystemPrompt(profile);
  return prompt;
}

std::string Turn::IdempotencyKey() const {
  if (!request_.idempotency_key.empty()) return "client:" + request_.idempotency_key;
  if (session_.empty()) return "";  // a stateless request: every one is new (the tools key by request id)
  // The conversation so far, new message included: a request that repeats it (a retry, a double
  // submit racing the first) is the same request; once the first is stored, the next is not.
  std::string conversation;
  for (const llm::Message& m : chat_.messages) {
    if (m.role == llm::Role::kSystem) continue;
    conversation += llm::RoleName(m.role);
    conversation += ':';
    conversation += std::to_string(m.content.size());
    conversation += ':';
    conversation += m.content;
  }
  return "session:" + session_ + ":" + net::DigestHex(net::Sha256(conversation), 16);
}

void Turn::PlanCheckpoints(valkey::CommandBatch& batch) {
  if (!services_.config.agent.checkpoints) return;
  std::string key = TurnCheckpoints::KeyFor(request_.user, session_, request_.idempotency_key);
  if (key.empty()) return;
  checkpoints_ = std::make_shared<TurnCheckpoints>(services_.valkey, std::move(key));
  checkpoints_->PlanRead(batch);
}

void Turn::AdoptCheckpoints(const std::vector<valkey::Reply>& replies, std::size_t index) {
  if (checkpoints_ == nullptr || index >= replies.size()) return;
  if (session_ == request_.session) {
    checkpoints_->Adopt(replies[index]);
  } else {  // the protocol moved the turn to a new session: nothing there to resume
    checkpoints_ = std::make_shared<TurnCheckpoints>(
        services_.valkey, TurnCheckpoints::KeyFor(request_.user, session_, request_.idempotency_key));
  }
}

void Turn::ForgetCheckpoints() {
  // Answered and stored (a turn Valkey did not confirm keeps them: its retry resumes).
  if (checkpoints_ != nullptr && checkpoints_->saved() && !degraded_) checkpoints_->Forget();
}

asio::awaitable<core::Result<llm::ChatResult>> Turn::RunAgent(llm::ChatSink* sink, agent::AgentObserver* observer) {
  // An agent's own tools, and those of the MCP servers that expose theirs to it (as they come
  // up); the request's server tools beside them.
  std::vector<std::string> names;
  agent::AgentLimits limits;
  if (agent_ != nullptr) {
    const agent::AgentSpec& spec = agent_->spec();
    names = spec.tools;
    for (std::string& remote : services_.mcp_servers.ToolsFor(spec.name)) names.push_back(std::move(remote));
    limits = spec.limits;
  }
  // Its agents, as tools, see this turn's conversation and context (agent/delegate.h).
  std::vector<std::shared_ptr<mcp::Tool>> delegates;
  std::shared_ptr<agent::DelegationContext> delegation;
  if (agent_ != nullptr && !agent_->spec().delegates.empty()) {
    delegation = std::make_shared<agent::DelegationContext>(
        model_, services_.tools, chat_, [profile = chat_.context.profile](const agent::AgentSpec& spec) {
          return AgentSystemPrompt(spec, profile);
        });
    delegation->checkpoints = checkpoints_.get();
    delegates = agent::MakeDelegateTools(agent_->spec(), delegation);
  }
  const agent::Toolbox tools(services_.tools, names, request_.tools, request_.server_tools, std::move(delegates));
  const mcp::ToolCall caller{request_.user, request_id_, IdempotencyKey()};
  CONTRAIL_CO_TRY(agent::AgentRun run, co_await agent::RunAgent(model_, chat_, tools, limits, caller, observer, sink,
                                                                     checkpoints_.get()));
  if (delegation != nullptr) {  // the delegates' models' time and tokens are the turn's too
    run.model_ms += delegation->model_ms;
    run.result.usage.prompt_tokens += delegation->usage.prompt_tokens;
    run.result.usage.completion_tokens += delegation->usage.completion_tokens;
    run.result.usage.cost_usd += delegation->usage.cost_usd;
  }
  if (sink == nullptr) {  // a stream's Server-Timing left with its headers
    AddStage(Stage::kLlm, run.model_ms);
    AddStage(Stage::kTools, run.tools_ms - (delegation != nullptr ? delegation->model_ms : 0));
  }
  agent_json_ = AgentRunJson(run);
  tool_runs_ = std::move(run.tool_runs);
  co_return std::move(run.result);
}

}  // namespace contrail::server::chat
