#pragma once
// A fresh PostgreSQL database with the repository's migrations, a bulk connection for ingest, a
// pool for searches and the local embedder: what the knowledge tests share. Without
// CONTRAIL_TEST_PG_PORT the tests skip (or fail, under CONTRAIL_TEST_REQUIRE_SERVICES=1).

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <memory>
#include <optional>

#include "core/config.h"
#include "embed/local/local_embedder.h"
#include "knowledge/ingest.h"
#include "knowledge/search.h"
#include "pg/migrate.h"
#include "pg/pool.h"
#include "support/async.h"
#include "support/migrated_database.h"
#include "support/pg_env.h"
#include "support/repo_path.h"

namespace contrail::knowledge::testing {

inline std::filesystem::path RepoRoot() { return test::RepoPath(); }

// One database, migrated; `Ok()` is false (and the test should skip) without a test server.
class KnowledgeDb {
 public:
  KnowledgeDb() {
    db_ = test::MigratedDatabase();
    if (!db_) return;
    conn_ = std::make_unique<pg::Connection>(io_.get_executor(), db_->options());
    pool_ = std::make_unique<pg::Pool>(io_.get_executor(), db_->options(), 2);
  }

  bool ok() const { return db_.has_value(); }
  const test::TestDatabase& db() const { return *db_; }
  boost::asio::io_context& io() { return io_; }
  pg::Connection& conn() { return *conn_; }
  pg::Pool& pool() { return *pool_; }
  embed::LocalEmbedder& embedder() { return embedder_; }
  core::KnowledgeConfig& config() { return config_; }

  // `contrail ingest FOLDER`: the folder as the source `folder_options` make of it.
  core::Result<IngestReport> IngestFolder(const std::string& folder, IngestOptions options = {},
                                          const FolderOptions& folder_options = {}) {
    auto source = ReadSource(folder, folder_options);
    if (!source) return source.error();
    std::vector<Source> sources;
    sources.push_back(std::move(source).value());
    return test::RunAsync(io_, Ingest(*conn_, embedder_, std::move(sources), std::move(options)));
  }

  core::Result<std::vector<SearchHit>> Find(const SearchQuery& q) {
    return test::RunAsync(io_, Search(*pool_, embedder_, config_, q));
  }

  // The single value of a trusted SQL query.
  std::string Value(const std::string& sql) {
    auto r = db_->Sql(sql);
    return r.rows.empty() || r.rows[0].empty() ? "" : r.rows[0][0];
  }

 private:
  boost::asio::io_context io_;
  std::optional<test::TestDatabase> db_;
  std::unique_ptr<pg::Connection> conn_;
  std::unique_ptr<pg::Pool> pool_;
  embed::LocalEmbedder embedder_;
  core::KnowledgeConfig config_;
};

}  // namespace contrail::knowledge::testing
