// Ingest against a real PostgreSQL: what a first run writes, that a second run touches nothing,
// that a changed file rewrites only its own chunks, that a deleted file's rows go, and that a bad
// file stops the run before anything is written.

#include "knowledge/ingest.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "knowledge/chunker.h"
#include "knowledge/document.h"
#include "knowledge_fixture.h"
#include "support/services.h"

namespace contrail::knowledge {
namespace {

namespace fs = std::filesystem;

class IngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!kb_.ok()) CONTRAIL_SKIP_OR_FAIL_WITHOUT("CONTRAIL_TEST_PG_PORT");
    dir_ = fs::temp_directory_path() / ("contrail-ingest-" + kb_.db().name());
    fs::create_directories(dir_ / "sub");
    Write("a.md", "---\ntitle: Alpha\ndoc_type: guide\ndestination: MIA\n---\n\n## One\n\nAlpha one.\n\n## Two\n\nAlpha two.\n");
    Write("sub/b.html",
          "<html><head><title>Beta</title><meta name=\"doc_type\" content=\"policy\"></head><body>"
          "<p>Beta intro.</p><h2>Rules</h2><p>Beta rules.</p></body></html>");
    Write("c.txt", "Title: Gamma\ndoc_type: faq\n\n## Q\n\nGamma answer.\n");
    Write("ignored.pdf", "not a document");
    Write(".hidden.md", "---\ndoc_type: guide\n---\nhidden\n");
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  void Write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name) << text; }
  IngestReport Run() {
    auto r = kb_.IngestFolder(dir_.string());
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : IngestReport{};
  }
  // Each chunk's id and the transaction that wrote it: a row that is rewritten changes both.
  std::string ChunkVersions(const std::string& document_id) {
    return kb_.Value("SELECT string_agg(id::text || ':' || xmin::text, ',' ORDER BY id) FROM knowledge_chunks "
                     "WHERE document_id = '" + document_id + "'");
  }

  testing::KnowledgeDb kb_;
  fs::path dir_;
};

TEST_F(IngestTest, FirstRunWritesEveryDocumentAndItsChunks) {
  IngestReport r = Run();
  EXPECT_EQ(r.files, 3);
  EXPECT_EQ(r.added, 3);
  EXPECT_EQ(r.updated + r.unchanged + r.deleted, 0);
  EXPECT_EQ(r.chunks_written, 5);  // a: One, Two; b: intro, Rules; c: Q
  EXPECT_EQ(kb_.Value("SELECT string_agg(document_id || '=' || doc_type, ',' ORDER BY document_id) "
                      "FROM knowledge_documents"),
            "a.md=guide,c.txt=faq,sub/b.html=policy");
  EXPECT_EQ(kb_.Value("SELECT count(*) FROM knowledge_chunks"), "5");
  EXPECT_EQ(kb_.Value("SELECT string_agg(chunk_index || '|' || heading || '|' || text, ';' ORDER BY chunk_index) "
                      "FROM knowledge_chunks WHERE document_id = 'a.md'"),
            "0|One|Alpha one.;1|Two|Alpha two.");
  EXPECT_EQ(kb_.Value("SELECT metadata->>'title' || ' ' || (metadata->'destination')::text FROM knowledge_chunks "
                      "WHERE document_id = 'a.md' LIMIT 1"),
            "Alpha [\"MIA\"]");
  // Unit vectors of the store's size, and the generated full-text column filled.
  EXPECT_EQ(kb_.Value("SELECT count(*) FROM knowledge_chunks WHERE vector_dims(embedding) = 1024 "
                      "AND abs(vector_norm(embedding) - 1) < 1e-4 AND tsv @@ to_tsquery('english', 'alpha | beta | gamma')"),
            "5");
}

TEST_F(IngestTest, SecondRunWithNothingChangedTouchesNoRow) {
  Run();
  std::string before = ChunkVersions("a.md") + ChunkVersions("sub/b.html") + ChunkVersions("c.txt");
  std::string docs_before = kb_.Value("SELECT string_agg(xmin::text, ',' ORDER BY document_id) FROM knowledge_documents");
  IngestReport r = Run();
  EXPECT_EQ(r.unchanged, 3);
  EXPECT_EQ(r.added + r.updated + r.deleted, 0);
  EXPECT_EQ(r.chunks_written, 0);
  EXPECT_EQ(r.chunks_deleted, 0);
  EXPECT_EQ(ChunkVersions("a.md") + ChunkVersions("sub/b.html") + ChunkVersions("c.txt"), before);
  EXPECT_EQ(kb_.Value("SELECT string_agg(xmin::text, ',' ORDER BY document_id) FROM knowledge_documents"), docs_before);
}

TEST_F(IngestTest, AChangedFileRewritesOnlyItsOwnChunks) {
  Run();
  std::string b_before = ChunkVersions("sub/b.html"), c_before = ChunkVersions("c.txt");
  std::string a_before = ChunkVersions("a.md");
  Write("a.md", "---\ntitle: Alpha\ndoc_type: guide\n---\n\n## One\n\nAlpha one, revised.\n\n## Two\n\nTwo.\n\n"
                "## Three\n\nThree.\n");
  IngestReport r = Run();
  EXPECT_EQ(r.updated, 1);
  EXPECT_EQ(r.unchanged, 2);
  EXPECT_EQ(r.added + r.deleted, 0);
  EXPECT_EQ(r.chunks_deleted, 2);
  EXPECT_EQ(r.chunks_written, 3);
  EXPECT_EQ(ChunkVersions("sub/b.html"), b_before);
  EXPECT_EQ(ChunkVersions("c.txt"), c_before);
  EXPECT_NE(ChunkVersions("a.md"), a_before);
  EXPECT_EQ(kb_.Value("SELECT string_agg(text, ';' ORDER BY chunk_index) FROM knowledge_chunks WHERE document_id = 'a.md'"),
            "Alpha one, revised.;Two.;Three.");
  EXPECT_EQ(kb_.Value("SELECT (metadata->'destination')::text FROM knowledge_documents WHERE document_id = 'a.md'"), "[]");
}

TEST_F(IngestTest, ADeletedFileRemovesItsDocumentAndChunks) {
  Run();
  fs::remove(dir_ / "sub/b.html");
  IngestReport r = Run();
  EXPECT_EQ(r.deleted, 1);
  EXPECT_EQ(r.unchanged, 2);
  EXPECT_EQ(r.chunks_deleted, 2);
  EXPECT_EQ(r.chunks_written, 0);
  EXPECT_EQ(kb_.Value("SELECT count(*) FROM knowledge_documents WHERE document_id = 'sub/b.html'"), "0");
  EXPECT_EQ(kb_.Value("SELECT count(*) FROM knowledge_chunks WHERE document_id = 'sub/b.html'"), "0");
  EXPECT_EQ(kb_.Value("SELECT count(*) FROM knowledge_chunks"), "3");
}

TEST_F(IngestTest, WithoutPruneAMissingFileIsKept) {
  Run();
  fs::remove(dir_ / "c.txt");
  IngestOptions o;
  o.prune = false;
  auto r = kb_.IngestFolder(dir_.string(), o);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->deleted, 0);
  EXPECT_EQ(kb_.Value("SELECT count(*) FROM knowledge_documents"), "3");
}

TEST_F(IngestTest, ABadFileFailsTheRunBeforeAnythingIsWritten) {
  Run();
  std::string before = ChunkVersions("a.md");
  Write("a.md", "---\ntitle: Alpha\ndoc_type: guide\n---\n\nchanged\n");
  Write("broken.md", "---\ndoc_type: guide\nvalid_from: someday\n---\ntext\n");
  auto r = kb_.IngestFolder(dir_.string());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Code::kInvalidArgument);
  EXPECT_NE(r.error().message.find("broken.md"), std::string::npos) << r.error().message;
  EXPECT_EQ(ChunkVersions("a.md"), before);
}

TEST_F(IngestTest, AMissingFolderIsAnError) {
  auto r = kb_.IngestFolder((dir_ / "nope").string());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Code::kInvalidArgument);
}

TEST_F(IngestTest, TheShippedKnowledgeBaseIngestsAndReingestsAsANoOp) {
  std::string folder = (testing::RepoRoot() / "data/knowledge").string();
  auto first = kb_.IngestFolder(folder);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_GE(first->added, 40);
  EXPECT_EQ(std::to_string(first->chunks_written), kb_.Value("SELECT count(*) FROM knowledge_chunks"));
  EXPECT_EQ(kb_.Value("SELECT count(*) FROM knowledge_chunks WHERE document_id = 'guides/miami.md'") != "0", true);
  auto second = kb_.IngestFolder(folder);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->unchanged, first->added);
  EXPECT_EQ(second->chunks_written, 0);
}

}  // namespace
}  // namespace contrail::knowledge
