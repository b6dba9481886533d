#include "core/error.h"

namespace contrail::core {

WireError Describe(Code code) {
  switch (code) {
    case Code::kInvalidArgument: return {400, "invalid_request_error", "invalid_value"};
    case Code::kMalformedRequest: return {400, "invalid_request_error", "bad_request"};
    case Code::kUnauthorized: return {401, "authentication_error", "invalid_api_key"};
    case Code::kForbidden: return {403, "permission_error", "permission_denied"};
    case Code::kNotFound: return {404, "invalid_request_error", "not_found"};
    case Code::kModelNotFound: return {404, "invalid_request_error", "model_not_found"};
    case Code::kMethodNotAllowed: return {405, "invalid_request_error", "method_not_allowed"};
    case Code::kConflict: return {409, "invalid_request_error", "conflict"};
    case Code::kPayloadTooLarge: return {413, "invalid_request_error", "payload_too_large"};
    case Code::kHeadersTooLarge: return {431, "invalid_request_error", "headers_too_large"};
    case Code::kUnsupportedMediaType:
      return {415, "invalid_request_error", "unsupported_media_type"};
    case Code::kRateLimited: return {429, "rate_limit_error", "rate_limit_exceeded"};
    case Code::kQuotaExceeded: return {429, "insufficient_quota", "insufficient_quota"};
    case Code::kInternal: return {500, "server_error", "internal_error"};
    case Code::kUpstream: return {502, "upstream_error", "bad_gateway"};
    case Code::kUnavailable: return {503, "server_error", "service_unavailable"};
    case Code::kTimeout: return {504, "timeout_error", "gateway_timeout"};
  }
  return {500, "server_error", "internal_error"};
}

std::string ClientMessage(const Error& error) {
  if (error.backend == Backend::kNone) return error.message;
  const std::string store = error.backend == Backend::kPostgres ? "the database" : "the session store";
  switch (error.code) {
    case Code::kUnavailable: return store + " is unavailable";
    case Code::kTimeout: return store + " did not answer in time";
    default: return store + " could not complete the request";
  }
}

const char* CodeName(Code code) {
  switch (code) {
    case Code::kInvalidArgument: return "invalid_argument";
    case Code::kMalformedRequest: return "malformed_request";
    case Code::kUnauthorized: return "unauthorized";
    case Code::kForbidden: return "forbidden";
    case Code::kNotFound: return "not_found";
    case Code::kModelNotFound: return "model_not_found";
    case Code::kMethodNotAllowed: return "method_not_allowed";
    case Code::kConflict: return "conflict";
    case Code::kPayloadTooLarge: return "payload_too_large";
    case Code::kHeadersTooLarge: return "headers_too_large";
    case Code::kUnsupportedMediaType: return "unsupported_media_type";
    case Code::kRateLimited: return "rate_limited";
    case Code::kQuotaExceeded: return "quota_exceeded";
    case Code::kInternal: return "internal";
    case Code::kUpstream: return "upstream";
    case Code::kUnavailable: return "unavailable";
    case Code::kTimeout: return "timeout";
  }
  return "internal";
}

}  // namespace contrail::core
