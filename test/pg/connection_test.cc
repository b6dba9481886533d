// pg::Connection against a real PostgreSQL: parameters, typed results, prepared statements,
// pipelines, errors, timeouts and reconnects. Each test gets a fresh database.

#include "pg/connection.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <thread>

#include "support/async.h"
#include "support/pg_env.h"
#include "support/services.h"

namespace contrail::pg {
namespace {

using test::RunAsync;

class ConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = test::TestDatabase::Create();
    if (!db_) CONTRAIL_SKIP_OR_FAIL_WITHOUT("CONTRAIL_TEST_PG_PORT");
  }
  ConnectionOptions Options(std::chrono::milliseconds timeout = std::chrono::seconds(10)) const {
    ConnectionOptions o = db_->options();
    o.query_timeout = timeout;
    return o;
  }
  core::Result<Rows> Exec(Connection& c, std::string sql, Params p = {}) {
    Statement s(std::move(sql), std::move(p));
    return RunAsync(io_, c.Execute(std::move(s)));
  }
  std::int64_t BackendPid(Connection& c) {
    auto r = Exec(c, "SELECT pg_backend_pid()");
    return r ? r->int64(0, 0) : -1;
  }

  boost::asio::io_context io_;
  std::optional<test::TestDatabase> db_;
};

TEST_F(ConnectionTest, QueryReturnsTextRows) {
  Connection c(io_.get_executor(), Options());
  auto r = RunAsync(io_, c.Query("SELECT 1 AS one, 'x' AS two"));
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->rows.size(), 1u);
  EXPECT_EQ(r->columns, (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(r->rows[0], (std::vector<std::string>{"1", "x"}));
  EXPECT_EQ(r->command_tag, "SELECT 1");
}

TEST_F(ConnectionTest, ParametersStayDataIncludingNullAndInjection) {
  Connection c(io_.get_executor(), Options());
  ASSERT_TRUE(Exec(c, "CREATE TABLE t (id int8 PRIMARY KEY, name text, note text)"));
  const std::string evil = "Robert'); DROP TABLE t; --";
  Params p;
  p.Int(1).Text(evil).Null();
  auto ins = Exec(c, "INSERT INTO t VALUES ($1, $2, $3)", std::move(p));
  ASSERT_TRUE(ins) << ins.error().message;
  EXPECT_EQ(ins->affected(), 1);
  Params q;
  q.Text(evil);
  auto r = Exec(c, "SELECT id, name, note FROM t WHERE name = $1", std::move(q));
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->size(), 1);
  EXPECT_EQ(r->int64(0, "id"), 1);
  EXPECT_EQ(r->text(0, "name"), evil);
  EXPECT_TRUE(r->is_null(0, "note"));
  EXPECT_FALSE(r->is_null(0, "name"));
}

TEST_F(ConnectionTest, TypedAccessorsReadTextAndBinaryResults) {
  Connection c(io_.get_executor(), Options());
  for (bool binary : {false, true}) {
    Params p;
    p.Int(-42).Float(2.5).Bool(true).Bytes(std::string("\0\1\xff", 3));
    Statement s("SELECT $1::int8 AS i8, $2::float8 AS f8, $3::bool AS b, $4::bytea AS raw, "
                "7::int2 AS i2, (-9)::int4 AS i4, 1.5::float4 AS f4, 'héllo'::text AS t, NULL::int AS n",
                std::move(p));
    s.binary_results = binary;
    auto r = RunAsync(io_, c.Execute(std::move(s)));
    ASSERT_TRUE(r) << r.error().message;
    SCOPED_TRACE(binary ? "binary" : "text");
    EXPECT_EQ(r->int64(0, "i8"), -42);
    EXPECT_EQ(r->float8(0, "f8"), 2.5);
    EXPECT_TRUE(r->boolean(0, r->column("b")));
    EXPECT_EQ(r->bytes(0, r->column("raw")), std::string("\0\1\xff", 3));
    EXPECT_EQ(r->int64(0, "i2"), 7);
    EXPECT_EQ(r->int64(0, "i4"), -9);
    EXPECT_EQ(r->float8(0, "f4"), 1.5);
    EXPECT_EQ(r->text(0, "t"), "héllo");
    EXPECT_TRUE(r->is_null(0, "n"));
    EXPECT_EQ(r->column("missing"), -1);
  }
}

TEST_F(ConnectionTest, PreparedStatementIsPreparedOncePerConnection) {
  Connection c(io_.get_executor(), Options());
  for (int i = 0; i < 3; ++i) {
    Params p;
    p.Int(i);
    Statement s("SELECT $1::int8 * 10", std::move(p), "times_ten");
    auto r = RunAsync(io_, c.Execute(std::move(s)));
    ASSERT_TRUE(r) << r.error().message;  // a second Parse of the name would fail with 42P05
    EXPECT_EQ(r->int64(0, 0), i * 10);
  }
  EXPECT_TRUE(c.prepared().contains("times_ten"));
  auto n = Exec(c, "SELECT count(*) FROM pg_prepared_statements WHERE name = 'times_ten'");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->int64(0, 0), 1);
}

TEST_F(ConnectionTest, PipelineReturnsEachStatementsResult) {
  Connection c(io_.get_executor(), Options());
  std::vector<Statement> batch;
  batch.emplace_back("BEGIN");
  Params ef;
  ef.Text("123");
  batch.emplace_back("SELECT set_config('hnsw.ef_search', $1, true)", std::move(ef));
  batch.emplace_back("SELECT current_setting('hnsw.ef_search') AS ef, 2 + 2 AS four");
  batch.emplace_back("COMMIT");
  auto r = RunAsync(io_, c.Pipeline(std::move(batch)));
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->size(), 4u);
  EXPECT_EQ((*r)[0].command_tag(), "BEGIN");
  EXPECT_EQ((*r)[2].text(0, "ef"), "123");
  EXPECT_EQ((*r)[2].int64(0, "four"), 4);
  EXPECT_EQ((*r)[3].command_tag(), "COMMIT");
  // SET LOCAL semantics: the setting ended with the transaction.
  auto after = Exec(c, "SELECT coalesce(current_setting('hnsw.ef_search', true), '') <> '123'");
  ASSERT_TRUE(after);
  EXPECT_TRUE(after->boolean(0, 0));
}

TEST_F(ConnectionTest, PipelineErrorInTheMiddleAbortsTheRest) {
  Connection c(io_.get_executor(), Options());
  ASSERT_TRUE(Exec(c, "CREATE TABLE t (id int PRIMARY KEY)"));
  std::vector<Statement> batch;
  batch.emplace_back("BEGIN");
  batch.emplace_back("INSERT INTO t VALUES (1)");
  batch.emplace_back("SELECT 1 / 0");
  batch.emplace_back("INSERT INTO t VALUES (2)");
  batch.emplace_back("COMMIT");
  auto r = RunAsync(io_, c.Pipeline(std::move(batch)));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Code::kUpstream);
  EXPECT_EQ(SqlState(r.error()), "22012") << r.error().message;
  // Nothing was committed and the connection is usable (not stuck in an aborted transaction).
  auto n = Exec(c, "SELECT count(*) FROM t");
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(n->int64(0, 0), 0);
}

TEST_F(ConnectionTest, UniqueViolationIsRecognisableBySqlState) {
  Connection c(io_.get_executor(), Options());
  ASSERT_TRUE(Exec(c, "CREATE TABLE t (id int PRIMARY KEY)"));
  ASSERT_TRUE(Exec(c, "INSERT INTO t VALUES (1)"));
  auto dup = Exec(c, "INSERT INTO t VALUES (1)");
  ASSERT_FALSE(dup);
  EXPECT_TRUE(IsUniqueViolation(dup.error())) << dup.error().message;
  EXPECT_EQ(dup.error().code, core::Code::kUpstream);
  auto bad = Exec(c, "SELECT * FROM no_such_table");
  ASSERT_FALSE(bad);
  EXPECT_EQ(SqlState(bad.error()), "42P01");
}

TEST_F(ConnectionTest, StatementTimeoutIsTimeoutAndTheConnectionStaysUsable) {
  Connection c(io_.get_executor(), Options(std::chrono::milliseconds(300)));
  std::int64_t pid = BackendPid(c);
  auto start = std::chrono::steady_clock::now();
  auto r = Exec(c, "SELECT pg_sleep(5)");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Code::kTimeout) << r.error().message;
  EXPECT_EQ(SqlState(r.error()), "57014");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_EQ(BackendPid(c), pid);  // same session: the server cancelled only the statement
}

TEST_F(ConnectionTest, ClientDeadlineCancelsTheQueryAndTheNextCallReconnects) {
  Connection c(io_.get_executor(), Options(std::chrono::milliseconds(200)));
  ASSERT_TRUE(Exec(c, "SET statement_timeout = 0"));  // only the client-side deadline is left
  std::int64_t pid = BackendPid(c);
  auto start = std::chrono::steady_clock::now();
  auto r = Exec(c, "SELECT pg_sleep(30)");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Code::kTimeout) << r.error().message;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  std::int64_t next = BackendPid(c);
  EXPECT_GT(next, 0);
  EXPECT_NE(next, pid);
  // The old backend's pg_sleep was cancelled (PQcancel), not left running for 30 s.
  bool gone = false;
  for (int i = 0; i < 50 && !gone; ++i) {
    auto q = Exec(c, "SELECT count(*) FROM pg_stat_activity WHERE pid = " + std::to_string(pid) +
                         " AND state = 'active'");
    gone = q && q->int64(0, 0) == 0;
    if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(gone);
}

TEST_F(ConnectionTest, ReconnectsAfterTheBackendIsTerminated) {
  Connection c(io_.get_executor(), Options());
  Connection admin(io_.get_executor(), Options());
  std::int64_t pid = BackendPid(c);
  ASSERT_GT(pid, 0);
  auto kill = Exec(admin, "SELECT pg_terminate_backend(" + std::to_string(pid) + ")");
  ASSERT_TRUE(kill && kill->boolean(0, 0));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto r = Exec(c, "SELECT pg_backend_pid()");
  ASSERT_TRUE(r) << r.error().message;  // the dead idle session was noticed before sending
  EXPECT_NE(r->int64(0, 0), pid);
}

TEST_F(ConnectionTest, BrokenMidQueryIsUnavailableThenRecovers) {
  Connection c(io_.get_executor(), Options());
  std::int64_t pid = BackendPid(c);
  std::thread killer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    db_->Sql("SELECT pg_terminate_backend(" + std::to_string(pid) + ")");
  });
  auto r = Exec(c, "SELECT pg_sleep(5)");
  killer.join();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Code::kUnavailable) << r.error().message;
  auto again = Exec(c, "SELECT 1");
  ASSERT_TRUE(again) << again.error().message;
}

TEST(ConnectionNoServerTest, RefusedIsUnavailable) {
  boost::asio::io_context io;
  ConnectionOptions o;
  o.port = 1;  // nothing listens on port 1
  Connection c(io.get_executor(), o);
  auto r = RunAsync(io, c.Query("SELECT 1"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Code::kUnavailable);
}

}  // namespace
}  // namespace contrail::pg
