#pragma once
// Reading one HTTP/1.1 request: Beast's request parser with the server's limits, what a read that
// failed means for the client, and the parsed message as the HttpRequest handlers see. The session
// (http_session.cc) reads requests from its socket through these; ParseHttpRequest reads one from
// bytes in memory the same way, so the fuzz target fuzz/net_http_request_fuzz.cc feeds the
// server's own parsing arbitrary bytes without a socket.

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/system/error_code.hpp>
#include <optional>
#include <string_view>

#include "core/result.h"
#include "net/http_message.h"

namespace contrail::net {

using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

struct RequestLimits {
  std::size_t header_limit;  // the request line and headers, in bytes (431 beyond)
  std::size_t body_limit;    // the body, in bytes (413 beyond)
};

// Sets `limits` on a fresh parser (a Beast parser reads one message: one parser per request).
void ApplyRequestLimits(RequestParser& parser, const RequestLimits& limits);

// kPayloadTooLarge naming the limit.
core::Error BodyTooLarge(std::size_t body_limit);

// What a request's header breaks that the parser lets through, as kMalformedRequest (RFC 9112
// §3.2: an HTTP/1.1 request without a Host header, or any request with more than one, is a 400);
// nullopt when nothing. REQUIRES: parser.is_header_done().
std::optional<core::Error> RequestHeaderError(const RequestParser& parser);

// What a failed read of a request means for the client: an error worth answering (the body or the
// headers are over their limit, or the bytes are not valid HTTP; `in_body` says which part was
// being read), or nullopt when the client closed, went quiet or reset the connection and there is
// no one to answer.
std::optional<core::Error> RequestReadError(const boost::system::error_code& ec,
                                            std::size_t body_limit, bool in_body);

// The message as handlers see it: header names lower-cased, in arrival order; the body is moved
// out of `message`. request_id is the caller's to set.
HttpRequest ToHttpRequest(boost::beast::http::request<boost::beast::http::string_body>& message,
                          int worker);

struct ParsedHttpRequest {
  HttpRequest request;
  bool keep_alive = false;   // what the request asked for (HTTP/1.1 default, Connection header)
  std::size_t consumed = 0;  // bytes of the input that the request took: the next one starts here
};

// Parses the request at the start of `bytes` as the session reads one from a connection that
// delivered those bytes and then closed: the same parser, limits and checks, in the same order.
// Returns the request; nullopt when the bytes end before the request does (the session then
// closes without an answer); or the error the session answers with (kMalformedRequest,
// kHeadersTooLarge, kPayloadTooLarge).
core::Result<std::optional<ParsedHttpRequest>> ParseHttpRequest(std::string_view bytes,
                                                                const RequestLimits& limits);

}  // namespace contrail::net
