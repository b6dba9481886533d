#pragma once
// The first of run_query's two guards (the second is PostgreSQL's: a role with SELECT on the
// allowed tables only, a READ ONLY transaction and a statement timeout). The statement is parsed
// by PostgreSQL's own parser (libpg_query, PostgreSQL 15's grammar) and its tree walked, failing
// closed: anything not known to be a read of an allowed table with allowed functions is refused,
// and the reason is said. No keyword matching: comments, quoting, unicode escapes and casing are
// the parser's business. What runs is the very text that was checked (the server parses it with
// the same grammar); it is one SELECT, so it can be a cursor's query and nothing more.
//
// Accepted: exactly one SELECT (VALUES, set operations, WITH and WITH RECURSIVE of SELECTs,
// subqueries, joins, window functions, CASE, casts to ordinary types), reading only the policy's
// tables (unqualified, or in its schemas; a CTE name only where that CTE is in scope), calling
// only allow-listed functions (unqualified or pg_catalog.). Refused: any other statement (DML,
// DDL, COPY, SET, DO, CALL, EXPLAIN, transaction control, …), data-modifying CTEs, SELECT INTO,
// locking clauses, parameters ($1), other functions (pg_sleep, pg_read_file, dblink, lo_*,
// set_config, current_setting, …), other tables and schemas (pg_catalog, information_schema),
// casts to other types (regclass, oid, xml, …), XML and other constructs outside that set.

#include <set>
#include <string>
#include <string_view>

#include "core/result.h"

namespace contrail::mcp {

struct SqlPolicy {
  std::set<std::string, std::less<>> tables;                // readable tables (lowercase names)
  std::set<std::string, std::less<>> schemas{"public"};     // schemas a qualified table may name
  std::size_t max_bytes = 16 * 1024;                        // longer input is refused before parsing

  // "airports, flights, …": the readable tables, for messages that name them.
  std::string TableList() const;
};

// The statement to run: `sql` is the checked text itself, one SELECT ("DECLARE c CURSOR FOR " +
// sql is one DECLARE of it: fuzz/mcp_sql_guard_fuzz.cc checks that).
struct CheckedQuery {
  std::string sql;
};

// kInvalidArgument with the reason ("function pg_sleep is not allowed", "only one statement is
// allowed", "syntax error at or near …") when the statement is refused.
core::Result<CheckedQuery> CheckReadOnlyQuery(std::string_view sql, const SqlPolicy& policy);

}  // namespace contrail::mcp
