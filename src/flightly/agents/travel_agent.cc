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
    "- Keep answers short: the best options first, with prices per person and for the party.\n"
    "- To book, pay for, cancel or list the traveller's bookings, hand the task to your agents: booking_agent "
    "holds seats (then payment_agent pays for what it held, with the booking's reference) and cancels; "
    "support_agent reads the traveller's bookings and what they told Flightly before. Answer with what the last "
    "agent said.";

constexpr std::string_view kSupportInstructions =
    "You are Flightly's support agent. Answer from the traveller's bookings (list_bookings), what they told "
    "Flightly before (memory_records), their profile (get_profile) and Flightly's policies (search_knowledge). "
    "Never invent a booking or a policy.";

constexpr std::string_view kBookingInstructions =
    "You are Flightly's booking agent. To book: search_flights for the trip, then hold_booking on the cheapest "
    "flight that fits, for the whole party, with the travel insurance asked for (none unless asked), and the "
    "traveller's email for the confirmation (ask for it when you do not have it). Report the booking's reference "
    "and total: payment is the payment agent's. To cancel: cancel_booking with the reference (list_bookings when "
    "none is given) and say what is refunded.";

constexpr std::string_view kPaymentInstructions =
    "You are Flightly's payment agent. pay_booking with the reference you are given, once: it charges the card on "
    "file and confirms the booking, or releases it when the payment is declined or fails. Say exactly what happened "
    "and where the confirmation went.";

agent::AgentSpec Delegate(std::string name, std::string_view instructions, std::string description,
                          std::vector<std::string> tools, const core::AgentConfig& config) {
  agent::AgentSpec spec;
  spec.name = std::move(name);
  spec.instructions = std::string(instructions);
  spec.description = std::move(description);
  spec.tools = std::move(tools);
  spec.limits.max_steps = config.max_steps;
  spec.limits.max_calls_per_step = config.max_calls_per_step;
  return spec;
}

}  // namespace

agent::AgentSpec TravelAgentSpec(const core::AgentConfig& config) {
  agent::AgentSpec spec;
  spec.name = "flightly";
  spec.instructions = std::string(kInstructions);
  spec.tools = {"search_flights", "search_hotels", "get_weather",     "search_knowledge",
                "get_profile",    "run_query",     "get_table_schema"};
  spec.limits.max_steps = config.max_steps;
  spec.limits.max_calls_per_step = config.max_calls_per_step;
  spec.delegates = {
      Delegate("support", kSupportInstructions,
               "Flightly's support agent: the traveller's bookings, what they told Flightly before, their profile "
               "and Flightly's policies.",
               {"list_bookings", "memory_records", "get_profile", "search_knowledge"}, config),
      Delegate("booking", kBookingInstructions,
               "Flightly's booking agent: finds the flight and holds seats (with travel insurance when asked), or "
               "cancels a booking.",
               {"search_flights", "hold_booking", "list_bookings", "cancel_booking"}, config),
      Delegate("payment", kPaymentInstructions,
               "Flightly's payment agent: pays for a held booking by its reference and confirms it.",
               {"pay_booking", "list_bookings"}, config)};
  spec.delegates[1].fresh_reads = true;  // it holds the seats its search found: no cached search
  spec.delegates[2].fresh_reads = true;
  return spec;
}

}  // namespace contrail::flightly
