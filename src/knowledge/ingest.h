#pragma once
// Ingestion of sources of documents into knowledge_documents / knowledge_chunks: parse, chunk,
// embed in batches, COPY the chunks in, all idempotent by content hash. A document whose hash
// (file bytes + chunker version + embedding model and size + the default doc_type, when the file
// names none) is unchanged is not touched; a changed one has its chunks replaced; one of an
// ingested source that is no longer among its files is deleted (unless prune = false). Documents
// of other sources are never touched. One transaction for all writes, so searches see the old or
// the new knowledge base, never half of it; a session advisory lock serialises concurrent ingests.
//
//   CONTRAIL_TRY(knowledge::Source s, knowledge::ReadSource("data/knowledge", {}));
//   auto report = co_await knowledge::Ingest(conn, embedder, {std::move(s)}, {});

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "embed/embedder.h"
#include "knowledge/chunker.h"
#include "knowledge/source.h"

namespace contrail::pg {
class Connection;
}

namespace contrail::knowledge {

// A prune that would delete more than half of a source's stored documents: more often a wrong or
// half-mounted folder than an intended clear-out.
struct LargePrune {
  std::string source;
  int deleting = 0;  // > stored / 2
  int stored = 0;    // the source's documents before this ingest
};

struct IngestOptions {
  ChunkOptions chunking;
  bool prune = true;      // delete stored documents of the ingested sources that are not among their files
  bool progress = false;  // a progress bar (core::Progress) over the chunks embedded
  int embed_batch = 64;   // texts per Embed() call
  // Decides each LargePrune: called on the calling thread, under the ingest lock, before anything
  // is embedded or written. Ok: go on; an error: Ingest returns it and writes nothing. When unset,
  // a large prune fails with kConflict.
  std::function<core::Status(const LargePrune&)> confirm_large_prune;
};

struct IngestReport {
  int files = 0;
  int unchanged = 0;
  int added = 0;
  int updated = 0;
  int deleted = 0;
  std::int64_t chunks_written = 0;
  std::int64_t chunks_deleted = 0;
  std::vector<std::string> changed_documents;  // ids of the updated and deleted documents
  double embed_seconds = 0;
  double seconds = 0;  // the whole run
};

// Brings each of `sources` in the knowledge base in line with its files (sources of the same name
// are one source). Before anything is written it fails with: kInvalidArgument (naming the file)
// when a document does not parse or two files share an id; kConflict naming both sources when a
// document id is stored under another source (move it by removing it there first); kConflict or
// confirm_large_prune's error for a large prune. Then the embedder's errors, and pg errors (the
// transaction is rolled back: nothing changes). `conn` should have no statement timeout (bulk
// work).
boost::asio::awaitable<core::Result<IngestReport>> Ingest(pg::Connection& conn, embed::Embedder& embedder,
                                                         std::vector<Source> sources, IngestOptions options);

}  // namespace contrail::knowledge
