#pragma once
// A model id that runs an agent: `model: "flightly-agent"` on /v1/chat/completions makes the chat
// turn run the agent's loop (agent.h) on the inner model — flightly-local or whichever provider the
// configuration names — with the agent's tools and instructions. GET /v1/models lists it like any
// model. Called directly, Complete() is the inner model's plain call (no tools): the loop needs the
// turn's per-thread tool registry and caller, which a ChatModel does not have.

#include <memory>
#include <string>
#include <vector>

#include "agent/agent.h"
#include "llm/chat_model.h"

namespace contrail::agent {

struct AgentSpec {
  std::string name;            // "flightly": what [[mcp.servers]] name in `agents`
  std::string instructions;    // the agent's system prompt, before the domain's own
  std::vector<std::string> tools;  // the registry's tools it may call
  AgentLimits limits;
  // What it is for, as a lead agent is told when it may delegate to it (delegate.h).
  std::string description;
  // Agents it may delegate to, each offered to its model as a tool "<name>_agent" {task}.
  std::vector<AgentSpec> delegates;
  // As a delegate, its calls read past the tool-result cache (mcp::ToolCall::fresh): it acts on
  // what they return (a booking agent holds the seats its search found).
  bool fresh_reads = false;
};

class AgentModel final : public llm::ChatModel {
 public:
  // `inner` must outlive this model (both live in the server's model registry).
  AgentModel(std::string id, AgentSpec spec, llm::ChatModel& inner)
      : id_(std::move(id)), spec_(std::move(spec)), inner_(inner) {}

  const std::string& id() const override { return id_; }
  bool reads_context() const override { return inner_.reads_context(); }
  bool built_in() const override { return inner_.built_in(); }
  boost::asio::awaitable<core::Result<llm::ChatResult>> Complete(const llm::ChatRequest& request,
                                                                 llm::ChatSink* sink) override {
    return inner_.Complete(request, sink);
  }

  const AgentSpec& spec() const { return spec_; }
  llm::ChatModel& inner() const { return inner_; }

 private:
  const std::string id_;
  const AgentSpec spec_;
  llm::ChatModel& inner_;
};

}  // namespace contrail::agent
