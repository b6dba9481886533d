#include "knowledge/source.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace contrail::knowledge {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxSourceNameChars = 64;

}  // namespace

bool IsSourceName(std::string_view name) {
  return !name.empty() && name.size() <= kMaxSourceNameChars && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-';
  });
}

std::string FolderName(const std::string& folder) {
  fs::path path = fs::absolute(folder).lexically_normal();
  // "data/knowledge/" normalises to "…/knowledge/", whose filename() is empty.
  if (!path.has_filename()) path = path.parent_path();
  return path.filename().string();
}

core::Result<std::vector<SourceFile>> ReadKnowledgeFolder(const std::string& folder, const ParseOptions& parse) {
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
    out.push_back({std::move(id), fs::absolute(path).lexically_normal().string(), std::move(content).str(), parse});
  }
  std::sort(out.begin(), out.end(), [](const SourceFile& a, const SourceFile& b) { return a.id < b.id; });
  return out;
}

core::Result<Source> ReadSource(const std::string& folder, const FolderOptions& options) {
  const std::string folder_name = FolderName(folder);
  Source source;
  source.name = options.source.empty() ? folder_name : options.source;
  if (!IsSourceName(source.name)) {
    return core::InvalidArgument(
        folder + ": '" + source.name + "' is not a source name ([A-Za-z0-9_.-], 1 to 64 characters)" +
        (options.source.empty() ? "; name the folder's source with --source" : ""));
  }
  ParseOptions parse;
  if (!options.doc_type.empty()) {
    if (!IsDocType(options.doc_type)) {
      return core::InvalidArgument("'" + options.doc_type + "' is not a doc_type ([a-z_-], 1 to 32 characters)");
    }
    parse.default_doc_type = options.doc_type;
  } else if (std::string from_name = DocTypeFromName(folder_name); !from_name.empty()) {
    parse.default_doc_type = std::move(from_name);
  }
  CONTRAIL_TRY(source.files, ReadKnowledgeFolder(folder, parse));
  return source;
}

}  // namespace contrail::knowledge
