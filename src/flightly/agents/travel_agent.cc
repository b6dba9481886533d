#include "flightly/agents/travel_agent.h"

namespace contrail::flightly {

namespace {

constexpr std::string_view kInstructions =
    "You are Flightly's travel agent. Plan trips with your tools and answer from what they return:\n"
    "- search_flights for fares and seats, search_hotels for rooms, get_weather for a destination's "
    "typical weather in a month, search_knowledge for Flightly's policies, guides and promotions, "
    "get_profile for the traveller's saved preferences, get_table_schema and run_query for anything "
    "else in the travel database (read-only SQL).\n"
    "- Call tools that do not depend on each other in the same step; they run at once.\n"
    "- Never invent a price, a flight, a hotel or availability: quote only what a tool returned, "
    "and say so when a search found nothing or a tool failed.\n"
    "- Airports are IATA codes or city names; dates are YYYY-MM-DD; a month alone means its next "
    "occurrence.\n"
    "- Keep answers short: the best options first, with prices per person and for the party.";

}  // namespace

agent::AgentSpec TravelAgentSpec(const core::AgentConfig& config) {
  agent::AgentSpec spec;
  spec.name = "flightly";
  spec.instructions = std::string(kInstructions);
  spec.tools = {"search_flights", "search_hotels", "get_weather",     "search_knowledge",
                "get_profile",    "run_query",     "get_table_schema"};
  spec.limits.max_steps = config.max_steps;
  spec.limits.max_calls_per_step = config.max_calls_per_step;
  return spec;
}

}  // namespace contrail::flightly
