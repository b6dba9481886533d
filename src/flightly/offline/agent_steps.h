#pragma once
// flightly-local as an agent's model (agent/agent.h, flightly/agents/travel_agent.h): which of
// Flightly's tools a question needs, and the answer written from what they returned. Both are
// deterministic: the same request always plans the same calls and writes the same answer.
//
//   step 1: the request offers search_flights, get_weather, … and nothing follows the user's
//           message → PlanToolCalls: e.g. search_flights {origin LAS, destination HNL, month 3,
//           passengers 4, max_price 300} and get_weather {location HNL, month 3}, side by side
//   step 2: the tool results follow → AnswerFromToolResults: the trip answer with those flights,
//           rooms and the weather, and what could not be checked

#include <optional>
#include <vector>

#include "flightly/offline/respond.h"
#include "llm/chat_model.h"

namespace contrail::flightly::offline {

// The calls the last user message needs, among the tools the request offers (by name; arguments
// as Flightly's tools take them): flights when the trip has a destination and an origin (the
// session's, else the profile's home airport), hotels when the question is about a stay, the
// typical weather for a trip in a given month or a weather question. Empty when it needs none
// (a policy question is answered from the retrieved documents), when tool results already follow
// the message, or when tool_choice is "none".
std::vector<llm::ToolCall> PlanToolCalls(const llm::ChatRequest& request);

// search_flights {origin, destination, month, passengers, cabin, max_price, exclude_airlines} for
// the trip the turn understood (the profile's home airport and party where the session says
// nothing), as call "call_1"; nullopt without an origin and a destination, or when the request
// does not offer search_flights. `booking`: the trip a booking looks for (PlanBookingTrip),
// whatever the message's intent; else the fares the question asks about (PlanKnowledge).
std::optional<llm::ToolCall> SearchFlightsCall(const llm::ChatRequest& request, bool booking);

// True when tool results follow the last user message (the agent ran its calls).
bool HasToolResults(const llm::ChatRequest& request);

// The answer from the tool results that follow the last user message: flights and rooms become
// the turn's live facts (the same lines the grounded answer quotes), the weather tool's climate
// is said when the answer does not say it already, and a failed call is named with its error.
Reply AnswerFromToolResults(const llm::ChatRequest& request);

}  // namespace contrail::flightly::offline
