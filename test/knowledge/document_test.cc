// knowledge/document.h: parsing Markdown front matter, HTML and plain text, and ISO dates.

#include "knowledge/document.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace contrail::knowledge {
namespace {

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

TEST(DocumentTest, CodesComeFromSentencesThatSayCode) {
  auto doc = ParseDocument("promotions/x.md",
                           "# Ski deal\n\nSave on lift tickets with promo code **SKI2627**. Flight FL1234 leaves in "
                           "2027 on an A320.\n\n## How to book\n\nEnter SKI2627 or the code KIDS27 at checkout; "
                           "the voucher code is not WINTER. Codes: AB1, ABCDEFGHIJKLMNOPQRSTU9.\n");
  ASSERT_TRUE(doc) << doc.error().message;
  // Once each, in order; a flight number in a sentence without "code", a word without digits, a
  // too short or too long word are not codes.
  EXPECT_EQ(doc->codes, (std::vector<std::string>{"SKI2627", "KIDS27"}));
  EXPECT_NE(MetadataJson(*doc).find(R"("codes":["SKI2627","KIDS27"])"), std::string::npos) << MetadataJson(*doc);
  // A wrapped paragraph puts the code on the line after "code"; a list item is its own sentence.
  auto wrapped = ParseDocument("promotions/y.md",
                               "# Spring\n\nSave more with a bundle, with promo code\n**CANCUNSB27**.\n\n"
                               "* Use the code at checkout\n* Flight FL1234 leaves daily\n");
  ASSERT_TRUE(wrapped) << wrapped.error().message;
  EXPECT_EQ(wrapped->codes, (std::vector<std::string>{"CANCUNSB27"}));
  auto plain = ParseDocument("guides/x.md", "# Lisbon\n\nTake the metro into town.\n");
  ASSERT_TRUE(plain);
  EXPECT_TRUE(plain->codes.empty());
  EXPECT_EQ(MetadataJson(*plain).find("codes"), std::string::npos);
}

TEST(DocumentTest, MarkdownTitleFallsBackToTheFirstHeading) {
  auto doc = ParseDocument("a/b.md", "---\ndoc_type: guide\n---\n# The Title\n\ntext\n");
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(doc->title, "The Title");
  EXPECT_TRUE(doc->destinations.empty());
}

// Found by fuzz/knowledge_document_fuzz.cc: a line of only '#'s threw std::out_of_range out of
// ParseDocument (and so out of `contrail ingest`).
TEST(DocumentTest, MarkdownLineOfOnlyHashesIsAnEmptyHeadingAndDropped) {
  auto doc = ParseDocument("faq/x.md", "---\ndoc_type: faq\n---\n## Bags\n\nOne bag.\n###\n####  \n\nTwo bags.\n");
  ASSERT_TRUE(doc) << doc.error().message;
  ASSERT_EQ(doc->sections.size(), 1u);
  EXPECT_EQ(doc->sections[0].heading, "Bags");
  EXPECT_EQ(doc->sections[0].text, "One bag.\n\nTwo bags.");
}

TEST(DocumentTest, HtmlMetaH1TitleAndH2Sections) {
  auto doc = ParseDocument(
      "faq/about.html",
      "<!DOCTYPE html><html><head><title>About &amp; more</title>\n<meta charset=\"utf-8\">"
      "<meta name=\"doc_type\" content=\"faq\"><meta name='destination' content='den'></head>\n<body>"
      "<h1>About</h1><p>Founded in\n   2014 &mdash; in Denver.</p><script>var x = '<h2>no</h2>';</script>"
      "<h2>Where <em>we</em> fly</h2><p>Hubs:</p><ul><li>Denver</li><li>LAX</li></ul>"
      "<h2>Fleet</h2><p>A220 &rarr; 787</p></body></html>");
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(doc->title, "About");  // the page's own heading, before the head's <title>
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
      {"a.md", "---\ntitle: x\ndoc_type: guide2\n---\nbody", "doc_type"},
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

// --- files that state no metadata -----------------------------------------------------------------

TEST(DocumentTest, PlainMarkdownTakesItsTitleFromTheFirstHeadingAndTheDefaultDocType) {
  auto doc = ParseDocument("notes/pets.md", "Intro.\n\n# Travelling with pets\n\n## Cabin\n\nSmall dogs.\n",
                           {.default_doc_type = "notes"});
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(doc->title, "Travelling with pets");
  EXPECT_EQ(doc->doc_type, "notes");
  EXPECT_TRUE(doc->default_doc_type);
  ASSERT_EQ(doc->sections.size(), 2u);
  EXPECT_EQ(doc->sections[0].text, "Intro.");
  EXPECT_EQ(doc->sections[1].heading, "Cabin");
}

TEST(DocumentTest, WithoutOptionsTheDocTypeIsDocument) {
  auto doc = ParseDocument("a.md", "just text\n");
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(doc->doc_type, "document");
  EXPECT_TRUE(doc->default_doc_type);
  EXPECT_EQ(doc->title, "a");  // no heading: the file name without its extension
  auto bare = ParseDocument("notes/.md", "just text\n");
  ASSERT_TRUE(bare) << bare.error().message;
  EXPECT_EQ(bare->title, ".md");
}

TEST(DocumentTest, TheFileStillWinsForTheFieldsItStates) {
  ParseOptions o{.default_doc_type = "notes"};
  auto md = ParseDocument("a.md", "---\ndoc_type: Policy\n---\n# Heading\n\ntext\n", o);
  ASSERT_TRUE(md) << md.error().message;
  EXPECT_EQ(md->doc_type, "policy");
  EXPECT_FALSE(md->default_doc_type);
  auto html = ParseDocument("a.html", "<meta name=\"doc_type\" content=\"faq\"><meta name=\"title\" content=\"Meta\">"
                            "<h1>Heading</h1><p>x</p>", o);
  ASSERT_TRUE(html) << html.error().message;
  EXPECT_EQ(html->doc_type, "faq");
  EXPECT_EQ(html->title, "Meta");
  // Front matter without a doc_type keeps its title and takes the default for the rest.
  auto partial = ParseDocument("a.md", "---\ntitle: Given\n---\n# Heading\n", o);
  ASSERT_TRUE(partial) << partial.error().message;
  EXPECT_EQ(partial->title, "Given");
  EXPECT_EQ(partial->doc_type, "notes");
}

TEST(DocumentTest, PlainHtmlTitleIsTheH1ElseTheTitleElementElseTheFileName) {
  struct Case {
    const char* html;
    const char* title;
  } cases[] = {
      {"<html><head><title>Site | Pets</title></head><body><h1>Pets</h1><p>x</p></body></html>", "Pets"},
      {"<html><head><title>Site | Pets</title></head><body><p>x</p></body></html>", "Site | Pets"},
      {"<p>only a paragraph</p>", "pet-policy"},
  };
  for (const Case& c : cases) {
    auto doc = ParseDocument("web/pet-policy.html", c.html, {.default_doc_type = "web"});
    ASSERT_TRUE(doc) << doc.error().message;
    EXPECT_EQ(doc->title, c.title) << c.html;
    EXPECT_EQ(doc->doc_type, "web");
  }
}

TEST(DocumentTest, PlainTextTitleIsAShortFirstLineElseTheFileName) {
  auto short_line = ParseDocument("t/checklist.txt", "\nPacking checklist\n\nPassport, charger.\n");
  ASSERT_TRUE(short_line) << short_line.error().message;
  EXPECT_EQ(short_line->title, "Packing checklist");
  ASSERT_EQ(short_line->sections.size(), 1u);
  EXPECT_EQ(short_line->sections[0].text, "Packing checklist\n\nPassport, charger.");  // kept as text

  std::string paragraph(kMaxLineTitleChars + 1, 'x');
  auto long_line = ParseDocument("t/checklist.txt", paragraph + "\n");
  ASSERT_TRUE(long_line) << long_line.error().message;
  EXPECT_EQ(long_line->title, "checklist");

  auto heading = ParseDocument("t/checklist.txt", "first line\n\n# The heading\n\ntext\n");
  ASSERT_TRUE(heading) << heading.error().message;
  EXPECT_EQ(heading->title, "The heading");
}

// A plain note that opens with "Word: …" must not lose that line as an unknown header field.
TEST(DocumentTest, PlainTextOpeningWithKeyValueLinesThatAreNoFieldsKeepsThemAsText) {
  auto doc = ParseDocument("t/n.txt", "Note: bring your passport\nGate: B12\n\nBoarding at 9.\n");
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(doc->title, "Note: bring your passport");
  EXPECT_EQ(doc->doc_type, "document");
  ASSERT_EQ(doc->sections.size(), 1u);
  EXPECT_EQ(doc->sections[0].text, "Note: bring your passport\nGate: B12\n\nBoarding at 9.");
}

TEST(DocumentTest, DocTypeFromNameKeepsLowerCaseLettersUnderscoresAndHyphens) {
  EXPECT_EQ(DocTypeFromName("knowledge"), "knowledge");
  EXPECT_EQ(DocTypeFromName("Field_Notes-2024"), "field_notes-");
  EXPECT_EQ(DocTypeFromName("my docs.v2"), "mydocsv");
  EXPECT_EQ(DocTypeFromName("2024"), "");
  EXPECT_EQ(DocTypeFromName(std::string(40, 'a')), std::string(32, 'a'));
  EXPECT_TRUE(IsDocType(DocTypeFromName("Éclair Notes")));
  EXPECT_TRUE(IsDocType("field_notes-"));
  EXPECT_FALSE(IsDocType(""));
  EXPECT_FALSE(IsDocType("Guide"));
  EXPECT_FALSE(IsDocType(std::string(33, 'a')));
}

TEST(DocumentTest, IsoDates) {
  EXPECT_TRUE(IsIsoDate("2028-02-29"));
  EXPECT_FALSE(IsIsoDate("2027-02-29"));
  EXPECT_FALSE(IsIsoDate("2027-13-01"));
  EXPECT_FALSE(IsIsoDate("2027-1-01"));
  EXPECT_FALSE(IsIsoDate("2027-01-01T00:00"));
  EXPECT_FALSE(IsIsoDate("'; DROP TABLE"));
}

}  // namespace
}  // namespace contrail::knowledge
