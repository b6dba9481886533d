#pragma once
// An HTTP/1.1 client for talking to model providers and for `contrail chat`: plain or TLS
// (verified against the system CA store), a deadline over the whole exchange, and streamed
// bodies for SSE.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "net/http_message.h"

namespace contrail::net {

struct HttpClientRequest {
  std::string method = "POST";
  std::string url;                  // http://host:port/path or https://…
  std::vector<Header> headers;      // Host, Content-Length and User-Agent are added
  std::string body;
  std::chrono::milliseconds connect_timeout{3'000};
  std::chrono::milliseconds timeout{60'000};  // from start to the last body byte
};

struct HttpClientResponse {
  int status = 0;
  std::vector<Header> headers;      // names lower-cased
  std::string body;                 // empty when the body was streamed to a callback

  const std::string* header(std::string_view name) const;
};

// Receives body bytes of a 2xx response as they arrive. An error aborts the exchange and is
// returned by Fetch.
using BodyCallback = std::function<boost::asio::awaitable<core::Status>(std::string_view)>;

// Performs one request on a new connection. With `on_body`, a 2xx body is passed to it piece by
// piece instead of being collected; other statuses are always collected into `body` (they carry
// the provider's error). Errors: kInvalidArgument (bad URL), kUnavailable (resolve, connect, TLS
// or connection failure), kTimeout (the deadline passed).
boost::asio::awaitable<core::Result<HttpClientResponse>> Fetch(const HttpClientRequest& request,
                                                               BodyCallback on_body = {});

// The error for a provider's non-2xx answer: kRateLimited for 429, kUpstream otherwise; retryable
// for 408, 429 and 5xx; retry_after_ms from a Retry-After header (seconds or an HTTP date).
// `who` names the provider in the message ("Anthropic"); `detail` is the provider's own message.
core::Error HttpStatusError(std::string_view who, const HttpClientResponse& response, std::string_view detail);

// The error for a failed exchange (Fetch's error): kUpstream (502, retryable) when the provider
// could not be reached or dropped the connection, kTimeout (504, not retried: the deadline is spent)
// when it did not answer within `timeout`. (503 is kept for calls contrail itself refuses: an open
// circuit, the concurrency limit, a provider that throttled every attempt.)
core::Error FetchError(std::string_view who, const core::Error& error, std::chrono::milliseconds timeout);

}  // namespace contrail::net
