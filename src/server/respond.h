#pragma once
// Building responses at the HTTP edge: JSON bodies and errors in OpenAI's shape
// {"error":{"message","type","param","code"}}, with the status from core/error.cc's table.

#include <string>

#include "core/error.h"
#include "net/http_message.h"

namespace contrail::server {

net::HttpResponse JsonResponse(int status, std::string body);
// The error's status and body; a 429 or 503 that says when to come back has Retry-After. An error
// from a backend (core::Error::backend) shows its generic ClientMessage, and its message goes to
// `log_detail`, which the router logs with the request id.
net::HttpResponse ErrorResponse(const core::Error& error);
// The error body alone (also used inside an SSE stream): core::ClientMessage, and for a 5xx with
// credentials redacted (net::RedactCredentials).
std::string ErrorJson(const core::Error& error);

// kUnsupportedMediaType unless the request declares application/json (parameters allowed).
core::Status RequireJson(const net::HttpRequest& request);

}  // namespace contrail::server
