#pragma once
// The SQL behind knowledge::Search, exposed so the search benchmark runs exactly the statements
// the server runs (against its own copy of the table). Pure functions.

#include <span>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "knowledge/search.h"
#include "pg/rows.h"
#include "pg/statement.h"

namespace contrail::knowledge {

struct SearchPipeline {
  std::vector<pg::Statement> statements;
  std::size_t result_index = 0;  // which statement's rows are the hits
};

// The pipeline for `query` over `table` (a trusted identifier with knowledge_chunks' columns).
// Vector and hybrid: BEGIN READ ONLY; SELECT set_config(ef_search, iterative_scan); SELECT …;
// COMMIT. Text: the SELECT alone. `vector` is the query's embedding (ignored in text mode).
// REQUIRES: ValidateSearchQuery(query) succeeded.
SearchPipeline BuildSearchPipeline(std::string_view table, const SearchQuery& query, std::span<const float> vector,
                                   const core::KnowledgeConfig& config);

// Rows of the search SELECT → hits, in order.
std::vector<SearchHit> ReadHits(const pg::Rows& rows);

}  // namespace contrail::knowledge
