#pragma once
// Flightly's database tools, named and shaped as the AWS Aurora PostgreSQL MCP server's:
//
//   run_query {sql}                 one read-only SELECT over the inventory and documents, guarded
//                                   twice: mcp/sql_guard.h refuses anything but a read of the
//                                   allowed tables with allowed functions, then PostgreSQL runs it
//                                   as contrail_query (SELECT on those tables only, migrations
//                                   0010 and 0011) in a READ ONLY transaction under
//                                   statement_timeout; at most
//                                   max_rows rows and max_bytes of them come back ("truncated").
//   get_table_schema {table_name}   the columns of one of those tables (name, type, nullable,
//                                   default).
//
// Both read through the pool they are made with, so they run on that pool's executor.

#include <chrono>
#include <memory>

#include "mcp/sql_guard.h"
#include "mcp/tool.h"
#include "pg/pool.h"

namespace contrail::flightly {

struct QueryToolOptions {
  std::chrono::milliseconds statement_timeout{2'000};
  int max_rows = 200;
  std::size_t max_bytes = 256 * 1024;
  std::chrono::seconds cache_ttl{0};  // equal queries share a result this long (mcp/tool_registry.h)
};

// The tables run_query may read and get_table_schema describes.
const mcp::SqlPolicy& QueryPolicy();

std::unique_ptr<mcp::Tool> MakeRunQueryTool(pg::Pool& pool, QueryToolOptions options);
std::unique_ptr<mcp::Tool> MakeGetTableSchemaTool(pg::Pool& pool);

}  // namespace contrail::flightly
