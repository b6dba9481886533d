#pragma once
// The HTTP request and response as the server's handlers see them: plain structs without Beast
// types, so handlers (server/) compile without Beast headers and can be tested without a socket.

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace contrail::net {

using Header = std::pair<std::string, std::string>;

struct HttpRequest {
  std::string method;               // "GET", "POST", …
  std::string target;               // path and query as received: "/v1/x?user=a"
  std::vector<Header> headers;      // names lower-cased, in arrival order
  std::string body;
  std::string request_id;           // X-Request-Id: the client's if well-formed, else generated
  int worker = 0;                   // index of the I/O thread serving this request

  std::string_view path() const;    // target without the query
  std::string_view query() const;   // after '?', or empty
  // The first header named `name` (lower-case), or nullptr.
  const std::string* header(std::string_view name) const;
  // The one header named `name` (lower-case), or nullptr when there is none. kInvalidArgument
  // (naming the header) when it is given more than once: which one would count is ambiguous.
  core::Result<const std::string*> SingleHeader(std::string_view name) const;
  // The decoded value of query parameter `name` ("" for `?name` alone), or nullopt when absent.
  // kInvalidArgument (naming the parameter) when it is badly escaped or given more than once.
  core::Result<std::optional<std::string>> QueryParam(std::string_view name) const;
};

// Receives the body of a streamed (chunked) response, e.g. SSE events.
class ResponseStream {
 public:
  virtual ~ResponseStream() = default;
  // Sends `data` as one chunk. Error kUnavailable when the client went away.
  virtual boost::asio::awaitable<core::Status> Write(std::string_view data) = 0;
};

// One Server-Timing stage: name and duration in milliseconds.
struct TimingStage {
  const char* name;
  double ms;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<Header> headers;      // extra headers (X-Degraded, Allow, …)
  std::string body;
  std::vector<TimingStage> timings; // Server-Timing stages; the server adds `total`
  // Why an error response was sent, when the body hides it (a database's error text): for the
  // log line of the request, never sent.
  std::string log_detail;
  // When set, the body is produced by this function (chunked transfer encoding) and `body` is
  // ignored. The status line and headers go out with the first Write(), so a function that fails
  // before writing anything may return a complete response instead (e.g. a 502), which is sent
  // as is. It runs on the request's I/O thread while the request is alive.
  std::function<boost::asio::awaitable<std::optional<HttpResponse>>(ResponseStream&)> stream;
};

// Percent-decodes a URL component ('+' is a space in a query). False on a malformed escape.
bool UrlDecode(std::string_view in, std::string& out);

}  // namespace contrail::net
