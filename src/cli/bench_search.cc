// `contrail bench search`: knowledge retrieval at scale, against the configured PostgreSQL.
//
// Loads N chunks (default 100,000) of GENERATED travel text — sentences of the shipped documents
// mixed with templates over varied places, activities, months and numbers — embedded by the local
// embedder (1024-d) and written by binary COPY into its own table, bench_knowledge_chunks (same
// columns and indexes as knowledge_chunks; the real knowledge base is not touched). Then:
//   * ingest throughput (generate + embed + COPY, chunks/s) and the HNSW / GIN build times;
//   * recall@10 of the HNSW scan against exact search (a sequential scan: index scans disabled);
//   * p50/p99 latency and queries/s (one client) of vector, text and hybrid searches through
//     pg::Pool — exactly knowledge::Search's pipelines — at each --ef hnsw.ef_search setting;
//   * the floor: the same vector searches through psql, in the same run;
//   * what bounding the ranked text matches (knowledge::TextRankLimits) costs against ranking
//     every match.
// Targets (issue 4): recall@10 >= 0.95 at p50 <= 5 ms; the pool adds <= 0.2 ms over psql.
//
// The floor is like-for-like. psql runs the very statements of the pool's SearchPipeline
// (knowledge::ToSimpleQueries): the same SQL text, prepared once per session (PREPARE, where the
// pool sends Parse), the same values (typed escape literals; the vector as pgvector text, which is
// how the pool sends it too), the same transaction, settings and columns. One search is ONE psql
// line, its statements joined by `\;`: psql sends that as one Query message, one round trip like
// the pool's pipeline (not four), and \timing gives one figure for it: from sending to the last
// result, including printing the earlier results to /dev/null. The pool's figure is the server's
// whole cost per query: building the pipeline, the round trip, reading the hits into SearchHit.
// What remains different is the protocol (bound parameters vs EXECUTE with literals). Both run
// the same queries in the same order, each after its own untimed warm-up, in alternating blocks
// (pool first, then psql first, …) with one psql session for the run, so drift hits both alike.
// A table built with the same --chunks, --m and --ef-construction is reused (--reload rebuilds it).

#include <boost/asio/this_coro.hpp>
#include <chrono>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <random>
#include <set>
#include <utility>

#include "cli/bench_util.h"
#include "cli/psql_session.h"
#include "cli/commands.h"
#include "core/log.h"
#include "core/progress.h"
#include "embed/local/local_embedder.h"
#include "knowledge/chunker.h"
#include "knowledge/ingest.h"
#include "knowledge/search_sql.h"
#include "pg/connection.h"
#include "pg/pool.h"
#include "server/services.h"

namespace contrail::cli {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

constexpr const char* kTable = "bench_knowledge_chunks";
constexpr int kRecallK = 10;

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

// Deterministic travel text: chunk i is the same text in every run.
class Corpus {
 public:
  explicit Corpus(std::vector<std::string> sentences) : sentences_(std::move(sentences)) {}

  struct Row {
    std::string document_id, heading, text, metadata;
    int chunk_index = 0;
  };

  Row Make(std::int64_t i) const {
    const std::int64_t doc = i / 8;
    std::mt19937_64 doc_rng(static_cast<std::uint64_t>(doc) * 0x9E3779B97F4A7C15ULL + 1);
    std::mt19937_64 rng(static_cast<std::uint64_t>(i) * 0xC2B2AE3D27D4EB4FULL + 7);
    const Place& place = Pick(kPlaces, doc_rng);
    const char* type = Pick(kDocTypes, doc_rng);
    Row r;
    r.document_id = std::string(type) + "/" + place.name + "-" + std::to_string(doc) + ".md";
    r.chunk_index = static_cast<int>(i % 8);
    std::string activity = Pick(kActivities, rng), other = Pick(kActivities, rng);
    std::string month = Pick(kMonths, rng), month2 = Pick(kMonths, rng);
    r.heading = Fill(Pick(kHeadings, rng), place.name, activity);
    r.text = place.name + " is known for " + activity + " and " + other + ", best from " + month + " to " +
             month2 + ". ";
    for (int s = 0; s < 3; ++s) r.text += sentences_[rng() % sentences_.size()] + " ";
    r.text += "Fares from " + std::string(Pick(kPlaces, rng).name) + " start at $" + std::to_string(99 + rng() % 900) +
              " round trip; expect " + std::to_string(12 + rng() % 22) + " °C and " + std::to_string(rng() % 15) +
              " rainy days in " + month + ".";
    std::string meta = "{\"title\":\"" + place.name + " " + type + "\",\"doc_type\":\"" + type +
                       "\",\"destination\":[\"" + place.code + "\"]";
    if (std::string_view(type) == "promotion") {
      int start = static_cast<int>(doc_rng() % 700);
      auto from = std::chrono::sys_days{std::chrono::year{2026} / 1 / 1} + std::chrono::days{start};
      auto to = from + std::chrono::days{30 + doc_rng() % 90};
      meta += ",\"valid_from\":\"" + Date(from) + "\",\"valid_to\":\"" + Date(to) + "\"";
      r.text += " Promo code " + std::string(place.code) + std::to_string(1000 + doc % 9000) + ".";
    }
    r.metadata = meta + ",\"tags\":[\"" + activity + "\"]}";
    return r;
  }

  std::string Query(int i) const {
    std::mt19937_64 rng(static_cast<std::uint64_t>(i) * 0xD6E8FEB86659FD93ULL + 3);
    const Place& p = Pick(kPlaces, rng);
    std::string a = Pick(kActivities, rng);
    switch (i % 4) {
      case 0: return "where can I go " + a + " near " + p.name + " in " + Pick(kMonths, rng) + "?";
      case 1: return a + " and " + Pick(kActivities, rng) + " in " + p.name;
      case 2: return "cheap flights to " + p.name + " for " + a;
      default: return sentences_[rng() % sentences_.size()];
    }
  }

 private:
  struct Place {
    std::string name;
    const char* code;
  };
  template <class T, std::size_t N>
  static const T& Pick(const T (&items)[N], std::mt19937_64& rng) { return items[rng() % N]; }
  static std::string Fill(std::string t, const std::string& place, const std::string& activity) {
    if (auto at = t.find("{P}"); at != std::string::npos) t.replace(at, 3, place);
    if (auto at = t.find("{A}"); at != std::string::npos) t.replace(at, 3, activity);
    return t;
  }
  static std::string Date(std::chrono::sys_days d) {
    std::chrono::year_month_day ymd(d);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return buf;
  }

  static inline const Place kPlaces[] = {
      {"Miami", "MIA"},      {"Bali", "DPS"},         {"Honolulu", "HNL"},  {"Maui", "OGG"},     {"Cancun", "CUN"},
      {"Orlando", "MCO"},    {"Las Vegas", "LAS"},    {"Denver", "DEN"},    {"Calgary", "YYC"},  {"Seattle", "SEA"},
      {"San Diego", "SAN"},  {"Lisbon", "LIS"},       {"Paris", "CDG"},     {"Tokyo", "HND"},    {"Reykjavik", "KEF"},
      {"Cape Town", "CPT"},  {"San Jose", "SJO"},     {"New York", "JFK"},  {"Los Angeles", "LAX"}, {"Chicago", "ORD"},
      {"Boston", "BOS"},     {"Austin", "AUS"},       {"Nashville", "BNA"}, {"New Orleans", "MSY"}, {"Phoenix", "PHX"},
      {"Salt Lake City", "SLC"}, {"Anchorage", "ANC"}, {"Vancouver", "YVR"}, {"Toronto", "YYZ"}, {"Mexico City", "MEX"},
      {"Punta Cana", "PUJ"}, {"San Juan", "SJU"},     {"Montego Bay", "MBJ"}, {"Dublin", "DUB"}, {"London", "LHR"},
      {"Barcelona", "BCN"},  {"Rome", "FCO"},         {"Athens", "ATH"},    {"Sydney", "SYD"},   {"Bangkok", "BKK"}};
  static inline const char* const kDocTypes[] = {"guide", "guide", "guide", "guide", "guide",
                                                 "policy", "policy", "promotion", "promotion", "faq"};
  static inline const char* const kActivities[] = {
      "surfing", "snorkelling", "scuba diving", "hiking", "skiing", "snowboarding", "nightlife", "live music",
      "street food", "fine dining", "museums", "art galleries", "theme parks", "whale watching", "kayaking",
      "cycling", "golf", "yoga retreats", "spa days", "wine tasting", "shopping", "beaches", "rock climbing",
      "sailing", "fishing", "bird watching", "hot springs", "road trips", "family days out", "photography"};
  static inline const char* const kMonths[] = {"January", "February", "March", "April", "May", "June", "July",
                                               "August", "September", "October", "November", "December"};
  static inline const char* const kHeadings[] = {"Best time to go", "Things to do in {P}", "Where to stay in {P}",
                                                 "Getting around {P}", "{A} in {P}", "Fees and rules",
                                                 "Family tips for {P}", "Food and drink", "Tips"};

  std::vector<std::string> sentences_;
};

// Sentences of the shipped knowledge base (data/knowledge), the raw material of the corpus.
core::Result<std::vector<std::string>> ShippedSentences(const std::string& folder) {
  CONTRAIL_TRY(auto files, knowledge::ReadKnowledgeFolder(folder));
  std::vector<std::string> out;
  for (const auto& f : files) {
    CONTRAIL_TRY(knowledge::Document doc, knowledge::ParseDocument(f.id, f.content));
    for (const knowledge::Chunk& c : knowledge::ChunkDocument(doc)) {
      std::string_view text = c.text;
      for (std::size_t at; (at = text.find(". ")) != std::string_view::npos; text.remove_prefix(at + 2)) {
        if (at > 40 && text.substr(0, at).find('\n') == std::string_view::npos) out.emplace_back(text.substr(0, at + 1));
      }
    }
  }
  if (out.size() < 100) return core::InvalidArgument(folder + ": too few sentences for the bench corpus");
  return out;
}

struct Env {
  const core::Config& config;
  const BenchSearchFlags& flags;
  const Corpus& corpus;
  embed::LocalEmbedder& embedder;
  pg::Connection& bulk;
  pg::Pool& pool;
};

struct LoadReport {
  bool reused = false;
  double load_s = 0, embed_s = 0, hnsw_s = 0, gin_s = 0;
};

asio::awaitable<core::Status> Sql(pg::Connection& conn, std::string sql) {
  CONTRAIL_CO_TRY(auto r, co_await conn.Query(std::move(sql)));
  (void)r;
  co_return core::Ok();
}

// What the table was built with, kept as its comment: a table built otherwise is rebuilt.
std::string BuildTag(const BenchSearchFlags& f) {
  return "chunks=" + std::to_string(f.chunks) + " m=" + std::to_string(f.m) +
         " ef_construction=" + std::to_string(f.ef_construction);
}

asio::awaitable<core::Result<bool>> Reusable(Env& env) {
  auto tag = co_await env.bulk.Query(std::string("SELECT coalesce(obj_description('") + kTable + "'::regclass), '')");
  if (!tag) co_return false;  // no table yet
  co_return tag->rows[0][0] == BuildTag(env.flags);
}

asio::awaitable<core::Result<LoadReport>> Load(Env& env) {
  LoadReport report;
  if (!env.flags.reload) {
    CONTRAIL_CO_TRY(bool reuse, co_await Reusable(env));
    if (reuse) {
      report.reused = true;
      co_return report;
    }
  }
  CONTRAIL_CO_TRY_STATUS(co_await Sql(env.bulk, std::string("DROP TABLE IF EXISTS ") + kTable + "; CREATE TABLE " +
      kTable + " (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, document_id text NOT NULL, chunk_index integer "
      "NOT NULL, heading text, text text NOT NULL, tsv tsvector GENERATED ALWAYS AS (to_tsvector('contrail_english', "
      "coalesce(heading, '') || ' ' || text)) STORED, embedding vector(1024), metadata jsonb NOT NULL DEFAULT '{}', "
      "content_hash text NOT NULL)"));
  const std::int64_t n = env.flags.chunks;
  std::int64_t next = 0;
  double embed_s = 0;
  core::Progress progress("load chunks", static_cast<std::uint64_t>(n));
  auto started = Clock::now();
  // Rows are generated and embedded inside the COPY's fill, so 100k vectors never sit in memory.
  auto fill = [&](pg::CopyWriter& w) {
    std::int64_t before = next;
    while (next < n && w.size() < pg::kCopyChunkBytes) {
      Corpus::Row r = env.corpus.Make(next++);
      auto t0 = Clock::now();
      embed::Vector v = env.embedder.EmbedText(r.heading + "\n" + r.text);
      embed_s += Seconds(t0);
      w.Row(7).Text(r.document_id).Int4(r.chunk_index).Text(r.heading).Text(r.text).Vector(v).Jsonb(r.metadata)
          .Text(std::to_string(next));
    }
    progress.Tick(static_cast<std::uint64_t>(next - before));
    return next < n;
  };
  CONTRAIL_CO_TRY(auto copied, co_await env.bulk.CopyIn(std::string("COPY ") + kTable +
      " (document_id, chunk_index, heading, text, embedding, metadata, content_hash) FROM STDIN (FORMAT binary)", fill));
  progress.Finish();
  report.load_s = Seconds(started);
  report.embed_s = embed_s;
  if (copied != n) co_return core::Internal("COPY wrote " + std::to_string(copied) + " rows");
  // The HNSW graph of 100k x 1024 needs about 1 GB to build in memory; beyond
  // maintenance_work_mem the build slows down many times. One parallel worker: 2-core machines.
  std::fprintf(stderr, "building the HNSW index (minutes on 2 cores)…\n");
  auto t0 = Clock::now();
  CONTRAIL_CO_TRY_STATUS(co_await Sql(env.bulk, std::string("SET maintenance_work_mem = '2GB'; "
      "SET max_parallel_maintenance_workers = 1; CREATE INDEX ON ") + kTable +
      " USING hnsw (embedding vector_cosine_ops) WITH (m = " + std::to_string(env.flags.m) +
      ", ef_construction = " + std::to_string(env.flags.ef_construction) + ")"));
  report.hnsw_s = Seconds(t0);
  t0 = Clock::now();
  CONTRAIL_CO_TRY_STATUS(co_await Sql(env.bulk, std::string("CREATE INDEX ON ") + kTable + " USING gin (tsv); "
      "CREATE INDEX ON " + kTable + " USING gin (metadata jsonb_path_ops); ANALYZE " + kTable + "; COMMENT ON TABLE " +
      kTable + " IS '" + BuildTag(env.flags) + "'"));
  report.gin_s = Seconds(t0);
  co_return report;
}

struct Queries {
  std::vector<std::string> texts;
  std::vector<embed::Vector> vectors;
};

// Exact top-k ids: the planner may not use the HNSW index (index scans off), so it scans and sorts.
asio::awaitable<core::Result<std::vector<std::set<std::int64_t>>>> ExactTopK(Env& env, const Queries& q, int count) {
  std::vector<std::set<std::int64_t>> out;
  core::Progress progress("exact search", static_cast<std::uint64_t>(count));
  for (int i = 0; i < count; ++i) {
    std::vector<pg::Statement> s;
    s.emplace_back("BEGIN");
    s.emplace_back("SET LOCAL enable_indexscan = off");
    pg::Params p;
    p.Vector(q.vectors[i]).Int(kRecallK);
    s.emplace_back(std::string("SELECT id FROM ") + kTable + " ORDER BY embedding <=> $1::vector LIMIT $2", std::move(p));
    s.emplace_back("COMMIT");
    CONTRAIL_CO_TRY(auto rows, co_await env.bulk.Pipeline(std::move(s)));
    std::set<std::int64_t> ids;
    for (int r = 0; r < rows[2].size(); ++r) ids.insert(rows[2].int64(r, 0));
    out.push_back(std::move(ids));
    progress.Tick();
  }
  progress.Finish();
  co_return out;
}

// One search through the pool, as knowledge::Search runs it (the pipeline built per query).
asio::awaitable<core::Result<std::vector<knowledge::SearchHit>>> RunSearch(Env& env, const knowledge::SearchQuery& q,
                                                                          const embed::Vector& v,
                                                                          const core::KnowledgeConfig& kc,
                                                                          std::optional<knowledge::TextRankLimits> limits = {}) {
  knowledge::SearchPipeline p =
      knowledge::BuildSearchPipeline(kTable, q, v, kc, limits.value_or(knowledge::TextRankLimitsFrom(kc)));
  std::size_t index = p.result_index;
  CONTRAIL_CO_TRY(auto rows, co_await env.pool.Pipeline(std::move(p.statements)));
  co_return knowledge::ReadHits(rows[index]);
}

knowledge::SearchQuery MakeQuery(const Queries& q, std::size_t i, knowledge::SearchMode mode) {
  knowledge::SearchQuery sq;
  sq.text = q.texts[i % q.texts.size()];
  sq.k = kRecallK;
  sq.mode = mode;
  return sq;
}

asio::awaitable<core::Result<double>> Recall(Env& env, const Queries& q, const std::vector<std::set<std::int64_t>>& exact,
                                            const core::KnowledgeConfig& kc) {
  double sum = 0;
  for (std::size_t i = 0; i < exact.size(); ++i) {
    CONTRAIL_CO_TRY(auto hits, co_await RunSearch(env, MakeQuery(q, i, knowledge::SearchMode::kVector), q.vectors[i], kc));
    int found = 0;
    for (const auto& h : hits) found += exact[i].contains(h.chunk_id);
    sum += static_cast<double>(found) / kRecallK;
  }
  co_return exact.empty() ? 0 : sum / exact.size();
}

struct Row {
  std::string name;
  int ef = 0;
  double recall = -1;
  Series series;
};

asio::awaitable<core::Result<Row>> Latency(Env& env, const Queries& q, knowledge::SearchMode mode,
                                          const core::KnowledgeConfig& kc, std::string name) {
  std::size_t next = 0;
  Probe probe = [&]() -> asio::awaitable<core::Status> {
    std::size_t i = next++ % q.texts.size();
    CONTRAIL_CO_TRY(auto hits, co_await RunSearch(env, MakeQuery(q, i, mode), q.vectors[i], kc));
    (void)hits;
    co_return core::Ok();
  };
  CONTRAIL_CO_TRY(Series s, co_await Measure(name, env.flags.samples, probe));
  co_return Row{std::move(name), kc.ef_search, -1, std::move(s)};
}

struct Versus {
  Series pool{"vector (pool)", {}}, floor{"vector psql (floor)", {}};
  double build_us = 0;  // of the pool's mean: building the pipeline (SQL, parameters)
};

// The pool and psql on the same vector queries in the same order: after an untimed warm-up of
// each, alternating blocks of kBlock queries (pool first, then psql first, …) so drift of the
// machine hits both series alike.
asio::awaitable<core::Result<Versus>> VectorVersusFloor(Env& env, Psql& psql, const Queries& q,
                                                       const core::KnowledgeConfig& kc) {
  constexpr std::size_t kBlock = 50;
  const std::size_t warm = std::min(env.flags.samples / 10 + 1, 200), end = warm + env.flags.samples;
  auto pipeline = [&](std::size_t i) {
    return knowledge::BuildSearchPipeline(kTable, MakeQuery(q, i, knowledge::SearchMode::kVector),
                                          q.vectors[i % q.vectors.size()], kc, knowledge::TextRankLimitsFrom(kc));
  };
  auto run_psql = [&](std::size_t from, std::size_t to, bool timed) -> core::Result<std::vector<double>> {
    std::string lines;
    for (std::size_t i = from; i < to; ++i) {
      CONTRAIL_TRY(knowledge::SimpleQueryPipeline simple, knowledge::ToSimpleQueries(pipeline(i).statements));
      lines += psql.Line(simple);
    }
    CONTRAIL_TRY(std::vector<double> us, psql.Run(lines, timed));
    if (timed && us.size() != to - from) return core::Internal("psql printed " + std::to_string(us.size()) + " timings");
    return us;
  };
  Versus out;
  double build_sum = 0;
  auto run_pool = [&](std::size_t from, std::size_t to, Series* series) -> asio::awaitable<core::Status> {
    for (std::size_t i = from; i < to; ++i) {
      auto t0 = Clock::now();
      knowledge::SearchPipeline p = pipeline(i);
      auto built = Clock::now();
      CONTRAIL_CO_TRY(auto rows, co_await env.pool.Pipeline(std::move(p.statements)));
      auto hits = knowledge::ReadHits(rows[p.result_index]);
      (void)hits;
      if (series == nullptr) continue;
      series->us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
      build_sum += std::chrono::duration<double, std::micro>(built - t0).count();
    }
    co_return core::Ok();
  };
  CONTRAIL_CO_TRY_STATUS(co_await run_pool(0, warm, nullptr));
  CONTRAIL_CO_TRY(auto untimed, run_psql(0, warm, false));
  (void)untimed;
  core::Progress progress("vector: pool vs psql", static_cast<std::uint64_t>(2 * env.flags.samples));
  for (std::size_t from = warm, block = 0; from < end; from += kBlock, ++block) {
    const std::size_t to = std::min(end, from + kBlock);
    for (int turn = 0; turn < 2; ++turn) {
      if ((turn == 0) == (block % 2 == 0)) {
        CONTRAIL_CO_TRY_STATUS(co_await run_pool(from, to, &out.pool));
      } else {
        CONTRAIL_CO_TRY(auto us, run_psql(from, to, true));
        out.floor.us.insert(out.floor.us.end(), us.begin(), us.end());
      }
      progress.Tick(to - from);
    }
  }
  progress.Finish();
  out.build_us = out.pool.us.empty() ? 0 : build_sum / out.pool.us.size();
  co_return out;
}

// What the text ranking limits cost: each query's top-10 against ranking every match, as the
// share of the ids it keeps and of the summed ts_rank_cd score it reaches (near-duplicate chunks
// score alike, so a swapped id can cost little).
struct LimitCost {
  int queries = 0, differ = 0;  // queries with hits; of them, those whose top-10 changed
  double ids = 1, score = 1;    // means over the queries with hits
};

asio::awaitable<core::Result<LimitCost>> TextLimitCost(Env& env, const Queries& q, int count,
                                                      const core::KnowledgeConfig& kc) {
  constexpr auto kAll = std::numeric_limits<std::int64_t>::max() / 2;
  LimitCost cost;
  double ids_sum = 0, score_sum = 0;
  for (int i = 0; i < count; ++i) {
    knowledge::SearchQuery sq = MakeQuery(q, i, knowledge::SearchMode::kText);
    CONTRAIL_CO_TRY(auto limited, co_await RunSearch(env, sq, {}, kc));
    CONTRAIL_CO_TRY(auto full, co_await RunSearch(env, sq, {}, kc, knowledge::TextRankLimits{kAll, kAll}));
    if (full.empty()) continue;
    std::set<std::int64_t> ids;
    double got = 0, best = 0;
    for (const auto& h : full) ids.insert(h.chunk_id), best += h.score;
    std::size_t kept = 0;
    for (const auto& h : limited) kept += ids.contains(h.chunk_id), got += h.score;
    ids_sum += static_cast<double>(kept) / static_cast<double>(full.size());
    score_sum += best > 0 ? got / best : 1;
    ++cost.queries;
    cost.differ += kept != full.size();
  }
  if (cost.queries > 0) cost.ids = ids_sum / cost.queries, cost.score = score_sum / cost.queries;
  co_return cost;
}

void PrintRow(const Row& r) {
  const Series& s = r.series;
  std::printf("| %-22s | %4s | %6s | %8.3f | %8.3f | %8.0f |\n", r.name.c_str(),
              r.ef > 0 ? std::to_string(r.ef).c_str() : "-",
              r.recall >= 0 ? (std::to_string(r.recall).substr(0, 5)).c_str() : "-", s.Percentile(0.5) / 1000,
              s.Percentile(0.99) / 1000, 1e6 / std::max(1.0, s.Mean()));  // one client: 1 / mean latency
}

struct Results {
  std::vector<Row> rows;
  std::vector<std::string> notes;  // printed under the table
};

std::string Delta(const Versus& v, int ef) {
  char buf[200];
  std::snprintf(buf, sizeof buf, "pool - floor at ef %d: p50 %+.3f ms, p99 %+.3f ms, mean %+.3f ms (building the "
                "pipeline: %.3f ms of the pool's mean)", ef, (v.pool.Percentile(0.5) - v.floor.Percentile(0.5)) / 1000,
                (v.pool.Percentile(0.99) - v.floor.Percentile(0.99)) / 1000, (v.pool.Mean() - v.floor.Mean()) / 1000,
                v.build_us / 1000);
  return buf;
}

asio::awaitable<core::Result<Results>> Measurements(Env& env, const Queries& q) {
  const int recall_n = std::min<int>(env.flags.recall_queries, static_cast<int>(q.texts.size()));
  CONTRAIL_CO_TRY(auto exact, co_await ExactTopK(env, q, recall_n));
  CONTRAIL_CO_TRY(std::unique_ptr<Psql> psql, Psql::Start(env.config.postgres));
  Results out;
  core::KnowledgeConfig kc = env.config.knowledge;
  for (int ef : env.flags.ef) {
    kc.ef_search = ef;
    CONTRAIL_CO_TRY(double recall, co_await Recall(env, q, exact, kc));
    CONTRAIL_CO_TRY(Versus v, co_await VectorVersusFloor(env, *psql, q, kc));
    out.notes.push_back(Delta(v, ef));
    out.rows.push_back(Row{v.pool.name, ef, recall, std::move(v.pool)});
    out.rows.push_back(Row{v.floor.name, ef, -1, std::move(v.floor)});
    CONTRAIL_CO_TRY(Row h, co_await Latency(env, q, knowledge::SearchMode::kHybrid, kc, "hybrid (pool)"));
    out.rows.push_back(std::move(h));
  }
  CONTRAIL_CO_TRY(Row t, co_await Latency(env, q, knowledge::SearchMode::kText, kc, "text (pool)"));
  t.ef = 0;
  out.rows.push_back(std::move(t));
  CONTRAIL_CO_TRY(LimitCost cost, co_await TextLimitCost(env, q, recall_n, kc));
  const knowledge::TextRankLimits limits = knowledge::TextRankLimitsFrom(kc);
  char buf[300];
  std::snprintf(buf, sizeof buf, "text ranks at most min(%lld, %lld / query nodes) matches: over %d queries with hits, "
                "the top-%d keeps %.3f of the ids and %.3f of the score of ranking every match (%d differ)",
                static_cast<long long>(limits.cap), static_cast<long long>(limits.budget), cost.queries, kRecallK,
                cost.ids, cost.score, cost.differ);
  out.notes.push_back(buf);
  co_return out;
}

asio::awaitable<core::Result<int>> Bench(const core::Config& config, const BenchSearchFlags& flags,
                                        const Corpus& corpus) {
  auto ex = co_await asio::this_coro::executor;
  embed::LocalEmbedder embedder;
  pg::ConnectionOptions bulk_options = server::PostgresOptions(config);
  bulk_options.application_name = "contrail-bench";
  bulk_options.query_timeout = std::chrono::milliseconds(0);
  pg::Connection bulk(ex, bulk_options);
  pg::ConnectionOptions pool_options = server::PostgresOptions(config);
  pool_options.query_timeout = std::chrono::seconds(30);
  pg::Pool pool(ex, pool_options, 1);
  Env env{config, flags, corpus, embedder, bulk, pool};
  CONTRAIL_CO_TRY(LoadReport load, co_await Load(env));
  Queries q;
  for (int i = 0; i < std::max(flags.queries, flags.recall_queries); ++i) {
    q.texts.push_back(corpus.Query(i));
    q.vectors.push_back(embedder.EmbedText(q.texts.back()));
  }
  CONTRAIL_CO_TRY(Results results, co_await Measurements(env, q));
  std::printf("\ncontrail bench search: %lld chunks x %d-d (local embedder, generated text) in table %s\n",
              static_cast<long long>(flags.chunks), embedder.dimensions(), kTable);
  if (load.reused) {
    std::printf("load: reused the existing table (--reload rebuilds it)\n");
  } else {
    std::printf("load: %.1f s = %.0f chunks/s (embedding %.1f s of it); HNSW build %.1f s; GIN + ANALYZE %.1f s\n",
                load.load_s, flags.chunks / load.load_s, load.embed_s, load.hnsw_s, load.gin_s);
  }
  std::printf("HNSW m=%d, ef_construction=%d; iterative_scan=%s\n", flags.m, flags.ef_construction,
              config.knowledge.iterative_scan.c_str());
  std::printf("recall@%d over %d queries against exact search (index scans off); latency over %d queries, one "
              "client, k=%d\n\n", kRecallK, std::min(flags.recall_queries, static_cast<int>(q.texts.size())),
              flags.samples, kRecallK);
  std::printf("| series                 |   ef | recall |   p50 ms |   p99 ms |      q/s |\n"
              "|------------------------|------|--------|----------|----------|----------|\n");
  for (const Row& r : results.rows) PrintRow(r);
  std::printf("\n");
  for (const std::string& note : results.notes) std::printf("%s\n", note.c_str());
  co_return 0;
}

}  // namespace

int RunBenchSearch(const ConfigFlags& config_flags, const BenchSearchFlags& flags) {
  auto config = LoadConfig(config_flags);
  if (!config) {
    std::fprintf(stderr, "contrail bench search: %s\n", config.error().message.c_str());
    return 2;
  }
  core::log::Init(config->log);
  auto sentences = ShippedSentences(flags.data_dir);
  if (!sentences) {
    std::fprintf(stderr, "contrail bench search: %s\n", sentences.error().message.c_str());
    return 2;
  }
  Corpus corpus(std::move(sentences).value());
  auto result = RunToCompletion(Bench(*config, flags, corpus));
  if (!result) {
    std::fprintf(stderr, "contrail bench search: %s\n", result.error().message.c_str());
    return 1;
  }
  return *result;
}

}  // namespace contrail::cli
