#include "server/search_request.h"

#include <boost/json.hpp>

namespace contrail::server {

namespace json = boost::json;
using core::InvalidArgument;

namespace {

core::Status ReadK(const json::value& v, int& k) {
  std::int64_t n = 0;
  if (v.is_int64()) {
    n = v.get_int64();
  } else if (v.is_uint64()) {
    n = v.get_uint64() > 1'000'000 ? 1'000'000 : static_cast<std::int64_t>(v.get_uint64());
  } else {
    return InvalidArgument("k must be an integer between 1 and " + std::to_string(knowledge::kMaxSearchK), "k");
  }
  if (n < 1 || n > knowledge::kMaxSearchK) {
    return InvalidArgument("k must be between 1 and " + std::to_string(knowledge::kMaxSearchK), "k");
  }
  k = static_cast<int>(n);
  return core::Ok();
}

core::Status ReadFilters(const json::value& v, knowledge::SearchFilters& f) {
  if (v.is_null()) return core::Ok();
  if (!v.is_object()) return InvalidArgument("filters must be an object", "filters");
  for (const auto& [key, value] : v.get_object()) {
    std::string param = "filters." + std::string(key);
    std::optional<std::string>* slot = key == "doc_type"      ? &f.doc_type
                                       : key == "destination" ? &f.destination
                                       : key == "valid_on"    ? &f.valid_on
                                       : key == "valid_from"  ? &f.valid_from
                                       : key == "valid_to"    ? &f.valid_to
                                                              : nullptr;
    if (slot == nullptr) {
      return InvalidArgument(param.substr(0, 80) +
                                 " is not a filter (doc_type, destination, valid_on, valid_from, valid_to)",
                             "filters");
    }
    if (value.is_null()) continue;
    if (!value.is_string()) return InvalidArgument(param + " must be a string", param);
    *slot = std::string(value.get_string());
  }
  return core::Ok();
}

}  // namespace

core::Result<knowledge::SearchQuery> ParseSearchRequest(const std::string& body, int default_k) {
  json::error_code ec;
  json::value root = json::parse(body, ec);
  if (ec) return InvalidArgument("the body is not valid JSON: " + ec.message());
  if (!root.is_object()) return InvalidArgument("the body must be a JSON object");
  knowledge::SearchQuery q;
  q.k = default_k;
  bool has_query = false;
  for (const auto& [key, value] : root.get_object()) {
    if (key == "query") {
      if (!value.is_string()) return InvalidArgument("query must be a string", "query");
      q.text = std::string(value.get_string());
      has_query = true;
    } else if (key == "k") {
      CONTRAIL_TRY_STATUS(ReadK(value, q.k));
    } else if (key == "mode") {
      auto mode = value.is_string() ? knowledge::ParseSearchMode(value.get_string()) : std::nullopt;
      if (!mode) return InvalidArgument("mode must be one of vector, text, hybrid", "mode");
      q.mode = *mode;
    } else if (key == "filters") {
      CONTRAIL_TRY_STATUS(ReadFilters(value, q.filters));
    } else {
      return InvalidArgument("unknown field " + std::string(key).substr(0, 80) +
                                 " (expected query, k, mode, filters)",
                             std::string(key).substr(0, 80));
    }
  }
  if (!has_query) return InvalidArgument("query is required", "query");
  CONTRAIL_TRY_STATUS(knowledge::ValidateSearchQuery(q));
  return q;
}

std::string SearchResponseJson(const std::vector<knowledge::SearchHit>& hits, knowledge::SearchMode mode) {
  json::array data;
  data.reserve(hits.size());
  for (const knowledge::SearchHit& h : hits) {
    json::object o;
    o["document_id"] = h.document_id;
    o["chunk_id"] = h.chunk_id;
    o["heading"] = h.heading;
    o["title"] = h.title;
    o["text"] = h.text;
    o["score"] = h.score;
    json::error_code ec;
    json::value metadata = json::parse(h.metadata_json, ec);
    o["metadata"] = ec ? json::value(json::object()) : std::move(metadata);
    data.push_back(std::move(o));
  }
  json::object out;
  out["object"] = "list";
  out["mode"] = knowledge::SearchModeName(mode);
  out["data"] = std::move(data);
  return json::serialize(out);
}

}  // namespace contrail::server
