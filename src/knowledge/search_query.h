#pragma once
// What a knowledge search asks for (the text, k, the mode and the metadata filters) and the checks
// every query passes before it reaches SQL. Plain values and pure functions, apart from the search
// itself (search.h), so the request parsing at the edge links them without PostgreSQL.

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace contrail::knowledge {

// All optional; absent = no restriction. Dates are ISO "YYYY-MM-DD".
struct SearchFilters {
  std::optional<std::string> doc_type;     // exact (lower case): policy, guide, promotion, faq
  std::optional<std::string> destination;  // a code the document lists ("HNL"), case-insensitive
  // Documents whose validity window contains this day (documents without a window always match).
  std::optional<std::string> valid_on;
  // Documents valid at some time in [valid_from, valid_to]: valid_from keeps those that have not
  // ended before it, valid_to those that have not started after it (open windows match).
  std::optional<std::string> valid_from, valid_to;
};

enum class SearchMode { kVector, kText, kHybrid };

struct SearchQuery {
  std::string text;
  // The words the full-text half matches, space-separated; "" = the content words of `text`
  // (TextSearchWords, query_terms.h). CorpusStats::DistinctiveWords drops the ones most chunks hold.
  std::string text_words;
  int k = 5;
  SearchMode mode = SearchMode::kHybrid;
  SearchFilters filters;
};

inline constexpr int kMaxSearchK = 100;
inline constexpr std::size_t kMaxQueryBytes = 4'096;

// "vector" | "text" | "hybrid" → the mode; nullopt for anything else.
std::optional<SearchMode> ParseSearchMode(std::string_view name);
const char* SearchModeName(SearchMode mode);

// kInvalidArgument (param names the field, e.g. "filters.valid_on") for an empty or blank query,
// one over kMaxQueryBytes, k outside 1..kMaxSearchK, a date that is not a real YYYY-MM-DD,
// valid_from after valid_to, or an empty/overlong doc_type or destination.
core::Status ValidateSearchQuery(const SearchQuery& query);

}  // namespace contrail::knowledge
