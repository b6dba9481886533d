#pragma once
// Every tool Flightly offers its agents and MCP clients, registered in one place so the server's
// /mcp route and `contrail mcp` (stdio) serve the same set.

#include "core/config.h"
#include "mcp/mcp_server.h"
#include "mcp/tool_registry.h"
#include "pg/pool.h"

namespace contrail::flightly {

// Adds run_query and get_table_schema (query_tools.h), reading through `pool`.
core::Status AddFlightlyTools(mcp::ToolRegistry& registry, pg::Pool& pool, const core::McpConfig& config);

// How contrail introduces itself to MCP clients (name, version, what the tools are for).
const mcp::ServerInfo& FlightlyServerInfo();

}  // namespace contrail::flightly
