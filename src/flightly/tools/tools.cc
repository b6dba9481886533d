#include "flightly/tools/tools.h"

#include <set>
#include <vector>

#include "flightly/memory_extractor.h"
#include "flightly/tools/booking_tools.h"
#include "flightly/tools/context_tools.h"
#include "flightly/tools/memory_tools.h"
#include "flightly/tools/query_tools.h"
#include "flightly/tools/travel_tools.h"

namespace contrail::flightly {

namespace {

// The tools a --tools name stands for: a group's ("weather": the weather MCP server), or itself.
std::vector<std::string_view> ToolGroup(std::string_view name) {
  if (name == "weather") return {"get_weather"};
  if (name == "travel") return {"search_flights", "search_hotels", "get_weather"};
  if (name == "database") return {"run_query", "get_table_schema"};
  if (name == "memory") return {"memory_extract", "memory_events", "memory_conversation", "memory_records"};
  if (name == "bookings") return {"hold_booking", "pay_booking", "list_bookings", "cancel_booking"};
  return {name};
}

}  // namespace

core::Status AddFlightlyTools(mcp::ToolRegistry& registry, const ToolDeps& deps, const core::McpConfig& config,
                              const std::vector<std::string>& only) {
  pg::Pool& pool = deps.pool;
  QueryToolOptions query;
  query.statement_timeout = std::chrono::milliseconds(config.query_timeout_ms);
  query.max_rows = config.query_max_rows;
  query.max_bytes = static_cast<std::size_t>(config.query_max_bytes);
  query.cache_ttl = std::chrono::seconds(config.query_cache_ttl_s);
  const std::chrono::seconds search_ttl(config.query_cache_ttl_s);
  std::vector<std::unique_ptr<mcp::Tool>> tools;
  tools.push_back(MakeRunQueryTool(pool, query));
  tools.push_back(MakeGetTableSchemaTool(pool));
  tools.push_back(MakeSearchFlightsTool(pool, search_ttl));
  tools.push_back(MakeSearchHotelsTool(pool, search_ttl));
  tools.push_back(deps.weather != nullptr ? MakeGetWeatherTool(*deps.weather) : MakeGetWeatherTool());
  if (deps.embedder != nullptr && deps.knowledge != nullptr) {
    tools.push_back(MakeSearchKnowledgeTool(pool, *deps.embedder, *deps.knowledge, search_ttl));
  }
  if (deps.profiles != nullptr) tools.push_back(MakeGetProfileTool(*deps.profiles));
  if (deps.valkey != nullptr && deps.embedder != nullptr) {
    static const RuleExtractor rules;
    const memory::Extractor& extractor = deps.extractor != nullptr ? *deps.extractor : rules;
    tools.push_back(MakeMemoryExtractTool({pool, *deps.valkey, *deps.embedder, extractor, deps.event_partitions}));
    tools.push_back(MakeMemoryEventsTool(pool));
    tools.push_back(MakeMemoryConversationTool(pool));
    tools.push_back(MakeMemoryRecordsTool(pool, *deps.embedder));
  }
  tools.push_back(MakeHoldBookingTool(pool));
  tools.push_back(MakePayBookingTool(pool, deps.payments, deps.payments_timeout));
  tools.push_back(MakeListBookingsTool(pool));
  tools.push_back(MakeCancelBookingTool(pool, deps.payments, deps.payments_timeout));
  std::set<std::string, std::less<>> wanted;
  for (const std::string& name : only) {
    for (std::string_view tool : ToolGroup(name)) wanted.emplace(tool);
  }
  const bool some = !wanted.empty();
  for (std::unique_ptr<mcp::Tool>& tool : tools) {
    if (some && !wanted.erase(tool->spec().name)) continue;
    CONTRAIL_TRY_STATUS(registry.Add(std::move(tool)));
  }
  if (!wanted.empty()) return core::InvalidArgument("no tool named `" + *wanted.begin() + "`", "tools");
  return core::Ok();
}

const mcp::ServerInfo& FlightlyServerInfo() {
  static const mcp::ServerInfo info = [] {
    mcp::ServerInfo i;
    i.version = CONTRAIL_VERSION;
    i.instructions =
        "contrail serves Flightly's travel data: search_flights and search_hotels find what can be booked, "
        "get_weather gives a place's typical weather in a month, search_knowledge finds Flightly's policies, guides "
        "and offers, get_profile reads the caller's own travel profile, memory_records what contrail remembers of "
        "them (memory_events, memory_conversation and memory_extract: their sessions and memories), hold_booking, "
        "pay_booking, list_bookings and cancel_booking book, pay for and cancel the caller's trips, get_table_schema "
        "describes a table, and "
        "run_query runs one read-only SELECT over airports, flights, hotels, promotions and the knowledge base.";
    return i;
  }();
  return info;
}

}  // namespace contrail::flightly
