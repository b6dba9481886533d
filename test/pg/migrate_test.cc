// pg::Migrate against a real PostgreSQL: the repository's migrations from an empty database,
// idempotent re-runs, concurrent runners, and changed files.

#include "pg/migrate.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <fstream>

#include "support/async.h"
#include "support/pg_env.h"
#include "support/services.h"
#include "support/repo_path.h"

namespace contrail::pg {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using test::RunAsync;

// The repository's migrations/ (this file is test/pg/migrate_test.cc).
std::string RepoMigrations() { return test::RepoPath("migrations"); }

class MigrateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = test::TestDatabase::Create();
    if (!db_) CONTRAIL_SKIP_OR_FAIL_WITHOUT("CONTRAIL_TEST_PG_PORT");
    dir_ = fs::temp_directory_path() / ("contrail-migrate-" + db_->name());
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  void Write(const std::string& name, const std::string& sql) { std::ofstream(dir_ / name) << sql; }
  core::Result<MigrateReport> Run(const std::string& dir) {
    auto files = ReadMigrations(dir);
    if (!files) return files.error();
    Connection conn(io_.get_executor(), db_->options());
    return RunAsync(io_, Migrate(conn, std::move(files).value()));
  }

  asio::io_context io_;
  std::optional<test::TestDatabase> db_;
  fs::path dir_;
};

TEST_F(MigrateTest, RepositoryMigrationsApplyFromEmptyAndRerunIsANoOp) {
  auto files = ReadMigrations(RepoMigrations());
  ASSERT_TRUE(files) << files.error().message;
  ASSERT_GE(files->size(), 4u);
  auto first = Run(RepoMigrations());
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->applied.size(), files->size());
  EXPECT_EQ(first->already_applied, 0);
  auto tables = db_->Sql(
      "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN "
      "('airports','customers','flights','hotels','promotions','bookings','payments','insurance_policies',"
      "'knowledge_documents','knowledge_chunks','memory_events','memory_records','seed_state')");
  EXPECT_EQ(tables.rows[0][0], "13");
  // The knowledge chunks' (memory_records had one until migration 0014: recall is per user, exact).
  auto hnsw = db_->Sql("SELECT count(*) FROM pg_indexes WHERE indexdef LIKE '%USING hnsw%'");
  EXPECT_EQ(hnsw.rows[0][0], "1");
  auto second = Run(RepoMigrations());
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_TRUE(second->applied.empty());
  EXPECT_EQ(second->already_applied, static_cast<int>(files->size()));
  EXPECT_EQ(db_->Sql("SELECT count(*) FROM schema_migrations").rows[0][0], std::to_string(files->size()));
}

TEST_F(MigrateTest, AppliesInNumberOrderEachInItsOwnTransaction) {
  Write("0002_b.sql", "INSERT INTO log VALUES ('b');");
  Write("0001_a.sql", "CREATE TABLE log (step text); INSERT INTO log VALUES ('a');");
  Write("0010_c.sql", "INSERT INTO log VALUES ('c'); SELECT no_such_function();");
  Write("README.md", "not a migration");
  auto r = Run(dir_);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("0010_c.sql"), std::string::npos) << r.error().message;
  // 0001 and 0002 stay applied; 0010 rolled back as a whole.
  EXPECT_EQ(db_->Sql("SELECT string_agg(step, '' ORDER BY step) FROM log").rows[0][0], "ab");
  EXPECT_EQ(db_->Sql("SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations").rows[0][0],
            "1,2");
  Write("0010_c.sql", "INSERT INTO log VALUES ('c');");
  auto fixed = Run(dir_);
  ASSERT_TRUE(fixed) << fixed.error().message;
  EXPECT_EQ(fixed->applied, (std::vector<std::string>{"0010_c.sql"}));
}

TEST_F(MigrateTest, ChangedChecksumIsRejectedNamingTheFile) {
  Write("0001_a.sql", "CREATE TABLE a (id int);");
  ASSERT_TRUE(Run(dir_));
  Write("0001_a.sql", "CREATE TABLE a (id bigint);");
  auto r = Run(dir_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Code::kConflict);
  EXPECT_NE(r.error().message.find("0001_a.sql"), std::string::npos) << r.error().message;
}

TEST_F(MigrateTest, TwoNumbersAlikeAreRejected) {
  Write("0001_a.sql", "SELECT 1;");
  Write("0001_b.sql", "SELECT 2;");
  auto files = ReadMigrations(dir_);
  ASSERT_FALSE(files);
  EXPECT_EQ(files.error().code, core::Code::kInvalidArgument);
  EXPECT_FALSE(ReadMigrations((dir_ / "missing").string()));
}

TEST_F(MigrateTest, RacingRunnersBothSucceedAndApplyOnce) {
  // The first migration holds its transaction for a while, so the second runner really waits.
  Write("0001_slow.sql", "CREATE TABLE t (id int); SELECT pg_sleep(0.5);");
  Write("0002_more.sql", "INSERT INTO t VALUES (1);");
  auto files = ReadMigrations(dir_);
  ASSERT_TRUE(files);
  Connection a(io_.get_executor(), db_->options());
  Connection b(io_.get_executor(), db_->options());
  std::optional<core::Result<MigrateReport>> ra, rb;
  asio::co_spawn(io_, Migrate(a, *files), [&](std::exception_ptr, core::Result<MigrateReport> r) { ra = r; });
  asio::co_spawn(io_, Migrate(b, *files), [&](std::exception_ptr, core::Result<MigrateReport> r) { rb = r; });
  io_.run();
  ASSERT_TRUE(ra && *ra) << (ra && !*ra ? ra->error().message : "no result");
  ASSERT_TRUE(rb && *rb) << (rb && !*rb ? rb->error().message : "no result");
  EXPECT_EQ((*ra)->applied.size() + (*rb)->applied.size(), 2u);
  EXPECT_EQ((*ra)->already_applied + (*rb)->already_applied, 2);
  EXPECT_EQ(db_->Sql("SELECT count(*) FROM t").rows[0][0], "1");
}

}  // namespace
}  // namespace contrail::pg
