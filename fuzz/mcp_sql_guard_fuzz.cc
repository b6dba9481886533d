// Feeds arbitrary text to mcp::CheckReadOnlyQuery, run_query's first guard (PostgreSQL's parser
// and a walk of its tree). Checks: it never crashes or hangs on any input (the parser's own
// errors, deep nesting and NUL bytes are refusals); a refusal is kInvalidArgument with a reason;
// a statement it accepts is re-rendered to SQL that the guard accepts again and renders the same
// way (what runs is exactly what was checked, and rendering adds nothing the walk did not see).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "mcp/sql_guard.h"

namespace {

const contrail::mcp::SqlPolicy& Policy() {
  static const contrail::mcp::SqlPolicy policy = [] {
    contrail::mcp::SqlPolicy p;
    p.tables = {"airports", "flights", "hotels", "promotions", "knowledge_documents", "knowledge_chunks"};
    return p;
  }();
  return policy;
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
  auto again = contrail::mcp::CheckReadOnlyQuery(checked->sql, Policy());
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again->sql == checked->sql);
  return 0;
}
