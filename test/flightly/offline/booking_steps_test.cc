// flightly-local as the multi-agent Flightly: the lead hands a booking to the booking agent, then
// its hold to the payment agent, and answers with the last agent's words; the booking agent
// searches, holds the cheapest flight for the party with the insurance and email, and asks for
// what it lacks; the payment agent pays the reference it is given.

#include "flightly/offline/booking_steps.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "flightly/agents/travel_agent.h"
#include "flightly/offline/chat_fixture.h"

namespace contrail::flightly::offline {
namespace {

namespace json = boost::json;

// `question` as the agent named `agent` gets it: its tools offered (the lead's delegates too).
llm::ChatRequest AgentRequest(std::string_view agent, std::string question, Profile profile = {}) {
  llm::ChatRequest r = OneQuestion(std::move(question), std::move(profile));
  const agent::AgentSpec lead = TravelAgentSpec({});
  const agent::AgentSpec* spec = &lead;
  for (const agent::AgentSpec& d : lead.delegates) {
    if (d.name == agent) spec = &d;
  }
  for (const std::string& name : spec->tools) r.tools.push_back({name, "", R"({"type":"object","properties":{}})"});
  if (spec == &lead) {
    for (const agent::AgentSpec& d : lead.delegates) r.tools.push_back({d.name + "_agent", "", "{}"});
  }
  return r;
}

// The step's calls run and answered with `outputs`, in order.
void Answer(llm::ChatRequest& r, const std::vector<llm::ToolCall>& calls, const std::vector<std::string>& outputs) {
  llm::Message asked(llm::Role::kAssistant, "");
  asked.tool_calls = calls;
  r.messages.push_back(asked);
  for (std::size_t i = 0; i < calls.size(); ++i) {
    llm::Message result(llm::Role::kTool, outputs[i]);
    result.tool_call_id = calls[i].id;
    r.messages.push_back(result);
  }
}

json::object Args(const llm::ToolCall& call) { return json::parse(call.arguments_json).as_object(); }

constexpr const char* kHeld = R"({"outcome":"held","booking":{"id":"K7Q2XM","status":"held","passengers":4,
  "fare_usd":279.0,"total_usd":1188.54,"contact_email":"jo@example.com",
  "insurance":{"plan":"plus","title":"Plus","premium_usd":72.54},
  "flight":{"flight_no":"HA 12","airline_name":"Hawaiian Airlines","origin":"LAS","destination":"HNL",
            "depart_time":"2027-03-14T08:10","cabin":"economy"}}})";

TEST(BookingStepsTest, TheLeadHandsTheBookingThenThePaymentToItsAgents) {
  llm::ChatRequest r = AgentRequest("flightly", "book the Honolulu trip with travel insurance",
                                    {{"home_airport", "LAS"}, {"adults", "2"}, {"kids_ages", "4,8"}});
  auto step = PlanBookingStep(r);
  ASSERT_TRUE(step);
  ASSERT_EQ(step->calls.size(), 1u);
  EXPECT_EQ(step->calls[0].name, "booking_agent");
  const std::string task(Args(step->calls[0]).at("task").as_string());
  EXPECT_NE(task.find("from LAS to HNL"), std::string::npos) << task;
  EXPECT_NE(task.find("for 4 travellers"), std::string::npos) << task;
  EXPECT_NE(task.find("with plus insurance"), std::string::npos) << task;
  const std::string booked = R"({"agent":"booking","answer":"I'm holding HA 12.","calls":[{"tool":"hold_booking",
      "arguments":{},"output":)" + std::string(kHeld) + R"(,"is_error":false}]})";
  Answer(r, step->calls, {booked});
  step = PlanBookingStep(r);
  ASSERT_TRUE(step);
  ASSERT_EQ(step->calls.size(), 1u);
  EXPECT_EQ(step->calls[0].name, "payment_agent");
  EXPECT_EQ(Args(step->calls[0]).at("task"), "Pay for booking K7Q2XM.");
  EXPECT_NE(step->calls[0].id, r.messages[r.messages.size() - 2].tool_calls[0].id);
  Answer(r, step->calls, {R"({"agent":"payment","answer":"Booked! Reference K7Q2XM.","calls":[]})"});
  step = PlanBookingStep(r);
  ASSERT_TRUE(step && step->answer);
  EXPECT_EQ(step->answer->content, "Booked! Reference K7Q2XM.");
}

TEST(BookingStepsTest, TheLeadLeavesQuestionsToTheTravelAgent) {
  EXPECT_FALSE(PlanBookingStep(AgentRequest("flightly", "how do I cancel a booking?")));
  EXPECT_FALSE(PlanBookingStep(AgentRequest("flightly", "flights from Las Vegas to Honolulu in March")));
  auto list = PlanBookingStep(AgentRequest("flightly", "show my bookings"));
  ASSERT_TRUE(list);
  EXPECT_EQ(list->calls.at(0).name, "support_agent");
}

TEST(BookingStepsTest, TheBookingAgentSearchesThenHoldsTheCheapestForTheParty) {
  llm::ChatRequest r = AgentRequest("booking", "Book a flight from LAS to HNL for 4 travellers, with plus insurance.",
                                    {{"home_airport", "LAS"}, {"adults", "4"}, {"email", "jo@example.com"}});
  r.messages.back().content = "Book a flight to Honolulu for 4 travellers, with plus insurance.";
  auto step = PlanBookingStep(r);
  ASSERT_TRUE(step);
  ASSERT_EQ(step->calls.size(), 1u);
  EXPECT_EQ(step->calls[0].name, "search_flights");
  Answer(r, step->calls, {R"({"origin":"LAS","destination":"HNL","passengers":4,"flights":[
      {"flight_id":17,"fare_usd":279.0},{"flight_id":18,"fare_usd":299.0}]})"});
  step = PlanBookingStep(r);
  ASSERT_TRUE(step);
  ASSERT_EQ(step->calls.size(), 1u);
  EXPECT_EQ(step->calls[0].name, "hold_booking");
  const json::object hold = Args(step->calls[0]);
  EXPECT_EQ(hold.at("flight_id"), 17);
  EXPECT_EQ(hold.at("passengers"), 4);
  EXPECT_EQ(hold.at("insurance"), "plus");
  EXPECT_EQ(hold.at("email"), "jo@example.com");
  Answer(r, step->calls, {kHeld});
  step = PlanBookingStep(r);
  ASSERT_TRUE(step && step->answer);
  EXPECT_NE(step->answer->content.find("K7Q2XM"), std::string::npos) << step->answer->content;
  EXPECT_NE(step->answer->content.find("$1,188.54"), std::string::npos) << step->answer->content;
}

TEST(BookingStepsTest, TheBookingAgentAsksForTheEmailAndSaysWhenItSoldOut) {
  llm::ChatRequest r = AgentRequest("booking", "Book a flight to Honolulu for 1 traveller, without insurance.",
                                    {{"home_airport", "LAS"}});
  auto step = PlanBookingStep(r);
  ASSERT_TRUE(step && step->answer);
  EXPECT_NE(step->answer->content.find("email"), std::string::npos);
  r.context.profile["email"] = "jo@example.com";
  step = PlanBookingStep(r);
  ASSERT_TRUE(step);
  Answer(r, step->calls, {R"({"origin":"LAS","destination":"HNL","passengers":1,"flights":[{"flight_id":17}]})"});
  step = PlanBookingStep(r);
  Answer(r, step->calls, {"sold out: flight 17 has fewer seats left than the party needs"});
  step = PlanBookingStep(r);
  ASSERT_TRUE(step && step->answer);
  EXPECT_NE(step->answer->content.find("sold out"), std::string::npos) << step->answer->content;
}

TEST(BookingStepsTest, ThePaymentAgentPaysAndSaysWhereTheConfirmationWent) {
  llm::ChatRequest r = AgentRequest("payment", "Pay for booking K7Q2XM.");
  r.context.remembered["email"] = "2026-12-05";
  auto step = PlanBookingStep(r);
  ASSERT_TRUE(step);
  ASSERT_EQ(step->calls.size(), 1u);
  EXPECT_EQ(Args(step->calls[0]).at("reference"), "K7Q2XM");
  std::string paid = kHeld;
  paid.replace(paid.find("\"held\",\"booking\""), 6, "\"confirmed\"");
  paid.replace(paid.find("\"status\":\"held\""), 15, "\"status\":\"confirmed\"");
  Answer(r, step->calls, {paid});
  step = PlanBookingStep(r);
  ASSERT_TRUE(step && step->answer);
  EXPECT_NE(step->answer->content.find("confirmed"), std::string::npos) << step->answer->content;
  EXPECT_NE(step->answer->content.find("jo@example.com (the address you gave us on 2026-12-05)"), std::string::npos)
      << step->answer->content;
}

}  // namespace
}  // namespace contrail::flightly::offline
