#pragma once
// Flightly's agents, `model: "flightly-agent"`: the lead (the orchestrator) plans a trip with
// Flightly's tools — flights and hotels from the database, the destination's typical weather, the
// knowledge base, the caller's profile, read-only SQL — and hands bookings to its agents (agents
// as tools, agent/delegate.h), all on the model agent.model names and sharing the turn's context:
//
//   flightly (lead) ── support_agent  list_bookings, memory_records, get_profile, search_knowledge
//                   ── booking_agent  search_flights, hold_booking, list_bookings, cancel_booking
//                   ── payment_agent  pay_booking, list_bookings
//
// flightly-local plans each agent's calls from what the turn understood and writes the answer
// from their results (offline/agent_steps.h, offline/booking_steps.h); a remote model follows the
// instructions.

#include <string_view>

#include "agent/agent_model.h"
#include "core/config.h"

namespace contrail::flightly {

inline constexpr std::string_view kTravelAgentModelId = "flightly-agent";

// The agent as the configuration sets it up (step limits from [agent]).
agent::AgentSpec TravelAgentSpec(const core::AgentConfig& config);

}  // namespace contrail::flightly
