#include "knowledge/ingest.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "core/progress.h"
#include "knowledge/document.h"
#include "net/sha256.h"
#include "pg/connection.h"

namespace contrail::knowledge {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

// Part of every document hash: bump it when parsing or chunking changes what a file produces, so
// the next ingest redoes every document. 2: an <h1> is the title before <title>, and files
// without metadata parse. 3: the metadata lists the codes a document gives. 4: also codes a
// wrapped line puts after the word "code".
constexpr const char* kChunkerVersion = "chunker-4";

// A document to (re)write, with its chunks and their vectors.
struct Pending {
  Document doc;
  std::string source;
  std::string hash;
  std::vector<Chunk> chunks;
  std::vector<embed::Vector> vectors;
};

// What knowledge_documents holds for a document id.
struct Stored {
  std::string hash;
  std::string source;
};
using StoredMap = std::map<std::string, Stored, std::less<>>;

std::string DocumentHash(const SourceFile& f, const Document& doc, const embed::Embedder& e, const ChunkOptions& o) {
  std::string key = std::string(kChunkerVersion) + "\n" + e.model() + ":" + std::to_string(e.dimensions()) + "\n" +
                    std::to_string(o.max_chars) + "/" + std::to_string(o.overlap_chars) + "\n";
  // The same bytes ingested with another default doc_type (--doc-type, a renamed folder) are
  // another document; a file that names its own doc_type keeps its hash whatever the default.
  if (doc.default_doc_type) key += "default doc_type: " + doc.doc_type + "\n";
  return net::Sha256Hex(key + f.content);
}

double Since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

asio::awaitable<core::Status> EmbedAll(embed::Embedder& embedder, std::vector<Pending>& docs,
                                       const IngestOptions& o) {
  std::vector<std::string> texts;
  for (Pending& p : docs) {
    for (const Chunk& c : p.chunks) texts.push_back(EmbeddingText(p.doc, c));
  }
  if (texts.empty()) co_return core::Ok();
  std::optional<core::Progress> bar;
  if (o.progress) bar.emplace("embed chunks", texts.size());
  std::vector<embed::Vector> vectors;
  vectors.reserve(texts.size());
  const std::size_t batch = static_cast<std::size_t>(std::max(1, o.embed_batch));
  for (std::size_t at = 0; at < texts.size(); at += batch) {
    std::span<const std::string> slice(texts.data() + at, std::min(batch, texts.size() - at));
    CONTRAIL_CO_TRY(auto out, co_await embedder.Embed(slice));
    if (out.size() != slice.size()) co_return core::Internal("embedder returned the wrong number of vectors");
    for (auto& v : out) vectors.push_back(std::move(v));
    if (bar) bar->Tick(slice.size());
  }
  if (bar) bar->Finish();
  std::size_t next = 0;
  for (Pending& p : docs) {
    for (std::size_t i = 0; i < p.chunks.size(); ++i) p.vectors.push_back(std::move(vectors[next++]));
  }
  co_return core::Ok();
}

pg::Statement Stmt(const char* sql, const std::string& id) {
  pg::Params p;
  p.Text(id);
  return pg::Statement(sql, std::move(p));
}

// The deletes and document upserts, as one pipeline inside the open transaction.
std::vector<pg::Statement> DocumentStatements(const std::vector<Pending>& docs, const std::vector<std::string>& gone) {
  std::vector<pg::Statement> out;
  for (const std::string& id : gone) {
    out.push_back(Stmt("DELETE FROM knowledge_chunks WHERE document_id = $1", id));
    out.push_back(Stmt("DELETE FROM knowledge_documents WHERE document_id = $1", id));
  }
  for (const Pending& p : docs) {
    out.push_back(Stmt("DELETE FROM knowledge_chunks WHERE document_id = $1", p.doc.id));
    pg::Params params;
    params.Text(p.doc.id).Text(p.hash).Text(p.doc.doc_type).Text(p.doc.title).Text(p.source).Text(MetadataJson(p.doc));
    out.emplace_back(
        "INSERT INTO knowledge_documents (document_id, content_hash, doc_type, title, source, metadata) "
        "VALUES ($1, $2, $3, $4, $5, $6::jsonb) ON CONFLICT (document_id) DO UPDATE SET "
        "content_hash = excluded.content_hash, doc_type = excluded.doc_type, title = excluded.title, "
        "source = excluded.source, metadata = excluded.metadata, updated_at = now()",
        std::move(params));
  }
  return out;
}

// Streams every pending chunk into the COPY, a chunk of rows per call.
pg::CopyFill ChunkRows(const std::vector<Pending>& docs) {
  struct Cursor {
    std::size_t doc = 0, chunk = 0;
    std::vector<std::string> metadata;
  };
  auto cursor = std::make_shared<Cursor>();
  for (const Pending& p : docs) cursor->metadata.push_back(MetadataJson(p.doc));
  return [&docs, cursor](pg::CopyWriter& w) {
    Cursor& c = *cursor;
    while (c.doc < docs.size() && w.size() < pg::kCopyChunkBytes) {
      const Pending& p = docs[c.doc];
      if (c.chunk >= p.chunks.size()) {
        ++c.doc;
        c.chunk = 0;
        continue;
      }
      const Chunk& ch = p.chunks[c.chunk];
      w.Row(7).Text(p.doc.id).Int4(ch.index);
      if (ch.heading.empty()) w.Null(); else w.Text(ch.heading);
      w.Text(ch.text).Vector(p.vectors[c.chunk]).Jsonb(c.metadata[c.doc]).Text(net::Sha256Hex(ch.text));
      ++c.chunk;
    }
    return c.doc < docs.size();
  };
}

asio::awaitable<core::Status> Write(pg::Connection& conn, const std::vector<Pending>& docs,
                                    const std::vector<std::string>& gone, IngestReport& report) {
  std::vector<pg::Statement> statements;
  statements.emplace_back("BEGIN");
  for (pg::Statement& s : DocumentStatements(docs, gone)) statements.push_back(std::move(s));
  auto piped = co_await conn.Pipeline(std::move(statements));
  if (!piped) {
    (void)co_await conn.Query("ROLLBACK");  // so the advisory unlock after us can run
    co_return piped.error();
  }
  const auto& results = *piped;
  for (std::size_t i = 0; i < gone.size(); ++i) report.chunks_deleted += results[1 + 2 * i].affected();
  for (std::size_t i = 0; i < docs.size(); ++i) report.chunks_deleted += results[1 + 2 * gone.size() + 2 * i].affected();
  auto copied = co_await conn.CopyIn(
      "COPY knowledge_chunks (document_id, chunk_index, heading, text, embedding, metadata, content_hash) "
      "FROM STDIN (FORMAT binary)",
      ChunkRows(docs));
  if (!copied) {
    (void)co_await conn.Query("ROLLBACK");
    co_return copied.error();
  }
  report.chunks_written = *copied;
  CONTRAIL_CO_TRY(auto commit, co_await conn.Query("COMMIT"));
  (void)commit;
  co_return core::Ok();
}

// A document id already stored under another source is an error: ingesting it here would take
// it from that source without its owner knowing.
core::Status CheckOwnership(const std::vector<Pending>& docs, const StoredMap& stored) {
  for (const Pending& p : docs) {
    auto it = stored.find(p.doc.id);
    if (it != stored.end() && it->second.source != p.source) {
      return core::Error(core::Code::kConflict,
                         p.doc.id + ": this document belongs to source '" + it->second.source + "', not '" +
                             p.source + "'; remove it from '" + it->second.source + "' first to move it");
    }
  }
  return core::Ok();
}

// The stored documents of `sources` that are not among `docs`, after asking about large prunes.
core::Result<std::vector<std::string>> Gone(const std::vector<Pending>& docs, const std::set<std::string>& sources,
                                            const StoredMap& stored, const IngestOptions& o) {
  std::vector<std::string> gone;
  if (!o.prune) return gone;
  std::set<std::string, std::less<>> present;
  for (const Pending& p : docs) present.insert(p.doc.id);
  for (const std::string& source : sources) {
    LargePrune prune{source, 0, 0};
    std::vector<std::string> source_gone;
    for (const auto& [id, row] : stored) {
      if (row.source != source) continue;
      ++prune.stored;
      if (!present.contains(id)) source_gone.push_back(id);
    }
    prune.deleting = static_cast<int>(source_gone.size());
    if (prune.deleting * 2 > prune.stored) {
      if (!o.confirm_large_prune) {
        return core::Error(core::Code::kConflict, "pruning would delete " + std::to_string(prune.deleting) + " of " +
                                                      std::to_string(prune.stored) + " documents of source '" +
                                                      source + "' and it was not confirmed");
      }
      CONTRAIL_TRY_STATUS(o.confirm_large_prune(prune));
    }
    gone.insert(gone.end(), source_gone.begin(), source_gone.end());
  }
  return gone;
}

asio::awaitable<core::Result<StoredMap>> ReadStored(pg::Connection& conn) {
  pg::Statement sql("SELECT document_id, content_hash, source FROM knowledge_documents");
  CONTRAIL_CO_TRY(auto rows, co_await conn.Execute(std::move(sql)));
  StoredMap stored;
  for (int r = 0; r < rows.size(); ++r) {
    stored.emplace(rows.text(r, 0), Stored{std::string(rows.text(r, 1)), std::string(rows.text(r, 2))});
  }
  co_return stored;
}

// Everything after the parse, under the advisory lock. Every check comes before the first write.
asio::awaitable<core::Status> IngestLocked(pg::Connection& conn, embed::Embedder& embedder, std::vector<Pending> docs,
                                           const std::set<std::string>& sources, const IngestOptions& o,
                                           IngestReport& report) {
  CONTRAIL_CO_TRY(StoredMap stored, co_await ReadStored(conn));
  CONTRAIL_CO_TRY_STATUS(CheckOwnership(docs, stored));
  CONTRAIL_CO_TRY(std::vector<std::string> gone, Gone(docs, sources, stored, o));
  report.deleted = static_cast<int>(gone.size());
  report.changed_documents = gone;
  std::vector<Pending> changed;
  for (Pending& p : docs) {
    auto it = stored.find(p.doc.id);
    if (it != stored.end() && it->second.hash == p.hash) {
      ++report.unchanged;
      continue;
    }
    ++(it == stored.end() ? report.added : report.updated);
    if (it != stored.end()) report.changed_documents.push_back(p.doc.id);
    p.chunks = ChunkDocument(p.doc, o.chunking);
    changed.push_back(std::move(p));
  }
  if (changed.empty() && gone.empty()) co_return core::Ok();
  auto embed_started = Clock::now();
  CONTRAIL_CO_TRY_STATUS(co_await EmbedAll(embedder, changed, o));
  report.embed_seconds = Since(embed_started);
  co_return co_await Write(conn, changed, gone, report);
}

// Every file of every source parsed, or the first file that does not; ids unique across sources.
core::Result<std::vector<Pending>> ParseAll(std::vector<Source>& sources, const embed::Embedder& embedder,
                                            const ChunkOptions& chunking) {
  std::vector<Pending> docs;
  std::map<std::string, std::string, std::less<>> path_of;  // id → the first file with it
  for (Source& source : sources) {
    for (SourceFile& f : source.files) {
      if (auto [it, fresh] = path_of.emplace(f.id, f.path); !fresh) {
        return core::InvalidArgument(f.id + ": two files have this document id (" + it->second + ", " + f.path + ")");
      }
      CONTRAIL_TRY(Document doc, ParseDocument(f.id, f.content, f.parse));
      std::string hash = DocumentHash(f, doc, embedder, chunking);
      docs.push_back({std::move(doc), source.name, std::move(hash), {}, {}});
    }
  }
  return docs;
}

}  // namespace

asio::awaitable<core::Result<IngestReport>> Ingest(pg::Connection& conn, embed::Embedder& embedder,
                                                  std::vector<Source> sources, IngestOptions options) {
  auto started = Clock::now();
  IngestReport report;
  std::set<std::string> names;
  for (const Source& s : sources) {
    if (!IsSourceName(s.name)) co_return core::InvalidArgument("'" + s.name + "' is not a source name");
    names.insert(s.name);
    report.files += static_cast<int>(s.files.size());
  }
  CONTRAIL_CO_TRY(std::vector<Pending> docs, ParseAll(sources, embedder, options.chunking));
  // Serialises concurrent ingests (two instances starting at once): the second waits, then finds
  // the hashes the first wrote.
  CONTRAIL_CO_TRY(auto locked, co_await conn.Query("SELECT pg_advisory_lock(hashtext('contrail.knowledge.ingest'))"));
  (void)locked;
  core::Status st = co_await IngestLocked(conn, embedder, std::move(docs), names, options, report);
  auto unlocked = co_await conn.Query("SELECT pg_advisory_unlock(hashtext('contrail.knowledge.ingest'))");
  if (!st) co_return std::move(st).error();
  if (!unlocked) co_return std::move(unlocked).error();
  report.seconds = Since(started);
  co_return report;
}

}  // namespace contrail::knowledge
