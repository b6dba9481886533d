// flightly-local as the travel agent's model: the calls it plans from a question (only tools the
// request offers, with the arguments each declares), and the answer it writes from their results.

#include "flightly/offline/agent_steps.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "flightly/agents/travel_agent.h"
#include "flightly/offline/chat_fixture.h"

namespace contrail::flightly::offline {
namespace {

namespace json = boost::json;

const char* kFlightsSchema = R"({"type":"object","properties":{"origin":{},"destination":{},"date":{},"month":{},
    "passengers":{},"cabin":{},"max_price":{},"min_price":{},"exclude_airlines":{},"max_stops":{},
    "prefer_nonstop":{}}})";

// The request as the agent sends it: Flightly's tools offered.
llm::ChatRequest AgentRequest(std::string question, Profile profile = {}) {
  llm::ChatRequest r = OneQuestion(std::move(question), std::move(profile));
  for (const std::string& name : TravelAgentSpec({}).tools) {
    r.tools.push_back({name, "", name == "search_flights" ? kFlightsSchema : R"({"type":"object","properties":{}})"});
  }
  return r;
}

json::object Args(const llm::ToolCall& call) { return json::parse(call.arguments_json).as_object(); }

TEST(AgentStepsTest, AFamilyTripPlansFlightsHotelsAndWeatherAtOnce) {
  auto calls = PlanToolCalls(AgentRequest("plan a family trip from Las Vegas to Honolulu in March under $300 a person "
                                          "for 2 adults and 2 kids"));
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].name, "search_flights");
  const json::object flights = Args(calls[0]);
  EXPECT_EQ(flights.at("origin"), "LAS");
  EXPECT_EQ(flights.at("destination"), "HNL");
  EXPECT_EQ(flights.at("month"), 3);
  EXPECT_EQ(flights.at("passengers"), 4);
  EXPECT_EQ(flights.at("max_price"), 300);
  EXPECT_EQ(calls[1].name, "search_hotels");
  EXPECT_EQ(Args(calls[1]).at("guests"), 4);
  EXPECT_EQ(calls[2].name, "get_weather");
  EXPECT_EQ(Args(calls[2]).at("location"), "HNL");
  EXPECT_EQ(Args(calls[2]).at("month"), 3);
  std::set<std::string> ids;
  for (const auto& c : calls) ids.insert(c.id);
  EXPECT_EQ(ids.size(), calls.size());
}

TEST(AgentStepsTest, AFloorIsAMinimumPrice) {
  auto calls = PlanToolCalls(AgentRequest("flights from Las Vegas to Honolulu for at least $400 a person"));
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(Args(calls[0]).at("min_price"), 400);
  EXPECT_FALSE(Args(calls[0]).contains("max_price"));
  calls = PlanToolCalls(AgentRequest("hotels in Honolulu over $200 a night"));
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(calls[0].name, "search_hotels");
  EXPECT_EQ(Args(calls[0]).at("min_price"), 200);
}

TEST(AgentStepsTest, AHotelsStarsAndAmenitiesAreArguments) {
  auto calls = PlanToolCalls(AgentRequest("4-star hotels in Honolulu with a pool"));
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(calls[0].name, "search_hotels");
  EXPECT_EQ(Args(calls[0]).at("min_stars"), 4);
  EXPECT_EQ(Args(calls[0]).at("amenities"), (json::array{"pool"}));
}

TEST(AgentStepsTest, ANonstopTripLeavesConnectionsOut) {
  auto calls = PlanToolCalls(AgentRequest("nonstop flights from Las Vegas to Honolulu in May"));
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(Args(calls[0]).at("max_stops"), 0);
  EXPECT_FALSE(Args(calls[0]).contains("prefer_nonstop"));
}

TEST(AgentStepsTest, TheProfileGivesTheOriginAndTheParty) {
  auto calls = PlanToolCalls(AgentRequest("flights to Honolulu in May", {{"home_airport", "LAX"}, {"adults", "2"},
                                                                          {"kids_ages", "4,8"}}));
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(Args(calls[0]).at("origin"), "LAX");
  EXPECT_EQ(Args(calls[0]).at("passengers"), 4);
}

TEST(AgentStepsTest, NoOriginMeansNoFlightSearchAndAPolicyQuestionNeedsNoTools) {
  for (const auto& call : PlanToolCalls(AgentRequest("flights to Honolulu in May"))) {
    EXPECT_NE(call.name, "search_flights");
  }
  EXPECT_TRUE(PlanToolCalls(AgentRequest("how many bags can I check?")).empty());
  EXPECT_TRUE(PlanToolCalls(AgentRequest("hello")).empty());
}

TEST(AgentStepsTest, OnlyOfferedToolsAreCalledWithTheArgumentsTheyDeclare) {
  llm::ChatRequest r = OneQuestion("flights from LAX to HNL in March for 3 people");
  r.tools.push_back({"search_flights", "a client's own", R"({"type":"object","properties":{"origin":{},"destination":{}}})"});
  auto calls = PlanToolCalls(r);
  ASSERT_EQ(calls.size(), 1u);  // no get_weather offered
  EXPECT_EQ(Args(calls[0]), (json::object{{"origin", "LAX"}, {"destination", "HNL"}}));
  r.tool_choice = "none";
  EXPECT_TRUE(PlanToolCalls(r).empty());
}

// The request after the agent ran the calls: the assistant's calls, then a result for each.
llm::ChatRequest WithResults(llm::ChatRequest r, const std::vector<std::pair<std::string, std::string>>& results) {
  llm::Message asked(llm::Role::kAssistant, "");
  for (std::size_t i = 0; i < results.size(); ++i) {
    asked.tool_calls.push_back({"c" + std::to_string(i), results[i].first, "{}"});
  }
  r.messages.push_back(asked);
  for (std::size_t i = 0; i < results.size(); ++i) {
    llm::Message m(llm::Role::kTool, results[i].second);
    m.tool_call_id = "c" + std::to_string(i);
    r.messages.push_back(std::move(m));
  }
  return r;
}

TEST(AgentStepsTest, TheAnswerQuotesTheFlightsRoomsAndWeatherTheToolsReturned) {
  llm::ChatRequest r = WithResults(AgentRequest("plan a family trip from Las Vegas to Honolulu in March for 2 adults and 2 kids"), {
      {"search_flights", R"({"origin":"LAS","destination":"HNL","from":"2027-03-01","to":"2027-03-31","passengers":4,
          "flights":[{"flight_no":"HA 12","airline":"HA","origin":"LAS","destination":"HNL","depart_date":"2027-03-04",
          "depart_time":"2027-03-04T08:10","stops":0,"cabin":"economy","fare_usd":249,"total_usd":996,"seats_left":9}]})"},
      {"search_hotels", R"({"city":"Honolulu","hotels":[{"name":"Aloha Inn","stars":4,"rating":8.7,"nightly_usd":189,
          "family_friendly":true,"amenities":["wifi","kids_club"]}]})"},
      {"get_weather", R"J({"location":"Honolulu (HNL)","month":"March","typical":"warm, with showers","in_brief":"nothing like it"})J"},
  });
  EXPECT_FALSE(HasToolResults(AgentRequest("x")));
  ASSERT_TRUE(HasToolResults(r));
  EXPECT_TRUE(PlanToolCalls(r).empty());  // results follow the question: answer now
  const std::string answer = AnswerFromToolResults(r).content;
  EXPECT_TRUE(Contains(answer, "HA 12 LAS→HNL on 2027-03-04 at 08:10, nonstop, economy, $249 a person ($996 for 4), 9 seats left")) << answer;
  EXPECT_TRUE(Contains(answer, "Aloha Inn (4★, guest rating 8.7), $189 a night, family friendly, kids club")) << answer;
  EXPECT_TRUE(Contains(answer, "Typical weather in Honolulu (HNL) in March: warm, with showers.")) << answer;
  EXPECT_FALSE(Contains(answer, "Next, ask me for flights or hotels")) << answer;
}

TEST(AgentStepsTest, NoFlightsAndAFailedToolAreSaid) {
  llm::ChatRequest r = WithResults(AgentRequest("flights from LAS to HNL in March"), {
      {"search_flights", R"({"origin":"LAS","destination":"HNL","from":"2027-03-01","to":"2027-03-31","flights":[]})"},
      {"get_weather", "tool `get_weather` did not answer within 5000 ms"},
  });
  const std::string answer = AnswerFromToolResults(r).content;
  EXPECT_TRUE(Contains(answer, "No flight from LAS to HNL between 2027-03-01 and 2027-03-31")) << answer;
  EXPECT_TRUE(Contains(answer, "I could not check get_weather: tool `get_weather` did not answer within 5000 ms")) << answer;
}

TEST(AgentStepsTest, AirlinesToAvoidComeFromTheMessageAndTheProfile) {
  auto calls = PlanToolCalls(AgentRequest("flights from LAS to Honolulu in March, avoid American and avoid layovers",
                                          {{"avoid_airlines", "Spirit; Frontier"}}));
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(Args(calls[0]).at("exclude_airlines"), (json::array{"American", "Spirit", "Frontier"}));
  calls = PlanToolCalls(AgentRequest("flights from LAS to Honolulu in March"));
  EXPECT_FALSE(Args(calls[0]).contains("exclude_airlines"));
}

TEST(AgentStepsTest, ATravellerWhoDislikesConnectionsSeesNonstopFlightsFirst) {
  auto calls = PlanToolCalls(AgentRequest("flights from LAS to Honolulu in March", {{"stops", "nonstop"}}));
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(Args(calls[0]).at("prefer_nonstop"), json::value(true));
  EXPECT_FALSE(Args(calls[0]).contains("max_stops")) << "ordered, not filtered";
  calls = PlanToolCalls(AgentRequest("flights from LAS to Honolulu in March"));
  ASSERT_FALSE(calls.empty());
  EXPECT_FALSE(Args(calls[0]).contains("prefer_nonstop"));
}

TEST(AgentStepsTest, AnAirlineNoOneFliesIsDroppedAndTheSearchRunsAgainOnce) {
  llm::ChatRequest r = AgentRequest("flights from LAS to HNL in March avoiding Frontier and United");
  const auto first = PlanToolCalls(r);
  ASSERT_EQ(first.at(0).name, "search_flights");
  llm::Message asked(llm::Role::kAssistant, "");
  asked.tool_calls = first;
  r.messages.push_back(asked);
  for (const auto& call : first) {
    llm::Message m(llm::Role::kTool, call.name == "search_flights"
                                         ? "no airline is called `Frontier` (in `exclude_airlines`): give two-letter codes"
                                         : R"({"location":"Honolulu","month":"March","typical":"warm","in_brief":"warm"})");
    m.tool_call_id = call.id;
    r.messages.push_back(std::move(m));
  }
  const auto retry = PlanToolCalls(r);
  ASSERT_EQ(retry.size(), 1u);
  EXPECT_EQ(retry[0].name, "search_flights");
  EXPECT_EQ(Args(retry[0]).at("exclude_airlines"), (json::array{"United"}));
  EXPECT_NE(retry[0].id, first[0].id);
  llm::Message again(llm::Role::kAssistant, "");
  again.tool_calls = retry;
  r.messages.push_back(again);
  llm::Message found(llm::Role::kTool, R"({"origin":"LAS","destination":"HNL","from":"2027-03-01","to":"2027-03-31",
      "passengers":1,"flights":[{"flight_no":"HA 7","origin":"LAS","destination":"HNL","depart_date":"2027-03-02",
      "depart_time":"09:00:00","stops":0,"cabin":"economy","fare_usd":260,"total_usd":260,"seats_left":4}]})");
  found.tool_call_id = retry[0].id;
  r.messages.push_back(found);
  EXPECT_TRUE(PlanToolCalls(r).empty());  // one retry, then the answer
  const std::string answer = AnswerFromToolResults(r).content;
  EXPECT_TRUE(Contains(answer, "HA 7 LAS→HNL on 2027-03-02")) << answer;
  EXPECT_TRUE(Contains(answer, "Flightly knows no airline called \"Frontier\"")) << answer;
  EXPECT_TRUE(Contains(answer, "I left out United.")) << answer;
  EXPECT_FALSE(Contains(answer, "I could not check")) << answer;
}

}  // namespace
}  // namespace contrail::flightly::offline
