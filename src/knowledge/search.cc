#include "knowledge/search.h"

#include <span>

#include "knowledge/search_sql.h"
#include "knowledge/text_util.h"
#include "pg/pool.h"

namespace contrail::knowledge {

namespace asio = boost::asio;

asio::awaitable<core::Result<std::vector<SearchHit>>> Search(pg::Pool& pool, embed::Embedder& embedder,
                                                            const core::KnowledgeConfig& config,
                                                            const SearchQuery& query) {
  CONTRAIL_CO_TRY_STATUS(ValidateSearchQuery(query));
  embed::Vector vector;
  if (query.mode != SearchMode::kText) {
    std::string text(Trim(query.text));
    std::span<const std::string> one(&text, 1);
    CONTRAIL_CO_TRY(auto vectors, co_await embedder.Embed(one));
    if (vectors.size() != 1) co_return core::Internal("embedder returned no vector for the query");
    vector = std::move(vectors.front());
  }
  SearchPipeline pipeline = BuildSearchPipeline("knowledge_chunks", query, vector, config, TextRankLimitsFrom(config));
  std::size_t index = pipeline.result_index;
  CONTRAIL_CO_TRY(auto results, co_await pool.Pipeline(std::move(pipeline.statements)));
  if (results.size() <= index) co_return core::Internal("search pipeline returned too few results");
  co_return ReadHits(results[index]);
}

}  // namespace contrail::knowledge
