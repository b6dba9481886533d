// run_query and get_table_schema against a real, migrated PostgreSQL: the ordinary queries of the
// case set run, rows come back typed and capped, the role refuses what the guard would (the second
// guard on its own), and every failure is a tool error the model can read.

#include "flightly/tools/query_tools.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <fstream>

#include "mcp/tool_registry.h"
#include "pg/pool.h"
#include "support/async.h"
#include "support/database_suite.h"
#include "support/repo_path.h"
#include "support/services.h"

namespace contrail::flightly {
namespace {

namespace json = boost::json;

constexpr const char* kRows = R"sql(
INSERT INTO airports (iata, name, city, country, lat, lon, tz) VALUES
  ('HNL', 'Honolulu Intl', 'Honolulu', 'US', 21.3, -157.9, 'Pacific/Honolulu'),
  ('LAS', 'Harry Reid Intl', 'Las Vegas', 'US', 36.1, -115.2, 'America/Los_Angeles');
INSERT INTO hotels (name, iata, city, country, stars, rating, nightly_cents, family_friendly, amenities,
                    lat, lon, rooms_left) VALUES
  ('Family Resort', 'HNL', 'Honolulu', 'US', 4, 8.7, 18900, true, '{wifi,pool,"kids club"}', 21.3, -157.8, 3);
INSERT INTO flights (flight_no, airline, origin, destination, depart_date, depart_time, arrive_time,
                     duration_min, cabin, fare_cents, seats_left) VALUES
  ('FL 1', 'FL', 'LAS', 'HNL', '2027-03-14', '2027-03-14 18:00Z', '2027-03-14 23:50Z', 350, 'economy', 27900, 9),
  ('FL 2', 'FL', 'LAS', 'HNL', '2027-03-15', '2027-03-15 18:00Z', '2027-03-15 23:50Z', 350, 'economy', 29900, 4),
  ('FL 3', 'FL', 'LAS', 'HNL', '2027-03-16', '2027-03-16 18:00Z', '2027-03-16 23:50Z', 350, 'business', 89900, 2);
INSERT INTO customers (name, email) VALUES ('Ada', 'ada@example.com');
)sql";

class QueryToolsTest : public test::DatabaseSuite {
 protected:
  static void SetUpTestSuite() { OpenDatabase(kRows); }
  static void TearDownTestSuite() { CloseDatabase(); }
  void SetUp() override {
    DatabaseSuite::SetUp();
    if (IsSkipped()) return;
    QueryToolOptions o;
    o.statement_timeout = std::chrono::milliseconds(300);
    o.max_rows = 2;
    ASSERT_TRUE(tools_.Add(MakeRunQueryTool(*pool_, o)).ok());
    ASSERT_TRUE(tools_.Add(MakeGetTableSchemaTool(*pool_)).ok());
  }
  mcp::ToolOutput Call(std::string_view tool, json::object args) {
    return test::RunAsync(io_, tools_.Call(tool, json::value(std::move(args)), mcp::ToolCall{}));
  }
  mcp::ToolOutput Query(std::string_view sql) { return Call("run_query", {{"sql", sql}}); }

  mcp::ToolRegistry tools_;
};

TEST_F(QueryToolsTest, EveryOrdinaryQueryOfTheCaseSetRuns) {
  std::ifstream in(test::RepoPath("test/mcp/data/run_query_cases.jsonl"));
  int ran = 0;
  for (std::string line; std::getline(in, line);) {
    const json::object c = json::parse(line).as_object();
    if (!c.at("allow").as_bool()) continue;
    const mcp::ToolOutput out = Query(c.at("sql").as_string());
    EXPECT_FALSE(out.is_error) << c.at("id").as_string() << ": " << out.text << "\n  " << c.at("sql").as_string();
    ++ran;
  }
  EXPECT_GE(ran, 40);
}

TEST_F(QueryToolsTest, RowsComeBackTypedAndCapped) {
  mcp::ToolOutput out = Query(
      "SELECT name, stars, rating, family_friendly, amenities, NULL::text AS none, DATE '2027-03-14' AS day "
      "FROM hotels");
  ASSERT_FALSE(out.is_error) << out.text;
  const json::object& row = out.structured.at("rows").at(0).as_object();
  EXPECT_EQ(row.at("name"), "Family Resort");
  EXPECT_EQ(row.at("stars"), 4);
  EXPECT_DOUBLE_EQ(row.at("rating").as_double(), 8.7);
  EXPECT_EQ(row.at("family_friendly"), true);
  EXPECT_EQ(row.at("amenities"), (json::array{"wifi", "pool", "kids club"}));
  EXPECT_TRUE(row.at("none").is_null());
  EXPECT_EQ(row.at("day"), "2027-03-14");
  mcp::ToolOutput capped = Query("SELECT flight_no FROM flights ORDER BY flight_no");
  EXPECT_EQ(capped.structured.at("row_count"), 2);
  EXPECT_EQ(capped.structured.at("truncated"), true);
  EXPECT_EQ(capped.structured.at("rows").at(1).at("flight_no"), "FL 2");
}

TEST_F(QueryToolsTest, RefusalsTimeoutsAndSqlErrorsAreToolErrors) {
  mcp::ToolOutput refused = Query("SELECT email FROM customers");
  EXPECT_TRUE(refused.is_error);
  EXPECT_NE(refused.text.find("refused: table customers is not readable"), std::string::npos) << refused.text;
  mcp::ToolOutput slow = Query("SELECT count(*) FROM generate_series(1, 2000000000)");
  EXPECT_TRUE(slow.is_error);
  EXPECT_NE(slow.text.find("longer than 300 ms"), std::string::npos) << slow.text;
  mcp::ToolOutput wrong = Query("SELECT nope FROM flights");
  EXPECT_TRUE(wrong.is_error);
  EXPECT_NE(wrong.text.find("column \"nope\" does not exist"), std::string::npos) << wrong.text;
  EXPECT_FALSE(Query("SELECT count(*) FROM flights").is_error) << "the connection is usable after each failure";
}

// The second guard alone: what the role may read, whatever SQL reaches it.
TEST_F(QueryToolsTest, TheQueryRoleReadsTheInventoryAndNothingElse) {
  auto as_role = [&](std::string sql) {
    std::vector<pg::Statement> s;
    s.emplace_back("BEGIN READ ONLY");
    s.emplace_back("SET LOCAL ROLE contrail_query");
    s.emplace_back(std::move(sql));
    s.emplace_back("ROLLBACK");
    return test::RunAsync(io_, pool_->Pipeline(std::move(s)));
  };
  EXPECT_TRUE(as_role("SELECT count(*) FROM flights").ok());
  EXPECT_TRUE(as_role("SELECT count(*) FROM airlines").ok());
  for (const char* denied : {"SELECT email FROM customers", "SELECT * FROM bookings", "SELECT * FROM api_keys",
                             "SELECT * FROM memory_records"}) {
    auto r = as_role(denied);
    ASSERT_FALSE(r.ok()) << denied;
    EXPECT_EQ(pg::SqlState(r.error()), "42501") << denied << ": " << r.error().message;
  }
  auto write = as_role("UPDATE flights SET seats_left = 0");
  ASSERT_FALSE(write.ok());
  EXPECT_EQ(pg::SqlState(write.error()), "25006");  // read-only transaction
}

TEST_F(QueryToolsTest, GetTableSchemaDescribesReadableTablesOnly) {
  mcp::ToolOutput flights = Call("get_table_schema", {{"table_name", "Flights"}});
  ASSERT_FALSE(flights.is_error) << flights.text;
  bool fare = false;
  for (const json::value& c : flights.structured.at("columns").as_array()) {
    if (c.at("column_name") == "fare_cents") fare = c.at("data_type") == "bigint" && c.at("is_nullable") == false;
  }
  EXPECT_TRUE(fare) << flights.text;
  mcp::ToolOutput airlines = Call("get_table_schema", {{"table_name", "airlines"}});
  ASSERT_FALSE(airlines.is_error) << airlines.text;
  EXPECT_EQ(airlines.structured.at("columns").at(2).at("column_name"), "alliance");
  EXPECT_EQ(airlines.structured.at("columns").at(2).at("is_nullable"), true);
  EXPECT_FALSE(Query("SELECT code, name FROM airlines WHERE alliance IS NULL").is_error);
  mcp::ToolOutput customers = Call("get_table_schema", {{"table_name", "customers"}});
  EXPECT_TRUE(customers.is_error);
  EXPECT_NE(customers.text.find("no readable table `customers`"), std::string::npos);
}

}  // namespace
}  // namespace contrail::flightly
