#pragma once
// Where knowledge documents come from: the files of a folder, and the source they are ingested as.
// Every stored document belongs to one source (knowledge_documents.source); an ingest brings the
// sources it names in line with their files and leaves every other source alone. By default a
// folder is a source named after the folder, and its files' default doc_type is that name too.
//
//   CONTRAIL_TRY(Source s, ReadSource("/srv/docs/field_notes", {}));  // source "field_notes"
//   CONTRAIL_TRY(Source t, ReadSource("data/knowledge", {.source = "shipped", .doc_type = "faq"}));
//
// Blocking file I/O: call these off the I/O threads.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "knowledge/document.h"

namespace contrail::knowledge {

struct SourceFile {
  std::string id;       // path relative to the folder, '/'-separated: the document id
  std::string path;     // where it was read from, for messages
  std::string content;  // the file's bytes
  ParseOptions parse;   // what the file does not say (its folder's default doc_type)
};

// A source and the files it consists of now; the scope of an ingest's pruning.
struct Source {
  std::string name;  // IsSourceName
  std::vector<SourceFile> files;
};

// [A-Za-z0-9_.-]{1,64}: a source name, safe in a message and a shell.
bool IsSourceName(std::string_view name);

// The last component of `folder` made absolute and normal ("data/knowledge/" → "knowledge",
// "." → the working directory's name).
std::string FolderName(const std::string& folder);

// Every .md/.markdown/.html/.htm/.txt file under `folder` (recursively, hidden entries skipped),
// sorted by id, each with `parse`. kInvalidArgument when `folder` is not a readable directory.
core::Result<std::vector<SourceFile>> ReadKnowledgeFolder(const std::string& folder,
                                                         const ParseOptions& parse = {});

// What `contrail ingest` makes of a folder when its flags leave something out.
struct FolderOptions {
  std::string source = "";    // "" = FolderName(folder)
  std::string doc_type = "";  // "" = DocTypeFromName(FolderName(folder)), else "document"
};

// The files of `folder` as one source. kInvalidArgument when the source name (given, or the
// folder's own name) is not IsSourceName, saying to pass one; when options.doc_type is given and
// not IsDocType; or as ReadKnowledgeFolder.
core::Result<Source> ReadSource(const std::string& folder, const FolderOptions& options);

}  // namespace contrail::knowledge
