#pragma once
// The agent loop's test doubles: tools that yield, hang or fail and log who called them, a model
// that answers from a script, an observer that records, and the fixture that holds them.

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <deque>
#include <functional>

#include "agent/agent.h"
#include "mcp/tool_registry.h"
#include "support/async.h"

namespace contrail::agent::test_doubles {

namespace asio = boost::asio;
namespace json = boost::json;
using std::chrono::milliseconds;

// A tool that records how many calls were in flight at once, yielding a few times mid-call so
// concurrent calls overlap on one thread; or waits past its deadline; or fails.
class TestTool : public mcp::Tool {
 public:
  enum class Mode { kYield, kHang, kFail };
  TestTool(std::string name, Mode mode, bool side_effects, std::vector<std::string>* log, int* in_flight, int* max_in_flight)
      : mode_(mode), log_(log), in_flight_(in_flight), max_in_flight_(max_in_flight) {
    spec_.name = std::move(name);
    spec_.description = "a test tool";
    spec_.input_schema = json::parse(R"({"type":"object","properties":{"n":{"type":"integer"}}})").as_object();
    spec_.side_effects = side_effects;
    spec_.timeout = milliseconds(mode == Mode::kHang ? 30 : 5'000);
  }
  const mcp::ToolSpec& spec() const override { return spec_; }
  asio::awaitable<core::Result<mcp::ToolOutput>> Call(const json::object& args, const mcp::ToolCall& call) override {
    log_->push_back(spec_.name + ":" + call.user);
    if (mode_ == Mode::kFail) co_return mcp::ToolOutput::Failure("no flights on that day");
    *max_in_flight_ = std::max(*max_in_flight_, ++*in_flight_);
    const auto ex = co_await asio::this_coro::executor;
    if (mode_ == Mode::kHang) {
      asio::steady_timer t(ex, std::chrono::seconds(2));
      co_await t.async_wait(asio::use_awaitable);
    }
    for (int i = 0; i < 3; ++i) co_await asio::post(ex, asio::use_awaitable);
    --*in_flight_;
    co_return mcp::ToolOutput::Json(json::object{{"tool", spec_.name}, {"n", args.contains("n") ? args.at("n") : 0}});
  }

 private:
  mcp::ToolSpec spec_;
  Mode mode_;
  std::vector<std::string>* log_;
  int* in_flight_;
  int* max_in_flight_;
};

// Answers each call with the next scripted step, and keeps what it was asked.
class ScriptedModel : public llm::ChatModel {
 public:
  using Step = std::function<llm::ChatResult(const llm::ChatRequest&)>;
  const std::string& id() const override { return id_; }
  asio::awaitable<core::Result<llm::ChatResult>> Complete(const llm::ChatRequest& request, llm::ChatSink*) override {
    requests.push_back(request);
    if (steps.empty()) co_return core::Upstream("script ran out");
    Step step = std::move(steps.front());
    steps.pop_front();
    llm::ChatResult r = step(request);
    r.usage = {10, 5, 0};
    co_return r;
  }
  std::deque<Step> steps;
  std::vector<llm::ChatRequest> requests;

 private:
  std::string id_ = "scripted";
};

inline llm::ChatResult Calls(std::vector<llm::ToolCall> calls) {
  llm::ChatResult r;
  r.tool_calls = std::move(calls);
  r.finish_reason = "tool_calls";
  return r;
}

inline llm::ChatResult Answer(std::string text) {
  llm::ChatResult r;
  r.content = std::move(text);
  return r;
}

class RecordingObserver : public AgentObserver {
 public:
  asio::awaitable<core::Status> OnToolCalls(int step, const std::vector<llm::ToolCall>& calls) override {
    for (const auto& c : calls) events.push_back("call " + std::to_string(step) + " " + c.name);
    co_return core::Ok();
  }
  asio::awaitable<core::Status> OnToolResult(const ToolRun& run) override {
    events.push_back(std::string(run.output.is_error ? "error " : "result ") + run.call.name);
    co_return core::Ok();
  }
  std::vector<std::string> events;
};

class AgentLoopTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Add("flights", TestTool::Mode::kYield, false);
    Add("weather", TestTool::Mode::kYield, false);
    Add("book", TestTool::Mode::kYield, true);
    Add("pay", TestTool::Mode::kYield, true);
    Add("slow", TestTool::Mode::kHang, false);
    Add("broken", TestTool::Mode::kFail, false);
    Add("hidden", TestTool::Mode::kYield, false);
  }
  void Add(std::string name, TestTool::Mode mode, bool side_effects) {
    ASSERT_TRUE(registry_.Add(std::make_unique<TestTool>(std::move(name), mode, side_effects, &log_, &in_flight_,
                                                         &max_in_flight_)).ok());
  }
  core::Result<AgentRun> Run(AgentLimits limits = {}, std::vector<llm::ToolSpec> client_tools = {}) {
    Toolbox tools(registry_, {"flights", "weather", "book", "pay", "slow", "broken"}, std::move(client_tools));
    llm::ChatRequest request;
    request.messages = {{llm::Role::kSystem, "be helpful"}, {llm::Role::kUser, "plan a trip"}};
    return test::RunAsync(io_, RunAgent(model_, request, tools, limits, {"u1", "req-1", ""}, &observer_, nullptr));
  }
  // The tool messages the model's `n`th call saw, in order.
  std::vector<std::string> ToolMessages(std::size_t n) {
    std::vector<std::string> out;
    for (const llm::Message& m : model_.requests.at(n).messages) {
      if (m.role == llm::Role::kTool) out.push_back(m.tool_call_id + "=" + m.content);
    }
    return out;
  }

  asio::io_context io_;
  mcp::ToolRegistry registry_;
  ScriptedModel model_;
  RecordingObserver observer_;
  std::vector<std::string> log_;
  int in_flight_ = 0;
  int max_in_flight_ = 0;
};

}  // namespace contrail::agent::test_doubles
