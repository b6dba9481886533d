// Chunking (by heading, with overlap) on small inputs, and parsing and chunking the shipped
// knowledge base.

#include "knowledge/chunker.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "knowledge/document.h"
#include "knowledge/ingest.h"
#include "support/repo_path.h"

namespace contrail::knowledge {
namespace {

namespace fs = std::filesystem;

std::string RepoKnowledge() { return test::RepoPath("data/knowledge"); }

// A paragraph of `n` numbered sentences of about 60 characters each.
std::string Sentences(int first, int n) {
  std::string out;
  for (int i = first; i < first + n; ++i) {
    if (!out.empty()) out += ' ';
    out += "Sentence number " + std::to_string(i) + " tells the traveller something useful here.";
  }
  return out;
}

TEST(ChunkerTest, OneChunkPerShortSectionNeverCrossingHeadings) {
  Document doc;
  doc.title = "T";
  doc.sections = {{"", "Intro."}, {"A", "Alpha text."}, {"B", "Beta text."}};
  auto chunks = ChunkDocument(doc);
  ASSERT_EQ(chunks.size(), 3u);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(chunks[i].index, i);
  EXPECT_EQ(chunks[1].heading, "A");
  EXPECT_EQ(chunks[1].text, "Alpha text.");
  EXPECT_EQ(chunks[2].heading, "B");
  EXPECT_EQ(EmbeddingText(doc, chunks[1]), "T \u2014 A\nAlpha text.");
}

TEST(ChunkerTest, LongSectionsSplitAtSentencesWithOverlap) {
  Document doc;
  doc.sections = {{"Long", Sentences(1, 20) + "\n\n" + Sentences(21, 20)}};
  ChunkOptions o;
  o.max_chars = 400;
  o.overlap_chars = 140;
  auto chunks = ChunkDocument(doc, o);
  ASSERT_GE(chunks.size(), 6u);
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    EXPECT_LE(chunks[i].text.size(), o.max_chars) << i;
    EXPECT_EQ(chunks[i].heading, "Long");
    EXPECT_TRUE(chunks[i].text.starts_with("Sentence number ")) << chunks[i].text;  // whole sentences
    EXPECT_TRUE(chunks[i].text.ends_with("here.")) << chunks[i].text;
    if (i == 0) continue;
    // This chunk opens with the last sentences of the previous one (at most overlap_chars).
    const std::string& prev = chunks[i - 1].text;
    std::string first = chunks[i].text.substr(0, chunks[i].text.find(". ") + 1);
    std::size_t at = prev.rfind(first);
    ASSERT_NE(at, std::string::npos) << "chunk " << i << " does not overlap:\n" << prev << "\n---\n" << chunks[i].text;
    std::string carried = prev.substr(at);
    EXPECT_LE(carried.size(), o.overlap_chars);
    EXPECT_TRUE(chunks[i].text.starts_with(carried));
  }
  // Every sentence is somewhere, in order.
  std::string all;
  for (const Chunk& c : chunks) all += c.text + " ";
  for (int s = 1; s <= 40; ++s) {
    EXPECT_NE(all.find("Sentence number " + std::to_string(s) + " "), std::string::npos) << s;
  }
}

TEST(ChunkerTest, AnOverlongSentenceIsCutAtSpaces) {
  Document doc;
  std::string words;
  for (int i = 0; i < 300; ++i) words += "word" + std::to_string(i) + " ";
  doc.sections = {{"", words}};
  ChunkOptions o;
  o.max_chars = 200;
  o.overlap_chars = 50;
  auto chunks = ChunkDocument(doc, o);
  ASSERT_GT(chunks.size(), 5u);
  for (const Chunk& c : chunks) {
    EXPECT_LE(c.text.size(), 200u);
    EXPECT_FALSE(c.text.starts_with(" "));
  }
}

// Found by fuzz/knowledge_document_fuzz.cc: a run without spaces (CJK text has none) was cut at
// max_chars bytes, inside a character, and PostgreSQL refuses chunks that are not UTF-8.
TEST(ChunkerTest, AnOverlongRunWithoutSpacesIsCutBetweenUtf8Characters) {
  Document doc;
  std::string tokyo;
  for (int i = 0; i < 200; ++i) tokyo += "\u6771\u4eac";  // 東京: three bytes a character
  doc.sections = {{"", tokyo}};
  ChunkOptions o;
  o.max_chars = 100;  // not a multiple of three
  o.overlap_chars = 20;
  auto chunks = ChunkDocument(doc, o);
  ASSERT_GT(chunks.size(), 5u);
  std::string joined;
  for (const Chunk& c : chunks) {
    EXPECT_LE(c.text.size(), 100u);
    EXPECT_EQ(c.text.size() % 3, 0u) << "a chunk begins or ends inside a character";
    joined += c.text;
  }
  EXPECT_EQ(joined, tokyo);
}

TEST(ChunkerTest, TheShippedKnowledgeBaseParsesAndChunks) {
  auto files = ReadKnowledgeFolder(RepoKnowledge());
  ASSERT_TRUE(files) << files.error().message;
  ASSERT_GE(files->size(), 40u);
  int html = 0, txt = 0;
  std::size_t chunks_total = 0;
  for (const SourceFile& f : *files) {
    EXPECT_EQ(f.id.find('\\'), std::string::npos);
    auto doc = ParseDocument(f.id, f.content);
    ASSERT_TRUE(doc) << doc.error().message;
    EXPECT_FALSE(doc->title.empty()) << f.id;
    EXPECT_NE(doc->title, f.id) << "no title found in " << f.id;
    html += f.id.ends_with(".html");
    txt += f.id.ends_with(".txt");
    auto chunks = ChunkDocument(*doc);
    EXPECT_GE(chunks.size(), 2u) << f.id;
    for (const Chunk& c : chunks) {
      EXPECT_LE(c.text.size(), ChunkOptions{}.max_chars) << f.id;
      EXPECT_EQ(c.text.find('<'), std::string::npos) << f.id << ": markup left in " << c.text;
      EXPECT_EQ(c.text.find("**"), std::string::npos) << f.id;
    }
    chunks_total += chunks.size();
  }
  EXPECT_GE(html, 2);
  EXPECT_GE(txt, 2);
  EXPECT_GT(chunks_total, 200u);
  auto miami = std::find_if(files->begin(), files->end(), [](auto& f) { return f.id == "guides/miami.md"; });
  ASSERT_NE(miami, files->end());
  auto doc = ParseDocument(miami->id, miami->content);
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->doc_type, "guide");
  EXPECT_EQ(doc->destinations, (std::vector<std::string>{"MIA"}));
}

}  // namespace
}  // namespace contrail::knowledge
