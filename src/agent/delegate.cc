#include "agent/delegate.h"

#include <algorithm>
#include <boost/json.hpp>

#include "mcp/tool_registry.h"

namespace contrail::agent {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

class DelegateTool final : public mcp::Tool {
 public:
  DelegateTool(const AgentSpec& delegate, std::shared_ptr<DelegationContext> context)
      : delegate_(delegate), context_(std::move(context)) {
    spec_.name = delegate_.name + "_agent";
    spec_.title = "Ask the " + delegate_.name + " agent";
    spec_.description = delegate_.description.empty() ? "The " + delegate_.name + " agent." : delegate_.description;
    spec_.description += " Give it a task in plain words with everything it needs (references, amounts, choices).";
    spec_.input_schema = json::parse(R"({"type":"object","properties":{
        "task":{"type":"string","minLength":1,"maxLength":4000,"description":"what the agent should do"}},
        "required":["task"],"additionalProperties":false})").as_object();
    spec_.side_effects = std::any_of(delegate_.tools.begin(), delegate_.tools.end(), [&](const std::string& name) {
      const mcp::Tool* tool = context_->registry.Find(name);
      return tool != nullptr && tool->spec().side_effects;
    });
  }

  const mcp::ToolSpec& spec() const override { return spec_; }

  asio::awaitable<core::Result<mcp::ToolOutput>> Call(const json::object& args, const mcp::ToolCall& call) override {
    llm::ChatRequest request = context_->request;
    std::erase_if(request.messages, [](const llm::Message& m) { return m.role == llm::Role::kSystem; });
    request.messages.insert(request.messages.begin(), llm::Message(llm::Role::kSystem, context_->system_prompt(delegate_)));
    request.messages.emplace_back(llm::Role::kUser, std::string(args.at("task").as_string()));
    request.tool_choice = "auto";
    const Toolbox tools(context_->registry, delegate_.tools);
    mcp::ToolCall caller = call;
    caller.fresh = caller.fresh || delegate_.fresh_reads;
    caller.call_path = call.call_path + ":" + delegate_.name;  // its checkpoints' scope
    auto run = co_await RunAgent(context_->model, std::move(request), tools, delegate_.limits, caller, nullptr, nullptr,
                                 context_->checkpoints);
    if (!run) co_return mcp::ToolOutput::Failure("the " + delegate_.name + " agent failed: " + run.error().message);
    context_->usage.prompt_tokens += run->result.usage.prompt_tokens;
    context_->usage.completion_tokens += run->result.usage.completion_tokens;
    context_->usage.cost_usd += run->result.usage.cost_usd;
    context_->model_ms += run->model_ms;
    json::array calls;
    for (const ToolRun& t : run->tool_runs) {
      boost::system::error_code ec;
      json::value arguments = json::parse(t.call.arguments_json, ec);
      if (ec) arguments = json::string(t.call.arguments_json);
      json::value output = t.output.structured.is_null() ? json::value(json::string(t.output.text)) : t.output.structured;
      calls.push_back(json::object{{"tool", t.call.name}, {"arguments", std::move(arguments)},
                                   {"output", std::move(output)}, {"is_error", t.output.is_error}});
    }
    co_return mcp::ToolOutput::Json(json::object{
        {"agent", delegate_.name}, {"answer", run->result.content}, {"calls", std::move(calls)}});
  }

 private:
  const AgentSpec delegate_;
  const std::shared_ptr<DelegationContext> context_;
  mcp::ToolSpec spec_;
};

}  // namespace

std::vector<std::shared_ptr<mcp::Tool>> MakeDelegateTools(const AgentSpec& lead,
                                                          std::shared_ptr<DelegationContext> context) {
  std::vector<std::shared_ptr<mcp::Tool>> tools;
  for (const AgentSpec& delegate : lead.delegates) tools.push_back(std::make_shared<DelegateTool>(delegate, context));
  return tools;
}

}  // namespace contrail::agent
