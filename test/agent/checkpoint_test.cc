// Workflow checkpoints (agent/checkpoint.h): a run cut off at any of its checkpoints resumes from
// it without asking the model again for the steps it holds and without running again a call that
// had ended; a delegate resumes inside its lead's resumed call; read-only runs write nothing; a
// checkpoint of another request is ignored.

#include "agent/checkpoint.h"

#include "agent/delegate.h"
#include "agent_fixture.h"

namespace contrail::agent {
namespace {

using namespace test_doubles;  // NOLINT: the fixture's doubles

// A model that decides from the conversation, as a real one does, so a resumed run can continue
// from any point: search and book, then pay, then answer.
class PlannerModel : public llm::ChatModel {
 public:
  const std::string& id() const override { return id_; }
  asio::awaitable<core::Result<llm::ChatResult>> Complete(const llm::ChatRequest& request, llm::ChatSink*) override {
    ++calls;
    int results = 0;
    for (const llm::Message& m : request.messages) results += m.role == llm::Role::kTool ? 1 : 0;
    if (results == 0) co_return Calls({{"", "flights", R"({"n":1})"}, {"", "book", R"({"n":2})"}});
    if (results == 2) co_return Calls({{"", "pay", R"({"n":3})"}});
    co_return Answer("booked and paid");
  }
  int calls = 0;

 private:
  std::string id_ = "planner";
};

// Keeps every checkpoint as it was written, to resume from each.
class SnapshotStore final : public CheckpointStore {
 public:
  std::optional<std::string> Find(std::string_view scope) const override { return memory.Find(scope); }
  asio::awaitable<core::Status> Save(std::string_view scope, std::string json, bool restart) override {
    co_await memory.Save(scope, json, restart);
    snapshots.push_back(memory.entries());
    co_return core::Ok();
  }
  bool saved() const override { return memory.saved(); }
  MemoryCheckpointStore memory;
  std::vector<MemoryCheckpointStore::Entries> snapshots;
};

class CheckpointTest : public AgentLoopTest {
 protected:
  llm::ChatRequest Request(std::string text = "book a trip") {
    llm::ChatRequest request;
    request.messages = {{llm::Role::kSystem, "be helpful"}, {llm::Role::kUser, std::move(text)}};
    return request;
  }
  core::Result<AgentRun> RunPlanner(PlannerModel& model, CheckpointStore* store, llm::ChatRequest request) {
    const Toolbox tools(registry_, {"flights", "book", "pay"});
    return test::RunAsync(io_, RunAgent(model, std::move(request), tools, {}, {"u1", "req-1", "key-1"}, nullptr, nullptr,
                                        store));
  }
  int Ran(const std::string& tool) const { return static_cast<int>(std::count(log_.begin(), log_.end(), tool + ":u1")); }
};

TEST_F(CheckpointTest, ACheckpointRoundTripsThroughJson) {
  Checkpoint c;
  c.fingerprint = "abc";
  c.steps = 2;
  llm::Message asked(llm::Role::kAssistant, "");
  asked.tool_calls = {{"call_1_1", "book", R"({"n":2})"}};
  llm::Message result(llm::Role::kTool, R"({"ok":true})");
  result.tool_call_id = "call_1_1";
  c.messages = {asked, result};
  ToolRun run;
  run.step = 1;
  run.position = 0;
  run.call = asked.tool_calls[0];
  run.output = mcp::ToolOutput::Json(json::object{{"ok", true}});
  run.ms = 1.5;
  c.tool_runs = {run};
  c.answer = Answer("done");
  auto back = ParseCheckpoint(CheckpointJson(c));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->fingerprint, "abc");
  EXPECT_EQ(back->steps, 2);
  ASSERT_EQ(back->messages.size(), 2u);
  EXPECT_EQ(back->messages[0].tool_calls.at(0).arguments_json, R"({"n":2})");
  EXPECT_EQ(back->messages[1].tool_call_id, "call_1_1");
  ASSERT_EQ(back->tool_runs.size(), 1u);
  EXPECT_EQ(back->tool_runs[0].output.structured.at("ok"), true);
  EXPECT_EQ(back->tool_runs[0].ms, 1.5);
  EXPECT_EQ(back->answer->content, "done");
  EXPECT_FALSE(ParseCheckpoint("{}").ok());
  EXPECT_FALSE(ParseCheckpoint("not json").ok());
  EXPECT_FALSE(ParseCheckpoint(R"({"v":2})").ok());
}

TEST_F(CheckpointTest, ARunCutOffAtAnyCheckpointResumesWithEverySideEffectDoneOnce) {
  PlannerModel first;
  SnapshotStore store;
  auto full = RunPlanner(first, &store, Request());
  ASSERT_TRUE(full.ok()) << full.error().message;
  EXPECT_EQ(full->result.content, "booked and paid");
  // Written before `book` (once `flights`, read-only, had ended), after step 1, before `pay`,
  // after step 2; not after the answer (a lead's is stored with its turn).
  ASSERT_EQ(store.snapshots.size(), 4u);
  for (std::size_t i = 0; i < store.snapshots.size(); ++i) {
    SCOPED_TRACE("resumed from checkpoint " + std::to_string(i + 1));
    auto checkpoint = ParseCheckpoint(store.snapshots[i].at(""));
    ASSERT_TRUE(checkpoint.ok());
    std::map<std::string, int> ended_before;  // the calls that ended before the cut
    for (const ToolRun& t : checkpoint->tool_runs) ++ended_before[t.call.name];
    auto ended = [&](const std::string& tool) { return ended_before.contains(tool) ? ended_before.at(tool) : 0; };
    log_.clear();
    PlannerModel resumed_model;
    MemoryCheckpointStore resumed_store(store.snapshots[i]);
    auto resumed = RunPlanner(resumed_model, &resumed_store, Request());
    ASSERT_TRUE(resumed.ok()) << resumed.error().message;
    EXPECT_EQ(resumed->result.content, "booked and paid");
    EXPECT_EQ(resumed->resumed_steps, checkpoint->steps);
    // Each call ran once: before the cut, or now.
    EXPECT_EQ(ended("book") + Ran("book"), 1);
    EXPECT_EQ(ended("pay") + Ran("pay"), 1);
    EXPECT_EQ(ended("flights") + Ran("flights"), 1);
    // The model is asked only for the steps after the checkpoint's.
    EXPECT_EQ(resumed_model.calls, 3 - checkpoint->steps);
    ASSERT_EQ(resumed->tool_runs.size(), 3u);
    for (const ToolRun& t : resumed->tool_runs) EXPECT_EQ(t.resumed, ended(t.call.name) > 0) << t.call.name;
  }
}

TEST_F(CheckpointTest, TheCallsThatRunWhenAStepResumesAreAnnouncedAsAStepsCallsAre) {
  PlannerModel first;
  SnapshotStore store;
  ASSERT_TRUE(RunPlanner(first, &store, Request()).ok());
  MemoryCheckpointStore before_pay(store.snapshots.at(2));  // written before `pay` ran
  PlannerModel resumed_model;
  const Toolbox tools(registry_, {"flights", "book", "pay"});
  auto run = test::RunAsync(io_, RunAgent(resumed_model, Request(), tools, {}, {"u1", "req-2", "key-1"}, &observer_,
                                          nullptr, &before_pay));
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(observer_.events, (std::vector<std::string>{"call 2 pay", "result pay"}));
}

TEST_F(CheckpointTest, ACheckpointOfAnotherRequestIsIgnoredAndClearedWithItsDelegates) {
  PlannerModel first;
  SnapshotStore store;
  ASSERT_TRUE(RunPlanner(first, &store, Request("book a trip")).ok());
  auto entries = store.memory.entries();
  entries.emplace("/1.0:booking", "{}");  // a delegate of the earlier request
  MemoryCheckpointStore other(std::move(entries));
  log_.clear();
  PlannerModel second;
  auto run = RunPlanner(second, &other, Request("book another trip"));
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->resumed_steps, 0);
  EXPECT_EQ(second.calls, 3);
  EXPECT_EQ(Ran("book"), 1);
  EXPECT_EQ(Ran("pay"), 1);
  // The new run's first write took the old request's checkpoints away, a delegate's with them.
  EXPECT_EQ(other.entries().count("/1.0:booking"), 0u);
  EXPECT_EQ(other.entries().size(), 1u);
}

TEST_F(CheckpointTest, ARunWithoutSideEffectsWritesNothing) {
  model_.steps = {[](const llm::ChatRequest&) { return Calls({{"", "flights", "{}"}, {"", "weather", "{}"}}); },
                  [](const llm::ChatRequest&) { return Answer("sunny, $300"); }};
  MemoryCheckpointStore store;
  const Toolbox tools(registry_, {"flights", "weather", "book"});
  auto run = test::RunAsync(io_, RunAgent(model_, Request(), tools, {}, {"u1", "req-1", "key-1"}, nullptr, nullptr, &store));
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(store.saves(), 0);
}

TEST_F(CheckpointTest, ADelegateThatFinishedIsNotRunAgainWhenItsLeadResumes) {
  AgentSpec booking;
  booking.name = "booking";
  booking.tools = {"book"};
  AgentSpec lead;
  lead.delegates = {booking};
  const llm::ChatRequest request = Request();
  auto context = std::make_shared<DelegationContext>(model_, registry_, request, [](const AgentSpec&) { return "booking"; });
  SnapshotStore store;
  context->checkpoints = &store;
  const Toolbox tools(registry_, {}, {}, {}, MakeDelegateTools(lead, context));
  model_.steps = {[](const llm::ChatRequest&) { return Calls({{"d1", "booking_agent", R"({"task":"book 12"})"}}); },
                  [](const llm::ChatRequest&) { return Calls({{"b1", "book", R"({"n":12})"}}); },
                  [](const llm::ChatRequest&) { return Answer("held 12"); }};
  // The lead's own next call finds the script empty: it is cut off after its delegate finished.
  auto cut = test::RunAsync(io_, RunAgent(model_, request, tools, {}, {"u1", "req-1", "key-1"}, nullptr, nullptr, &store));
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(Ran("book"), 1);
  ASSERT_TRUE(store.memory.entries().count("/1.0:booking"));  // the delegate's answer, kept
  // Cut off before the lead wrote its delegate's result: resumed from its write-ahead checkpoint.
  std::optional<MemoryCheckpointStore::Entries> before_result;
  for (const auto& snapshot : store.snapshots) {
    auto lead_checkpoint = ParseCheckpoint(snapshot.at(""));
    if (snapshot.count("/1.0:booking") && lead_checkpoint->tool_runs.empty()) before_result = snapshot;
  }
  ASSERT_TRUE(before_result.has_value());
  MemoryCheckpointStore resumed_store(*before_result);
  context->checkpoints = &resumed_store;
  model_.requests.clear();
  model_.steps = {[](const llm::ChatRequest&) { return Answer("Booked 12."); }};
  log_.clear();
  auto resumed = test::RunAsync(io_, RunAgent(model_, request, tools, {}, {"u1", "req-2", "key-1"}, nullptr, nullptr,
                                              &resumed_store));
  ASSERT_TRUE(resumed.ok()) << resumed.error().message;
  EXPECT_EQ(resumed->result.content, "Booked 12.");
  EXPECT_TRUE(log_.empty());                  // `book` did not run again
  ASSERT_EQ(model_.requests.size(), 1u);      // neither did the delegate's model
  const json::value delegated = json::parse(model_.requests[0].messages.back().content);
  EXPECT_EQ(delegated.at("answer"), "held 12");
  EXPECT_EQ(delegated.at("calls").at(0).at("tool"), "book");
}

}  // namespace
}  // namespace contrail::agent
