#pragma once
// Flightly's travel agent, `model: "flightly-agent"`: it plans a trip with Flightly's tools —
// flights and hotels from the database, the destination's typical weather, the knowledge base,
// the caller's profile, read-only SQL — on the model agent.model names. flightly-local plans the
// calls from what the turn understood and writes the answer from their results (offline/);
// a remote model follows `instructions`.

#include <string_view>

#include "agent/agent_model.h"
#include "core/config.h"

namespace contrail::flightly {

inline constexpr std::string_view kTravelAgentModelId = "flightly-agent";

// The agent as the configuration sets it up (step limits from [agent]).
agent::AgentSpec TravelAgentSpec(const core::AgentConfig& config);

}  // namespace contrail::flightly
