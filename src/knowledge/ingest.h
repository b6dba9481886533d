#pragma once
// Ingestion of a folder of documents into knowledge_documents / knowledge_chunks: parse, chunk,
// embed in batches, COPY the chunks in, all idempotent by content hash. A document whose hash
// (file bytes + chunker version + embedding model and size) is unchanged is not touched; a
// changed one has its chunks replaced; one no longer in the folders is deleted (unless
// prune = false). One transaction for all writes, so searches see the old or the new knowledge
// base, never half of it; a session advisory lock serialises concurrent ingests.
//
//   CONTRAIL_TRY(auto files, knowledge::ReadKnowledgeFolder("data/knowledge"));
//   auto report = co_await knowledge::Ingest(conn, embedder, std::move(files), {});

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "embed/embedder.h"
#include "knowledge/chunker.h"

namespace contrail::pg {
class Connection;
}

namespace contrail::knowledge {

struct SourceFile {
  std::string id;       // path relative to the folder, '/'-separated: the document id
  std::string path;     // where it was read from (stored as knowledge_documents.source)
  std::string content;  // the file's bytes
};

// Every .md/.markdown/.html/.htm/.txt file under `folder` (recursively, hidden entries skipped),
// sorted by id. kInvalidArgument when `folder` is not a readable directory. Blocking file I/O:
// call it off the I/O threads.
core::Result<std::vector<SourceFile>> ReadKnowledgeFolder(const std::string& folder);

struct IngestOptions {
  ChunkOptions chunking;
  bool prune = true;      // delete stored documents that are not among the files
  bool progress = false;  // a progress bar (core::Progress) over the chunks embedded
  int embed_batch = 64;   // texts per Embed() call
};

struct IngestReport {
  int files = 0;
  int unchanged = 0;
  int added = 0;
  int updated = 0;
  int deleted = 0;
  std::int64_t chunks_written = 0;
  std::int64_t chunks_deleted = 0;
  double embed_seconds = 0;
  double seconds = 0;  // the whole run
};

// Brings the knowledge base in line with `files`. kInvalidArgument (naming the file) when a
// document does not parse or two files share an id, before anything is written; the embedder's
// errors; pg errors (the transaction is rolled back: nothing changes). `conn` should have no
// statement timeout (bulk work).
boost::asio::awaitable<core::Result<IngestReport>> Ingest(pg::Connection& conn, embed::Embedder& embedder,
                                                         std::vector<SourceFile> files, IngestOptions options);

}  // namespace contrail::knowledge
