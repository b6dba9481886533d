// Extraction by a configured model (PromptExtractor): the prompt it sends, how the model's answer
// is checked slot by slot (a value out of the slot's format, an unknown slot or a source that is
// not the user's is dropped), and the rules taking over when the model fails.

#include "flightly/memory_prompt_extractor.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <map>
#include <string>
#include <vector>

#include "flightly/memory_extractor.h"
#include "support/async.h"
#include "support/memory_events.h"

namespace contrail::flightly {
namespace {

namespace asio = boost::asio;
using memory::ExtractedMemory;
using memory::MemoryEvent;

using test::Event;

// A model that answers every request with `answer` (or fails with `error`) and keeps the last request.
class CannedModel : public llm::ChatModel {
 public:
  explicit CannedModel(std::string answer) : answer_(std::move(answer)) {}
  const std::string& id() const override { return id_; }
  asio::awaitable<core::Result<llm::ChatResult>> Complete(const llm::ChatRequest& request, llm::ChatSink*) override {
    last = request;
    ++calls;
    if (fail) co_return core::Unavailable("the provider is down");
    llm::ChatResult r;
    r.content = answer_;
    co_return r;
  }
  llm::ChatRequest last;
  int calls = 0;
  bool fail = false;

 private:
  std::string id_ = "extract-model";
  std::string answer_;
};

std::vector<ExtractedMemory> ExtractWith(CannedModel& model, std::vector<MemoryEvent> events,
                                 std::vector<MemoryEvent> earlier = {}) {
  static const RuleExtractor rules;
  PromptExtractor extractor(model, rules);
  asio::io_context io;
  auto r = test::RunAsync(io, extractor.Extract(earlier, events));
  EXPECT_TRUE(r.ok());
  return r ? *r : std::vector<ExtractedMemory>{};
}

// The memories by slot (a later one of a slot replaces an earlier one).
std::map<std::string, ExtractedMemory> BySlot(const std::vector<ExtractedMemory>& memories) {
  std::map<std::string, ExtractedMemory> by_slot;
  for (const ExtractedMemory& m : memories) by_slot[m.slot] = m;
  return by_slot;
}

TEST(PromptExtractorTest, SendsTheSlotsAndTheNumberedConversation) {
  CannedModel model(R"({"memories": []})");
  ExtractWith(model, {Event(llm::Role::kUser, "we fly from Denver"), Event(llm::Role::kAssistant, "Noted.")},
      {Event(llm::Role::kUser, "hi"), Event(llm::Role::kTool, "{\"rows\":[]}")});
  ASSERT_EQ(model.last.messages.size(), 2u);
  EXPECT_EQ(model.last.model, "extract-model");
  EXPECT_EQ(model.last.temperature, 0);
  const std::string& system = model.last.messages[0].content;
  for (const char* slot : {"home_airport", "kids_ages", "budget_usd", "avoid_airlines", "loyalty_tier"}) {
    EXPECT_NE(system.find(slot), std::string::npos) << slot;
  }
  const std::string& user = model.last.messages[1].content;
  EXPECT_NE(user.find("EARLIER MESSAGES (context only):\n[user] hi\n"), std::string::npos) << user;
  EXPECT_EQ(user.find("rows"), std::string::npos) << "tool results are not sent";
  EXPECT_NE(user.find("NEW MESSAGES:\n#0 [user] we fly from Denver\n#1 [assistant] Noted.\n"), std::string::npos) << user;
}

TEST(PromptExtractorTest, ReadsTheAnswerInTheProfilesFormat) {
  CannedModel model(R"(Here you go:
```json
{"memories": [
  {"slot": "home_airport", "value": "den", "text": "Flies from Denver.", "source": 0},
  {"slot": "kids_ages", "value": "8, 4", "source": 0},
  {"slot": "budget_usd", "value": "$1,200", "correction": true, "source": 0},
  {"slot": "seat", "value": "Aisle", "source": 0},
  {"slot": "adults", "value": 2, "source": 0},
  {"slot": "avoid_airlines", "value": "Spirit, Hawaiian Airlines", "source": 0},
  {"slot": "interests", "value": "Hiking, Beaches", "source": 0}
]}
```)");
  auto by_slot = BySlot(ExtractWith(model, {Event(llm::Role::kUser, "…")}));
  ASSERT_EQ(by_slot.size(), 7u);
  EXPECT_EQ(by_slot["home_airport"].value, "DEN");
  EXPECT_EQ(by_slot["home_airport"].kind, "fact");
  EXPECT_EQ(by_slot["home_airport"].text, "Flies from Denver.");
  EXPECT_EQ(by_slot["kids_ages"].value, "4,8");
  EXPECT_EQ(by_slot["budget_usd"].value, "1200");
  EXPECT_EQ(by_slot["budget_usd"].kind, "preference");
  EXPECT_TRUE(by_slot["budget_usd"].correction);
  EXPECT_EQ(by_slot["seat"].value, "aisle");
  EXPECT_EQ(by_slot["adults"].value, "2");
  EXPECT_EQ(by_slot["avoid_airlines"].value, "Spirit Airlines,Hawaiian Airlines");
  EXPECT_TRUE(by_slot["avoid_airlines"].merge);
  EXPECT_EQ(by_slot["interests"].value, "hiking,beaches");
  EXPECT_EQ(by_slot["seat"].sources, std::vector<std::size_t>{0});
}

TEST(PromptExtractorTest, ReadsWithdrawalsAndTheNonstopAndHotelSlots) {
  CannedModel model(R"({"memories": [
    {"slot": "diet", "value": "", "text": "Asked to forget: diet.", "source": 0},
    {"slot": "avoid_airlines", "value": "", "source": 0},
    {"slot": "stops", "value": "Nonstop", "source": 0},
    {"slot": "hotel_budget_usd", "value": "$250", "source": 0}
  ]})");
  auto by_slot = BySlot(ExtractWith(model, {Event(llm::Role::kUser, "…")}));
  ASSERT_EQ(by_slot.size(), 4u);
  EXPECT_EQ(by_slot["diet"].value, "");
  EXPECT_EQ(by_slot["diet"].text, "Asked to forget: diet.");
  EXPECT_EQ(by_slot["avoid_airlines"].value, "");
  EXPECT_FALSE(by_slot["avoid_airlines"].merge);  // withdrawn as a whole, not merged into the list
  EXPECT_EQ(by_slot["stops"].value, "nonstop");
  EXPECT_EQ(by_slot["hotel_budget_usd"].value, "250");
}

TEST(PromptExtractorTest, DropsWhatIsNotASlotsValueOrNotTheUsers) {
  CannedModel model(R"({"memories": [
    {"slot": "home_airport", "value": "Denver", "source": 0},
    {"slot": "kids_ages", "value": "4 and 34", "source": 0},
    {"slot": "budget_usd", "value": "about three hundred", "source": 0},
    {"slot": "seat", "value": "exit row", "source": 0},
    {"slot": "password", "value": "hunter2", "source": 0},
    {"slot": "avoid_airlines", "value": "Oceanic Airlines", "source": 0},
    {"slot": "email", "value": "not an email", "source": 0},
    {"slot": "name", "value": "Dana", "source": 1},
    {"slot": "name", "value": "Dana", "source": 7},
    {"slot": "cabin", "value": "business", "source": 0}
  ]})");
  auto memories = ExtractWith(model, {Event(llm::Role::kUser, "…"), Event(llm::Role::kAssistant, "I'm Dana, your agent")});
  ASSERT_EQ(memories.size(), 1u);
  EXPECT_EQ(memories[0].slot, "cabin");
  EXPECT_EQ(memories[0].value, "business");
}

TEST(PromptExtractorTest, TheRulesExtractWhatTheModelFailsOn) {
  for (bool fail : {true, false}) {
    CannedModel model("I cannot help with that.");  // not the JSON asked for
    model.fail = fail;
    auto memories = ExtractWith(model, {Event(llm::Role::kUser, "I always take an aisle seat")});
    EXPECT_EQ(model.calls, 1);
    ASSERT_EQ(memories.size(), 1u) << "fail=" << fail;
    EXPECT_EQ(memories[0].slot, "seat");
    EXPECT_EQ(memories[0].value, "aisle");
  }
}

TEST(PromptExtractorTest, AsksNothingWhenTheUserSaidNothing) {
  CannedModel model(R"({"memories": []})");
  EXPECT_TRUE(ExtractWith(model, {Event(llm::Role::kAssistant, "Welcome back!")}).empty());
  EXPECT_EQ(model.calls, 0);
}

TEST(PromptExtractorTest, ParseRejectsAnAnswerWithoutTheList) {
  const std::vector<MemoryEvent> events = {Event(llm::Role::kUser, "x")};
  EXPECT_FALSE(ParseExtraction("{\"facts\": []}", events).ok());
  EXPECT_FALSE(ParseExtraction("no json here", events).ok());
  EXPECT_FALSE(ParseExtraction("{\"memories\": [", events).ok());
  auto empty = ParseExtraction("{\"memories\": []}", events);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

}  // namespace
}  // namespace contrail::flightly
