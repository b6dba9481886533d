// knowledge/search_sql.h: ToSimpleQueries, the psql form of a search pipeline the benchmark runs.

#include "knowledge/search_sql.h"

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "pg/connection.h"
#include "search_fixture.h"
#include "support/async.h"

namespace contrail::knowledge {
namespace {

// The psql form of a pipeline (the benchmark's floor) returns what the pool returns.
class SimpleQueryTest : public testing::ShippedKnowledgeTest {
 protected:
  void SetUp() override {
    ShippedKnowledgeTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // Its own session: the fixture's connection prepares the same names through the protocol.
    conn_ = std::make_unique<pg::Connection>(kb_->io().get_executor(), kb_->db().options());
  }
  // Runs the pipeline's simple-query form; the rows of statement `index`.
  std::vector<std::vector<std::string>> Run(const std::vector<pg::Statement>& statements, std::size_t index) {
    auto simple = ToSimpleQueries(statements);
    EXPECT_TRUE(simple) << simple.error().message;
    if (!simple) return {};
    for (const std::string& prepare : simple->prepares) {
      if (!prepared_.insert(prepare).second) continue;
      auto r = test::RunAsync(kb_->io(), conn_->Query(prepare));
      EXPECT_TRUE(r) << r.error().message << "\n" << prepare.substr(0, 300);
    }
    std::vector<std::vector<std::string>> rows;
    for (std::size_t i = 0; i < simple->statements.size(); ++i) {
      auto r = test::RunAsync(kb_->io(), conn_->Query(simple->statements[i]));
      EXPECT_TRUE(r) << r.error().message << "\n" << simple->statements[i].substr(0, 300);
      if (r && i == index) rows = r->rows;
    }
    return rows;
  }

  std::unique_ptr<pg::Connection> conn_;
  std::set<std::string> prepared_;
};

TEST_F(SimpleQueryTest, ReturnsWhatThePoolReturnsInEveryMode) {
  for (SearchMode mode : {SearchMode::kVector, SearchMode::kText, SearchMode::kHybrid}) {
    for (const char* text : {"where can I surf and party?", "checked bag fees", "it's \\ a 'quoted' -- text; x"}) {
      SearchQuery q;
      q.text = text;
      q.mode = mode;
      q.k = 5;
      q.filters.valid_on = "2027-03-01";
      SearchPipeline p = BuildSearchPipeline("knowledge_chunks", q, kb_->embedder().EmbedText(text), kb_->config(),
                                       TextRankLimitsFrom(kb_->config()));
      auto rows = Run(p.statements, p.result_index);
      std::vector<std::int64_t> ids;
      for (const auto& row : rows) ids.push_back(std::stoll(row[0]));
      EXPECT_EQ(ids, Ids(Find(text, mode, 5, q.filters))) << SearchModeName(mode) << ": " << text;
    }
  }
}

TEST_F(SimpleQueryTest, ValuesAreInlinedAsLiteralsThatReadBackExactly) {
  const std::string nasty = "it's a \\ back'slash'; DROP TABLE knowledge_chunks; -- $1 \\; :x";
  pg::Params p;
  p.Text(nasty).Int(-42).Float(0.1).Bool(true).Null(pg::oid::kText).Text("2027-03-01", pg::oid::kDate).Int4(7);
  std::vector<pg::Statement> s;
  s.emplace_back("SELECT $1::text, $2, $3, $4, $5, $6, $7 + 0, '$1'", std::move(p));  // unnamed: inlined
  pg::Params named;
  named.Text(nasty);
  s.emplace_back("SELECT length($1::text), $1::text", std::move(named), "kn_test_literal");  // PREPARE/EXECUTE
  auto rows = Run(s, 0);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{nasty, "-42", "0.1", "t", "", "2027-03-01", "7", "$1"}));
  rows = Run(s, 1);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], std::to_string(nasty.size()));
  EXPECT_EQ(rows[0][1], nasty);
  EXPECT_FALSE(kb_->Value("SELECT count(*) FROM knowledge_chunks").empty());
}

}  // namespace
}  // namespace contrail::knowledge
