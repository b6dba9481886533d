#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/json/parse.hpp>
#include <algorithm>
#include <chrono>
#include <memory>

#include "agent/agent.h"
#include "agent/checkpoint.h"
#include "core/log.h"
#include "mcp/json_schema.h"
#include "mcp/tool_registry.h"

namespace contrail::agent {

namespace asio = boost::asio;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

namespace {

double MillisSince(Clock::time_point started) {
  return std::chrono::duration<double, std::milli>(Clock::now() - started).count();
}

// One step's calls in flight. Shared with the call coroutines, so a run that ends early (its
// client went away) leaves them finishing into state that is still alive.
struct Batch {
  explicit Batch(const asio::any_io_executor& ex) : wake(ex, Clock::time_point::max()) {}
  std::vector<ToolRun> runs;
  std::vector<std::string> tools;  // the registry's name of each run's tool
  std::vector<std::shared_ptr<mcp::Tool>> own;  // or the run's own tool (Toolbox::FindOwn)
  std::vector<std::size_t> ended;  // indexes into runs, in the order they ended, not yet reported
  std::size_t running = 0;
  asio::steady_timer wake;  // cancelled when a call ends: the run's waits on it return
};

// The call through the registry (which never throws and turns every failure into a tool error),
// or of the run's own tool, checked against its schema as the registry would. The toolbox was
// asked first: `registry` outlives the run, the toolbox may not (`own` is shared with the batch).
asio::awaitable<mcp::ToolOutput> CallTool(const mcp::ToolRegistry& registry, const std::string& tool,
                                          std::shared_ptr<mcp::Tool> own, const llm::ToolCall& call,
                                          const mcp::ToolCall& caller) {
  json::value arguments = json::object();
  if (!call.arguments_json.empty()) {
    boost::system::error_code ec;
    arguments = json::parse(call.arguments_json, ec);
    if (ec) co_return mcp::ToolOutput::Failure("the arguments of `" + call.name + "` are not valid JSON: " + ec.message());
  }
  if (own == nullptr) co_return co_await registry.Call(tool, arguments, caller);
  if (!arguments.is_object()) co_return mcp::ToolOutput::Failure("invalid arguments: `arguments` must be an object");
  if (core::Status valid = mcp::CheckAgainstSchema(arguments, own->spec().input_schema); !valid) {
    co_return mcp::ToolOutput::Failure("invalid arguments: " + valid.error().message);
  }
  core::Result<mcp::ToolOutput> out = co_await own->Call(arguments.get_object(), caller);
  if (!out) co_return mcp::ToolOutput::Failure(out.error().message);
  co_return std::move(*out);
}

asio::awaitable<void> RunInBatch(std::shared_ptr<Batch> batch, std::size_t index, const mcp::ToolRegistry& registry,
                                 mcp::ToolCall caller) {
  ToolRun& run = batch->runs[index];
  const auto started = Clock::now();
  try {
    run.output = co_await CallTool(registry, batch->tools[index], batch->own[index], run.call, caller);
  } catch (const std::exception& e) {  // the registry's contract says never; a run must still end
    run.output = mcp::ToolOutput::Failure(std::string("the tool failed: ") + e.what());
  }
  run.ms = MillisSince(started);
  batch->ended.push_back(index);
  --batch->running;
  batch->wake.cancel();
}

// Reports the calls that ended since the last report, in the order they ended.
asio::awaitable<core::Status> Report(Batch& batch, AgentObserver* observer, std::vector<ToolRun>& out) {
  std::vector<std::size_t> ended;
  ended.swap(batch.ended);
  for (std::size_t i : ended) {
    if (observer != nullptr) CONTRAIL_CO_TRY_STATUS(co_await observer->OnToolResult(batch.runs[i]));
    out.push_back(batch.runs[i]);
  }
  co_return core::Ok();
}

// What a run writes to its checkpoint store, and when (checkpoint.h). Holds the run's request and
// state by reference: a checkpoint is what the request's messages gained since the run began.
class Recorder {
 public:
  Recorder(CheckpointStore* store, const mcp::ToolCall& caller, const llm::ChatRequest& request, const AgentRun& run)
      : store_(store), scope_(caller.call_path), request_(request), base_(request.messages.size()), run_(run) {
    if (store_ != nullptr) fingerprint_ = Fingerprint(request);
  }

  // The checkpoint written for this scope and request, if any.
  std::optional<Checkpoint> Find() {
    if (store_ == nullptr) return std::nullopt;
    std::optional<std::string> json = store_->Find(scope_);
    if (!json) return std::nullopt;
    core::Result<Checkpoint> checkpoint = ParseCheckpoint(*json);
    if (!checkpoint) {
      core::log::Warn("ignoring an unreadable agent checkpoint", {{"scope", scope_}, {"error", checkpoint.error().message}});
      return std::nullopt;
    }
    if (checkpoint->fingerprint != fingerprint_) return std::nullopt;  // another request's
    resumed_ = active_ = true;
    return std::move(*checkpoint);
  }

  // Writes the run so far once recording is on; `side_effect` (a call with side effects is about
  // to run) turns it on. A failed write is logged, and the run goes on: the tools' idempotency
  // keys still keep a retry from doing anything twice.
  asio::awaitable<void> Save(bool side_effect, const llm::ChatResult* answer = nullptr) {
    if (store_ == nullptr || !(active_ || side_effect)) co_return;
    const bool restart = !active_ && !resumed_ && scope_.empty();
    active_ = true;
    Checkpoint c;
    c.fingerprint = fingerprint_;
    c.steps = run_.steps;
    c.messages.assign(request_.messages.begin() + static_cast<std::ptrdiff_t>(base_), request_.messages.end());
    c.tool_runs = run_.tool_runs;
    if (answer != nullptr) c.answer = *answer;
    if (core::Status saved = co_await store_->Save(scope_, CheckpointJson(c), restart); !saved) {
      core::log::Warn("could not write an agent checkpoint", {{"scope", scope_}, {"error", saved.error().message}});
    }
  }

  // Delegates keep their answer (a lead cut off before it wrote the result gets it back as it was).
  bool keeps_answer() const { return active_ && !scope_.empty(); }

 private:
  CheckpointStore* const store_;
  const std::string scope_;
  const llm::ChatRequest& request_;
  const std::size_t base_;
  const AgentRun& run_;
  std::string fingerprint_;
  bool active_ = false;   // a side effect ran, or the run resumed: every step is written
  bool resumed_ = false;  // the run started from a checkpoint of its own request
};

// What every step of a run shares.
struct StepContext {
  const Toolbox& tools;
  const AgentLimits& limits;
  const mcp::ToolCall& caller;
  AgentObserver* observer;
  Recorder& recorder;
};

// The calls of `step` at `caller`'s scope: each knows where it was made (mcp::ToolCall::call_path).
mcp::ToolCall CallerOf(const mcp::ToolCall& caller, int step, std::size_t position) {
  mcp::ToolCall at = caller;
  at.call_path = caller.call_path + "/" + std::to_string(step) + "." + std::to_string(position);
  return at;
}

// Runs one step's calls: read-only ones concurrently, then those with side effects in order, each
// after a checkpoint that names it pending. `ended`: calls of this step that ended in the request
// this run resumes (they are not run or reported again). Appends the calls it runs to `out` as
// they end; returns the step's runs in the model's order.
asio::awaitable<core::Result<std::vector<ToolRun>>> RunStep(int step, const std::vector<llm::ToolCall>& calls,
                                                            const std::vector<ToolRun>& ended, StepContext& ctx,
                                                            std::vector<ToolRun>& out) {
  const asio::any_io_executor ex = co_await asio::this_coro::executor;
  auto batch = std::make_shared<Batch>(ex);
  batch->runs.resize(calls.size());
  batch->tools.resize(calls.size());
  batch->own.resize(calls.size());
  std::vector<std::size_t> in_order;  // side effects: after the concurrent ones, one at a time
  for (std::size_t i = 0; i < calls.size(); ++i) {
    ToolRun& run = batch->runs[i];
    run.step = step;
    run.position = i;
    run.call = calls[i];
    auto earlier = std::find_if(ended.begin(), ended.end(), [&](const ToolRun& r) { return r.position == i; });
    if (earlier != ended.end()) {
      run = *earlier;
      continue;
    }
    const mcp::Tool* tool = ctx.tools.Find(run.call.name);
    if (tool != nullptr) batch->tools[i] = tool->spec().name;
    batch->own[i] = ctx.tools.FindOwn(run.call.name);
    if (tool == nullptr || i >= static_cast<std::size_t>(ctx.limits.max_calls_per_step)) {
      run.output = mcp::ToolOutput::Failure(
          tool == nullptr ? "no tool named `" + run.call.name + "` is available to this agent"
                          : "too many tool calls in one step (at most " + std::to_string(ctx.limits.max_calls_per_step) +
                                "); call it again in the next step");
      batch->ended.push_back(i);
    } else if (tool->spec().side_effects) {
      in_order.push_back(i);
    } else {
      ++batch->running;
      asio::co_spawn(ex, RunInBatch(batch, i, ctx.tools.registry(), CallerOf(ctx.caller, step, i)), asio::detached);
    }
  }
  while (true) {
    CONTRAIL_CO_TRY_STATUS(co_await Report(*batch, ctx.observer, out));
    if (batch->running == 0) break;
    co_await batch->wake.async_wait(asio::as_tuple(asio::use_awaitable));  // cancelled: a call ended
  }
  for (std::size_t i : in_order) {
    co_await ctx.recorder.Save(true);  // write-ahead: this call is pending
    ++batch->running;
    co_await RunInBatch(batch, i, ctx.tools.registry(), CallerOf(ctx.caller, step, i));
    CONTRAIL_CO_TRY_STATUS(co_await Report(*batch, ctx.observer, out));
  }
  co_return std::move(batch->runs);
}

void AddUsage(llm::Usage& total, const llm::Usage& step) {
  total.prompt_tokens += step.prompt_tokens;
  total.completion_tokens += step.completion_tokens;
  total.cost_usd += step.cost_usd;
}

// The calls meant for the client (the request's own tools), if any.
std::vector<llm::ToolCall> ClientCalls(const Toolbox& tools, const std::vector<llm::ToolCall>& calls) {
  std::vector<llm::ToolCall> out;
  for (const llm::ToolCall& c : calls) {
    if (tools.IsClientTool(c.name)) out.push_back(c);
  }
  return out;
}

// Gives every call an id the results can name (some models leave it empty).
void NameCalls(int step, std::vector<llm::ToolCall>& calls) {
  for (std::size_t i = 0; i < calls.size(); ++i) {
    if (calls[i].id.empty()) calls[i].id = "call_" + std::to_string(step) + "_" + std::to_string(i + 1);
  }
}

// Runs the calls of the step whose assistant message ends `request` (minus those `ended` in the
// request this run resumes), appends their results in the model's order, and checkpoints the step.
asio::awaitable<core::Status> FinishStep(int step, const std::vector<ToolRun>& ended, llm::ChatRequest& request,
                                         StepContext& ctx, AgentRun& run) {
  const std::vector<llm::ToolCall> calls = request.messages.back().tool_calls;
  const auto started = Clock::now();
  CONTRAIL_CO_TRY(std::vector<ToolRun> ran, co_await RunStep(step, calls, ended, ctx, run.tool_runs));
  run.tools_ms += MillisSince(started);
  for (ToolRun& t : ran) {
    llm::Message result(llm::Role::kTool, std::move(t.output.text));
    result.tool_call_id = t.call.id;
    request.messages.push_back(std::move(result));
  }
  // A forced choice ("required", a tool's name) holds for the first step only: forced on every
  // step, the model could never answer.
  if (request.tool_choice != "none") request.tool_choice = "auto";
  co_await ctx.recorder.Save(false);
  co_return core::Ok();
}

// Takes the run up to where `checkpoint` left it: its steps' messages and calls, and the calls of
// a step it cut off. True when the checkpoint holds the run's answer (then run.result is it).
asio::awaitable<core::Result<bool>> Resume(Checkpoint checkpoint, llm::ChatRequest& request, StepContext& ctx,
                                           AgentRun& run) {
  run.steps = run.resumed_steps = checkpoint.steps;
  for (ToolRun& t : checkpoint.tool_runs) t.resumed = true;
  run.tool_runs = std::move(checkpoint.tool_runs);
  for (llm::Message& m : checkpoint.messages) request.messages.push_back(std::move(m));
  if (checkpoint.answer) {
    run.result = std::move(*checkpoint.answer);
    co_return true;
  }
  if (request.tool_choice != "none") request.tool_choice = "auto";
  if (request.messages.back().role == llm::Role::kAssistant && !request.messages.back().tool_calls.empty()) {
    std::vector<ToolRun> ended;
    for (const ToolRun& t : run.tool_runs) {
      if (t.step == checkpoint.steps) ended.push_back(t);
    }
    if (ctx.observer != nullptr) {  // the calls that run now are announced as a step's calls are
      std::vector<llm::ToolCall> pending;
      const std::vector<llm::ToolCall>& asked = request.messages.back().tool_calls;
      for (std::size_t i = 0; i < asked.size(); ++i) {
        if (std::none_of(ended.begin(), ended.end(), [&](const ToolRun& t) { return t.position == i; })) {
          pending.push_back(asked[i]);
        }
      }
      CONTRAIL_CO_TRY_STATUS(co_await ctx.observer->OnToolCalls(checkpoint.steps, pending));
    }
    CONTRAIL_CO_TRY_STATUS(co_await FinishStep(checkpoint.steps, ended, request, ctx, run));
  }
  co_return false;
}

}  // namespace

asio::awaitable<core::Result<AgentRun>> RunAgent(llm::ChatModel& model, llm::ChatRequest request, const Toolbox& tools,
                                                 const AgentLimits& limits, const mcp::ToolCall& caller,
                                                 AgentObserver* observer, llm::ChatSink* sink,
                                                 CheckpointStore* checkpoints) {
  AgentRun run;
  request.tools = tools.specs();
  if (request.tools.empty()) request.tool_choice = "none";
  Recorder recorder(checkpoints, caller, request, run);
  StepContext ctx{tools, limits, caller, observer, recorder};
  if (std::optional<Checkpoint> checkpoint = recorder.Find()) {
    CONTRAIL_CO_TRY(const bool answered, co_await Resume(std::move(*checkpoint), request, ctx, run));
    if (answered) co_return run;
  }
  for (int step = run.steps + 1;; ++step) {
    const bool last = step > limits.max_steps;
    if (last) {  // answer from what the conversation holds
      request.tools.clear();
      request.tool_choice = "none";
      run.step_limit = true;
    }
    const auto started = Clock::now();
    core::Result<llm::ChatResult> answer = co_await model.Complete(request, sink);
    run.model_ms += MillisSince(started);
    if (!answer) co_return std::move(answer).error();
    ++run.steps;
    AddUsage(run.result.usage, answer->usage);
    llm::ChatResult& r = *answer;
    if (r.tool_calls.empty() || last) {
      const llm::Usage usage = run.result.usage;
      run.result = std::move(r);
      run.result.usage = usage;
      if (!run.result.tool_calls.empty()) {  // still asking at the limit: no tool runs now
        run.result.tool_calls.clear();
        run.result.finish_reason = "length";
      }
      if (recorder.keeps_answer()) co_await recorder.Save(false, &run.result);
      co_return run;
    }
    NameCalls(step, r.tool_calls);
    if (std::vector<llm::ToolCall> client = ClientCalls(tools, r.tool_calls); !client.empty()) {
      const llm::Usage usage = run.result.usage;
      run.result = std::move(r);
      run.result.tool_calls = std::move(client);
      run.result.finish_reason = "tool_calls";
      run.result.usage = usage;
      co_return run;
    }
    llm::Message asked(llm::Role::kAssistant, std::move(r.content));
    asked.tool_calls = std::move(r.tool_calls);
    if (observer != nullptr) CONTRAIL_CO_TRY_STATUS(co_await observer->OnToolCalls(step, asked.tool_calls));
    request.messages.push_back(std::move(asked));
    const std::vector<ToolRun> none_ended;  // named: GCC 12 mishandles a braced temporary across a co_await
    CONTRAIL_CO_TRY_STATUS(co_await FinishStep(step, none_ended, request, ctx, run));
  }
}

}  // namespace contrail::agent
