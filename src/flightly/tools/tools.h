#pragma once
// Every tool Flightly offers its agents and MCP clients, registered in one place so the server's
// /mcp route and `contrail mcp` (stdio) serve the same set.

#include <chrono>
#include <string>
#include <vector>

#include "core/config.h"
#include "embed/embedder.h"
#include "mcp/mcp_server.h"
#include "mcp/tool_registry.h"
#include "memory/extractor.h"
#include "memory/profile_store.h"
#include "pg/pool.h"
#include "valkey/pool.h"

namespace contrail::flightly {

class PaymentProcessor;

// What the tools read through. The pool is required; a tool whose other part is missing (no
// embedder, no profile store: Valkey was not reachable) is not offered.
struct ToolDeps {
  pg::Pool& pool;
  embed::Embedder* embedder = nullptr;              // search_knowledge
  const core::KnowledgeConfig* knowledge = nullptr;  // search_knowledge
  memory::ProfileStore* profiles = nullptr;          // get_profile
  const core::WeatherConfig* weather = nullptr;      // get_weather's forecasts; nullptr: normals only
  valkey::Pool* valkey = nullptr;  // the memory tools (with the embedder); nullptr: not offered
  const memory::Extractor* extractor = nullptr;  // memory_extract's; nullptr: the rules
  int event_partitions = 4;        // memory.event_partitions, for memory_extract
  PaymentProcessor* payments = nullptr;  // pay_booking's and cancel_booking's; nullptr: payments off
  std::chrono::milliseconds payments_timeout{5'000};  // payments.timeout_ms
};

// Adds Flightly's tools: run_query and get_table_schema (query_tools.h), search_flights,
// search_hotels and get_weather (travel_tools.h), search_knowledge and get_profile
// (context_tools.h), and memory_extract, memory_events, memory_conversation and memory_records
// (memory_tools.h: the offline rule-based extractor), and hold_booking, pay_booking, list_bookings
// and cancel_booking (booking_tools.h). `only`, when not empty, names the tools to add, or groups of them: "weather"
// (get_weather: `contrail mcp --tools weather` is the weather MCP server), "travel" (flights,
// hotels, weather), "database" (run_query, get_table_schema), "memory" (the four memory tools), "bookings" (the four booking tools); kInvalidArgument names an unknown one.
core::Status AddFlightlyTools(mcp::ToolRegistry& registry, const ToolDeps& deps, const core::McpConfig& config,
                              const std::vector<std::string>& only = {});

// How contrail introduces itself to MCP clients (name, version, what the tools are for).
const mcp::ServerInfo& FlightlyServerInfo();

}  // namespace contrail::flightly
