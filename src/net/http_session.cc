// One client connection: read a request, hand it to the worker's handler, write the response,
// repeat while keep-alive. Reads top to bottom; every wait has a deadline (beast::tcp_stream).

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <chrono>
#include <optional>

#include "core/ids.h"
#include "core/log.h"
#include "net/http_request_reader.h"
#include "net/http_server_impl.h"

namespace contrail::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kWriteTimeout = std::chrono::seconds(30);
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

// Registers a connection with its worker for the lifetime of the coroutine (shutdown and eviction
// use it); its entry holds the connection's slot, given back when the entry goes.
class SessionRegistration {
 public:
  SessionRegistration(Worker& worker, tcp::socket* socket, Admission::Slot slot) : worker_(worker) {
    SessionEntry entry{socket, false, Clock::now(), ++worker_.last_session_id, std::move(slot)};
    it_ = worker_.sessions.insert(worker_.sessions.end(), std::move(entry));
  }
  ~SessionRegistration() { worker_.sessions.erase(it_); }
  // Waiting for a request from now on; returns now.
  Clock::time_point set_idle() {
    it_->busy = false;
    return it_->idle_since = Clock::now();
  }
  void set_busy() { it_->busy = true; }

 private:
  Worker& worker_;
  std::list<SessionEntry>::iterator it_;
};

// The connection as http::async_read_header reads a request's head through it. The first read
// waits up to the idle timeout (from `idle_since`) for the request to begin; once part of it has
// arrived (a later read, or the first when the buffer holds the start of a pipelined request) the
// rest must come within the header timeout, so a client that trickles a header cannot hold the
// connection for long, and the session counts as busy. Only the deadline changes between reads:
// no read is added, and a head that arrives in one read is read exactly as before.
class HeadReadStream {
 public:
  using executor_type = beast::tcp_stream::executor_type;

  HeadReadStream(beast::tcp_stream& stream, SessionRegistration& session, bool begun,
                 Clock::time_point idle_since, const HttpServerOptions& options)
      : stream_(stream), session_(session), begun_(begun),
        header_timeout_(options.header_timeout_ms) {
    const auto idle_timeout = std::chrono::milliseconds(options.idle_timeout_ms);
    if (!begun_) stream_.expires_at(idle_since + idle_timeout);
  }

  executor_type get_executor() { return stream_.get_executor(); }

  template <class MutableBuffers, class Handler>
  auto async_read_some(const MutableBuffers& buffers, Handler&& handler) {
    if (begun_ && !header_deadline_set_) {
      header_deadline_set_ = true;
      stream_.expires_after(header_timeout_);
      session_.set_busy();
    }
    begun_ = true;  // a read returns at least one byte or fails, ending the head's read
    return stream_.async_read_some(buffers, std::forward<Handler>(handler));
  }

  // Whether the read failed with `ec` because the header deadline passed (not the idle one).
  bool header_timed_out(const boost::system::error_code& ec) const {
    return header_deadline_set_ && ec == beast::error::timeout;
  }

 private:
  beast::tcp_stream& stream_;
  SessionRegistration& session_;
  bool begun_;
  bool header_deadline_set_ = false;
  std::chrono::milliseconds header_timeout_;
};

// Appends "NAME;dur=MS" with three decimals (to_chars: printf's float path is a visible share of
// a fast turn's CPU).
void AppendTiming(std::string& out, std::string_view name, double ms) {
  out += name;
  out += ";dur=";
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, ms, std::chars_format::fixed, 3);
  out.append(buf, ec == std::errc() ? end : buf);
}

std::string ServerTiming(const std::vector<TimingStage>& stages, double total_ms) {
  std::string out;
  out.reserve(24 * (stages.size() + 1));
  for (const TimingStage& s : stages) {
    AppendTiming(out, s.name, s.ms);
    out += ", ";
  }
  AppendTiming(out, "total", total_ms);
  return out;
}

template <class Message>
void SetCommonHeaders(Message& m, const HttpResponse& r, const std::string& request_id,
                      double total_ms) {
  m.set(http::field::content_type, r.content_type);
  m.set("X-Request-Id", request_id);
  m.set("Server-Timing", ServerTiming(r.timings, total_ms));
  for (const auto& [k, v] : r.headers) m.set(k, v);
}

// The chunked body writer handed to streaming handlers. The header goes out with the first chunk,
// so the Server-Timing of a stream covers the time to its first byte.
class ChunkWriter final : public ResponseStream {
 public:
  ChunkWriter(beast::tcp_stream& stream, const HttpResponse& response, const std::string& request_id,
              bool keep_alive, Clock::time_point started)
      : stream_(stream), response_(response), request_id_(request_id), keep_alive_(keep_alive),
        started_(started) {}

  asio::awaitable<core::Status> Write(std::string_view data) override {
    if (failed_) co_return core::Unavailable("client connection closed");
    if (!header_sent_ && !co_await SendHeader()) co_return core::Unavailable("client connection closed");
    if (data.empty()) co_return core::Ok();
    stream_.expires_after(kWriteTimeout);
    auto [ec, n] = co_await asio::async_write(stream_, http::make_chunk(asio::buffer(data)), kTuple);
    if (ec) {
      failed_ = true;
      co_return core::Unavailable("client connection closed: " + ec.message());
    }
    co_return core::Ok();
  }

  asio::awaitable<bool> SendHeader() {
    header_sent_ = true;
    double total_ms = std::chrono::duration<double, std::milli>(Clock::now() - started_).count();
    http::response<http::empty_body> res{static_cast<http::status>(response_.status), 11};
    SetCommonHeaders(res, response_, request_id_, total_ms);
    res.set(http::field::cache_control, "no-cache");
    res.keep_alive(keep_alive_);
    res.chunked(true);
    http::response_serializer<http::empty_body> serializer{res};
    stream_.expires_after(kWriteTimeout);
    auto [ec, n] = co_await http::async_write_header(stream_, serializer, kTuple);
    failed_ = static_cast<bool>(ec);
    co_return !failed_;
  }

  bool header_sent() const { return header_sent_; }
  bool failed() const { return failed_; }

 private:
  beast::tcp_stream& stream_;
  const HttpResponse& response_;
  const std::string& request_id_;
  bool keep_alive_;
  Clock::time_point started_;
  bool header_sent_ = false;
  bool failed_ = false;
};

// The response to an error the transport finds itself: the application's error body, or the
// message as text/plain; an error that says when to try again adds Retry-After (whole seconds).
HttpResponse TransportErrorResponse(const HttpServerOptions& options, const core::Error& error) {
  HttpResponse r;
  if (options.error_response) {
    r = options.error_response(error);
  } else {
    r.status = core::Describe(error.code).http_status;
    r.content_type = "text/plain; charset=utf-8";
    r.body = error.message;
  }
  if (error.retry_after_ms > 0) {
    r.headers.emplace_back("Retry-After", std::to_string((error.retry_after_ms + 999) / 1000));
  }
  return r;
}

// Writes `response`; returns false when the connection is no longer usable.
asio::awaitable<bool> WriteResponse(beast::tcp_stream& stream, HttpResponse& response,
                                    const std::string& request_id, bool keep_alive,
                                    Clock::time_point started);

// Runs a streaming response; returns false when the connection is no longer usable.
asio::awaitable<bool> WriteStream(beast::tcp_stream& stream, HttpResponse& response,
                                  const std::string& request_id, bool keep_alive,
                                  Clock::time_point started) {
  ChunkWriter writer(stream, response, request_id, keep_alive, started);
  std::optional<HttpResponse> instead = co_await response.stream(writer);
  if (!writer.header_sent()) {
    if (instead) {
      instead->stream = nullptr;
      co_return co_await WriteResponse(stream, *instead, request_id, keep_alive, started);
    }
    if (!co_await writer.SendHeader()) co_return false;
  }
  if (writer.failed()) co_return false;
  stream.expires_after(kWriteTimeout);
  auto [ec, n] = co_await asio::async_write(stream, http::make_chunk_last(), kTuple);
  co_return !ec;
}

// Writes `response`; returns false when the connection is no longer usable.
asio::awaitable<bool> WriteResponse(beast::tcp_stream& stream, HttpResponse& response,
                                    const std::string& request_id, bool keep_alive,
                                    Clock::time_point started) {
  if (response.stream) co_return co_await WriteStream(stream, response, request_id, keep_alive, started);
  double total_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  stream.expires_after(kWriteTimeout);
  http::response<http::string_body> res{static_cast<http::status>(response.status), 11};
  SetCommonHeaders(res, response, request_id, total_ms);
  res.keep_alive(keep_alive);
  res.body() = std::move(response.body);
  res.prepare_payload();
  auto [ec, n] = co_await http::async_write(stream, res, kTuple);
  co_return !ec;
}

// Closes a connection whose request was not read to its end. Closing a socket with unread bytes
// makes the kernel send a reset, which a client still uploading its body sees before it reads our
// response (EPIPE / ECONNRESET instead of the 413). So: stop writing (FIN), read and discard what
// the client still sends until it closes, for at most `linger` and `max_bytes`, then close.
asio::awaitable<void> LingeringClose(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                     std::chrono::milliseconds linger, std::size_t max_bytes) {
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  std::size_t discarded = buffer.size();
  buffer.consume(buffer.size());
  const Clock::time_point deadline = Clock::now() + linger;
  while (discarded < max_bytes && Clock::now() < deadline) {
    stream.expires_at(deadline);
    auto [ec, n] = co_await stream.async_read_some(buffer.prepare(64 * 1024), kTuple);
    if (ec) break;  // the client closed (end of stream), or the linger time is over
    discarded += n;
  }
  buffer.consume(buffer.size());
}

// Answers a request that cannot be read to its end with `error`, then closes the lingering way.
asio::awaitable<void> Reject(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                             const HttpServerOptions& options, const core::Error& error,
                             const std::string& request_id, Clock::time_point started) {
  HttpResponse r = TransportErrorResponse(options, error);
  if (co_await WriteResponse(stream, r, request_id, false, started)) {
    co_await LingeringClose(stream, buffer, std::chrono::milliseconds(options.linger_ms), options.linger_bytes);
  }
}

}  // namespace

asio::awaitable<void> HttpServer::Impl::RefuseConnection(tcp::socket socket, core::Error why,
                                                         Admission::Refusal /*held until done*/) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  co_await Reject(stream, buffer, options, why, NextRequestId(), Clock::now());
}

asio::awaitable<void> HttpServer::Impl::ServeConnection(Worker& worker, tcp::socket socket,
                                                        Admission::Slot slot) {
  beast::tcp_stream stream(std::move(socket));
  SessionRegistration registration(worker, &stream.socket(), std::move(slot));
  beast::flat_buffer buffer;
  for (;;) {
    RequestParser parser;
    ApplyRequestLimits(parser, RequestLimits{options.header_limit, options.body_limit});
    const Clock::time_point idle_since = registration.set_idle();
    if (stopping.load()) break;
    HeadReadStream head(stream, registration, buffer.size() > 0, idle_since, options);
    auto [ec, n] = co_await http::async_read_header(head, buffer, parser, kTuple);
    if (ec) {
      if (head.header_timed_out(ec)) admission.CountShed(ShedReason::kHeaderTimeout);
      if (auto error = RequestReadError(ec, options.body_limit, false)) {
        co_await Reject(stream, buffer, options, *error, NextRequestId(), Clock::now());
      }
      co_return;  // the client is gone or too slow, or rejected above
    }
    registration.set_busy();
    const Clock::time_point started = Clock::now();
    std::string request_id;
    if (auto it = parser.get().find("x-request-id"); it != parser.get().end() &&
                                                     core::IsValidId(it->value())) {
      request_id = std::string(it->value());
    } else {
      request_id = NextRequestId();
    }
    if (auto len = parser.content_length(); len && *len > options.body_limit) {
      co_await Reject(stream, buffer, options, BodyTooLarge(options.body_limit), request_id, started);
      co_return;
    }
    if (auto error = RequestHeaderError(parser)) {
      co_await Reject(stream, buffer, options, *error, request_id, started);
      co_return;
    }
    if (auto it = parser.get().find(http::field::expect);
        it != parser.get().end() && beast::iequals(it->value(), "100-continue")) {
      http::response<http::empty_body> cont{http::status::continue_, 11};
      co_await http::async_write(stream, cont, kTuple);
    }
    stream.expires_after(std::chrono::milliseconds(options.read_timeout_ms));
    if (!parser.is_done()) {
      auto [ec2, n2] = co_await http::async_read(stream, buffer, parser, kTuple);
      if (ec2) {
        if (auto error = RequestReadError(ec2, options.body_limit, true)) {  // e.g. bad chunked encoding
          co_await Reject(stream, buffer, options, *error, request_id, started);
        }
        co_return;  // timeout or the client went away, or rejected above
      }
    }
    bool keep_alive = parser.get().keep_alive() && !stopping.load();
    HttpRequest request = ToHttpRequest(parser.get(), worker.index);
    request.request_id = request_id;
    HttpResponse response;
    try {
      response = co_await worker.handler(request);
    } catch (const std::exception& e) {
      core::log::Error("handler threw", {{"request_id", request_id}, {"error", e.what()}});
      response = TransportErrorResponse(options, core::Internal("internal error"));
    }
    keep_alive = keep_alive && !stopping.load();
    if (!co_await WriteResponse(stream, response, request_id, keep_alive, started)) break;
    if (!keep_alive) break;
  }
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

}  // namespace contrail::net
