#pragma once
// Agents as tools: a lead agent (an orchestrator) hands a task to another agent by calling it —
// `booking_agent {"task": "Book the cheapest LAS→HNL flight in March for 4, with Plus insurance"}`
// — and the delegate runs its own loop (RunAgent) with its own instructions, tools and limits on
// the lead's model. Every delegate sees what the lead saw: the conversation before this turn's
// steps and the same context (the traveller's profile with what long-term memory filled in, the
// session's understanding, retrieved passages), which is how the agents share memory; what one
// agent did reaches the next through the lead, in the task it writes.
//
//   auto shared = std::make_shared<agent::DelegationContext>(model, registry, request, prompt_of);
//   agent::Toolbox tools(registry, lead.tools, {}, {}, agent::MakeDelegateTools(lead, shared));
//
// A delegate's result (the tool's output) is JSON the lead's model reads:
//   {"agent": "booking", "answer": "…", "calls": [{"tool", "arguments", "output", "is_error"}]}
// with each call's output as the tool returned it (JSON when it was JSON). A delegate whose model
// fails returns a tool error. A delegate runs without the lead's stream (its text is not the
// answer) and one at a time when any of its tools has side effects. With the lead's checkpoints,
// a delegate cut off by a crash resumes inside the lead's resumed call.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "agent/agent_model.h"
#include "llm/chat_model.h"
#include "mcp/tool.h"

namespace contrail::mcp {
class ToolRegistry;
}

namespace contrail::agent {

// What the delegates of one run share. Lives as long as the run's tools (the tools hold it).
struct DelegationContext {
  DelegationContext(llm::ChatModel& m, const mcp::ToolRegistry& r, llm::ChatRequest lead_request,
                    std::function<std::string(const AgentSpec&)> prompt)
      : model(m), registry(r), request(std::move(lead_request)), system_prompt(std::move(prompt)) {}

  llm::ChatModel& model;
  const mcp::ToolRegistry& registry;
  // The lead's request before its first step: its system messages are replaced by the delegate's.
  const llm::ChatRequest request;
  // A delegate's system message: its instructions and whatever the domain adds.
  const std::function<std::string(const AgentSpec&)> system_prompt;
  // Where the delegates resume from and write their checkpoints (checkpoint.h), under the scope
  // of the lead's call; null: none. Must outlive the run.
  CheckpointStore* checkpoints = nullptr;
  // What the delegates' models used and took, summed over the run (the lead adds it to its own).
  llm::Usage usage;
  double model_ms = 0;
};

// One tool per delegate of `lead`, named "<delegate>_agent".
std::vector<std::shared_ptr<mcp::Tool>> MakeDelegateTools(const AgentSpec& lead,
                                                          std::shared_ptr<DelegationContext> context);

}  // namespace contrail::agent
