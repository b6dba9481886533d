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
#include <string>
#include <vector>

#include "core/config.h"
#include "core/result.h"
#include "embed/embedder.h"
#include "knowledge/search_query.h"

namespace contrail::pg {
class Pool;
}

namespace contrail::knowledge {

// A unit of a hit that answers the question (rerank.h): a sentence, list item, table row or FAQ
// answer with its heading path, and how well it answers (comparable across the hits of one query).
struct Highlight {
  std::string path;
  std::string text;
  double score = 0;
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
  std::vector<Highlight> highlights;  // set by Rerank (rerank.h), best first; empty from Search
};

// The ranked hits (at most query.k), best first, after embedding the query through `embedder`
// (text mode does not embed). Errors: kInvalidArgument from ValidateSearchQuery; the embedder's
// errors; pg errors (kUnavailable, kTimeout, kUpstream). Runs on the pool's executor thread.
boost::asio::awaitable<core::Result<std::vector<SearchHit>>> Search(pg::Pool& pool, embed::Embedder& embedder,
                                                                   const core::KnowledgeConfig& config,
                                                                   const SearchQuery& query);

}  // namespace contrail::knowledge
