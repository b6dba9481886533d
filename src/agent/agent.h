#pragma once
// An agent: a system prompt, a ChatModel and tools. RunAgent is its loop —
//
//   model → tool calls → the tools run → their results → model → … → a final answer
//
// — ending at an answer without tool calls, or at the step limit (then the model is asked once
// more, without tools, to answer from what it has). The calls of one step run concurrently when
// they are read-only (each under its own deadline, through mcp::ToolRegistry::Call, so a call
// that fails, breaks its schema or times out comes back as a tool error the model reads, never as
// an exception); calls with side effects run after them, one at a time, in the model's order.
//
//   agent::Toolbox tools(registry, {"search_flights", "get_weather"}, client_tools);
//   agent::AgentRun run = co_await agent::RunAgent(model, std::move(request), tools, limits,
//                                                 {.user = "u1", .request_id = id}, &observer, sink);
//
// A model may also call a tool the client declared (the request's own `tools`): the run then
// stops with finish_reason "tool_calls" and those calls, for the client to run, as the chat API
// always did (server-side calls of that same step are not run; the client's next request
// continues the conversation).
//
// Threads: a run lives on the caller's executor (the registry is per I/O thread); its concurrent
// calls are coroutines on that executor.

#include <boost/asio/awaitable.hpp>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "llm/chat_model.h"
#include "mcp/tool.h"

namespace contrail::mcp {
class ToolRegistry;
}

namespace contrail::agent {

class CheckpointStore;

struct AgentLimits {
  int max_steps = 6;            // model calls that may ask for tools; then one final call without
  int max_calls_per_step = 16;  // calls past this in one step are answered with a tool error
};

// A registry tool offered to the model under a name of the caller's choosing (a remote MCP
// server's own name for it, as the Responses API's "mcp" tools show it). A `held` tool is offered
// but not run: a call of it ends the run as a client's tool call does, for the caller to approve.
struct OfferedTool {
  std::string name;           // as the model sees and calls it
  std::string registry_name;  // the registry's tool that runs
  bool held = false;
};

// What the agent may call: tools of the per-thread registry by name (those the registry lacks are
// skipped: an MCP server that is down offers none), registry tools under other names, and the
// client's own.
class Toolbox {
 public:
  // `own`: tools of this run that no registry holds (other agents as tools: delegate.h); they run
  // as registry tools do (schema checked, concurrent when read-only) but without a deadline or the
  // tool-result cache, and may not share a name with a registry tool.
  Toolbox(const mcp::ToolRegistry& registry, const std::vector<std::string>& names,
          std::vector<llm::ToolSpec> client_tools = {}, const std::vector<OfferedTool>& offered = {},
          std::vector<std::shared_ptr<mcp::Tool>> own = {});

  // The tools as the model is offered them: the server's (name, description, schema), then the
  // client's.
  const std::vector<llm::ToolSpec>& specs() const { return specs_; }
  const mcp::ToolRegistry& registry() const { return registry_; }
  // The server-side tool the model calls by that name, or nullptr (a client's or held tool, or
  // none). Its spec().name is its registry name, which may differ from `name`.
  const mcp::Tool* Find(std::string_view name) const;
  // The run's own tool the model calls by that name, or nullptr (then Find's runs in the registry).
  std::shared_ptr<mcp::Tool> FindOwn(std::string_view name) const;
  // Whether a call of `name` ends the run for the caller: the client's tools and held ones.
  bool IsClientTool(std::string_view name) const;

 private:
  const mcp::ToolRegistry& registry_;
  std::vector<std::pair<std::string, const mcp::Tool*>> tools_;  // by the name offered, ordered
  std::vector<std::string> client_names_;
  std::vector<std::shared_ptr<mcp::Tool>> own_;
  std::vector<llm::ToolSpec> specs_;
};

// One tool call the agent ran.
struct ToolRun {
  int step = 0;               // 1-based: the model call that asked for it
  std::size_t position = 0;   // 0-based: its place among that step's calls
  llm::ToolCall call;
  mcp::ToolOutput output;
  double ms = 0;  // the call's own time, the registry's checks included
  bool resumed = false;  // ended in an earlier request of which this one resumes (checkpoint.h)
};

// Told of each step's calls as they start and as each one ends (for a stream). Runs on the
// agent's coroutine; a failed status (the client went away) ends the run with that error.
class AgentObserver {
 public:
  virtual ~AgentObserver() = default;
  virtual boost::asio::awaitable<core::Status> OnToolCalls(int step, const std::vector<llm::ToolCall>& calls) = 0;
  virtual boost::asio::awaitable<core::Status> OnToolResult(const ToolRun& run) = 0;
};

struct AgentRun {
  llm::ChatResult result;        // the final answer (or the client's tool calls); usage summed
  std::vector<ToolRun> tool_runs;  // in the order they ended, step by step
  int steps = 0;                 // model calls made
  bool step_limit = false;       // the limit was reached: the answer came from the call without tools
  double model_ms = 0;           // time in the model, all steps
  double tools_ms = 0;           // wall time of the steps' tool batches (concurrent calls overlap)
  int resumed_steps = 0;         // steps taken from a checkpoint (checkpoint.h), not asked again
};

// Runs the loop on `request` (its messages, context and the client's tool_choice; its `tools` are
// replaced by the toolbox's). Text the model streams goes to `sink` (every step's: a step that
// calls tools usually has none). Errors: the model's (then no answer), or the observer's.
// With `checkpoints`, the run resumes from and writes its checkpoints (checkpoint.h) at the scope
// `caller.call_path`; of the steps it resumes, only the calls that run now are reported to the
// observer.
boost::asio::awaitable<core::Result<AgentRun>> RunAgent(llm::ChatModel& model, llm::ChatRequest request,
                                                        const Toolbox& tools, const AgentLimits& limits,
                                                        const mcp::ToolCall& caller, AgentObserver* observer,
                                                        llm::ChatSink* sink, CheckpointStore* checkpoints = nullptr);

}  // namespace contrail::agent
