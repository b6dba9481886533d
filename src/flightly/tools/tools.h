#pragma once
// Every tool Flightly offers its agents and MCP clients, registered in one place so the server's
// /mcp route and `contrail mcp` (stdio) serve the same set.

#include "core/config.h"
#include "mcp/mcp_server.h"
#include "mcp/tool_registry.h"
#include "pg/pool.h"

namespace contrail::flightly {

// Adds Flightly's tools, reading through `pool`: run_query and get_table_schema (query_tools.h),
// search_flights, search_hotels and get_weather (travel_tools.h). `only`, when not empty, is a
// comma-separated list of the tools to add ("get_weather": `contrail mcp --tools get_weather`,
// the weather MCP server); kInvalidArgument names an unknown one.
core::Status AddFlightlyTools(mcp::ToolRegistry& registry, pg::Pool& pool, const core::McpConfig& config,
                              std::string_view only = {});

// How contrail introduces itself to MCP clients (name, version, what the tools are for).
const mcp::ServerInfo& FlightlyServerInfo();

}  // namespace contrail::flightly
