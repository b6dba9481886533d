#pragma once
// An error as a value: a code that says what kind of failure it is, and a message for a person.
// Components return Errors inside Result<T>; only the edges (server/, mcp/) turn them into wire
// errors, through the one table in error.cc.

#include <string>
#include <utility>

namespace contrail::core {

enum class Code {
  kInvalidArgument,       // a value in the request is missing, of the wrong type or out of range (400)
  kMalformedRequest,      // the request is not valid HTTP (400)
  kUnauthorized,          // missing or bad credentials (401)
  kForbidden,             // the credentials are good but do not allow this (403)
  kNotFound,              // the named thing does not exist (404)
  kModelNotFound,         // the request names a model that is not configured (404)
  kMethodNotAllowed,      // the path exists, the method does not (405)
  kConflict,              // the request contradicts itself or the stored state (409)
  kPayloadTooLarge,       // body over the configured limit (413)
  kHeadersTooLarge,       // request line and headers over the configured limit (431)
  kUnsupportedMediaType,  // wrong Content-Type (415)
  kRateLimited,           // too many requests (429)
  kQuotaExceeded,         // an allowance is used up: a daily token quota, a session cap (429)
  kInternal,              // a broken invariant in contrail itself (500)
  kUpstream,              // a backend answered with an error (502)
  kUnavailable,           // a backend cannot be reached (503)
  kTimeout,               // a backend did not answer in time (504)
};

// One of contrail's own stores, when an error comes from it. Their messages are for operators
// (libpq's text names the host, port, user and database; Valkey's the address): a client is shown
// ClientMessage() instead, and the message goes to the log.
enum class Backend { kNone, kPostgres, kValkey };

struct Error {
  Code code = Code::kInternal;
  std::string message;
  std::string param;  // the request field the error is about, or empty
  // For failures of a remote call: whether trying again may succeed (429, 5xx, throttling, a
  // dropped connection), and how long the remote asked us to wait first (Retry-After), 0 = unsaid.
  bool retryable = false;
  int retry_after_ms = 0;
  Backend backend = Backend::kNone;  // set by pg/ and valkey/ on every error they return

  Error() = default;
  Error(Code c, std::string msg, std::string p = {})
      : code(c), message(std::move(msg)), param(std::move(p)) {}
};

// How an error code appears on the wire: HTTP status, OpenAI error `type` and `code`.
struct WireError {
  int http_status;
  const char* type;  // OpenAI's error.type, e.g. "invalid_request_error"
  const char* code;  // OpenAI's error.code, e.g. "model_not_found"
};
WireError Describe(Code code);

// What a client may read of `error`: its message, or for an error from a backend a generic
// sentence by code ("the database is unavailable", "the session store did not answer in time").
std::string ClientMessage(const Error& error);

// Short name of a code for logs and metrics labels ("invalid_argument").
const char* CodeName(Code code);

inline Error InvalidArgument(std::string msg, std::string param = {}) {
  return {Code::kInvalidArgument, std::move(msg), std::move(param)};
}
inline Error NotFound(std::string msg) { return {Code::kNotFound, std::move(msg)}; }
inline Error Unavailable(std::string msg) { return {Code::kUnavailable, std::move(msg)}; }
inline Error Timeout(std::string msg) { return {Code::kTimeout, std::move(msg)}; }
inline Error Upstream(std::string msg) { return {Code::kUpstream, std::move(msg)}; }
inline Error Internal(std::string msg) { return {Code::kInternal, std::move(msg)}; }

}  // namespace contrail::core
