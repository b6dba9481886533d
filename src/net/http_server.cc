#include "net/http_server.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <random>

#include "core/log.h"
#include "core/metrics.h"
#include "net/cpu_affinity.h"
#include "net/http_server_impl.h"

namespace contrail::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// How long a refused client is asked to wait before it tries again: slots free up as requests
// finish and idle connections time out, so a second is long enough to find one, and short enough
// not to keep a client waiting on a brief burst.
constexpr int kRetryAfterMs = 1'000;
// Looking for an idle connection and closing it are two visits to its worker; one that started a
// request in between is not closed, and the search starts again, this many times at most.
constexpr int kEvictionAttempts = 3;

std::string RandomHex(int digits) {
  static const char kHex[] = "0123456789abcdef";
  std::random_device rd;
  std::mt19937_64 rng(rd());
  std::string out;
  for (int i = 0; i < digits; ++i) out += kHex[rng() & 15];
  return out;
}

// The session of `worker` that has waited longest for a request and still holds its slot, if any.
// Runs on the worker's thread (the acceptor co_spawns it there).
asio::awaitable<std::optional<IdleSession>> LongestIdleOf(Worker& worker) {
  std::optional<IdleSession> oldest;
  for (const SessionEntry& s : worker.sessions) {
    if (!s.busy && s.slot.held() && (!oldest || s.idle_since < oldest->since)) {
      oldest = IdleSession{&worker, s.id, s.idle_since};
    }
  }
  co_return oldest;
}

// Closes `idle` and gives back its slot if it is still idle as reported; false otherwise (it has
// closed, or started a request since). Runs on the session's worker thread.
asio::awaitable<bool> EvictIfStillIdle(IdleSession idle) {
  for (SessionEntry& s : idle.worker->sessions) {
    if (s.id != idle.id) continue;
    if (s.busy || !s.slot.held() || s.idle_since != idle.since) co_return false;
    s.slot.Release();
    boost::system::error_code ignored;
    s.socket->shutdown(tcp::socket::shutdown_both, ignored);
    s.socket->close(ignored);  // its coroutine wakes up with operation_aborted and ends
    co_return true;
  }
  co_return false;
}

core::Error RefusalError(ShedReason reason, const Admission& admission) {
  core::Error error = reason == ShedReason::kAddressLimit
      ? core::Unavailable("too many connections from this address (at most " +
                          std::to_string(admission.max_per_address()) + "); try again later")
      : core::Unavailable("the server is at its connection limit (" +
                          std::to_string(admission.max_connections()) +
                          ") and every connection is busy; try again later");
  error.retryable = true;
  error.retry_after_ms = kRetryAfterMs;
  return error;
}

}  // namespace

HttpServer::Impl::Impl(HttpServerOptions o)
    : options(std::move(o)),
      admission(options.max_connections, options.max_connections_per_address) {}

std::string HttpServer::Impl::NextRequestId() {
  static const char kHex[] = "0123456789abcdef";
  std::uint64_t n = request_counter.fetch_add(1, std::memory_order_relaxed);
  std::string id = request_id_prefix;
  char digits[16];
  int len = 0;
  do {
    digits[len++] = kHex[n & 15];
    n >>= 4;
  } while (n != 0);
  while (len > 0) id += digits[--len];
  return id;
}

HttpServer::HttpServer(HttpServerOptions options,
                       std::function<HttpHandler(int worker)> make_handler)
    : impl_(std::make_unique<Impl>(std::move(options))) {
  int n = std::max(1, impl_->options.threads);
  impl_->options.threads = n;
  impl_->request_id_prefix = RandomHex(8) + "-";
  for (int i = 0; i < n; ++i) {
    auto w = std::make_unique<Worker>();
    w->index = i;
    w->guard.emplace(w->ctx.get_executor());
    impl_->workers.push_back(std::move(w));
  }
  for (int i = 0; i < n; ++i) impl_->workers[i]->handler = make_handler(i);
  auto& registry = core::MetricsRegistry::Global();
  registry.SetGauge("contrail_http_connections", "Open client connections.", "",
                    [impl = impl_.get()] { return static_cast<double>(impl->admission.active()); });
  registry.SetGauge("contrail_http_threads", "HTTP I/O threads.", "",
                    [n] { return static_cast<double>(n); });
}

HttpServer::~HttpServer() {
  // The gauge reads impl_; point it somewhere harmless once we are gone.
  core::MetricsRegistry::Global().SetGauge("contrail_http_connections", "Open client connections.",
                                           "", [] { return 0.0; });
}

core::Result<int> HttpServer::Listen() {
  auto& opts = impl_->options;
  boost::system::error_code ec;
  asio::ip::address address = asio::ip::make_address(opts.host == "localhost" ? "127.0.0.1" : opts.host, ec);
  if (ec) return core::InvalidArgument("server.host must be an IP address: " + opts.host);
  tcp::endpoint endpoint(address, static_cast<unsigned short>(opts.port));
  auto& acceptor = impl_->acceptor.emplace(impl_->workers[0]->ctx);
  if (acceptor.open(endpoint.protocol(), ec); ec) {
    return core::Unavailable("open listening socket: " + ec.message());
  }
  acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (acceptor.bind(endpoint, ec); ec) {
    return core::Unavailable("bind " + opts.host + ":" + std::to_string(opts.port) + ": " +
                             ec.message());
  }
  if (acceptor.listen(asio::socket_base::max_listen_connections, ec); ec) {
    return core::Unavailable("listen: " + ec.message());
  }
  int port = acceptor.local_endpoint().port();
  asio::co_spawn(impl_->workers[0]->ctx, impl_->AcceptLoop(),
                 core::log::ExceptionLogger("http accept loop"));
  return port;
}

asio::awaitable<void> HttpServer::Impl::AcceptLoop() {
  std::size_t next = 0;
  tcp::endpoint client;
  while (acceptor && acceptor->is_open()) {
    Worker& worker = *workers[next];
    next = (next + 1) % workers.size();
    auto [ec, socket] =
        co_await acceptor->async_accept(worker.ctx, client, asio::as_tuple(asio::use_awaitable));
    if (ec == asio::error::operation_aborted || stopping.load()) break;
    if (ec) {
      core::log::Warn("accept failed", {{"error", ec.message()}});
      // Out of file descriptors and the like: back off briefly instead of spinning.
      asio::steady_timer pause(co_await asio::this_coro::executor, std::chrono::milliseconds(50));
      co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
      continue;
    }
    // One connection at a time: while it waits for room, the next ones wait in the listen backlog.
    co_await Admit(worker, std::move(socket), client.address());
  }
}

asio::awaitable<void> HttpServer::Impl::Admit(Worker& worker, tcp::socket socket,
                                              const asio::ip::address& client) {
  std::optional<Admission::Slot> slot = admission.Take(client);
  if (!slot) {
    Refuse(worker, std::move(socket), ShedReason::kAddressLimit);
    co_return;
  }
  if (admission.over_limit() && !co_await EvictLongestIdle()) {
    slot.reset();
    Refuse(worker, std::move(socket), ShedReason::kMaxConnections);
    co_return;
  }
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  asio::co_spawn(worker.ctx, ServeConnection(worker, std::move(socket), std::move(*slot)),
                 core::log::ExceptionLogger("http connection"));
}

void HttpServer::Impl::Refuse(Worker& worker, tcp::socket socket, ShedReason reason) {
  Admission::Refusal refusal = admission.StartRefusal();
  if (!refusal) {
    admission.CountShed(ShedReason::kRefusalOverflow);
    boost::system::error_code ignored;
    socket.close(ignored);
    return;
  }
  admission.CountShed(reason);
  core::Error why = RefusalError(reason, admission);
  asio::co_spawn(worker.ctx,
                 RefuseConnection(std::move(socket), std::move(why), std::move(refusal)),
                 core::log::ExceptionLogger("http refusal"));
}

// Asks every worker for its longest-idle session (on the worker's own thread: its session list is
// not shared), then that session's worker to close it. Not timed: each visit runs as soon as the
// worker's current handler returns, and handlers do not block.
asio::awaitable<bool> HttpServer::Impl::EvictLongestIdle() {
  for (int attempt = 0; attempt < kEvictionAttempts && !stopping.load(); ++attempt) {
    std::optional<IdleSession> oldest;
    for (auto& w : workers) {
      std::optional<IdleSession> idle =
          co_await asio::co_spawn(w->ctx, LongestIdleOf(*w), asio::use_awaitable);
      if (idle && (!oldest || idle->since < oldest->since)) oldest = idle;
    }
    if (!oldest) co_return false;
    Worker& owner = *oldest->worker;
    if (co_await asio::co_spawn(owner.ctx, EvictIfStillIdle(*oldest), asio::use_awaitable)) {
      admission.CountShed(ShedReason::kIdleEvicted);
      co_return true;
    }
  }
  co_return false;
}

std::vector<int> HttpServer::Impl::PlaceThreads() const {
  if (!options.pin_threads) return {};
  std::vector<int> cpus = AllowedCpus();
  if (cpus.size() < workers.size()) {
    core::log::Info("I/O threads not pinned: fewer CPUs than threads",
                    {{"cpus", static_cast<unsigned long>(cpus.size())},
                     {"threads", static_cast<unsigned long>(workers.size())}});
    return {};
  }
  cpus.resize(workers.size());
  core::log::Info("I/O threads pinned, one per CPU", {{"cpus", CpuListText(cpus)}});
  return cpus;
}

void HttpServer::Run() {
  const std::vector<int> placement = impl_->PlaceThreads();
  auto run = [&placement](Worker& w) {
    if (!placement.empty() && !SetCurrentThreadCpus({placement[w.index]})) {
      core::log::Warn("could not pin I/O thread", {{"worker", w.index}, {"cpu", placement[w.index]}});
    }
    w.ctx.run();
  };
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < impl_->workers.size(); ++i) {
    threads.emplace_back([&run, w = impl_->workers[i].get()] { run(*w); });
  }
  // Worker 0 is the calling thread: it gets its CPUs back once the server has stopped.
  const std::vector<int> caller_cpus = placement.empty() ? std::vector<int>{} : AllowedCpus();
  run(*impl_->workers[0]);
  if (!caller_cpus.empty()) SetCurrentThreadCpus(caller_cpus);
  for (auto& t : threads) t.join();
}

void HttpServer::Stop() {
  if (impl_->stop_requested.exchange(true)) return;
  asio::co_spawn(impl_->workers[0]->ctx, impl_->StopGracefully(),
                 core::log::ExceptionLogger("http graceful stop"));
}

asio::awaitable<void> HttpServer::Impl::StopGracefully() {
  stopping.store(true);
  boost::system::error_code ignored;
  if (acceptor) acceptor->close(ignored);
  auto close_sessions = [this](bool idle_only) {
    for (auto& w : workers) {
      asio::post(w->ctx, [w = w.get(), idle_only] {
        for (SessionEntry& s : w->sessions) {
          if (idle_only && s.busy) continue;
          boost::system::error_code e;
          s.socket->shutdown(tcp::socket::shutdown_both, e);
          s.socket->close(e);
        }
      });
    }
  };
  close_sessions(true);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options.shutdown_grace_ms);
  asio::steady_timer timer(co_await asio::this_coro::executor);
  while (admission.active() > 0 && std::chrono::steady_clock::now() < deadline) {
    close_sessions(true);  // a busy session that became idle since the last pass
    timer.expires_after(std::chrono::milliseconds(10));
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  if (admission.active() > 0) {
    core::log::Warn("shutdown grace period over; closing busy connections",
                    {{"connections", static_cast<unsigned long>(admission.active())}});
    close_sessions(false);
  }
  if (before_exit) co_await before_exit();
  for (auto& w : workers) {
    w->guard.reset();
    w->ctx.stop();
  }
}

void HttpServer::set_before_exit(std::function<asio::awaitable<void>()> hook) {
  impl_->before_exit = std::move(hook);
}

asio::io_context& HttpServer::context(int worker) { return impl_->workers.at(worker)->ctx; }
int HttpServer::threads() const { return static_cast<int>(impl_->workers.size()); }
std::size_t HttpServer::active_connections() const { return impl_->admission.active(); }

}  // namespace contrail::net
