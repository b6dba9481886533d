// Retrieval against the shipped knowledge base in a real PostgreSQL: the seed's surf-and-party
// example (only vectors can find it), an exact promo code (only full text can), metadata filters
// including a promotion's validity window, selective filters that still fill k, the cap on ranked
// text matches, validation and injection attempts through every field.

#include "knowledge/search.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <functional>
#include <set>

#include "knowledge/search_sql.h"
#include "search_fixture.h"

namespace contrail::knowledge {
namespace {

class SearchTest : public testing::ShippedKnowledgeTest {
 protected:
  // Distinct document ids in rank order.
  static std::vector<std::string> Documents(const std::vector<SearchHit>& hits) {
    std::vector<std::string> out;
    for (const SearchHit& h : hits) {
      if (std::find(out.begin(), out.end(), h.document_id) == out.end()) out.push_back(h.document_id);
    }
    return out;
  }
  static std::string Dump(const std::vector<SearchHit>& hits) {
    std::string out;
    for (const SearchHit& h : hits) out += h.document_id + " [" + h.heading + "] " + std::to_string(h.score) + "\n";
    return out;
  }
};

TEST_F(SearchTest, SurfAndPartyFindsMiamiAndBaliThroughTheVectorHalf) {
  // Neither guide says "surf" and "party" together: full text finds chunks with either word.
  for (const SearchHit& h : Find("where can I surf and party?", SearchMode::kText, 10)) {
    const std::string text = h.heading + " " + h.text;
    EXPECT_TRUE(text.find("surf") != std::string::npos || text.find("Surf") != std::string::npos ||
                text.find("part") != std::string::npos || text.find("Part") != std::string::npos)
        << h.document_id << ": " << text;
  }
  for (SearchMode mode : {SearchMode::kHybrid, SearchMode::kVector}) {
    auto hits = Find("where can I surf and party?", mode, 5);
    ASSERT_EQ(hits.size(), 5u);
    std::vector<std::string> docs = Documents(hits);
    ASSERT_GE(docs.size(), 2u) << Dump(hits);
    EXPECT_EQ(std::set<std::string>(docs.begin(), docs.begin() + 2),
              (std::set<std::string>{"guides/miami.md", "guides/bali.md"}))
        << SearchModeName(mode) << ":\n" << Dump(hits);
  }
}

TEST_F(SearchTest, FullTextRanksPartialMatchesWithRareWordsAndHeadingsFirst) {
  // Not every word is in the answer ("many", "included" are not): the chunk with the rare ones leads.
  auto hits = Find("How many checked bags are included in Business fares?", SearchMode::kText, 5);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].document_id, "policies/checked-baggage.md") << Dump(hits);
  // A question of nothing but stop words finds nothing, without an error.
  EXPECT_TRUE(Find("what is it about?", SearchMode::kText, 5).empty());
  // The words are a heading of the baggage policy, and in the body text of other chunks.
  hits = Find("sports equipment", SearchMode::kText, 3);
  ASSERT_FALSE(hits.empty());
  EXPECT_NE(hits[0].heading.find("Sports equipment"), std::string::npos) << Dump(hits);
}

TEST_F(SearchTest, RareWordsInTheTextOutweighACommonWordInATitle) {
  // "flight" is in many titles and headings; "skip" and "outbound" are in one passage's text.
  auto hits = Find("What happens if I skip my outbound flight?", SearchMode::kText, 3);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].document_id, "policies/fare-rules.md") << Dump(hits);
  EXPECT_NE(hits[0].text.find("Skipping a flight"), std::string::npos) << Dump(hits);
}

TEST_F(SearchTest, FullTextFoldsAccentsOnBothSides) {
  // The shipped documents write only "Cancún" (tags are not searched); a question typed without
  // the accent finds them, and the two spellings find the same chunks.
  auto plain = Find("Cancun", SearchMode::kText, 5);
  auto accented = Find("Cancún", SearchMode::kText, 5);
  ASSERT_EQ(plain.size(), 5u) << Dump(plain);
  ASSERT_EQ(plain.size(), accented.size());
  for (std::size_t i = 0; i < plain.size(); ++i) {
    EXPECT_EQ(plain[i].chunk_id, accented[i].chunk_id) << Dump(plain);
    EXPECT_NE(plain[i].document_id.find("cancun"), std::string::npos) << Dump(plain);
  }
}

TEST_F(SearchTest, AnExactPromoCodeIsFoundByTheFullTextHalf) {
  auto text = Find("SPRINGHNL27", SearchMode::kText, 5);
  ASSERT_FALSE(text.empty());
  for (const SearchHit& h : text) EXPECT_EQ(h.document_id, "promotions/spring-break-honolulu.md");
  // Vectors alone rank something else first; hybrid puts the promotion on top.
  auto vector = Find("SPRINGHNL27", SearchMode::kVector, 5);
  ASSERT_FALSE(vector.empty());
  EXPECT_NE(vector[0].document_id, "promotions/spring-break-honolulu.md") << Dump(vector);
  auto hybrid = Find("SPRINGHNL27", SearchMode::kHybrid, 5);
  ASSERT_FALSE(hybrid.empty());
  EXPECT_EQ(hybrid[0].document_id, "promotions/spring-break-honolulu.md") << Dump(hybrid);
  EXPECT_NE(hybrid[0].text.find("SPRINGHNL27"), std::string::npos);
}

TEST_F(SearchTest, HitsCarryTheirMetadataAndComeBestFirst) {
  for (SearchMode mode : {SearchMode::kVector, SearchMode::kText, SearchMode::kHybrid}) {
    auto hits = Find("checked bag fees for surfboards", mode, 8);
    ASSERT_FALSE(hits.empty()) << SearchModeName(mode);
    for (std::size_t i = 0; i < hits.size(); ++i) {
      if (i > 0) {
        EXPECT_GE(hits[i - 1].score, hits[i].score) << SearchModeName(mode);
      }
      EXPECT_GT(hits[i].chunk_id, 0);
      EXPECT_FALSE(hits[i].text.empty());
      EXPECT_FALSE(hits[i].title.empty());
      auto meta = boost::json::parse(hits[i].metadata_json).as_object();
      EXPECT_EQ(meta.at("title").as_string(), hits[i].title);
      EXPECT_TRUE(meta.at("destination").is_array());
    }
    std::vector<std::string> docs = Documents(hits);
    EXPECT_NE(std::find(docs.begin(), docs.begin() + std::min<std::size_t>(2, docs.size()), "policies/checked-baggage.md"),
              docs.begin() + std::min<std::size_t>(2, docs.size()))
        << SearchModeName(mode) << "\n" << Dump(hits);
  }
}

TEST_F(SearchTest, DocTypeAndDestinationFiltersRestrictEveryMode) {
  for (SearchMode mode : {SearchMode::kVector, SearchMode::kText, SearchMode::kHybrid}) {
    SearchFilters promo;
    promo.doc_type = "promotion";
    auto hits = Find("spring break", mode, 10, promo);
    ASSERT_FALSE(hits.empty()) << SearchModeName(mode);
    for (const SearchHit& h : hits) EXPECT_TRUE(h.document_id.starts_with("promotions/")) << h.document_id;

    SearchFilters hnl;
    hnl.destination = "hnl";  // case-insensitive
    hits = Find("family fares", mode, 10, hnl);
    ASSERT_FALSE(hits.empty()) << SearchModeName(mode);
    for (const SearchHit& h : hits) {
      auto dest = boost::json::parse(h.metadata_json).at("destination").as_array();
      EXPECT_NE(std::find(dest.begin(), dest.end(), boost::json::value("HNL")), dest.end()) << h.document_id;
    }
  }
}

TEST_F(SearchTest, ASelectiveFilterStillReturnsKRows) {
  // Few chunks are about Bali, and the query is about something else: the HNSW scan's first
  // ef_search candidates hold none of them, so only an iterative scan fills k.
  int bali = std::stoi(kb_->Value("SELECT count(*) FROM knowledge_chunks WHERE metadata @> '{\"destination\":[\"DPS\"]}'"));
  ASSERT_GE(bali, 10);
  SearchFilters f;
  f.destination = "DPS";
  auto hits = Find("baggage allowance for checked bags", SearchMode::kVector, 10, f);
  EXPECT_EQ(hits.size(), 10u) << Dump(hits);
  for (const SearchHit& h : hits) EXPECT_NE(h.metadata_json.find("\"DPS\""), std::string::npos);
}

TEST_F(SearchTest, TheHnswScanIsIterativeSoAFilteredScanFillsK) {
  // On a table this small the planner may sort exactly instead of using HNSW; force the index (on
  // the fixture's own connection) to see what the pipeline's settings do to an index scan.
  ASSERT_TRUE(test::RunAsync(kb_->io(), kb_->conn().Query("SET enable_seqscan = off; SET enable_bitmapscan = off")));
  SearchQuery q;
  q.text = "baggage allowance for checked bags";
  q.mode = SearchMode::kVector;
  q.k = 10;
  q.filters.destination = "DPS";
  embed::Vector v = kb_->embedder().EmbedText(q.text);
  auto run = [&](const std::string& scan) {
    core::KnowledgeConfig c = kb_->config();
    c.ef_search = 40;  // a short candidate list, whatever the default: the point is what fills k
    c.iterative_scan = scan;
    SearchPipeline p = BuildSearchPipeline("knowledge_chunks", q, v, c, TextRankLimitsFrom(c));
    auto r = test::RunAsync(kb_->io(), kb_->conn().Pipeline(std::move(p.statements)));
    EXPECT_TRUE(r) << r.error().message;
    return r ? ReadHits((*r)[p.result_index]) : std::vector<SearchHit>{};
  };
  auto plain = run("off");
  EXPECT_LT(plain.size(), 10u) << Dump(plain);  // the first ef_search candidates hold few Bali chunks
  auto iterative = run("relaxed_order");
  EXPECT_EQ(iterative.size(), 10u) << Dump(iterative);
  for (std::size_t i = 1; i < iterative.size(); ++i) EXPECT_GE(iterative[i - 1].score, iterative[i].score);
  ASSERT_TRUE(test::RunAsync(kb_->io(), kb_->conn().Query("RESET enable_seqscan; RESET enable_bitmapscan")));
}

TEST_F(SearchTest, ValidOnKeepsAPromotionOnlyInsideItsWindow) {
  // Spring Break Honolulu runs 2027-01-15 .. 2027-04-11.
  const std::string honolulu = "promotions/spring-break-honolulu.md";
  auto find = [&](std::optional<std::string> on, std::optional<std::string> from, std::optional<std::string> to) {
    SearchFilters f;
    f.doc_type = "promotion";
    f.destination = "HNL";
    f.valid_on = std::move(on);
    f.valid_from = std::move(from);
    f.valid_to = std::move(to);
    return Documents(Find("spring break family fares to Honolulu", SearchMode::kHybrid, 10, f));
  };
  auto has = [&](const std::vector<std::string>& docs) {
    return std::find(docs.begin(), docs.end(), honolulu) != docs.end();
  };
  EXPECT_TRUE(has(find("2027-03-01", {}, {})));
  EXPECT_TRUE(has(find("2027-01-15", {}, {})));  // both ends are inclusive
  EXPECT_TRUE(has(find("2027-04-11", {}, {})));
  EXPECT_FALSE(has(find("2027-04-12", {}, {})));
  EXPECT_FALSE(has(find("2026-12-31", {}, {})));
  EXPECT_TRUE(has(find({}, "2027-04-01", "2027-05-01")));   // overlaps the window's end
  EXPECT_FALSE(has(find({}, "2027-04-12", "2027-05-01")));  // starts after it ended
  EXPECT_FALSE(has(find({}, "2026-01-01", "2027-01-14")));  // ends before it started
  EXPECT_TRUE(has(find({}, "2027-04-01", {})));
  EXPECT_FALSE(has(find({}, {}, "2027-01-14")));
  // Documents without a window (guides) are valid on any day.
  SearchFilters guides;
  guides.valid_on = "1999-01-01";
  auto hits = Find("surf and party", SearchMode::kHybrid, 5, guides);
  ASSERT_FALSE(hits.empty());
  for (const SearchHit& h : hits) EXPECT_EQ(h.metadata_json.find("valid_to"), std::string::npos) << h.document_id;
}

TEST_F(SearchTest, TextRankLimitsAreParametersAndBoundTheRankedMatches) {
  // "fees" matches many chunks; with the limits at k only the first k matches (table order) are ranked.
  SearchQuery q;
  q.text = "fees";
  q.mode = SearchMode::kText;
  q.k = 3;
  const int matches = std::stoi(kb_->Value(
      "SELECT count(*) FROM knowledge_chunks WHERE tsv @@ websearch_to_tsquery('english', 'fees')"));
  ASSERT_GT(matches, 10);
  auto run = [&](const SearchQuery& query, std::int64_t cap, std::int64_t budget = TextRankLimits{}.budget) {
    SearchPipeline p = BuildSearchPipeline("knowledge_chunks", query, kb_->embedder().EmbedText(query.text),
                                           kb_->config(), TextRankLimits{cap, budget});
    for (std::int64_t limit : {cap, budget}) {
      if (limit > 1'000'000) {
        EXPECT_EQ(p.statements[p.result_index].sql.find(std::to_string(limit)), std::string::npos);
      }
    }
    auto r = test::RunAsync(kb_->io(), kb_->pool().Pipeline(std::move(p.statements)));
    EXPECT_TRUE(r) << r.error().message;
    return r ? ReadHits((*r)[p.result_index]) : std::vector<SearchHit>{};
  };
  auto capped = run(q, 1);  // raised to k
  ASSERT_EQ(capped.size(), 3u);
  EXPECT_EQ(Ids(run(q, 1'000, 1)), Ids(capped));  // the budget bounds it too
  std::string first_ids = kb_->Value(
      "SELECT string_agg(id::text, ',' ORDER BY id) FROM (SELECT id FROM knowledge_chunks WHERE tsv @@ "
      "websearch_to_tsquery('english', 'fees') ORDER BY id LIMIT 3) s");
  std::vector<std::int64_t> ids = Ids(capped);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(first_ids, std::to_string(ids[0]) + "," + std::to_string(ids[1]) + "," + std::to_string(ids[2]));
  // On this small knowledge base the default limits rank every match: the same hits as none.
  for (SearchMode mode : {SearchMode::kText, SearchMode::kHybrid}) {
    for (const char* text : {"fees", "checked bag fees for surfboards", "spring break"}) {
      q.mode = mode;
      q.text = text;
      q.k = 10;
      EXPECT_EQ(Ids(Find(text, mode, 10)), Ids(run(q, 987'654'321, 987'654'322))) << text;  // no SQL text
    }
  }
}

TEST_F(SearchTest, BadQueriesAreInvalidArguments) {
  struct Case {
    const char* param;
    std::function<void(SearchQuery&)> edit;
  } cases[] = {
      {"query", [](SearchQuery& q) { q.text = "   "; }},
      {"query", [](SearchQuery& q) { q.text = std::string(kMaxQueryBytes + 1, 'a'); }},
      {"k", [](SearchQuery& q) { q.k = 0; }},
      {"k", [](SearchQuery& q) { q.k = kMaxSearchK + 1; }},
      {"filters.valid_on", [](SearchQuery& q) { q.filters.valid_on = "2027-02-30"; }},
      {"filters.valid_from", [](SearchQuery& q) { q.filters.valid_from = "next week"; }},
      {"filters.valid_to", [](SearchQuery& q) { q.filters.valid_to = "2027-1-1"; }},
      {"filters.valid_from", [](SearchQuery& q) {
         q.filters.valid_from = "2027-05-01";
         q.filters.valid_to = "2027-04-01";
       }},
      {"filters.doc_type", [](SearchQuery& q) { q.filters.doc_type = ""; }},
      {"filters.destination", [](SearchQuery& q) { q.filters.destination = std::string(65, 'X'); }},
  };
  for (const Case& c : cases) {
    SearchQuery q;
    q.text = "bags";
    c.edit(q);
    auto r = kb_->Find(q);
    ASSERT_FALSE(r) << c.param;
    EXPECT_EQ(r.error().code, core::Code::kInvalidArgument) << c.param;
    EXPECT_EQ(r.error().param, c.param) << r.error().message;
  }
}

TEST_F(SearchTest, InjectionAttemptsStayData) {
  std::string chunks = kb_->Value("SELECT count(*) FROM knowledge_chunks");
  std::string docs = kb_->Value("SELECT count(*) FROM knowledge_documents");
  const std::string attacks[] = {
      "'; DROP TABLE knowledge_chunks; --",
      "x' OR '1'='1",
      "\"); DELETE FROM knowledge_documents; --",
      "$1; TRUNCATE knowledge_chunks",
      "!!(:* & ') | DROP",
  };
  for (SearchMode mode : {SearchMode::kVector, SearchMode::kText, SearchMode::kHybrid}) {
    for (const std::string& attack : attacks) {
      SearchQuery q;
      q.text = attack;
      q.mode = mode;
      EXPECT_TRUE(kb_->Find(q)) << attack;  // any text is a valid query
      SearchFilters type_filter;
      type_filter.doc_type = attack;
      EXPECT_TRUE(Find("bags", mode, 5, type_filter).empty()) << attack;  // matches no doc_type
      SearchFilters dest_filter;
      dest_filter.destination = attack;
      EXPECT_TRUE(Find("bags", mode, 5, dest_filter).empty()) << attack;
      SearchFilters date_filter;
      date_filter.valid_on = attack;
      q.text = "bags";
      q.filters = date_filter;
      auto r = kb_->Find(q);
      ASSERT_FALSE(r);
      EXPECT_EQ(r.error().code, core::Code::kInvalidArgument);
    }
  }
  EXPECT_EQ(kb_->Value("SELECT count(*) FROM knowledge_chunks"), chunks);
  EXPECT_EQ(kb_->Value("SELECT count(*) FROM knowledge_documents"), docs);
}

}  // namespace
}  // namespace contrail::knowledge
