// Feeds arbitrary text to mcp::CheckReadOnlyQuery, run_query's first guard (PostgreSQL's parser
// and a walk of its tree). Checks: it never crashes or hangs on any input (the parser's own
// errors, deep nesting and NUL bytes are refusals); a refusal is kInvalidArgument with a reason;
// a statement it accepts, put after "DECLARE c NO SCROLL CURSOR FOR " as run_query runs it, is
// exactly one statement, a DECLARE of a SELECT: the checked text cannot end the cursor and start
// something else.

#include <pg_query.h>

#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "mcp/sql_guard.h"

namespace {

namespace json = boost::json;

const contrail::mcp::SqlPolicy& Policy() {
  static const contrail::mcp::SqlPolicy policy = [] {
    contrail::mcp::SqlPolicy p;
    p.tables = {"airports", "flights", "hotels", "promotions", "knowledge_documents", "knowledge_chunks"};
    return p;
  }();
  return policy;
}

// True when `sql` parses as exactly one DECLARE … CURSOR FOR SELECT.
bool IsOneCursorOfASelect(const std::string& sql) {
  PgQueryParseResult r = pg_query_parse(sql.c_str());
  bool ok = false;
  if (r.error == nullptr) {
    json::parse_options options;
    options.max_depth = 2'000;
    boost::system::error_code ec;
    const json::value tree = json::parse(r.parse_tree, ec, {}, options);
    const json::array* stmts = !ec ? tree.at("stmts").if_array() : nullptr;
    if (stmts != nullptr && stmts->size() == 1) {
      const json::value* declare = stmts->at(0).at("stmt").as_object().if_contains("DeclareCursorStmt");
      ok = declare != nullptr && declare->at("query").as_object().contains("SelectStmt");
    }
  }
  pg_query_free_parse_result(r);
  return ok;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view sql(reinterpret_cast<const char*>(data), size);
  auto checked = contrail::mcp::CheckReadOnlyQuery(sql, Policy());
  if (!checked) {
    FUZZ_CHECK(checked.error().code == contrail::core::Code::kInvalidArgument);
    FUZZ_CHECK(!checked.error().message.empty());
    return 0;
  }
  FUZZ_CHECK(IsOneCursorOfASelect("DECLARE c NO SCROLL CURSOR FOR " + checked->sql));
  return 0;
}
