// Ingest of several sources against a real PostgreSQL: plain files without metadata, pruning that
// stays within the ingested source, a document id claimed by two sources, and a prune of more than
// half of a source, which is asked about before anything is written.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "knowledge/ingest.h"
#include "knowledge_fixture.h"
#include "support/services.h"

namespace contrail::knowledge {
namespace {

namespace fs = std::filesystem;

class IngestSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!kb_.ok()) CONTRAIL_SKIP_OR_FAIL_WITHOUT("CONTRAIL_TEST_PG_PORT");
    root_ = fs::temp_directory_path() / ("contrail-sources-" + kb_.db().name());
    Write("alpha/one.md", "# Alpha one\n\nThe first alpha note.\n");
    Write("alpha/two.html",
          "<html><head><title>Site</title></head><body><h1>Alpha two</h1><p>Second.</p></body></html>");
    Write("alpha/three.txt", "Alpha three\n\nThe third alpha note.\n");
    Write("alpha/four.md", "Alpha four has no heading at all.\n");
    Write("beta/five.md", "# Beta five\n\nA beta note.\n");
  }
  void TearDown() override {
    if (!root_.empty()) fs::remove_all(root_);
  }
  void Write(const std::string& name, const std::string& text) {
    fs::create_directories((root_ / name).parent_path());
    std::ofstream(root_ / name) << text;
  }
  std::string Folder(const std::string& name) { return (root_ / name).string(); }
  core::Result<IngestReport> Ingest(const std::string& folder, IngestOptions options = {},
                                    const FolderOptions& folder_options = {}) {
    return kb_.IngestFolder(Folder(folder), std::move(options), folder_options);
  }
  // id=source:doc_type:title of every stored document, by id.
  std::string Documents() {
    return kb_.Value("SELECT string_agg(document_id || '=' || source || ':' || doc_type || ':' || title, ',' "
                     "ORDER BY document_id) FROM knowledge_documents");
  }
  // The id of every row of `source` (all sources: "%") and the transaction that wrote it: equal
  // before and after means nothing was written.
  std::string Versions(const std::string& source = "%") {
    return kb_.Value("SELECT string_agg(document_id || ':' || xmin::text, ',' ORDER BY document_id) "
                     "FROM knowledge_documents WHERE source LIKE '" + source + "'") +
           kb_.Value("SELECT string_agg(c.id::text || ':' || c.xmin::text, ',' ORDER BY c.id) FROM knowledge_chunks c "
                     "JOIN knowledge_documents d USING (document_id) WHERE d.source LIKE '" + source + "'");
  }

  testing::KnowledgeDb kb_;
  fs::path root_;
};

TEST_F(IngestSourceTest, PlainFilesTakeTitlesFromTheirTextAndDocTypeAndSourceFromTheFolder) {
  auto r = Ingest("alpha");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->added, 4);
  EXPECT_EQ(Documents(),
            "four.md=alpha:alpha:four,one.md=alpha:alpha:Alpha one,three.txt=alpha:alpha:Alpha three,"
            "two.html=alpha:alpha:Alpha two");
  EXPECT_EQ(kb_.Value("SELECT DISTINCT metadata->>'doc_type' FROM knowledge_chunks"), "alpha");
}

TEST_F(IngestSourceTest, FlagsNameTheSourceAndTheDefaultDocType) {
  auto r = Ingest("beta", {}, {.source = "team-b", .doc_type = "memo"});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(Documents(), "five.md=team-b:memo:Beta five");
}

// The default doc_type is part of what the file produces: the same bytes under another default
// are rewritten, and under the same default left alone.
TEST_F(IngestSourceTest, AnotherDefaultDocTypeRewritesTheFilesThatUseIt) {
  ASSERT_TRUE(Ingest("beta"));
  auto same = Ingest("beta");
  ASSERT_TRUE(same) << same.error().message;
  EXPECT_EQ(same->unchanged, 1);
  auto retyped = Ingest("beta", {}, {.doc_type = "memo"});
  ASSERT_TRUE(retyped) << retyped.error().message;
  EXPECT_EQ(retyped->updated, 1);
  EXPECT_EQ(Documents(), "five.md=beta:memo:Beta five");
}

TEST_F(IngestSourceTest, ASecondFolderLeavesTheFirstFoldersDocumentsAlone) {
  ASSERT_TRUE(Ingest("alpha"));
  std::string alpha = Versions("alpha");
  auto r = Ingest("beta");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->added, 1);
  EXPECT_EQ(r->deleted, 0);
  EXPECT_EQ(kb_.Value("SELECT string_agg(source || '=' || n, ',' ORDER BY source) FROM "
                      "(SELECT source, count(*) AS n FROM knowledge_documents GROUP BY source) s"),
            "alpha=4,beta=1");
  auto again = Ingest("alpha");
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->unchanged, 4);
  EXPECT_EQ(again->deleted, 0);
  EXPECT_EQ(kb_.Value("SELECT count(*) FROM knowledge_documents WHERE source = 'beta'"), "1");
  EXPECT_EQ(Versions("alpha"), alpha);
}

TEST_F(IngestSourceTest, PruningDeletesOnlyTheIngestedSourcesMissingDocuments) {
  ASSERT_TRUE(Ingest("alpha"));
  ASSERT_TRUE(Ingest("beta"));
  fs::remove(root_ / "alpha/four.md");
  auto r = Ingest("alpha");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->deleted, 1);
  EXPECT_EQ(r->unchanged, 3);
  EXPECT_EQ(kb_.Value("SELECT string_agg(document_id, ',' ORDER BY document_id) FROM knowledge_documents"),
            "five.md,one.md,three.txt,two.html");
}

TEST_F(IngestSourceTest, AnIdStoredUnderAnotherSourceIsAConflictNamingBothAndWritesNothing) {
  ASSERT_TRUE(Ingest("alpha"));
  Write("beta/one.md", "# Beta's own one\n");
  std::string before = Versions();
  auto r = Ingest("beta");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Code::kConflict);
  EXPECT_NE(r.error().message.find("one.md"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("'alpha'"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("'beta'"), std::string::npos) << r.error().message;
  EXPECT_EQ(Versions(), before);
  EXPECT_EQ(kb_.Value("SELECT count(*) FROM knowledge_documents WHERE source = 'beta'"), "0");
}

TEST_F(IngestSourceTest, PruningMoreThanHalfOfASourceUnconfirmedFailsAndWritesNothing) {
  ASSERT_TRUE(Ingest("alpha"));
  std::string before = Versions();
  for (const char* name : {"one.md", "two.html", "three.txt"}) fs::remove(root_ / "alpha" / name);
  Write("alpha/four.md", "Alpha four, changed: this change must not be written either.\n");
  Write("alpha/six.md", "# Alpha six\n");
  auto r = Ingest("alpha");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Code::kConflict);
  EXPECT_NE(r.error().message.find("3 of 4"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("'alpha'"), std::string::npos) << r.error().message;
  EXPECT_EQ(Versions(), before);
}

TEST_F(IngestSourceTest, ALargePruneAskedAndRefusedReturnsTheRefusalAndWritesNothing) {
  ASSERT_TRUE(Ingest("alpha"));
  std::string before = Versions();
  fs::remove_all(root_ / "alpha");
  fs::create_directories(root_ / "alpha");
  std::vector<LargePrune> asked;
  IngestOptions o;
  o.confirm_large_prune = [&asked](const LargePrune& p) -> core::Status {
    asked.push_back(p);
    return core::Error(core::Code::kConflict, "no, thanks");
  };
  auto r = Ingest("alpha", o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "no, thanks");
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0].source, "alpha");
  EXPECT_EQ(asked[0].deleting, 4);
  EXPECT_EQ(asked[0].stored, 4);
  EXPECT_EQ(Versions(), before);
}

TEST_F(IngestSourceTest, ALargePruneConfirmedEmptiesTheSourceOnly) {
  ASSERT_TRUE(Ingest("alpha"));
  ASSERT_TRUE(Ingest("beta"));
  fs::remove_all(root_ / "alpha");
  fs::create_directories(root_ / "alpha");
  IngestOptions o;
  o.confirm_large_prune = [](const LargePrune&) { return core::Ok(); };
  auto r = Ingest("alpha", o);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->deleted, 4);
  EXPECT_EQ(Documents(), "five.md=beta:beta:Beta five");
  EXPECT_EQ(kb_.Value("SELECT count(*) FROM knowledge_chunks WHERE document_id <> 'five.md'"), "0");
}

TEST_F(IngestSourceTest, HalfOfASourceOrKeepMissingIsNotAsked) {
  ASSERT_TRUE(Ingest("alpha"));
  fs::remove(root_ / "alpha/one.md");
  fs::remove(root_ / "alpha/two.html");
  IngestOptions keep;
  keep.prune = false;
  auto kept = Ingest("alpha", keep);  // no confirm_large_prune: it would fail if asked
  ASSERT_TRUE(kept) << kept.error().message;
  EXPECT_EQ(kept->deleted, 0);
  auto half = Ingest("alpha");
  ASSERT_TRUE(half) << half.error().message;
  EXPECT_EQ(half->deleted, 2);
}

}  // namespace
}  // namespace contrail::knowledge
