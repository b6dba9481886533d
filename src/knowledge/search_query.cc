#include "knowledge/search_query.h"

#include "knowledge/document.h"
#include "knowledge/text_util.h"

namespace contrail::knowledge {
namespace {

// Filter strings: short, printable, non-blank (they become parameters, never SQL text, but a
// 10 MB "destination" is still a bad request).
core::Status CheckName(const std::optional<std::string>& value, const char* param) {
  if (!value) return core::Ok();
  if (Trim(*value).empty()) return core::InvalidArgument(std::string(param) + " must not be empty", param);
  if (value->size() > 64) return core::InvalidArgument(std::string(param) + " is longer than 64 bytes", param);
  return core::Ok();
}

core::Status CheckDate(const std::optional<std::string>& value, const char* param) {
  if (value && !IsIsoDate(*value)) {
    return core::InvalidArgument(std::string(param) + " must be a date YYYY-MM-DD, got '" + value->substr(0, 40) + "'",
                                 param);
  }
  return core::Ok();
}

}  // namespace

std::optional<SearchMode> ParseSearchMode(std::string_view name) {
  if (name == "vector") return SearchMode::kVector;
  if (name == "text") return SearchMode::kText;
  if (name == "hybrid") return SearchMode::kHybrid;
  return std::nullopt;
}

const char* SearchModeName(SearchMode mode) {
  switch (mode) {
    case SearchMode::kVector:
      return "vector";
    case SearchMode::kText:
      return "text";
    case SearchMode::kHybrid:
      return "hybrid";
  }
  return "hybrid";
}

core::Status ValidateSearchQuery(const SearchQuery& q) {
  if (Trim(q.text).empty()) return core::InvalidArgument("query must be a non-empty string", "query");
  if (q.text.size() > kMaxQueryBytes) {
    return core::InvalidArgument("query is longer than " + std::to_string(kMaxQueryBytes) + " bytes", "query");
  }
  if (q.k < 1 || q.k > kMaxSearchK) {
    return core::InvalidArgument("k must be between 1 and " + std::to_string(kMaxSearchK), "k");
  }
  const SearchFilters& f = q.filters;
  CONTRAIL_TRY_STATUS(CheckName(f.doc_type, "filters.doc_type"));
  CONTRAIL_TRY_STATUS(CheckName(f.destination, "filters.destination"));
  CONTRAIL_TRY_STATUS(CheckDate(f.valid_on, "filters.valid_on"));
  CONTRAIL_TRY_STATUS(CheckDate(f.valid_from, "filters.valid_from"));
  CONTRAIL_TRY_STATUS(CheckDate(f.valid_to, "filters.valid_to"));
  if (f.valid_from && f.valid_to && *f.valid_from > *f.valid_to) {
    return core::InvalidArgument("filters.valid_from is after filters.valid_to", "filters.valid_from");
  }
  return core::Ok();
}

}  // namespace contrail::knowledge
