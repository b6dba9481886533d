// The agent loop with a scripted model: a step's read-only calls run concurrently, side effects
// after them in order, a tool error and a timeout reach the model as tool results, the step limit
// ends with a call without tools, a client's tool ends the run for the client, and the observer
// hears every call and result.

#include "agent/delegate.h"
#include "agent_fixture.h"

namespace contrail::agent {
namespace {

using namespace test_doubles;  // NOLINT: the fixture's doubles

TEST_F(AgentLoopTest, AnAnswerWithoutToolCallsEndsTheRunAtOnce) {
  model_.steps.push_back([](const llm::ChatRequest&) { return Answer("hello"); });
  auto run = Run();
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->result.content, "hello");
  EXPECT_EQ(run->steps, 1);
  EXPECT_TRUE(run->tool_runs.empty());
  // The model was offered the toolbox's tools, by name, not the registry's others.
  std::vector<std::string> offered;
  for (const auto& t : model_.requests.at(0).tools) offered.push_back(t.name);
  EXPECT_EQ(offered, (std::vector<std::string>{"book", "broken", "flights", "pay", "slow", "weather"}));
}

TEST_F(AgentLoopTest, ReadOnlyCallsOfOneStepRunConcurrentlyAndTheirResultsGoBackInOrder) {
  model_.steps.push_back([](const llm::ChatRequest&) {
    return Calls({{"c1", "flights", R"({"n":1})"}, {"c2", "weather", R"({"n":2})"}, {"c3", "flights", R"({"n":3})"}});
  });
  model_.steps.push_back([](const llm::ChatRequest&) { return Answer("done"); });
  auto run = Run();
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(max_in_flight_, 3);
  EXPECT_EQ(run->steps, 2);
  EXPECT_EQ(run->tool_runs.size(), 3u);
  EXPECT_EQ(ToolMessages(1), (std::vector<std::string>{R"(c1={"tool":"flights","n":1})", R"(c2={"tool":"weather","n":2})",
                                                       R"(c3={"tool":"flights","n":3})"}));
  // The assistant's calls precede their results in what the model saw next.
  const auto& seen = model_.requests.at(1).messages;
  ASSERT_EQ(seen.size(), 6u);
  EXPECT_EQ(seen[2].role, llm::Role::kAssistant);
  EXPECT_EQ(seen[2].tool_calls.size(), 3u);
  EXPECT_EQ(run->result.usage.prompt_tokens, 20);  // both steps' usage
  EXPECT_EQ(log_, (std::vector<std::string>{"flights:u1", "weather:u1", "flights:u1"}));  // the caller reaches the tools
}

TEST_F(AgentLoopTest, SideEffectsRunAfterTheReadOnlyCallsOneAtATimeInOrder) {
  model_.steps.push_back([](const llm::ChatRequest&) {
    return Calls({{"c1", "pay", "{}"}, {"c2", "flights", "{}"}, {"c3", "book", "{}"}, {"c4", "weather", "{}"}});
  });
  model_.steps.push_back([](const llm::ChatRequest&) { return Answer("booked"); });
  auto run = Run();
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(log_, (std::vector<std::string>{"flights:u1", "weather:u1", "pay:u1", "book:u1"}));
  EXPECT_EQ(max_in_flight_, 2);  // the two read-only ones together; never a side effect beside another call
  EXPECT_EQ(ToolMessages(1).size(), 4u);
  EXPECT_EQ(ToolMessages(1)[0].substr(0, 3), "c1=");  // results in the model's order
}

TEST_F(AgentLoopTest, ToolErrorsTimeoutsAndUnknownToolsReachTheModelAsToolResults) {
  model_.steps.push_back([](const llm::ChatRequest&) {
    return Calls({{"c1", "broken", "{}"}, {"c2", "slow", "{}"}, {"c3", "hidden", "{}"}, {"c4", "flights", "{not json"},
                  {"c5", "flights", R"({"n":"three"})"}});
  });
  model_.steps.push_back([](const llm::ChatRequest&) { return Answer("sorry"); });
  auto run = Run();
  ASSERT_TRUE(run.ok()) << run.error().message;
  ASSERT_EQ(run->tool_runs.size(), 5u);
  for (const ToolRun& t : run->tool_runs) EXPECT_TRUE(t.output.is_error) << t.call.name << ": " << t.output.text;
  const auto seen = ToolMessages(1);
  ASSERT_EQ(seen.size(), 5u);
  EXPECT_NE(seen[0].find("no flights on that day"), std::string::npos) << seen[0];
  EXPECT_NE(seen[1].find("did not answer within"), std::string::npos) << seen[1];
  EXPECT_NE(seen[2].find("no tool named `hidden`"), std::string::npos) << seen[2];  // in the registry, not the toolbox
  EXPECT_NE(seen[3].find("not valid JSON"), std::string::npos) << seen[3];
  EXPECT_NE(seen[4].find("invalid arguments"), std::string::npos) << seen[4];
  EXPECT_EQ(run->result.content, "sorry");
}

TEST_F(AgentLoopTest, TheStepLimitEndsWithOneCallWithoutTools) {
  for (int i = 0; i < 4; ++i) {
    model_.steps.push_back([](const llm::ChatRequest&) { return Calls({{"", "flights", "{}"}}); });
  }
  auto run = Run(AgentLimits{.max_steps = 2});
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->steps, 3);
  EXPECT_TRUE(run->step_limit);
  EXPECT_EQ(run->tool_runs.size(), 2u);
  EXPECT_EQ(run->tool_runs[1].call.id, "call_2_1");  // ids given where the model left none
  EXPECT_TRUE(model_.requests.at(2).tools.empty());
  EXPECT_EQ(model_.requests.at(2).tool_choice, "none");
  EXPECT_TRUE(run->result.tool_calls.empty());  // still asking: nothing more runs
  EXPECT_EQ(run->result.finish_reason, "length");
}

TEST_F(AgentLoopTest, TooManyCallsInOneStepAreAnsweredWithAToolError) {
  model_.steps.push_back([](const llm::ChatRequest&) {
    return Calls({{"a", "flights", "{}"}, {"b", "flights", "{}"}, {"c", "flights", "{}"}});
  });
  model_.steps.push_back([](const llm::ChatRequest&) { return Answer("ok"); });
  auto run = Run(AgentLimits{.max_steps = 4, .max_calls_per_step = 2});
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(log_.size(), 2u);
  EXPECT_NE(ToolMessages(1).at(2).find("too many tool calls"), std::string::npos);
}

TEST_F(AgentLoopTest, AClientToolEndsTheRunWithItsCallsForTheClient) {
  model_.steps.push_back([](const llm::ChatRequest&) { return Calls({{"c1", "my_calendar", "{}"}, {"c2", "flights", "{}"}}); });
  auto run = Run({}, {{"my_calendar", "the user's calendar", R"({"type":"object"})"}});
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->result.finish_reason, "tool_calls");
  ASSERT_EQ(run->result.tool_calls.size(), 1u);
  EXPECT_EQ(run->result.tool_calls[0].name, "my_calendar");
  EXPECT_TRUE(log_.empty());
  EXPECT_EQ(model_.requests.at(0).tools.back().name, "my_calendar");
}

TEST_F(AgentLoopTest, AForcedToolChoiceHoldsForTheFirstStepOnly) {
  model_.steps.push_back([](const llm::ChatRequest& r) {
    EXPECT_EQ(r.tool_choice, "required");
    return Calls({{"c1", "flights", "{}"}});
  });
  model_.steps.push_back([](const llm::ChatRequest& r) {
    EXPECT_EQ(r.tool_choice, "auto");
    return Answer("ok");
  });
  Toolbox tools(registry_, {"flights"});
  llm::ChatRequest request;
  request.messages = {{llm::Role::kUser, "flights?"}};
  request.tool_choice = "required";
  auto run = test::RunAsync(io_, RunAgent(model_, request, tools, {}, {}, nullptr, nullptr));
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->steps, 2);
}

TEST_F(AgentLoopTest, TheObserverHearsEachStepsCallsThenEachResult) {
  model_.steps.push_back([](const llm::ChatRequest&) { return Calls({{"c1", "flights", "{}"}, {"c2", "broken", "{}"}}); });
  model_.steps.push_back([](const llm::ChatRequest&) { return Calls({{"c3", "book", "{}"}}); });
  model_.steps.push_back([](const llm::ChatRequest&) { return Answer("ok"); });
  auto run = Run();
  ASSERT_TRUE(run.ok()) << run.error().message;
  ASSERT_EQ(observer_.events.size(), 6u);
  EXPECT_EQ(observer_.events[0], "call 1 flights");
  EXPECT_EQ(observer_.events[1], "call 1 broken");
  // The failing call ends first (it never yields); then the other; then step 2.
  EXPECT_EQ(observer_.events[2], "error broken");
  EXPECT_EQ(observer_.events[3], "result flights");
  EXPECT_EQ(observer_.events[4], "call 2 book");
  EXPECT_EQ(observer_.events[5], "result book");
}

TEST_F(AgentLoopTest, AModelErrorEndsTheRun) {
  model_.steps.push_back([](const llm::ChatRequest&) { return Calls({{"c1", "flights", "{}"}}); });
  auto run = Run();  // the script runs out: the model fails on step 2
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.error().code, core::Code::kUpstream);
}


// Agents as tools (delegate.h): the lead's model calls "booking_agent"; the delegate runs its own
// loop with its own instructions and tools on the same model, seeing the lead's conversation and
// context, and its answer and calls come back to the lead as JSON.
class DelegationTest : public AgentLoopTest {};

TEST_F(DelegationTest, ADelegateRunsItsOwnLoopAndReportsBackToTheLead) {
  AgentSpec booking;
  booking.name = "booking";
  booking.description = "books";
  booking.tools = {"book", "flights"};
  AgentSpec lead;
  lead.name = "lead";
  lead.delegates = {booking};
  llm::ChatRequest request;
  request.messages = {{llm::Role::kSystem, "LEAD PROMPT"}, {llm::Role::kUser, "book it"}};
  request.context.profile = {{"email", "jo@example.com"}};
  auto context = std::make_shared<DelegationContext>(
      model_, registry_, request, [](const AgentSpec& spec) { return "You are the " + spec.name + " agent."; });
  const Toolbox tools(registry_, {"weather"}, {}, {}, MakeDelegateTools(lead, context));
  // The lead hands the task over; the delegate books; the delegate answers; the lead answers.
  model_.steps = {[](const llm::ChatRequest&) { return Calls({{"d1", "booking_agent", R"({"task":"book HA 12"})"}}); },
                  [](const llm::ChatRequest&) { return Calls({{"b1", "book", R"({"n":12})"}}); },
                  [](const llm::ChatRequest&) { return Answer("held HA 12"); },
                  [](const llm::ChatRequest&) { return Answer("done"); }};
  auto run = test::RunAsync(io_, RunAgent(model_, request, tools, {}, {"u1", "req-1", "key-1"}, &observer_, nullptr));
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->result.content, "done");
  ASSERT_EQ(model_.requests.size(), 4u);
  // The lead is offered the delegate as a tool with side effects (its `book` has them).
  const llm::ChatRequest& first = model_.requests[0];
  EXPECT_TRUE(std::any_of(first.tools.begin(), first.tools.end(), [](const llm::ToolSpec& t) { return t.name == "booking_agent"; }));
  EXPECT_TRUE(tools.Find("booking_agent")->spec().side_effects);
  // The delegate sees its own prompt, the lead's conversation and context, the task, its own tools.
  const llm::ChatRequest& delegated = model_.requests[1];
  EXPECT_EQ(delegated.messages.front().content, "You are the booking agent.");
  EXPECT_EQ(delegated.messages[1].content, "book it");
  EXPECT_EQ(delegated.messages.back().content, "book HA 12");
  EXPECT_EQ(delegated.context.profile.at("email"), "jo@example.com");
  std::vector<std::string> offered;
  for (const llm::ToolSpec& t : delegated.tools) offered.push_back(t.name);
  EXPECT_EQ(offered, (std::vector<std::string>{"book", "flights"}));
  EXPECT_EQ(log_, (std::vector<std::string>{"book:u1"}));  // as the lead's caller
  // What the lead read back.
  const json::value result = json::parse(model_.requests[3].messages.back().content);
  EXPECT_EQ(result.at("agent"), "booking");
  EXPECT_EQ(result.at("answer"), "held HA 12");
  EXPECT_EQ(result.at("calls").at(0).at("tool"), "book");
  EXPECT_EQ(result.at("calls").at(0).at("output").at("n"), 12);
  // The delegate's two model calls are counted once the lead adds them.
  EXPECT_EQ(context->usage.prompt_tokens, 20);
}

TEST_F(DelegationTest, ADelegateWhoseModelFailsIsAToolErrorForTheLead) {
  AgentSpec helper;
  helper.name = "helper";
  AgentSpec lead;
  lead.delegates = {helper};
  llm::ChatRequest request;
  request.messages = {{llm::Role::kUser, "help"}};
  auto context = std::make_shared<DelegationContext>(model_, registry_, request, [](const AgentSpec&) { return ""; });
  const Toolbox tools(registry_, {}, {}, {}, MakeDelegateTools(lead, context));
  model_.steps = {[](const llm::ChatRequest&) { return Calls({{"d1", "helper_agent", R"({"task":"x"})"}}); }};
  // The delegate's model call finds the script empty: a model error.
  auto run = test::RunAsync(io_, RunAgent(model_, request, tools, {}, {}, nullptr, nullptr));
  ASSERT_FALSE(run.ok());  // the lead's own next call also finds the script empty
  ASSERT_EQ(model_.requests.size(), 3u);
  EXPECT_NE(model_.requests[2].messages.back().content.find("the helper agent failed"), std::string::npos);
}

}  // namespace
}  // namespace contrail::agent
