#pragma once
// A test suite whose tests share one migrated database holding the suite's own rows, and a
// connection pool on the test's io_context (support/migrated_database.h):
//
//   class FaresTest : public test::DatabaseSuite {
//    protected:
//     static void SetUpTestSuite() { OpenDatabase(kRows); }
//     static void TearDownTestSuite() { CloseDatabase(); }
//   };
//   TEST_F(FaresTest, …) { … co_await LookupLiveFacts(*pool_, …) … }
//
// Without a test PostgreSQL every test is skipped (or fails, with CONTRAIL_TEST_REQUIRE_SERVICES).
// A subclass's own SetUp calls DatabaseSuite::SetUp() first and returns if IsSkipped().

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <memory>
#include <optional>

#include "pg/pool.h"
#include "support/migrated_database.h"
#include "support/services.h"

namespace contrail::test {

class DatabaseSuite : public ::testing::Test {
 protected:
  // Suites run one after another, so one slot serves them all.
  static std::optional<TestDatabase>& Database() {
    static std::optional<TestDatabase> db;
    return db;
  }
  static void OpenDatabase(const char* rows) {
    Database() = MigratedDatabase();
    if (Database()) Database()->Sql(rows);
  }
  static void CloseDatabase() { Database().reset(); }

  void SetUp() override {
    if (!Database()) CONTRAIL_SKIP_OR_FAIL_WITHOUT("CONTRAIL_TEST_PG_PORT");
    pool_ = std::make_unique<pg::Pool>(io_.get_executor(), Database()->options(), 1);
  }

  boost::asio::io_context io_;
  std::unique_ptr<pg::Pool> pool_;
};

}  // namespace contrail::test
