#include "net/http_client.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "net/url.h"

namespace contrail::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kMaxErrorBody = 1 << 20;

asio::ssl::context& ClientTlsContext() {
  static asio::ssl::context* ctx = [] {
    auto* c = new asio::ssl::context(asio::ssl::context::tls_client);
    c->set_default_verify_paths();
    c->set_verify_mode(asio::ssl::verify_peer);
    return c;
  }();
  return *ctx;
}

core::Error NetError(const boost::system::error_code& ec, std::string_view what) {
  if (ec == beast::error::timeout) return core::Timeout(std::string(what) + ": timed out");
  return core::Unavailable(std::string(what) + ": " + ec.message());
}

// Sends the request and reads the response on an established stream (plain or TLS).
template <class Stream>
asio::awaitable<core::Result<HttpClientResponse>> Exchange(Stream& stream, const Url& url,
                                                           const HttpClientRequest& request,
                                                           const BodyCallback& on_body,
                                                           std::chrono::steady_clock::time_point deadline) {
  http::request<http::string_body> req{http::string_to_verb(request.method), url.target, 11};
  req.set(http::field::host, url.host);
  req.set(http::field::user_agent, "contrail/" CONTRAIL_VERSION);
  for (const auto& [k, v] : request.headers) req.set(k, v);
  req.body() = request.body;
  req.prepare_payload();
  beast::get_lowest_layer(stream).expires_at(deadline);
  if (auto [ec, n] = co_await http::async_write(stream, req, kTuple); ec) {
    co_return NetError(ec, "send request");
  }
  beast::flat_buffer buffer;
  http::response_parser<http::buffer_body> parser;
  parser.body_limit(boost::none);
  if (auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, kTuple); ec) {
    co_return NetError(ec, "read response header");
  }
  HttpClientResponse out;
  out.status = static_cast<int>(parser.get().result_int());
  for (const auto& f : parser.get()) {
    std::string name(f.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers.emplace_back(std::move(name), std::string(f.value()));
  }
  const bool stream_body = on_body && out.status >= 200 && out.status < 300;
  char chunk[16 * 1024];
  while (!parser.is_done()) {
    parser.get().body().data = chunk;
    parser.get().body().size = sizeof chunk;
    auto [ec, n] = co_await http::async_read_some(stream, buffer, parser, kTuple);
    if (ec == http::error::need_buffer) ec = {};
    if (ec) co_return NetError(ec, "read response body");
    std::string_view got(chunk, sizeof chunk - parser.get().body().size);
    if (got.empty()) continue;
    if (stream_body) {
      if (core::Status s = co_await on_body(got); !s) co_return s.error();
    } else if (out.body.size() < kMaxErrorBody || (out.status >= 200 && out.status < 300)) {
      out.body.append(got);
    }
  }
  co_return out;
}

}  // namespace

const std::string* HttpClientResponse::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return &v;
  }
  return nullptr;
}

asio::awaitable<core::Result<HttpClientResponse>> Fetch(const HttpClientRequest& request,
                                                        BodyCallback on_body) {
  CONTRAIL_CO_TRY(Url url, Url::Parse(request.url));
  auto deadline = std::chrono::steady_clock::now() + request.timeout;
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  auto [rec, endpoints] = co_await resolver.async_resolve(url.host, url.port, kTuple);
  if (rec) co_return core::Unavailable("resolve " + url.host + ": " + rec.message());

  beast::tcp_stream tcp_stream(executor);
  tcp_stream.expires_at(std::min(deadline, std::chrono::steady_clock::now() + request.connect_timeout));
  if (auto [ec, ep] = co_await tcp_stream.async_connect(endpoints, kTuple); ec) {
    co_return NetError(ec, "connect to " + url.host + ":" + url.port);
  }
  boost::system::error_code ignored;
  tcp_stream.socket().set_option(tcp::no_delay(true), ignored);
  if (!url.tls) {
    auto result = co_await Exchange(tcp_stream, url, request, on_body, deadline);
    tcp_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    co_return result;
  }
  beast::ssl_stream<beast::tcp_stream> tls(std::move(tcp_stream), ClientTlsContext());
  if (!SSL_set_tlsext_host_name(tls.native_handle(), url.host.c_str())) {
    co_return core::Unavailable("TLS: cannot set server name " + url.host);
  }
  tls.set_verify_callback(asio::ssl::host_name_verification(url.host));
  if (auto [ec] = co_await tls.async_handshake(asio::ssl::stream_base::client, kTuple); ec) {
    co_return NetError(ec, "TLS handshake with " + url.host);
  }
  auto result = co_await Exchange(tls, url, request, on_body, deadline);
  beast::get_lowest_layer(tls).expires_after(std::chrono::seconds(1));
  co_await tls.async_shutdown(kTuple);
  co_return result;
}

}  // namespace contrail::net
