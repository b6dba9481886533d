#pragma once
// flightly-local as the multi-agent Flightly's models (flightly/agents/travel_agent.h): which agent
// or tool a booking turn needs next, and the answer from what they returned. Which agent it is
// playing it reads from the tools it is offered:
//
//   lead (booking_agent offered)   "book the Honolulu trip with travel insurance"
//        step 1  booking_agent {task: "Book: …"}      the trip from what the turn understood
//        step 2  payment_agent {task: "Pay: K7Q2XM"}  once the booking agent holds one
//        step 3  the answer: the last agent's
//   booking agent (hold_booking)   search_flights → hold_booking {the cheapest that fits, the
//        party, the insurance, the email the traveller gave} → "holding …"; cancel_booking
//   payment agent (pay_booking)    pay_booking {reference} → "confirmed …" / "declined …"
//   support agent (list_bookings)  list_bookings → the traveller's bookings
//
// A turn that is none of these (a question, a trip to plan) is the travel agent's (agent_steps.h).
// Deterministic: the same request always gives the same step.

#include <optional>
#include <vector>

#include "flightly/offline/respond.h"
#include "llm/chat_model.h"

namespace contrail::flightly::offline {

struct BookingStep {
  std::vector<llm::ToolCall> calls;  // the calls to make now, or
  std::optional<Reply> answer;       // the answer (exactly one of the two is set)
};

// The next step of a booking turn, or nullopt when this turn is not one for the agent the
// request's tools make this model (or tool_choice is "none").
std::optional<BookingStep> PlanBookingStep(const llm::ChatRequest& request);

}  // namespace contrail::flightly::offline
