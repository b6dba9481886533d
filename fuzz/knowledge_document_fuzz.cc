// Feeds arbitrary files to `contrail ingest`'s reading of a document: knowledge::ParseDocument as
// Markdown, HTML or text (the input's first byte picks the extension, the rest is the content),
// then knowledge::ChunkDocument with the default options and with a chunk size the input picks.
// Checks, for a document it accepts: a title, a doc_type of [a-z_-]{1,32}, dates that are real
// and in order; MetadataJson is a JSON object. Chunks are numbered in order, follow the sections'
// order, are non-empty and fit max_chars (a heading alone aside). For content that is UTF-8, so is
// everything made of it (PostgreSQL refuses anything else): the title, the sections, the metadata
// and every chunk. A document it rejects is a kInvalidArgument naming the file.

#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "knowledge/chunker.h"
#include "knowledge/document.h"

namespace {

namespace knowledge = contrail::knowledge;
using contrail::fuzz::IsUtf8;

void CheckMetadata(const knowledge::Document& doc, bool utf8) {
  FUZZ_CHECK(!doc.title.empty());
  FUZZ_CHECK(!doc.doc_type.empty() && doc.doc_type.size() <= 32 &&
             doc.doc_type.find_first_not_of("abcdefghijklmnopqrstuvwxyz_-") == std::string::npos);
  FUZZ_CHECK(doc.valid_from.empty() || knowledge::IsIsoDate(doc.valid_from));
  FUZZ_CHECK(doc.valid_to.empty() || knowledge::IsIsoDate(doc.valid_to));
  FUZZ_CHECK(doc.valid_from.empty() || doc.valid_to.empty() || doc.valid_from <= doc.valid_to);
  const std::string metadata = knowledge::MetadataJson(doc);
  if (!utf8) return;
  boost::json::error_code ec;
  const boost::json::value parsed = boost::json::parse(metadata, ec);
  FUZZ_CHECK(!ec && parsed.is_object());
  FUZZ_CHECK(parsed.at("title").as_string() == doc.title);
  for (const knowledge::Section& s : doc.sections) FUZZ_CHECK(IsUtf8(s.heading) && IsUtf8(s.text));
}

void CheckChunks(const knowledge::Document& doc, const knowledge::ChunkOptions& options, bool utf8) {
  const std::vector<knowledge::Chunk> chunks = knowledge::ChunkDocument(doc, options);
  std::size_t section = 0;
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    const knowledge::Chunk& c = chunks[i];
    FUZZ_CHECK(c.index == static_cast<int>(i));
    FUZZ_CHECK(!c.text.empty());
    FUZZ_CHECK(c.text.size() <= options.max_chars || c.text == c.heading);
    while (section < doc.sections.size() && doc.sections[section].heading != c.heading) ++section;
    FUZZ_CHECK(section < doc.sections.size());  // chunks come in the sections' order
    if (utf8) FUZZ_CHECK(IsUtf8(c.text));
    (void)knowledge::EmbeddingText(doc, c);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  static const char* const kIds[] = {"guides/doc.md", "guides/doc.html", "guides/doc.txt"};
  const std::string id = kIds[data[0] % 3];
  const std::string_view content(reinterpret_cast<const char*>(data + 1), size - 1);
  auto doc = knowledge::ParseDocument(id, content);
  if (!doc) {
    FUZZ_CHECK(doc.error().code == contrail::core::Code::kInvalidArgument);
    FUZZ_CHECK(doc.error().message.starts_with(id));
    return 0;
  }
  const bool utf8 = IsUtf8(content);
  CheckMetadata(*doc, utf8);
  CheckChunks(*doc, knowledge::ChunkOptions{}, utf8);
  // A small chunk size (16 to 271) makes every section long: the cutting and overlap paths.
  const std::size_t max_chars = 16 + data[size - 1];
  CheckChunks(*doc, knowledge::ChunkOptions{max_chars, max_chars / 4}, utf8);
  return 0;
}
