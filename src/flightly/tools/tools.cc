#include "flightly/tools/tools.h"

#include "flightly/tools/query_tools.h"

namespace contrail::flightly {

core::Status AddFlightlyTools(mcp::ToolRegistry& registry, pg::Pool& pool, const core::McpConfig& config) {
  QueryToolOptions query;
  query.statement_timeout = std::chrono::milliseconds(config.query_timeout_ms);
  query.max_rows = config.query_max_rows;
  query.max_bytes = static_cast<std::size_t>(config.query_max_bytes);
  query.cache_ttl = std::chrono::seconds(config.query_cache_ttl_s);
  CONTRAIL_TRY_STATUS(registry.Add(MakeRunQueryTool(pool, query)));
  CONTRAIL_TRY_STATUS(registry.Add(MakeGetTableSchemaTool(pool)));
  return core::Ok();
}

const mcp::ServerInfo& FlightlyServerInfo() {
  static const mcp::ServerInfo info = [] {
    mcp::ServerInfo i;
    i.version = CONTRAIL_VERSION;
    i.instructions =
        "contrail serves Flightly's travel data: get_table_schema describes a table, run_query runs one read-only "
        "SELECT over airports, flights, hotels, promotions and the knowledge base.";
    return i;
  }();
  return info;
}

}  // namespace contrail::flightly
