// knowledge/source.h: what a folder is ingested as — its source name and its files' default
// doc_type, from the folder's name unless given — and which names are source names.

#include "knowledge/source.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace contrail::knowledge {
namespace {

namespace fs = std::filesystem;

class SourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("contrail-source-" + std::to_string(::getpid()));
    fs::create_directories(root_ / "Field_Notes" / "sub");
    std::ofstream(root_ / "Field_Notes" / "sub" / "a.md") << "# A\n\ntext\n";
  }
  void TearDown() override { fs::remove_all(root_); }

  fs::path root_;
};

TEST_F(SourceTest, AFolderIsTheSourceNamedAfterItWithItsNameAsDocType) {
  auto source = ReadSource((root_ / "Field_Notes").string() + "/", {});
  ASSERT_TRUE(source) << source.error().message;
  EXPECT_EQ(source->name, "Field_Notes");
  ASSERT_EQ(source->files.size(), 1u);
  EXPECT_EQ(source->files[0].id, "sub/a.md");
  EXPECT_EQ(source->files[0].parse.default_doc_type, "field_notes");
}

TEST_F(SourceTest, FlagsNameTheSourceAndTheDocType) {
  auto source = ReadSource((root_ / "Field_Notes").string(), {.source = "notes.v2", .doc_type = "memo"});
  ASSERT_TRUE(source) << source.error().message;
  EXPECT_EQ(source->name, "notes.v2");
  EXPECT_EQ(source->files[0].parse.default_doc_type, "memo");
}

TEST_F(SourceTest, AFolderNameWithoutDocTypeLettersGivesDocument) {
  fs::create_directories(root_ / "2024");
  std::ofstream(root_ / "2024" / "b.txt") << "text\n";
  auto source = ReadSource((root_ / "2024").string(), {});
  ASSERT_TRUE(source) << source.error().message;
  EXPECT_EQ(source->name, "2024");
  ASSERT_EQ(source->files.size(), 1u);
  EXPECT_EQ(source->files[0].parse.default_doc_type, "document");
}

TEST_F(SourceTest, AFolderNameThatIsNoSourceNameAsksForSource) {
  fs::create_directories(root_ / "my docs");
  auto unnamed = ReadSource((root_ / "my docs").string(), {});
  ASSERT_FALSE(unnamed);
  EXPECT_EQ(unnamed.error().code, core::Code::kInvalidArgument);
  EXPECT_NE(unnamed.error().message.find("--source"), std::string::npos) << unnamed.error().message;
  auto named = ReadSource((root_ / "my docs").string(), {.source = "mine"});
  ASSERT_TRUE(named) << named.error().message;
  EXPECT_EQ(named->name, "mine");
}

TEST_F(SourceTest, BadFlagsAreInvalidArguments) {
  for (FolderOptions bad : {FolderOptions{.source = "a/b"}, FolderOptions{.source = std::string(65, 'a')},
                            FolderOptions{.doc_type = "Memo"}}) {
    auto source = ReadSource((root_ / "Field_Notes").string(), bad);
    ASSERT_FALSE(source) << bad.source << bad.doc_type;
    EXPECT_EQ(source.error().code, core::Code::kInvalidArgument);
  }
  EXPECT_FALSE(ReadSource((root_ / "missing").string(), {.source = "x"}));
}

TEST(SourceNameTest, LettersDigitsDotsUnderscoresHyphensUpTo64) {
  EXPECT_TRUE(IsSourceName("knowledge"));
  EXPECT_TRUE(IsSourceName("Team-A_docs.v2"));
  EXPECT_TRUE(IsSourceName(std::string(64, 'a')));
  EXPECT_FALSE(IsSourceName(""));
  EXPECT_FALSE(IsSourceName(std::string(65, 'a')));
  EXPECT_FALSE(IsSourceName("a b"));
  EXPECT_FALSE(IsSourceName("a/b"));
  EXPECT_FALSE(IsSourceName("it's"));
}

TEST(FolderNameTest, TheLastComponentOfTheAbsolutePath) {
  EXPECT_EQ(FolderName("data/knowledge"), "knowledge");
  EXPECT_EQ(FolderName("data/knowledge/"), "knowledge");
  EXPECT_EQ(FolderName("data/knowledge/policies/.."), "knowledge");
  EXPECT_EQ(FolderName("."), fs::current_path().filename().string());
}

}  // namespace
}  // namespace contrail::knowledge
