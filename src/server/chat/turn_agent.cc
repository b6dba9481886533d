// The chat turn's Answer stage for an agent's model id (turn.h): the agent's loop on its inner
// model, with the thread's tools, the client's own tools beside them, and the caller as the user
// the tools act for.

#include "core/clock.h"
#include "flightly/prompt.h"
#include "server/chat/agent_wire.h"
#include "server/chat/turn.h"
#include "server/services.h"

namespace contrail::server::chat {

namespace asio = boost::asio;

std::string Turn::AgentSystemPrompt(const std::map<std::string, std::string>& profile) const {
  std::string prompt = agent_->spec().instructions;
  prompt += "\nToday is " + core::DateText(core::Today()) + ".\n\n";
  prompt += flightly::SystemPrompt(profile);
  return prompt;
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
  const agent::Toolbox tools(services_.tools, names, request_.tools, request_.server_tools);
  const mcp::ToolCall caller{request_.user, request_id_};
  CONTRAIL_CO_TRY(agent::AgentRun run, co_await agent::RunAgent(model_, chat_, tools, limits, caller, observer, sink));
  if (sink == nullptr) {  // a stream's Server-Timing left with its headers
    AddStage(Stage::kLlm, run.model_ms);
    AddStage(Stage::kTools, run.tools_ms);
  }
  agent_json_ = AgentRunJson(run);
  tool_runs_ = std::move(run.tool_runs);
  co_return std::move(run.result);
}

}  // namespace contrail::server::chat
