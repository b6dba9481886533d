#include "valkey/connection.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <array>
#include <atomic>
#include <deque>
#include <random>

#include "core/log.h"
#include "core/metrics.h"
#include "valkey/resp_parser.h"

namespace contrail::valkey {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;
using std::chrono::milliseconds;

namespace {

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr milliseconds kInitialBackoff{50};

struct Pending {
  int remaining;
  Replies replies;
  ReplyCallback done;
};

struct ConnectionMetrics {
  core::Counter& reconnects;
  core::Counter& timeouts;
  core::Counter& failures;
  static ConnectionMetrics& Get() {
    auto& r = core::MetricsRegistry::Global();
    static ConnectionMetrics m{
        r.GetCounter("contrail_valkey_reconnects_total", "Valkey connections (re)established."),
        r.GetCounter("contrail_valkey_timeouts_total", "Valkey command batches that timed out."),
        r.GetCounter("contrail_valkey_failures_total",
                     "Valkey command batches failed because the connection was down or broke."),
    };
    return m;
  }
};

}  // namespace

struct Connection::Impl : std::enable_shared_from_this<Impl> {
  asio::any_io_executor executor;
  ConnectionOptions options;
  // Written on the connection's thread; read from any (metrics), hence atomic.
  std::atomic<State> state{State::kConnecting};
  bool started = false;
  std::uint64_t generation = 0;  // bumped on every (re)connect; stale writers stop
  std::uint64_t reconnects = 0;
  std::optional<tcp::socket> socket;
  std::optional<asio::ssl::context> tls_context;
  std::unique_ptr<asio::ssl::stream<tcp::socket&>> tls;
  asio::steady_timer backoff_timer;
  std::string out;               // encoded commands not yet handed to the socket
  std::size_t out_sent = 0;      // prefix of `out` already sent (plain TCP, socket full)
  bool writing = false;          // waiting for the socket to drain (or a TLS write in flight)
  bool flush_posted = false;
  std::deque<Pending> pending;   // batches sent or queued, in send order
  std::unique_ptr<RespParser> parser;
  std::array<char, 16 * 1024> read_buffer;

  Impl(asio::any_io_executor ex, ConnectionOptions opts)
      : executor(ex), options(std::move(opts)), backoff_timer(ex) {}

  asio::awaitable<std::tuple<boost::system::error_code, std::size_t>> WriteAll(std::string_view data) {
    if (tls) co_return co_await asio::async_write(*tls, asio::buffer(data), kTuple);
    co_return co_await asio::async_write(*socket, asio::buffer(data), kTuple);
  }
  asio::awaitable<std::tuple<boost::system::error_code, std::size_t>> ReadSome() {
    auto buf = asio::buffer(read_buffer);
    if (tls) co_return co_await tls->async_read_some(buf, kTuple);
    co_return co_await socket->async_read_some(buf, kTuple);
  }

  void FailAll(core::Error error) {
    error.backend = core::Backend::kValkey;
    std::deque<Pending> failed;
    failed.swap(pending);
    out.clear();
    out_sent = 0;
    if (!failed.empty()) ConnectionMetrics::Get().failures.Inc(failed.size());
    for (Pending& p : failed) p.done(error);
  }

  void CloseSocket() {
    boost::system::error_code ignored;
    if (socket) {
      socket->shutdown(tcp::socket::shutdown_both, ignored);
      socket->close(ignored);
    }
  }

  // Hands everything queued to the kernel now. Plain TCP: a non-blocking send() in the caller's
  // stack, so once Submit(kNow) returns, or the flush FlushSoon posted has run, the bytes are on
  // their way to Valkey (memory::WriteBehind::Save relies on it: a turn's writes precede its
  // reply); what does not fit waits for the socket to drain. TLS: one async write at a time. The
  // buffer keeps its capacity.
  void Flush() {
    if (writing || out.empty() || state != State::kUp) return;
    if (tls) return StartTlsWrite();
    boost::system::error_code ec;
    out_sent += socket->write_some(asio::buffer(out.data() + out_sent, out.size() - out_sent), ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) ec = {};
    if (ec) {
      CloseSocket();  // the reader notices and reconnects
      return;
    }
    if (out_sent == out.size()) {
      out.clear();
      out_sent = 0;
      return;
    }
    writing = true;
    socket->async_wait(tcp::socket::wait_write,
                       [self = shared_from_this(), gen = generation](boost::system::error_code ec) {
                         if (self->generation != gen) return;  // a connection since replaced
                         self->writing = false;
                         if (ec) return self->CloseSocket();
                         self->Flush();
                       });
  }

  void StartTlsWrite() {
    writing = true;
    auto sending = std::make_shared<std::string>();
    sending->swap(out);
    asio::async_write(*tls, asio::buffer(*sending),
                      [self = shared_from_this(), gen = generation, sending](boost::system::error_code ec, std::size_t) {
                        if (self->generation != gen) return;
                        self->writing = false;
                        if (ec) return self->CloseSocket();
                        self->Flush();
                      });
  }

  // Flushes once the handlers already queued on this thread have run: the reads of every request
  // that became ready in the same event-loop pass leave in one send(), and Valkey answers them
  // with one write (fewer system calls on both sides under load; one queued handler otherwise).
  void FlushSoon() {
    if (flush_posted) return;
    flush_posted = true;
    asio::post(executor, [self = shared_from_this()] {
      self->flush_posted = false;
      self->Flush();
    });
  }

  void Dispatch(Reply reply) {
    if (pending.empty()) {
      core::log::Warn("valkey: unexpected reply", {{"reply", DebugString(reply)}});
      return;
    }
    Pending& front = pending.front();
    front.replies.push_back(std::move(reply));
    if (--front.remaining > 0) return;
    Pending done = std::move(front);
    pending.pop_front();
    done.done(std::move(done.replies));
  }

  // Reads replies until the connection breaks; returns the reason.
  asio::awaitable<core::Error> ReadLoop() {
    for (;;) {
      for (;;) {
        auto next = parser->Next();
        if (!next) co_return next.error();
        if (!next->has_value()) break;
        Dispatch(std::move(**next));
      }
      auto [ec, n] = co_await ReadSome();
      if (ec) co_return core::Unavailable("valkey connection lost: " + ec.message());
      if (auto s = parser->Feed(read_buffer.data(), n); !s) co_return s.error();
    }
  }

  // Sends one command directly (handshake only, before the pipeline runs) and reads its reply.
  // (Takes a built batch: GCC 12 miscompiles braced lists as coroutine arguments.)
  asio::awaitable<core::Result<Reply>> HandshakeCommand(CommandBatch batch) {
    if (auto [ec, n] = co_await WriteAll(batch.bytes()); ec) {
      co_return core::Unavailable("valkey handshake write: " + ec.message());
    }
    for (;;) {
      auto next = parser->Next();
      if (!next) co_return next.error();
      if (next->has_value()) co_return std::move(**next);
      auto [ec, n] = co_await ReadSome();
      if (ec) co_return core::Unavailable("valkey handshake read: " + ec.message());
      if (auto s = parser->Feed(read_buffer.data(), n); !s) co_return s.error();
    }
  }

  asio::awaitable<core::Status> Handshake() {
    if (options.tls) {
      auto [ec] = co_await tls->async_handshake(asio::ssl::stream_base::client, kTuple);
      if (ec) co_return core::Unavailable("valkey TLS handshake: " + ec.message());
    }
    if (!options.password.empty()) {
      CommandBatch auth;
      if (options.username.empty()) {
        auth.Add({"AUTH", options.password});
      } else {
        auth.Add({"AUTH", options.username, options.password});
      }
      auto r = co_await HandshakeCommand(std::move(auth));
      if (!r) co_return r.error();
      if (r->is_error()) co_return core::Unavailable("valkey AUTH failed: " + r->str);
    }
    if (options.db != 0) {
      std::string db = std::to_string(options.db);
      CommandBatch select;
      select.Add({"SELECT", db});
      auto r = co_await HandshakeCommand(std::move(select));
      if (!r) co_return r.error();
      if (r->is_error()) co_return core::Unavailable("valkey SELECT failed: " + r->str);
    }
    co_return core::Ok();
  }

  asio::awaitable<core::Status> ConnectOnce() {
    tcp::resolver resolver(executor);
    // Not a structured binding: the lambda below captures the endpoints, and clang 14 (the fuzz
    // build's compiler) cannot capture a binding yet.
    auto [rec, resolved] =
        co_await resolver.async_resolve(options.host, std::to_string(options.port), kTuple);
    const tcp::resolver::results_type endpoints = std::move(resolved);
    if (rec) co_return core::Unavailable("valkey resolve " + options.host + ": " + rec.message());
    socket.emplace(executor);
    parser = std::make_unique<RespParser>();
    tls.reset();
    if (options.tls) {
      if (!tls_context) {
        tls_context.emplace(asio::ssl::context::tls_client);
        if (options.tls_ca_file.empty()) {
          tls_context->set_default_verify_paths();
        } else {
          tls_context->load_verify_file(options.tls_ca_file);
        }
        tls_context->set_verify_mode(options.tls_verify ? asio::ssl::verify_peer
                                                        : asio::ssl::verify_none);
      }
      tls = std::make_unique<asio::ssl::stream<tcp::socket&>>(*socket, *tls_context);
      SSL_set_tlsext_host_name(tls->native_handle(), options.host.c_str());
      if (options.tls_verify) tls->set_verify_callback(asio::ssl::host_name_verification(options.host));
    }
    asio::steady_timer deadline(executor, options.connect_timeout);
    auto connect_and_handshake = [&]() -> asio::awaitable<core::Status> {
      auto [ec, ep] = co_await asio::async_connect(*socket, endpoints, kTuple);
      if (ec) co_return core::Unavailable("valkey connect " + options.host + ":" +
                                          std::to_string(options.port) + ": " + ec.message());
      socket->set_option(tcp::no_delay(true), ec);
      socket->non_blocking(true, ec);  // Flush() sends in place and must never block
      co_return co_await Handshake();
    };
    auto result = co_await (connect_and_handshake() || deadline.async_wait(asio::use_awaitable));
    if (result.index() == 1) {
      CloseSocket();
      co_return core::Timeout("valkey connect " + options.host + ":" +
                              std::to_string(options.port) + ": timed out");
    }
    co_return std::get<0>(std::move(result));
  }

  static asio::awaitable<void> Maintain(std::shared_ptr<Impl> self) {
    milliseconds backoff = kInitialBackoff;
    std::mt19937 rng(std::random_device{}());
    while (self->state != State::kClosed) {
      self->state = State::kConnecting;
      ++self->generation;
      self->writing = false;
      core::Status connected = co_await self->ConnectOnce();
      if (self->state == State::kClosed) break;
      core::Error reason;
      if (connected) {
        self->state = State::kUp;
        ++self->reconnects;
        ConnectionMetrics::Get().reconnects.Inc();
        if (self->reconnects > 1) core::log::Info("valkey reconnected", {{"host", self->options.host}, {"port", self->options.port}});
        backoff = kInitialBackoff;
        self->Flush();
        reason = co_await self->ReadLoop();
        if (self->state == State::kClosed) break;
      } else {
        reason = connected.error();
      }
      self->state = State::kDown;
      ++self->generation;
      self->CloseSocket();
      self->FailAll(core::Unavailable(reason.message));
      core::log::Warn("valkey connection down", {{"error", reason.message}, {"retry_ms", static_cast<long>(backoff.count())}});
      // Full jitter: spread reconnects of many connections after a Valkey restart.
      std::uniform_int_distribution<long> jitter(backoff.count() / 2, backoff.count());
      self->backoff_timer.expires_after(milliseconds(jitter(rng)));
      co_await self->backoff_timer.async_wait(kTuple);
      backoff = std::min(backoff * 2, self->options.max_backoff);
    }
  }
};

Connection::Connection(asio::any_io_executor executor, ConnectionOptions options)
    : impl_(std::make_shared<Impl>(executor, std::move(options))) {}

Connection::~Connection() { Close(); }

void Connection::Start() {
  if (impl_->started) return;
  impl_->started = true;
  asio::co_spawn(impl_->executor, Impl::Maintain(impl_),
                 core::log::ExceptionLogger("valkey connection upkeep"));
}

void Connection::Close() {
  if (impl_->state == State::kClosed) return;
  impl_->state = State::kClosed;
  ++impl_->generation;
  impl_->CloseSocket();
  impl_->backoff_timer.cancel();
  impl_->FailAll(core::Unavailable("valkey connection closed"));
}

Connection::State Connection::state() const { return impl_->state; }
std::uint64_t Connection::reconnects() const { return impl_->reconnects; }

void Connection::Submit(CommandBatch batch, ReplyCallback done, Send send) {
  Impl& c = *impl_;
  if (c.state == State::kDown || c.state == State::kClosed || batch.empty()) {
    core::Error error = batch.empty() ? core::InvalidArgument("empty command batch")
                                      : core::Unavailable("valkey is not connected");
    error.backend = core::Backend::kValkey;
    if (!batch.empty()) ConnectionMetrics::Get().failures.Inc();
    asio::post(c.executor, [done = std::move(done), error = std::move(error)]() mutable {
      done(std::move(error));
    });
    return;
  }
  c.out += batch.bytes();
  c.pending.push_back(Pending{batch.count(), {}, std::move(done)});
  c.pending.back().replies.reserve(batch.count());
  if (send == Send::kNow) {
    c.Flush();
  } else {
    c.FlushSoon();
  }
}

asio::awaitable<core::Result<Replies>> Connection::Execute(CommandBatch batch, milliseconds timeout) {
  struct Waiter {
    explicit Waiter(asio::any_io_executor ex) : timer(ex) {}
    asio::steady_timer timer;
    std::optional<core::Result<Replies>> result;
  };
  auto waiter = std::make_shared<Waiter>(impl_->executor);
  waiter->timer.expires_after(timeout.count() > 0 ? timeout : impl_->options.command_timeout);
  Submit(std::move(batch), [waiter](core::Result<Replies> r) {
    waiter->result = std::move(r);
    waiter->timer.cancel();
  }, Send::kSoon);
  co_await waiter->timer.async_wait(kTuple);
  if (!waiter->result) {
    ConnectionMetrics::Get().timeouts.Inc();
    co_return core::FromBackend(core::Backend::kValkey, core::Timeout("valkey did not answer in time"));
  }
  co_return std::move(*waiter->result);
}

}  // namespace contrail::valkey
