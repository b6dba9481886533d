#include "knowledge/search_sql.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <string>

#include "knowledge/query_terms.h"
#include "pg/vector.h"

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

// The tsquery of any of `words` (a parameter): plainto_tsquery stems them and drops English stop
// words; its ANDs become ORs, so a chunk matching some of the words is found and ranked
// (ts_rank_cd counts how many, how close, and the title and heading weights) instead of only
// chunks that hold every word. Phrases (hyphenated words: <->) stay phrases.
// The corpus size a word's rarity is measured against, at least (ScoredMatches).
constexpr int kMinCorpus = 1'000;

std::string AnyWordQuery(const std::string& words) {
  return "replace(plainto_tsquery('contrail_english', " + words + ")::text, ' & ', ' | ')::tsquery";
}

// The text matches that get ranked (id, tsvector, the tsquery), in table order, at most
// greatest(floor, least(cap, budget / numnode(query))). ts_rank_cd costs about (matches x query
// nodes): common words match thousands of chunks, and a sentence-long query makes each ranking
// dozens of times dearer, so both bound the work; `floor` (k, or the hybrid candidates) keeps
// enough to fill the result. The GIN match itself stays whole; LIMIT stops reading the heap.
std::string CappedMatches(const std::string& table, const std::string& words, const std::string& filters,
                          const std::string& floor, const std::string& cap, const std::string& budget) {
  const std::string q = AnyWordQuery(words);
  return "SELECT c.id, c.tsv, qs.q FROM " + table + " c, (SELECT " + q + " AS q) qs WHERE c.tsv @@ qs.q" + filters +
         " LIMIT (SELECT greatest(" + floor + ", least(" + cap + ", " + budget + " / greatest(numnode(" + q +
         "), 1))))";
}

std::string VectorSql(const std::string& t, const std::string& filters, int next) {
  return "WITH hits AS MATERIALIZED (SELECT " + std::string(kHitColumns) +
         ", c.embedding <=> $1::vector AS distance FROM " + t + " c WHERE true" + filters +
         " ORDER BY c.embedding <=> $1::vector LIMIT $" + std::to_string(next) +
         ") SELECT h.*, 1 - h.distance FROM hits h ORDER BY h.distance, h.id";
}

// The capped matches scored BM25-style, best first, at most `limit`: each of the query's words
// (stemmed lexemes) adds its rarity, ln(1 + N / (1 + its matches)), times where the chunk holds it
// (the title 1, a heading 0.5, the text 0.4, read with the word's weight-restricted queries 'w':A
// and 'w':B, which cost a lookup where ts_rank_cd costs a ranking). ts_rank_cd's default weights
// (1, 0.4, 0.1) made one common word of a title ("Check-in and boarding" for "board") outweigh
// the question's rare words in a passage's text ("skip", "outbound"): rarity spans a factor of
// about 4, so the place a word is found may not span much more.
// ts_rank_cd of the whole query weighs every word alike, so with OR semantics a chunk holding four
// common words ("flight", "travel") outranked one holding the question's one rare word. A word's
// matches are counted among the capped matches (a window over the join: no extra scan), N is the
// table's row estimate (at least kMinCorpus, so a table never analyzed still ranks rare words
// first).
std::string ScoredMatches(const std::string& t, const std::string& words, const std::string& filters,
                          const std::string& floor, const std::string& cap, const std::string& budget,
                          const std::string& limit) {
  return "SELECT s.id, sum(ln(1 + n.total / (1 + s.df)) * s.r)::float8 AS rank FROM (SELECT m.id, CASE WHEN "
         "m.tsv @@ w.qa THEN 1.0 WHEN m.tsv @@ w.qb THEN 0.5 ELSE 0.4 END AS r, count(*) OVER (PARTITION BY w.q) AS "
         "df FROM (" + CappedMatches(t, words, filters, floor, cap, budget) +
         ") m JOIN (SELECT DISTINCT quote_literal(l)::tsquery AS q, (quote_literal(l) || ':A')::tsquery AS qa, "
         "(quote_literal(l) || ':B')::tsquery AS qb FROM unnest(tsvector_to_array(to_tsvector('contrail_english', " + words +
         "))) l) w ON m.tsv @@ w.q) s, (SELECT greatest(reltuples, " +
         std::to_string(kMinCorpus) + ")::float8 AS total FROM pg_class WHERE oid = '" + t +
         "'::regclass) n GROUP BY s.id ORDER BY rank DESC, s.id LIMIT " + limit;
}

// $next = k, $next+1 = the match cap, $next+2 = the ranking budget. Ranks ids first; the hit
// columns are read for the top k only.
std::string TextSql(const std::string& t, const std::string& filters, int next) {
  auto param = [&](int offset) { return "$" + std::to_string(next + offset); };
  return "WITH r AS (" + ScoredMatches(t, "$1", filters, param(0), param(1), param(2), param(0)) + ") SELECT " +
         kHitColumns + ", r.rank FROM r JOIN " + t + " c ON c.id = r.id ORDER BY r.rank DESC, c.id";
}

// $next = candidates per half, $next+1 = rrf_k, $next+2 = k, $next+3 = the match cap, $next+4 =
// the ranking budget.
std::string HybridSql(const std::string& t, const std::string& filters, int next) {
  auto param = [&](int offset) { return "$" + std::to_string(next + offset); };
  const std::string cand = param(0), rrf = param(1), limit = param(2);
  return "WITH v AS (SELECT id, row_number() OVER (ORDER BY distance, id) AS r FROM (SELECT c.id, c.embedding <=> "
         "$1::vector AS distance FROM " + t + " c WHERE true" + filters + " ORDER BY c.embedding <=> $1::vector LIMIT " +
         cand + ") s), t AS (SELECT id, row_number() OVER (ORDER BY rank DESC, id) AS r FROM (" +
         ScoredMatches(t, "$2", filters, cand, param(3), param(4), cand) + ") s), f AS (SELECT coalesce(v.id, t.id) AS id, "
         "coalesce(1.0 / (" + rrf + " + v.r), 0) + coalesce(1.0 / (" + rrf + " + t.r), 0) AS score FROM v FULL JOIN t "
         "ON v.id = t.id) SELECT " + kHitColumns + ", f.score::float8 FROM f JOIN " + t +
         " c ON c.id = f.id ORDER BY f.score DESC, c.id LIMIT " + limit;
}

// --- the simple-query form (psql) -------------------------------------------------------------

const char* TypeName(pg::Oid type) {
  switch (type) {
    case pg::oid::kUnknown: return "unknown";
    case pg::oid::kBool: return "bool";
    case pg::oid::kBytea: return "bytea";
    case pg::oid::kInt8: return "int8";
    case pg::oid::kInt2: return "int2";
    case pg::oid::kInt4: return "int4";
    case pg::oid::kText: return "text";
    case pg::oid::kFloat4: return "float4";
    case pg::oid::kFloat8: return "float8";
    case pg::oid::kTextArray: return "text[]";
    case pg::oid::kDate: return "date";
    case pg::oid::kTimestamptz: return "timestamptz";
    case pg::oid::kJsonb: return "jsonb";
    default: return nullptr;
  }
}

// An escape string literal: independent of standard_conforming_strings, and psql's lexer knows
// where it ends, so a value can never end the literal or the statement.
std::string Quote(std::string_view value) {
  std::string out = "E'";
  for (char ch : value) {
    if (ch == '\\' || ch == '\'') out += ch;
    out += ch;
  }
  return out + "'";
}

std::uint64_t BigEndian(std::string_view bytes) {
  std::uint64_t v = 0;
  for (unsigned char b : bytes) v = (v << 8) | b;
  return v;
}

// Parameter i as a literal of its declared type (untyped when the server infers the type, as it
// does for the parameter). Binary values are decoded to their text form first.
core::Result<std::string> Literal(const pg::Params::View& view, const std::vector<pg::Oid>& types, std::size_t i) {
  const pg::Oid type = types[i];
  const char* name = TypeName(type);
  if (name == nullptr) return core::InvalidArgument("cannot inline a parameter of type " + std::to_string(type));
  const std::string cast = type == pg::oid::kUnknown ? "" : std::string("::") + name;
  if (view.values[i] == nullptr) return "NULL" + cast;
  std::string_view bytes(view.values[i], static_cast<std::size_t>(view.lengths[i]));
  if (view.formats[i] == 0) return Quote(bytes) + cast;
  if (type == pg::oid::kUnknown) {  // an untyped binary value is a pgvector (pg::Params::Vector)
    CONTRAIL_TRY(std::vector<float> vector, pg::DecodeVectorBinary(bytes));
    return Quote(pg::VectorText(vector));
  }
  std::uint64_t raw = BigEndian(bytes);
  switch (type) {
    case pg::oid::kInt2: return Quote(std::to_string(static_cast<std::int16_t>(raw))) + cast;
    case pg::oid::kInt4: return Quote(std::to_string(static_cast<std::int32_t>(raw))) + cast;
    case pg::oid::kInt8: return Quote(std::to_string(static_cast<std::int64_t>(raw))) + cast;
    case pg::oid::kBool: return std::string(raw != 0 ? "true" : "false");
    case pg::oid::kFloat8: {
      double d;
      std::memcpy(&d, &raw, sizeof d);
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.17g", d);  // round-trips; inf/nan read back too
      return Quote(buf) + cast;
    }
    case pg::oid::kBytea: {
      std::string hex = "\\x";
      for (unsigned char b : bytes) {
        hex += "0123456789abcdef"[b >> 4];
        hex += "0123456789abcdef"[b & 15];
      }
      return Quote(hex) + cast;
    }
    default: return core::InvalidArgument(std::string("cannot inline a binary ") + name + " parameter");
  }
}

core::Result<std::vector<std::string>> Literals(const pg::Params& params) {
  std::vector<std::string> out;
  const pg::Params::View view = params.view();
  for (std::size_t i = 0; i < view.values.size(); ++i) {
    CONTRAIL_TRY(std::string literal, Literal(view, params.types(), i));
    out.push_back(std::move(literal));
  }
  return out;
}

// `sql` with $1…$n replaced by `literals` (outside quoted strings and identifiers).
core::Result<std::string> Inline(std::string_view sql, const std::vector<std::string>& literals) {
  std::string out;
  char quote = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char ch = sql[i];
    if (quote != 0 || ch == '\'' || ch == '"') {
      quote = quote == 0 ? ch : (ch == quote ? 0 : quote);  // a doubled quote toggles twice
    } else if (ch == '$' && i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
      std::size_t n = 0;
      while (i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1]))) n = n * 10 + (sql[++i] - '0');
      if (n < 1 || n > literals.size()) return core::InvalidArgument("$" + std::to_string(n) + " has no parameter");
      out += literals[n - 1];
      continue;
    }
    out += ch;
  }
  return out;
}

}  // namespace

TextRankLimits TextRankLimitsFrom(const core::KnowledgeConfig& config) {
  return TextRankLimits{config.text_rank_cap, config.text_rank_budget};
}

SearchPipeline BuildSearchPipeline(std::string_view table, const SearchQuery& query, std::span<const float> vector,
                                   const core::KnowledgeConfig& config, TextRankLimits text_limits) {
  const std::string t(table);
  pg::Params params;
  if (query.mode != SearchMode::kText) params.Vector(vector);
  if (query.mode != SearchMode::kVector) {
    params.Text(query.text_words.empty() ? TextSearchWords(query.text) : query.text_words);
  }
  unsigned mask = 0;
  std::string filters = FilterSql(query.filters, params, params.size() + 1, mask);
  const int next = params.size() + 1;
  std::string sql;
  if (query.mode == SearchMode::kVector) {
    params.Int(query.k);
    sql = VectorSql(t, filters, next);
  } else if (query.mode == SearchMode::kText) {
    params.Int(query.k).Int(text_limits.cap).Int(text_limits.budget);
    sql = TextSql(t, filters, next);
  } else {
    const int candidates = std::max(config.candidates, query.k);
    params.Int(candidates).Float(config.rrf_k).Int(query.k).Int(text_limits.cap).Int(text_limits.budget);
    sql = HybridSql(t, filters, next);
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

core::Result<SimpleQueryPipeline> ToSimpleQueries(const std::vector<pg::Statement>& statements) {
  SimpleQueryPipeline out;
  for (const pg::Statement& s : statements) {
    CONTRAIL_TRY(std::vector<std::string> literals, Literals(s.params));
    if (s.name.empty()) {
      CONTRAIL_TRY(std::string sql, Inline(s.sql, literals));
      out.statements.push_back(std::move(sql));
      continue;
    }
    std::string prepare = "PREPARE " + s.name, execute = "EXECUTE " + s.name;
    for (std::size_t i = 0; i < literals.size(); ++i) {
      prepare += std::string(i == 0 ? "(" : ", ") + TypeName(s.params.types()[i]);
      execute += (i == 0 ? "(" : ", ") + literals[i];
    }
    const char* close = literals.empty() ? "" : ")";
    out.prepares.push_back(prepare + close + " AS " + s.sql);
    out.statements.push_back(execute + close);
  }
  return out;
}

}  // namespace contrail::knowledge
