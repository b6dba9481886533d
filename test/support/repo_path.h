#pragma once
// Files of the source tree a test reads (migrations, data/knowledge, bench/data), found from the
// tree the tests were built from, wherever the test runs.

#include <filesystem>
#include <string_view>

namespace contrail::test {

// CONTRAIL_SOURCE_DIR / relative, e.g. RepoPath("migrations").
inline std::filesystem::path RepoPath(std::string_view relative = {}) {
  return (std::filesystem::path(CONTRAIL_SOURCE_DIR) / relative).lexically_normal();
}

}  // namespace contrail::test
