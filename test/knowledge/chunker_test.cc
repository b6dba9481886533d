// Document parsing (Markdown front matter, HTML, plain text) and chunking (by heading, with
// overlap) on small inputs and on the shipped knowledge base.

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

TEST(DocumentTest, MarkdownFrontMatterAndSections) {
  auto doc = ParseDocument("promotions/x.md",
                           "---\ntitle: Spring fares\ndoc_type: Promotion\ndestination: hnl, OGG\n"
                           "valid_from: 2027-01-15\nvalid_to: \"2027-04-11\"\ntags: spring, kids\n---\n\n"
                           "# Ignored h1\n\nIntro **bold** and [a link](https://x.test).\n\n## The offer\n\n"
                           "* one\n* two\n\n### Small print\n\nMore text.\n\n## Dates\n\nBook now.\n");
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(doc->title, "Spring fares");
  EXPECT_EQ(doc->doc_type, "promotion");
  EXPECT_EQ(doc->destinations, (std::vector<std::string>{"HNL", "OGG"}));
  EXPECT_EQ(doc->valid_from, "2027-01-15");
  EXPECT_EQ(doc->valid_to, "2027-04-11");
  EXPECT_EQ(doc->tags, (std::vector<std::string>{"spring", "kids"}));
  ASSERT_EQ(doc->sections.size(), 3u);
  EXPECT_EQ(doc->sections[0].heading, "");
  EXPECT_EQ(doc->sections[0].text, "Intro bold and a link.");
  EXPECT_EQ(doc->sections[1].heading, "The offer");
  EXPECT_EQ(doc->sections[1].text, "* one\n* two\n\nSmall print\n\nMore text.");
  EXPECT_EQ(doc->sections[2].heading, "Dates");
  EXPECT_EQ(doc->sections[2].text, "Book now.");
}

TEST(DocumentTest, MarkdownTitleFallsBackToTheFirstHeading) {
  auto doc = ParseDocument("a/b.md", "---\ndoc_type: guide\n---\n# The Title\n\ntext\n");
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(doc->title, "The Title");
  EXPECT_TRUE(doc->destinations.empty());
}

TEST(DocumentTest, HtmlTitleMetaAndH2Sections) {
  auto doc = ParseDocument(
      "faq/about.html",
      "<!DOCTYPE html><html><head><title>About &amp; more</title>\n<meta charset=\"utf-8\">"
      "<meta name=\"doc_type\" content=\"faq\"><meta name='destination' content='den'></head>\n<body>"
      "<h1>About</h1><p>Founded in\n   2014 &mdash; in Denver.</p><script>var x = '<h2>no</h2>';</script>"
      "<h2>Where <em>we</em> fly</h2><p>Hubs:</p><ul><li>Denver</li><li>LAX</li></ul>"
      "<h2>Fleet</h2><p>A220 &rarr; 787</p></body></html>");
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(doc->title, "About & more");
  EXPECT_EQ(doc->doc_type, "faq");
  EXPECT_EQ(doc->destinations, (std::vector<std::string>{"DEN"}));
  ASSERT_EQ(doc->sections.size(), 3u);
  EXPECT_EQ(doc->sections[0].text, "Founded in 2014 \u2014 in Denver.");
  EXPECT_EQ(doc->sections[1].heading, "Where we fly");
  EXPECT_EQ(doc->sections[1].text, "Hubs:\n\n* Denver\n* LAX");
  EXPECT_EQ(doc->sections[2].heading, "Fleet");
  EXPECT_EQ(doc->sections[2].text, "A220 \u2192 787");
}

TEST(DocumentTest, PlainTextHeaderLinesThenBody) {
  auto doc = ParseDocument("faq/faq.txt",
                           "Title: Frequently asked\ndoc_type: faq\ntags: a, b\n\nIntro line.\n\n"
                           "## Booking\n\nHow do I book? Online.\n");
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(doc->title, "Frequently asked");
  EXPECT_EQ(doc->doc_type, "faq");
  ASSERT_EQ(doc->sections.size(), 2u);
  EXPECT_EQ(doc->sections[0].text, "Intro line.");
  EXPECT_EQ(doc->sections[1].heading, "Booking");
  EXPECT_EQ(doc->sections[1].text, "How do I book? Online.");
}

TEST(DocumentTest, BadInputIsRejectedWithTheFileName) {
  struct Case {
    const char* id;
    const char* text;
    const char* want;
  } cases[] = {
      {"a.md", "---\ntitle: x\n---\nbody", "doc_type"},
      {"a.md", "---\ndoc_type: guide\nbody", "not closed"},
      {"a.md", "---\ndoc_type: guide\nvalid_from: 2027-02-30\n---\n", "2027-02-30"},
      {"a.md", "---\ndoc_type: guide\nvalid_to: tomorrow\n---\n", "tomorrow"},
      {"a.md", "---\ndoc_type: guide\nvalid_from: 2027-05-01\nvalid_to: 2027-04-01\n---\n", "after"},
      {"a.txt", "doc_type: Two Words\n\nx", "doc_type"},
      {"a.pdf", "x", "not a .md"},
  };
  for (const Case& c : cases) {
    auto doc = ParseDocument(c.id, c.text);
    ASSERT_FALSE(doc) << c.text;
    EXPECT_EQ(doc.error().code, core::Code::kInvalidArgument);
    EXPECT_NE(doc.error().message.find(c.id), std::string::npos) << doc.error().message;
    EXPECT_NE(doc.error().message.find(c.want), std::string::npos) << doc.error().message;
  }
}

TEST(DocumentTest, IsoDates) {
  EXPECT_TRUE(IsIsoDate("2028-02-29"));
  EXPECT_FALSE(IsIsoDate("2027-02-29"));
  EXPECT_FALSE(IsIsoDate("2027-13-01"));
  EXPECT_FALSE(IsIsoDate("2027-1-01"));
  EXPECT_FALSE(IsIsoDate("2027-01-01T00:00"));
  EXPECT_FALSE(IsIsoDate("'; DROP TABLE"));
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
