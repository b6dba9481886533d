// `contrail bench agent` (issue 14): the agent loop's own cost per model step — what RunAgent adds
// around the model and the tools (the toolbox check, parsing the arguments, the registry's schema
// check and deadline, the concurrent batch, the messages fed back) — with a zero-latency scripted
// model and a no-op tool, whose own time is measured inside them and subtracted. The same agent in
// Strands Agents TS is bench/agent_overhead_strands.mjs. Target: <= 0.1 ms a step.

#include <boost/json.hpp>
#include <algorithm>
#include <cstdio>

#include "agent/agent.h"
#include "agent/delegate.h"
#include "cli/bench_util.h"
#include "cli/commands.h"
#include "core/progress.h"
#include "mcp/tool_registry.h"

namespace contrail::cli {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// Asks for `calls` no-op calls until the conversation holds steps-1 rounds of results, then
// answers. Its own time is the "model time" taken out of the overhead.
class ScriptedModel final : public llm::ChatModel {
 public:
  ScriptedModel(int steps, int calls) : steps_(steps), calls_(calls) {}
  const std::string& id() const override { return id_; }
  asio::awaitable<core::Result<llm::ChatResult>> Complete(const llm::ChatRequest& request, llm::ChatSink*) override {
    const auto started = Clock::now();
    int rounds = 0;
    for (const llm::Message& m : request.messages) rounds += m.role == llm::Role::kAssistant ? 1 : 0;
    llm::ChatResult r;
    const bool lead = std::any_of(request.tools.begin(), request.tools.end(),
                                  [](const llm::ToolSpec& t) { return t.name == "worker_agent"; });
    if (lead) {  // an orchestrator: hand the whole task to the worker, then answer with its answer
      if (rounds == 0) {
        r.tool_calls.push_back({"", "worker_agent", R"({"task":"go"})"});
        r.finish_reason = "tool_calls";
      } else {
        r.content = "done";
      }
    } else if (rounds + 1 < steps_) {
      for (int i = 0; i < calls_; ++i) r.tool_calls.push_back({"", "noop", R"({"value":1})"});
      r.finish_reason = "tool_calls";
    } else {
      r.content = "done";
    }
    spent += Clock::now() - started;
    co_return r;
  }
  Clock::duration spent{};

 private:
  const int steps_;
  const int calls_;
  const std::string id_ = "bench-scripted";
};

class NoopTool final : public mcp::Tool {
 public:
  NoopTool() {
    spec_.name = "noop";
    spec_.description = "does nothing";
    spec_.input_schema = boost::json::parse(R"({"type":"object","properties":{"value":{"type":"integer"}}})").as_object();
  }
  const mcp::ToolSpec& spec() const override { return spec_; }
  asio::awaitable<core::Result<mcp::ToolOutput>> Call(const boost::json::object&, const mcp::ToolCall&) override {
    const auto started = Clock::now();
    mcp::ToolOutput out;
    out.text = "ok";
    spent += Clock::now() - started;
    co_return out;
  }
  Clock::duration spent{};

 private:
  mcp::ToolSpec spec_;
};

// One timed run: the loop's wall time less the model's and the tool's own.
struct Timed {
  bool ok = false;
  double overhead_us = 0;
};

Timed TimeRun(asio::io_context& io, ScriptedModel& model, NoopTool& noop, const llm::ChatRequest& request,
              const agent::Toolbox& tools, const agent::AgentLimits& limits, int want_steps) {
  model.spent = noop.spent = {};
  const auto started = Clock::now();
  auto run = RunToCompletion(io, agent::RunAgent(model, request, tools, limits, {}, nullptr, nullptr));
  const auto wall = Clock::now() - started;
  io.restart();
  return {run && run->steps == want_steps, Seconds(wall - model.spent - noop.spent) * 1e6};
}

// What both benches run in: one thread, a registry with the no-op tool, the scripted model and
// the request.
struct Rig {
  explicit Rig(const BenchAgentFlags& flags) : model(flags.steps, flags.calls) {
    auto tool = std::make_unique<NoopTool>();
    noop = tool.get();
    registered = registry.Add(std::move(tool)).ok();
    request.messages = {{llm::Role::kSystem, "You are a bench."}, {llm::Role::kUser, "go"}};
  }
  Timed Time(const agent::Toolbox& tools, const agent::AgentLimits& limits, int want_steps) {
    return TimeRun(io, model, *noop, request, tools, limits, want_steps);
  }

  asio::io_context io{1};
  mcp::ToolRegistry registry;
  NoopTool* noop = nullptr;
  bool registered = false;
  ScriptedModel model;
  llm::ChatRequest request;
};

}  // namespace

int RunBenchOrchestrator(const ConfigFlags&, const BenchAgentFlags& flags) {
  Rig rig(flags);
  if (!rig.registered) return 1;
  agent::AgentSpec worker;
  worker.name = "worker";
  worker.tools = {"noop"};
  worker.limits.max_steps = flags.steps + 1;
  agent::AgentSpec lead;
  lead.name = "lead";
  lead.delegates = {worker};
  // The single agent does the worker's steps itself; the lead hands them to the worker as a tool.
  const agent::Toolbox direct(rig.registry, worker.tools);
  Series single{"single agent", {}}, orchestrated{"orchestrator", {}};
  core::Progress bar("bench orchestrator (runs)", static_cast<std::uint64_t>(2 * (flags.runs + flags.runs / 10)));
  for (int i = -flags.runs / 10; i < flags.runs; ++i) {  // the first tenth warms up
    auto context = std::make_shared<agent::DelegationContext>(
        rig.model, rig.registry, rig.request,
        [](const agent::AgentSpec& spec) { return "You are the " + spec.name + "."; });
    const agent::Toolbox led(rig.registry, {}, {}, {}, agent::MakeDelegateTools(lead, context));
    const Timed a = rig.Time(direct, worker.limits, flags.steps);
    const Timed b = rig.Time(led, worker.limits, 2);
    bar.Tick();
    bar.Tick();
    if (!a.ok || !b.ok) {
      std::fprintf(stderr, "bench orchestrator: a run did not finish as scripted\n");
      return 1;
    }
    if (i < 0) continue;
    single.us.push_back(a.overhead_us);
    orchestrated.us.push_back(b.overhead_us);
  }
  bar.Finish();
  std::printf("\n| runtime | agent steps | calls a step | runs | overhead a turn p50 | p99 | mean |\n|---|---:|---:|---:|---:|---:|---:|\n");
  for (const Series* s : {&single, &orchestrated}) {
    std::printf("| %s | %d | %d | %d | %.2f µs | %.2f µs | %.2f µs |\n", s->name.c_str(), flags.steps, flags.calls,
                flags.runs, s->Percentile(0.5), s->Percentile(0.99), s->Mean());
  }
  std::printf("{\"orchestrator_overhead_ms_per_turn_p50\":%.5f,\"orchestrator_overhead_ms_per_turn_mean\":%.5f}\n",
              (orchestrated.Percentile(0.5) - single.Percentile(0.5)) / 1e3, (orchestrated.Mean() - single.Mean()) / 1e3);
  return 0;
}

int RunBenchAgent(const ConfigFlags&, const BenchAgentFlags& flags) {
  Rig rig(flags);
  if (!rig.registered) return 1;
  const agent::Toolbox tools(rig.registry, {"noop"});
  agent::AgentLimits limits;
  limits.max_steps = flags.steps + 1;
  Series overhead{"overhead per step", {}};
  core::Progress bar("bench agent (runs)", static_cast<std::uint64_t>(flags.runs + flags.runs / 10));
  for (int i = -flags.runs / 10; i < flags.runs; ++i) {  // the first tenth warms up
    const Timed t = rig.Time(tools, limits, flags.steps);
    bar.Tick();
    if (!t.ok) {
      std::fprintf(stderr, "bench agent: the run did not take %d steps\n", flags.steps);
      return 1;
    }
    if (i >= 0) overhead.us.push_back(t.overhead_us / flags.steps);
  }
  bar.Finish();
  std::printf("\n| runtime | steps a run | calls a step | runs | overhead a step p50 | p99 | mean |\n|---|---:|---:|---:|---:|---:|---:|\n");
  std::printf("| contrail (C++) | %d | %d | %d | %.2f µs | %.2f µs | %.2f µs |\n", flags.steps, flags.calls, flags.runs,
              overhead.Percentile(0.5), overhead.Percentile(0.99), overhead.Mean());
  std::printf("{\"runtime\":\"contrail\",\"steps_per_run\":%d,\"calls_per_step\":%d,\"runs\":%d,"
              "\"overhead_ms_per_step_p50\":%.5f,\"overhead_ms_per_step_p99\":%.5f,\"overhead_ms_per_step_mean\":%.5f}\n",
              flags.steps, flags.calls, flags.runs, overhead.Percentile(0.5) / 1e3, overhead.Percentile(0.99) / 1e3,
              overhead.Mean() / 1e3);
  return 0;
}

}  // namespace contrail::cli
