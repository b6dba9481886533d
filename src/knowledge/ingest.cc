#include "knowledge/ingest.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/progress.h"
#include "knowledge/document.h"
#include "net/sha256.h"
#include "pg/connection.h"

namespace contrail::knowledge {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Part of every document hash: bump it when parsing or chunking changes what a file produces, so
// the next ingest redoes every document.
constexpr const char* kChunkerVersion = "chunker-1";

// A document to (re)write, with its chunks and their vectors.
struct Pending {
  Document doc;
  std::string path;
  std::string hash;
  bool is_new = false;
  std::vector<Chunk> chunks;
  std::vector<embed::Vector> vectors;
};

std::string DocumentHash(const SourceFile& f, const embed::Embedder& e, const ChunkOptions& o) {
  std::string key = std::string(kChunkerVersion) + "\n" + e.model() + ":" + std::to_string(e.dimensions()) + "\n" +
                    std::to_string(o.max_chars) + "/" + std::to_string(o.overlap_chars) + "\n";
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
    params.Text(p.doc.id).Text(p.hash).Text(p.doc.doc_type).Text(p.doc.title).Text(p.path).Text(MetadataJson(p.doc));
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
  CONTRAIL_CO_TRY(auto results, co_await conn.Pipeline(std::move(statements)));
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

// Everything after the parse, under the advisory lock.
asio::awaitable<core::Status> IngestLocked(pg::Connection& conn, embed::Embedder& embedder,
                                           std::vector<Pending> docs, const IngestOptions& o, IngestReport& report) {
  pg::Statement stored_sql("SELECT document_id, content_hash FROM knowledge_documents");
  CONTRAIL_CO_TRY(auto stored_rows, co_await conn.Execute(std::move(stored_sql)));
  std::map<std::string, std::string, std::less<>> stored;
  for (int r = 0; r < stored_rows.size(); ++r) stored.emplace(stored_rows.text(r, 0), stored_rows.text(r, 1));
  std::set<std::string, std::less<>> present;
  std::vector<Pending> changed;
  for (Pending& p : docs) {
    present.insert(p.doc.id);
    auto it = stored.find(p.doc.id);
    if (it != stored.end() && it->second == p.hash) {
      ++report.unchanged;
      continue;
    }
    p.is_new = it == stored.end();
    ++(p.is_new ? report.added : report.updated);
    p.chunks = ChunkDocument(p.doc, o.chunking);
    changed.push_back(std::move(p));
  }
  std::vector<std::string> gone;
  if (o.prune) {
    for (const auto& [id, hash] : stored) {
      if (!present.contains(id)) gone.push_back(id);
    }
  }
  report.deleted = static_cast<int>(gone.size());
  if (changed.empty() && gone.empty()) co_return core::Ok();
  auto embed_started = Clock::now();
  CONTRAIL_CO_TRY_STATUS(co_await EmbedAll(embedder, changed, o));
  report.embed_seconds = Since(embed_started);
  co_return co_await Write(conn, changed, gone, report);
}

}  // namespace

core::Result<std::vector<SourceFile>> ReadKnowledgeFolder(const std::string& folder) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) return core::InvalidArgument(folder + ": not a directory");
  std::vector<SourceFile> out;
  fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec), end;
  if (ec) return core::InvalidArgument(folder + ": " + ec.message());
  for (; it != end; it.increment(ec)) {
    if (ec) return core::InvalidArgument(folder + ": " + ec.message());
    const fs::path& path = it->path();
    if (path.filename().string().starts_with('.')) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    std::string id = path.lexically_relative(folder).generic_string();
    if (!it->is_regular_file() || !FormatForPath(id)) continue;
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    if (!in) return core::InvalidArgument(path.string() + ": cannot read");
    out.push_back({std::move(id), fs::absolute(path).lexically_normal().string(), std::move(content).str()});
  }
  std::sort(out.begin(), out.end(), [](const SourceFile& a, const SourceFile& b) { return a.id < b.id; });
  return out;
}

asio::awaitable<core::Result<IngestReport>> Ingest(pg::Connection& conn, embed::Embedder& embedder,
                                                  std::vector<SourceFile> files, IngestOptions options) {
  auto started = Clock::now();
  IngestReport report;
  report.files = static_cast<int>(files.size());
  std::vector<Pending> docs;
  std::set<std::string, std::less<>> ids;
  for (SourceFile& f : files) {
    if (!ids.insert(f.id).second) co_return core::InvalidArgument(f.id + ": two files have this document id");
  }
  for (SourceFile& f : files) {
    CONTRAIL_CO_TRY(Document doc, ParseDocument(f.id, f.content));
    std::string hash = DocumentHash(f, embedder, options.chunking);
    docs.push_back({std::move(doc), std::move(f.path), std::move(hash), false, {}, {}});
  }
  // Serialises concurrent ingests (two instances starting at once): the second waits, then finds
  // the hashes the first wrote.
  CONTRAIL_CO_TRY(auto locked, co_await conn.Query("SELECT pg_advisory_lock(hashtext('contrail.knowledge.ingest'))"));
  (void)locked;
  core::Status st = co_await IngestLocked(conn, embedder, std::move(docs), options, report);
  auto unlocked = co_await conn.Query("SELECT pg_advisory_unlock(hashtext('contrail.knowledge.ingest'))");
  if (!st) co_return std::move(st).error();
  if (!unlocked) co_return std::move(unlocked).error();
  report.seconds = Since(started);
  co_return report;
}

}  // namespace contrail::knowledge
