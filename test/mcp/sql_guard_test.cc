// run_query's first guard on the hand-written case set (test/mcp/data/run_query_cases.jsonl):
// every attack refused, every ordinary query let through, each refusal with a reason.

#include "mcp/sql_guard.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <map>

#include "support/repo_path.h"

namespace contrail::mcp {
namespace {

namespace json = boost::json;

SqlPolicy Policy() {
  SqlPolicy p;
  p.tables = {"airports", "flights", "hotels", "promotions", "knowledge_documents", "knowledge_chunks"};
  return p;
}

struct Case {
  std::string id, kind, sql;
  bool allow;
};

std::vector<Case> Cases() {
  std::ifstream in(test::RepoPath("test/mcp/data/run_query_cases.jsonl"));
  std::vector<Case> out;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    const json::object o = json::parse(line).as_object();
    out.push_back({std::string(o.at("id").as_string()), std::string(o.at("kind").as_string()),
                   std::string(o.at("sql").as_string()), o.at("allow").as_bool()});
  }
  return out;
}

TEST(SqlGuardTest, TheCaseSetIsLargeEnough) {
  const std::vector<Case> cases = Cases();
  const auto attacks = std::count_if(cases.begin(), cases.end(), [](const Case& c) { return !c.allow; });
  EXPECT_GE(attacks, 80);
  EXPECT_GE(static_cast<long>(cases.size()) - attacks, 40);
}

TEST(SqlGuardTest, RefusesEveryAttackAndSaysWhy) {
  std::map<std::string, int> refused_by_kind;
  for (const Case& c : Cases()) {
    if (c.allow) continue;
    core::Result<CheckedQuery> r = CheckReadOnlyQuery(c.sql, Policy());
    EXPECT_FALSE(r.ok()) << c.id << " [" << c.kind << "] passed: " << c.sql << "\n  as: " << (r ? r->sql : "");
    if (!r.ok()) {
      EXPECT_EQ(r.error().code, core::Code::kInvalidArgument) << c.id;
      EXPECT_FALSE(r.error().message.empty()) << c.id;
      ++refused_by_kind[c.kind];
    }
  }
  EXPECT_GE(refused_by_kind.size(), 12u);
}

TEST(SqlGuardTest, LetsEveryOrdinaryQueryThroughAsWritten) {
  for (const Case& c : Cases()) {
    if (!c.allow) continue;
    core::Result<CheckedQuery> r = CheckReadOnlyQuery(c.sql, Policy());
    EXPECT_TRUE(r.ok()) << c.id << " [" << c.kind << "] refused: " << (r ? "" : r.error().message) << "\n  " << c.sql;
    if (r.ok()) {
      EXPECT_NE(c.sql.find(r->sql), std::string::npos) << c.id << ": what runs is what was checked";
    }
  }
}

TEST(SqlGuardTest, ReasonsNameWhatWasRefused) {
  auto reason = [](std::string_view sql) {
    core::Result<CheckedQuery> r = CheckReadOnlyQuery(sql, Policy());
    return r ? std::string("(passed)") : r.error().message;
  };
  EXPECT_NE(reason("SELECT pg_sleep(1)").find("function pg_sleep is not allowed"), std::string::npos);
  EXPECT_NE(reason("SELECT email FROM customers").find("table customers is not readable"), std::string::npos);
  EXPECT_NE(reason("SELECT 1; SELECT 2").find("only one statement"), std::string::npos);
  EXPECT_NE(reason("DELETE FROM flights").find("only SELECT is allowed, not Delete"), std::string::npos);
  EXPECT_NE(reason("SELECT * FROM flights FOR UPDATE").find("locking"), std::string::npos);
  EXPECT_NE(reason("SELECT 'x'::regclass").find("cast to regclass"), std::string::npos);
  EXPECT_NE(reason("SELEC 1").find("syntax error"), std::string::npos);
  EXPECT_NE(reason("").find("no statement"), std::string::npos);
}

TEST(SqlGuardTest, CteNamesShadowTablesOnlyWhereTheyAreInScope) {
  const SqlPolicy p = Policy();
  EXPECT_TRUE(CheckReadOnlyQuery("WITH customers AS (SELECT iata FROM airports) SELECT * FROM customers", p).ok());
  EXPECT_FALSE(CheckReadOnlyQuery("WITH customers AS (SELECT * FROM customers) SELECT * FROM customers", p).ok());
  EXPECT_TRUE(CheckReadOnlyQuery(
                  "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) SELECT * FROM n", p)
                  .ok());
  EXPECT_FALSE(CheckReadOnlyQuery("SELECT * FROM (WITH bookings AS (SELECT 1) SELECT * FROM bookings) a, bookings", p).ok());
  EXPECT_FALSE(CheckReadOnlyQuery("WITH a AS (SELECT * FROM b), b AS (SELECT 1) SELECT * FROM a", p).ok());
  EXPECT_FALSE(CheckReadOnlyQuery("SELECT * FROM public.customers", p).ok());
  EXPECT_TRUE(CheckReadOnlyQuery("SELECT count(*) FROM public.flights", p).ok());
}

TEST(SqlGuardTest, RunsTheStatementAloneWithoutTheSemicolonsAroundIt) {
  EXPECT_EQ(CheckReadOnlyQuery("SELECT count(*) FROM hotels;", Policy())->sql, "SELECT count(*) FROM hotels");
  EXPECT_EQ(CheckReadOnlyQuery(" ; ;SELECT 1 -- one", Policy())->sql, "SELECT 1 -- one");
  EXPECT_EQ(CheckReadOnlyQuery("/* why */ SELECT 2", Policy())->sql, "/* why */ SELECT 2");
}

TEST(SqlGuardTest, RefusesInputOverTheSizeCapAndNulBytes) {
  SqlPolicy p = Policy();
  std::string big = "SELECT 1 AS a";
  while (big.size() <= p.max_bytes) big += ", 1 AS a";
  EXPECT_FALSE(CheckReadOnlyQuery(big, p).ok());
  EXPECT_FALSE(CheckReadOnlyQuery(std::string("SELECT 1\0; DROP TABLE flights", 30), p).ok());
  std::string deep = "SELECT 1";
  for (int i = 0; i < 1500; ++i) deep += "+1";  // a tree 1,500 operators deep
  core::Result<CheckedQuery> r = CheckReadOnlyQuery(deep, p);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("nested too deeply"), std::string::npos) << r.error().message;
  std::string fine = "SELECT 1";
  for (int i = 0; i < 100; ++i) fine += "+1";
  EXPECT_TRUE(CheckReadOnlyQuery(fine, p).ok());
}

}  // namespace
}  // namespace contrail::mcp
