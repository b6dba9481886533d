#include "knowledge/search_sql.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace contrail::knowledge {
namespace {

// The columns every search SELECT returns, in ReadHits' order (alias c = the chunks table).
constexpr const char* kHitColumns =
    "c.id, c.document_id, coalesce(c.heading, ''), c.text, c.metadata::text, coalesce(c.metadata->>'title', '')";

// WHERE conditions for the filters, appending their values to `params` from $next on. Returns
// " AND …" (or ""), and a bit per filter for the prepared statement's name.
std::string FilterSql(const SearchFilters& f, pg::Params& params, int next, unsigned& mask) {
  std::string sql;
  auto param = [&](const std::string& value) {
    params.Text(value);
    return "$" + std::to_string(next++) + "::text";
  };
  if (f.doc_type) {
    std::string v = *f.doc_type;
    std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::tolower(c); });
    sql += " AND c.metadata->>'doc_type' = " + param(v);
    mask |= 1;
  }
  if (f.destination) {
    std::string v = *f.destination;
    std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::toupper(c); });
    // Containment, so the GIN (jsonb_path_ops) index on metadata can serve it.
    sql += " AND c.metadata @> jsonb_build_object('destination', jsonb_build_array(" + param(v) + "))";
    mask |= 2;
  }
  // ISO dates compare correctly as text; an absent bound is open.
  if (f.valid_on) {
    std::string p = param(*f.valid_on);
    sql += " AND coalesce(c.metadata->>'valid_from', '0000-01-01') <= " + p +
           " AND coalesce(c.metadata->>'valid_to', '9999-12-31') >= " + p;
    mask |= 4;
  }
  if (f.valid_from) {
    sql += " AND coalesce(c.metadata->>'valid_to', '9999-12-31') >= " + param(*f.valid_from);
    mask |= 8;
  }
  if (f.valid_to) {
    sql += " AND coalesce(c.metadata->>'valid_from', '0000-01-01') <= " + param(*f.valid_to);
    mask |= 16;
  }
  return sql;
}

}  // namespace

SearchPipeline BuildSearchPipeline(std::string_view table, const SearchQuery& query, std::span<const float> vector,
                                   const core::KnowledgeConfig& config) {
  const std::string t(table);
  pg::Params params;
  int next = 1;
  if (query.mode != SearchMode::kText) {
    params.Vector(vector);
    ++next;
  }
  if (query.mode != SearchMode::kVector) {
    params.Text(query.text);
    ++next;
  }
  unsigned mask = 0;
  std::string filters = FilterSql(query.filters, params, next, mask);
  next = params.size() + 1;
  std::string sql;
  const std::string tsquery = query.mode == SearchMode::kText ? "$1" : "$2";
  if (query.mode == SearchMode::kVector) {
    params.Int(query.k);
    sql = "WITH hits AS MATERIALIZED (SELECT " + std::string(kHitColumns) +
          ", c.embedding <=> $1::vector AS distance FROM " + t + " c WHERE true" + filters +
          " ORDER BY c.embedding <=> $1::vector LIMIT $" + std::to_string(next) +
          ") SELECT h.*, 1 - h.distance FROM hits h ORDER BY h.distance, h.id";
  } else if (query.mode == SearchMode::kText) {
    params.Int(query.k);
    sql = "SELECT " + std::string(kHitColumns) + ", ts_rank_cd(c.tsv, q)::float8 AS score FROM " + t +
          " c, websearch_to_tsquery('english', $1) q WHERE c.tsv @@ q" + filters +
          " ORDER BY score DESC, c.id LIMIT $" + std::to_string(next);
  } else {
    params.Int(std::max(config.candidates, query.k)).Float(config.rrf_k).Int(query.k);
    const std::string cand = "$" + std::to_string(next), rrf = "$" + std::to_string(next + 1),
                      limit = "$" + std::to_string(next + 2);
    sql = "WITH v AS (SELECT id, row_number() OVER (ORDER BY distance, id) AS r FROM (SELECT c.id, c.embedding <=> "
          "$1::vector AS distance FROM " + t + " c WHERE true" + filters + " ORDER BY c.embedding <=> $1::vector LIMIT " +
          cand + ") s), t AS (SELECT id, row_number() OVER (ORDER BY rank DESC, id) AS r FROM (SELECT c.id, "
          "ts_rank_cd(c.tsv, q) AS rank FROM " + t + " c, websearch_to_tsquery('english', " + tsquery +
          ") q WHERE c.tsv @@ q" + filters + " ORDER BY rank DESC LIMIT " + cand +
          ") s), f AS (SELECT coalesce(v.id, t.id) AS id, coalesce(1.0 / (" + rrf + " + v.r), 0) + coalesce(1.0 / (" +
          rrf + " + t.r), 0) AS score FROM v FULL JOIN t ON v.id = t.id) SELECT " + kHitColumns +
          ", f.score::float8 FROM f JOIN " + t + " c ON c.id = f.id ORDER BY f.score DESC, c.id LIMIT " + limit;
  }
  const char* mode = SearchModeName(query.mode);
  SearchPipeline out;
  pg::Statement select(std::move(sql), std::move(params), "kn_" + t + "_" + mode + "_" + std::to_string(mask));
  if (query.mode == SearchMode::kText) {
    out.statements.push_back(std::move(select));
    return out;
  }
  // hnsw.ef_search bounds what one index scan returns: at least the rows this query wants.
  int wanted = query.mode == SearchMode::kVector ? query.k : std::max(config.candidates, query.k);
  pg::Params settings;
  settings.Text(std::to_string(std::clamp(std::max(config.ef_search, wanted), 1, 1000))).Text(config.iterative_scan);
  out.statements.emplace_back("BEGIN READ ONLY");
  out.statements.emplace_back(
      "SELECT set_config('hnsw.ef_search', $1, true), set_config('hnsw.iterative_scan', $2, true)",
      std::move(settings), "kn_settings");
  out.statements.push_back(std::move(select));
  out.statements.emplace_back("COMMIT");
  out.result_index = 2;
  return out;
}

std::vector<SearchHit> ReadHits(const pg::Rows& rows) {
  std::vector<SearchHit> out;
  out.reserve(rows.size());
  const int score_column = rows.columns() - 1;
  for (int r = 0; r < rows.size(); ++r) {
    SearchHit h;
    h.chunk_id = rows.int64(r, 0);
    h.document_id = rows.text(r, 1);
    h.heading = rows.text(r, 2);
    h.text = rows.text(r, 3);
    h.metadata_json = rows.text(r, 4);
    h.title = rows.text(r, 5);
    h.score = rows.float8(r, score_column);
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace contrail::knowledge
