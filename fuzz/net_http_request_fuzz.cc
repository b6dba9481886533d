// Feeds arbitrary bytes to the server's request reading as a client would send them before
// closing: net::ParseHttpRequest (Beast's parser with the server's default header and body limits,
// the session's checks, the message as net::HttpRequest), then the requests pipelined after it.
// Checks: a request takes at least one byte and no more than there are; parsing only the bytes it
// took gives the same request (nothing after it changed it); its header names are lower case and
// header() finds the first of a name; its body is within the limit; path() and query() put back
// together are the target, and QueryParam() decodes what it finds; an error is one the session
// answers with (400, 413 or 431).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "net/http_request_reader.h"
#include "net/http_server.h"

namespace {

using contrail::net::HttpRequest;
using contrail::net::ParsedHttpRequest;

// The limits of a server started with default options (contrail's configuration has the same).
contrail::net::RequestLimits DefaultLimits() {
  const contrail::net::HttpServerOptions options;
  return {options.header_limit, options.body_limit};
}

bool SameRequest(const HttpRequest& a, const HttpRequest& b) {
  return a.method == b.method && a.target == b.target && a.headers == b.headers && a.body == b.body;
}

void CheckRequest(const HttpRequest& request, const contrail::net::RequestLimits& limits) {
  FUZZ_CHECK(!request.method.empty());
  FUZZ_CHECK(request.body.size() <= limits.body_limit);
  for (const auto& [name, value] : request.headers) {
    FUZZ_CHECK(!name.empty());
    for (char c : name) FUZZ_CHECK(c < 'A' || c > 'Z');
    std::size_t first = 0;
    while (request.headers[first].first != name) ++first;
    FUZZ_CHECK(request.header(name) == &request.headers[first].second);
  }
  const std::string_view path = request.path();
  const std::string_view query = request.query();
  FUZZ_CHECK(request.target == (request.target.find('?') == std::string::npos
                                    ? std::string(path)
                                    : std::string(path) + "?" + std::string(query)));
  for (const char* name : {"user", "session", "k", ""}) {
    const auto value = request.QueryParam(name);
    if (value.ok() && value->has_value()) FUZZ_CHECK((*value)->size() <= query.size());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const contrail::net::RequestLimits limits = DefaultLimits();
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  // Keep-alive: requests follow each other on a connection until one fails or the bytes end.
  for (int pipelined = 0; pipelined < 8 && !rest.empty(); ++pipelined) {
    auto parsed = contrail::net::ParseHttpRequest(rest, limits);
    if (!parsed) {
      using contrail::core::Code;
      const Code code = parsed.error().code;
      FUZZ_CHECK(code == Code::kMalformedRequest || code == Code::kHeadersTooLarge || code == Code::kPayloadTooLarge);
      return 0;
    }
    if (!parsed->has_value()) return 0;
    const ParsedHttpRequest& request = **parsed;
    FUZZ_CHECK(request.consumed > 0 && request.consumed <= rest.size());
    CheckRequest(request.request, limits);
    auto alone = contrail::net::ParseHttpRequest(rest.substr(0, request.consumed), limits);
    FUZZ_CHECK(alone && alone->has_value());
    FUZZ_CHECK(SameRequest((*alone)->request, request.request));
    FUZZ_CHECK((*alone)->consumed == request.consumed);
    rest.remove_prefix(request.consumed);
  }
  return 0;
}
