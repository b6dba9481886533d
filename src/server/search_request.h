#pragma once
// POST /v1/search: parsing the request body into a knowledge::SearchQuery and writing the
// response body.
//
//   {"query": "where can I surf and party?", "k": 5, "mode": "hybrid",
//    "filters": {"doc_type": "guide", "destination": "MIA", "valid_on": "2027-03-01"}}
//   → {"object":"list","mode":"hybrid","data":[{"document_id","chunk_id","heading","title","text",
//      "score","metadata":{…}}, …]}

#include <string>
#include <vector>

#include "core/result.h"
#include "knowledge/search.h"

namespace contrail::server {

// kInvalidArgument, with param naming the field ("k", "filters.valid_on"), for a body that is not
// a JSON object, an unknown field or filter, a value of the wrong type (k not an integer, a filter
// not a string), an unknown mode, and everything knowledge::ValidateSearchQuery rejects. A
// missing k is `default_k`; a missing mode is hybrid; a null filter is no filter.
core::Result<knowledge::SearchQuery> ParseSearchRequest(const std::string& body, int default_k);

std::string SearchResponseJson(const std::vector<knowledge::SearchHit>& hits, knowledge::SearchMode mode);

}  // namespace contrail::server
