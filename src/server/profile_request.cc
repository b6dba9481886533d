#include "server/profile_request.h"

#include <boost/json.hpp>

#include "server/respond.h"

namespace contrail::server {

namespace json = boost::json;
using core::InvalidArgument;

namespace {

// A profile value as stored: strings as they are, numbers as their JSON text. Anything else is
// an error; null is reported through `is_null`.
core::Result<std::string> ProfileValue(const json::value& v, const std::string& field, bool& is_null) {
  is_null = v.is_null();
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_int64() || v.is_uint64() || v.is_double()) return json::serialize(v);
  if (is_null) return std::string();
  return InvalidArgument("profile values must be strings (or numbers); '" + field + "' is not", field);
}

}  // namespace

core::Result<memory::ProfilePatch> ParseProfileRequest(const net::HttpRequest& request, bool allow_null) {
  if (core::Status s = RequireJson(request); !s) return s.error();
  boost::system::error_code ec;
  json::value doc = json::parse(request.body, ec);
  if (ec) return InvalidArgument("request body is not valid JSON: " + ec.message());
  if (!doc.is_object()) return InvalidArgument("a profile is a JSON object of field: \"value\"");
  const json::object& fields = doc.get_object();
  if (fields.size() > memory::kMaxProfileFields) {
    return InvalidArgument("a profile may have at most 64 fields");
  }
  memory::ProfilePatch patch;
  for (const auto& [key, value] : fields) {
    std::string field(key);
    bool is_null = false;
    CONTRAIL_TRY(std::string text, ProfileValue(value, field, is_null));
    if (core::Status s = memory::CheckProfileField(field, text); !s) return s.error();
    if (is_null) {
      if (!allow_null) return InvalidArgument("null is allowed only in PATCH (it deletes a field)", field);
      patch.remove.push_back(field);
    } else {
      patch.set.emplace(std::move(field), std::move(text));
    }
  }
  return patch;
}

}  // namespace contrail::server
