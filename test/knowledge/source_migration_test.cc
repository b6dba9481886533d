// migrations/0007_knowledge_sources.sql against a real PostgreSQL: documents ingested before
// sources existed (their `source` a file path) get the source their folder's name gives them, or
// 'knowledge', so the next ingest of that folder finds them its own instead of a conflict.

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <climits>

#include "embed/local/local_embedder.h"
#include "knowledge/ingest.h"
#include "pg/connection.h"
#include "pg/migrate.h"
#include "support/async.h"
#include "support/pg_env.h"
#include "support/repo_path.h"
#include "support/services.h"

namespace contrail::knowledge {
namespace {

constexpr int kSourcesMigration = 7;

class SourceMigrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = test::TestDatabase::Create();
    if (!db_) CONTRAIL_SKIP_OR_FAIL_WITHOUT("CONTRAIL_TEST_PG_PORT");
    auto files = pg::ReadMigrations(test::RepoPath("migrations").string());
    ASSERT_TRUE(files) << files.error().message;
    migrations_ = std::move(files).value();
  }
  // Applies the migrations numbered below `version` (all: INT_MAX).
  void MigrateBelow(int version) {
    std::vector<pg::Migration> some;
    for (const pg::Migration& m : migrations_) {
      if (m.version < version) some.push_back(m);
    }
    pg::Connection conn(io_.get_executor(), db_->options());
    auto r = test::RunAsync(io_, pg::Migrate(conn, std::move(some)));
    ASSERT_TRUE(r) << r.error().message;
  }
  std::string Value(const std::string& sql) {
    auto r = db_->Sql(sql);
    return r.rows.empty() || r.rows[0].empty() ? "" : r.rows[0][0];
  }

  boost::asio::io_context io_;
  std::optional<test::TestDatabase> db_;
  std::vector<pg::Migration> migrations_;
};

TEST_F(SourceMigrationTest, PathsBecomeTheirFoldersNameAndTheRestKnowledge) {
  MigrateBelow(kSourcesMigration);
  db_->Sql(
      "INSERT INTO knowledge_documents (document_id, content_hash, doc_type, source) VALUES "
      "('policies/pets.md', 'h', 'policy', '/srv/contrail/data/knowledge/policies/pets.md'), "
      "('d/e.md', 'h', 'guide', '/srv/field_notes/d/e.md'), "
      "('a.md', 'h', 'guide', '/tmp/my docs/a.md'), "
      "('b.md', 'h', 'guide', NULL), "
      "('c.md', 'h', 'guide', '/srv/other/not-c.md')");
  MigrateBelow(INT_MAX);
  EXPECT_EQ(Value("SELECT string_agg(document_id || '=' || source, ',' ORDER BY document_id) FROM knowledge_documents"),
            "a.md=knowledge,b.md=knowledge,c.md=knowledge,d/e.md=field_notes,policies/pets.md=knowledge");
  // From now on every document names a valid source.
  EXPECT_THROW(db_->Sql("INSERT INTO knowledge_documents (document_id, content_hash, doc_type) VALUES ('x', 'h', 't')"),
               std::exception);
}

TEST_F(SourceMigrationTest, TheShippedFolderReingestsOverItsOldRowsWithoutConflict) {
  MigrateBelow(kSourcesMigration);
  const std::string folder = test::RepoPath("data/knowledge").string();
  db_->Sql("INSERT INTO knowledge_documents (document_id, content_hash, doc_type, source) VALUES "
           "('policies/pets.md', 'old', 'policy', '" + folder + "/policies/pets.md')");
  MigrateBelow(INT_MAX);
  auto source = ReadSource(folder, {});
  ASSERT_TRUE(source) << source.error().message;
  std::vector<Source> sources;
  sources.push_back(std::move(source).value());
  pg::Connection conn(io_.get_executor(), db_->options());
  embed::LocalEmbedder embedder;
  auto r = test::RunAsync(io_, Ingest(conn, embedder, std::move(sources), {}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->updated, 1);
  EXPECT_EQ(r->deleted, 0);
  EXPECT_EQ(Value("SELECT count(DISTINCT source) FROM knowledge_documents"), "1");
}

}  // namespace
}  // namespace contrail::knowledge
