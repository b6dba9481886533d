#pragma once
// A fresh test database (support/pg_env.h) with the repository's migrations applied, for tests of
// what lives in contrail's schema (the seed, the knowledge base, API keys).
//
//   std::optional<test::TestDatabase> db = test::MigratedDatabase();
//   if (!db) CONTRAIL_SKIP_OR_FAIL_WITHOUT("CONTRAIL_TEST_PG_PORT");

#include <boost/asio/io_context.hpp>
#include <optional>
#include <stdexcept>

#include "pg/connection.h"
#include "pg/migrate.h"
#include "support/async.h"
#include "support/pg_env.h"
#include "support/repo_path.h"

namespace contrail::test {

// nullopt without a test server. Throws when migrating fails (a broken migration is a failure of
// every test that needs the schema, not a skip).
inline std::optional<TestDatabase> MigratedDatabase() {
  std::optional<TestDatabase> db = TestDatabase::Create();
  if (!db) return db;
  auto files = pg::ReadMigrations(RepoPath("migrations").string());
  if (!files) throw std::runtime_error("reading migrations: " + files.error().message);
  boost::asio::io_context io;
  pg::Connection conn(io.get_executor(), db->options());
  auto report = RunAsync(io, pg::Migrate(conn, std::move(files).value()));
  if (!report) throw std::runtime_error("migrating the test database: " + report.error().message);
  return db;
}

}  // namespace contrail::test
