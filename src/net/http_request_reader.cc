#include "net/http_request_reader.h"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <cctype>
#include <cstdint>

namespace contrail::net {

namespace http = boost::beast::http;

void ApplyRequestLimits(RequestParser& parser, const RequestLimits& limits) {
  parser.header_limit(static_cast<std::uint32_t>(limits.header_limit));
  parser.body_limit(limits.body_limit);
}

core::Error BodyTooLarge(std::size_t body_limit) {
  return core::Error(core::Code::kPayloadTooLarge,
                     "request body over the limit of " + std::to_string(body_limit) + " bytes");
}

std::optional<core::Error> RequestHeaderError(const RequestParser& parser) {
  const auto& header = parser.get();
  const std::size_t hosts = header.count(http::field::host);
  const char* what = hosts > 1                              ? "more than one Host header"
                     : hosts == 0 && header.version() >= 11 ? "an HTTP/1.1 request needs a Host header"
                                                            : nullptr;
  if (what == nullptr) return std::nullopt;
  return core::Error(core::Code::kMalformedRequest, std::string("malformed HTTP request: ") + what);
}

std::optional<core::Error> RequestReadError(const boost::system::error_code& ec, std::size_t body_limit,
                                            bool in_body) {
  if (ec == http::error::body_limit) return BodyTooLarge(body_limit);
  if (ec == http::error::header_limit) {
    return core::Error(core::Code::kHeadersTooLarge, "request headers too large");
  }
  const bool parse_error = ec.category() == http::make_error_code(http::error::end_of_stream).category() &&
                           ec != http::error::end_of_stream && ec != http::error::partial_message;
  if (!parse_error) return std::nullopt;
  const char* what = in_body ? "malformed HTTP body: " : "malformed HTTP request: ";
  return core::Error(core::Code::kMalformedRequest, what + ec.message());
}

HttpRequest ToHttpRequest(http::request<http::string_body>& message, int worker) {
  HttpRequest req;
  req.method = std::string(message.method_string());
  req.target = std::string(message.target());
  req.headers.reserve(8);
  for (const auto& field : message) {
    std::string name(field.name_string());
    for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    req.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  req.body = std::move(message.body());
  req.worker = worker;
  return req;
}

namespace {

// Puts bytes[consumed…] into the parser until it finishes the header (or, once the header is
// done, the message), as http::async_read_header / async_read do with what a socket delivers;
// at the end of the bytes the connection closes (put_eof). Sets `ec` like those reads.
void PutUntil(RequestParser& parser, std::string_view bytes, std::size_t& consumed, bool header_only,
              boost::system::error_code& ec) {
  parser.eager(!header_only);
  while (header_only ? !parser.is_header_done() : !parser.is_done()) {
    std::size_t used = 0;
    if (consumed < bytes.size()) {
      used = parser.put(boost::asio::buffer(bytes.data() + consumed, bytes.size() - consumed), ec);
      consumed += used;
    }
    if (ec == http::error::need_more) ec = {};
    if (ec) return;
    if (used == 0) {
      // The parser wants more than the bytes hold: the client closed mid-request.
      if (parser.got_some()) {
        parser.put_eof(ec);
      } else {
        ec = http::error::end_of_stream;
      }
      return;
    }
  }
}

}  // namespace

core::Result<std::optional<ParsedHttpRequest>> ParseHttpRequest(std::string_view bytes,
                                                                const RequestLimits& limits) {
  RequestParser parser;
  ApplyRequestLimits(parser, limits);
  std::size_t consumed = 0;
  boost::system::error_code ec;
  PutUntil(parser, bytes, consumed, true, ec);
  if (ec || !parser.is_header_done()) {
    if (auto error = RequestReadError(ec, limits.body_limit, false)) return *std::move(error);
    return std::optional<ParsedHttpRequest>();
  }
  if (auto len = parser.content_length(); len && *len > limits.body_limit) {
    return BodyTooLarge(limits.body_limit);
  }
  if (auto error = RequestHeaderError(parser)) return *std::move(error);
  PutUntil(parser, bytes, consumed, false, ec);
  if (ec || !parser.is_done()) {
    if (auto error = RequestReadError(ec, limits.body_limit, true)) return *std::move(error);
    return std::optional<ParsedHttpRequest>();
  }
  ParsedHttpRequest parsed;
  parsed.keep_alive = parser.get().keep_alive();
  parsed.request = ToHttpRequest(parser.get(), 0);
  parsed.consumed = consumed;
  return std::optional<ParsedHttpRequest>(std::move(parsed));
}

}  // namespace contrail::net
