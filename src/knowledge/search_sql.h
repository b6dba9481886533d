#pragma once
// The SQL behind knowledge::Search, exposed so the search benchmark runs exactly the statements
// the server runs (against its own copy of the table). Pure functions.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/result.h"
#include "knowledge/search.h"
#include "pg/rows.h"
#include "pg/statement.h"

namespace contrail::knowledge {

struct SearchPipeline {
  std::vector<pg::Statement> statements;
  std::size_t result_index = 0;  // which statement's rows are the hits
};

// How many full-text matches one query ranks (text mode, and the text half of hybrid): at most
// max(k or the hybrid candidates, min(cap, budget / numnode(tsquery))), the first ones in table
// order, not the best. ts_rank_cd costs about (matches x query nodes): words common in the corpus
// match thousands of chunks, and a sentence-long query (~70 nodes) makes each ranking dozens of
// times dearer than a two-word one. `contrail bench search` measures what the limits cost in
// recall against ranking every match.
// The server's limits are knowledge.text_rank_cap and knowledge.text_rank_budget.
struct TextRankLimits {
  std::int64_t cap = 1'000;     // matches
  std::int64_t budget = 40'000;  // matches x tsquery nodes (numnode)
};
TextRankLimits TextRankLimitsFrom(const core::KnowledgeConfig& config);

// The pipeline for `query` over `table` (a trusted identifier with knowledge_chunks' columns).
// Vector and hybrid: BEGIN READ ONLY; SELECT set_config(ef_search, iterative_scan); SELECT …;
// COMMIT. Text: the SELECT alone. `vector` is the query's embedding (ignored in text mode).
// Full-text matches are ranked within `text_limits`. Every value, the limits included, is a
// parameter.
// REQUIRES: ValidateSearchQuery(query) succeeded; text_limits.cap and .budget >= 1.
SearchPipeline BuildSearchPipeline(std::string_view table, const SearchQuery& query, std::span<const float> vector,
                                   const core::KnowledgeConfig& config, TextRankLimits text_limits);

// Rows of the search SELECT → hits, in order.
std::vector<SearchHit> ReadHits(const pg::Rows& rows);

// A pipeline as simple-protocol SQL, for psql (the benchmark's floor runs the server's statements
// through it). A named statement becomes `PREPARE name(types) AS <its SQL>` (in `prepares`, to run
// once per session) and `EXECUTE name(literals)` — prepared like the pool prepares it; an unnamed
// one gets its parameters inlined. Literals are escape strings (E'…', quotes and backslashes
// doubled) cast to the parameter's type, untyped where the server infers it, so a value stays a
// value whatever it holds. Binary parameters are rendered in their text form. kInvalidArgument
// for a parameter type it cannot render or a $n without a parameter.
struct SimpleQueryPipeline {
  std::vector<std::string> prepares;
  std::vector<std::string> statements;  // one per pipeline statement, in order, without ';'
};
core::Result<SimpleQueryPipeline> ToSimpleQueries(const std::vector<pg::Statement>& statements);

}  // namespace contrail::knowledge
