#pragma once
// Retrieval over the knowledge base: vector (HNSW cosine), full text (websearch_to_tsquery) or
// hybrid (both, fused by reciprocal rank fusion), with metadata filters, in ONE round trip to
// PostgreSQL: BEGIN; set_config(hnsw.ef_search, hnsw.iterative_scan); SELECT …; COMMIT as one
// pipeline. Filtered vector queries use pgvector 0.8's iterative index scans, so a selective
// filter still returns k rows. Full text ranks a bounded number of matches per query
// (knowledge::TextRankLimits, search_sql.h), so common words or a sentence-long query cannot make
// one search rank thousands of chunks. Every value reaches SQL as a parameter.
//
//   knowledge::SearchQuery q;
//   q.text = "where can I surf and party?";
//   q.filters.doc_type = "guide";
//   auto hits = co_await knowledge::Search(pool, embedder, config.knowledge, q);

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/result.h"
#include "embed/embedder.h"

namespace contrail::pg {
class Pool;
}

namespace contrail::knowledge {

// All optional; absent = no restriction. Dates are ISO "YYYY-MM-DD".
struct SearchFilters {
  std::optional<std::string> doc_type;     // exact (lower case): policy, guide, promotion, faq
  std::optional<std::string> destination;  // a code the document lists ("HNL"), case-insensitive
  // Documents whose validity window contains this day (documents without a window always match).
  std::optional<std::string> valid_on;
  // Documents valid at some time in [valid_from, valid_to]: valid_from keeps those that have not
  // ended before it, valid_to those that have not started after it (open windows match).
  std::optional<std::string> valid_from, valid_to;
};

enum class SearchMode { kVector, kText, kHybrid };

struct SearchQuery {
  std::string text;
  int k = 5;
  SearchMode mode = SearchMode::kHybrid;
  SearchFilters filters;
};

struct SearchHit {
  std::string document_id;  // the file's path relative to the ingested folder
  std::int64_t chunk_id;    // knowledge_chunks.id
  std::string heading;
  std::string text;
  // Higher is better. vector: cosine similarity; text: ts_rank_cd; hybrid: the RRF sum
  // Σ 1 / (rrf_k + rank) over the halves that found the chunk.
  double score;
  std::string metadata_json;  // the chunk's metadata object (title, doc_type, destination, …)
  std::string title;
};

inline constexpr int kMaxSearchK = 100;
inline constexpr std::size_t kMaxQueryBytes = 4'096;

// "vector" | "text" | "hybrid" → the mode; nullopt for anything else.
std::optional<SearchMode> ParseSearchMode(std::string_view name);
const char* SearchModeName(SearchMode mode);

// kInvalidArgument (param names the field, e.g. "filters.valid_on") for an empty or blank query,
// one over kMaxQueryBytes, k outside 1..kMaxSearchK, a date that is not a real YYYY-MM-DD,
// valid_from after valid_to, or an empty/overlong doc_type or destination.
core::Status ValidateSearchQuery(const SearchQuery& query);

// The ranked hits (at most query.k), best first, after embedding the query through `embedder`
// (text mode does not embed). Errors: kInvalidArgument from ValidateSearchQuery; the embedder's
// errors; pg errors (kUnavailable, kTimeout, kUpstream). Runs on the pool's executor thread.
boost::asio::awaitable<core::Result<std::vector<SearchHit>>> Search(pg::Pool& pool, embed::Embedder& embedder,
                                                                   const core::KnowledgeConfig& config,
                                                                   const SearchQuery& query);

}  // namespace contrail::knowledge
