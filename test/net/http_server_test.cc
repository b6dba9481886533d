// The HTTP server and client against each other on loopback.

#include "net/http_server.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <poll.h>

#include <set>
#include <thread>

#include "core/metrics.h"
#include "net/cpu_affinity.h"
#include "net/http_client.h"
#include "support/async.h"

namespace contrail::net {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;

// Every wait of these tests on the server is bounded by this: far longer than anything takes.
constexpr auto kPatience = std::chrono::seconds(30);

// Whether `s` has something to read (or was closed) within `limit`.
bool WaitReadable(asio::ip::tcp::socket& s, std::chrono::milliseconds limit) {
  pollfd p{s.native_handle(), POLLIN, 0};
  return ::poll(&p, 1, static_cast<int>(limit.count())) == 1;
}

// Polls `done` until it holds, for at most kPatience.
bool WaitFor(const std::function<bool()>& done) {
  const auto end = std::chrono::steady_clock::now() + kPatience;
  while (std::chrono::steady_clock::now() < end) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return done();
}

std::uint64_t ShedCount(const char* reason) {
  const std::string labels = std::string("reason=\"") + reason + "\"";
  return core::MetricsRegistry::Global()
      .GetCounter("contrail_http_connections_shed_total", "", labels)
      .value();
}

class HttpServerTest : public ::testing::Test {
 protected:
  virtual HttpServerOptions Options() {
    HttpServerOptions o;
    o.port = 0;
    o.threads = 2;
    o.body_limit = 1024;
    o.shutdown_grace_ms = 2000;
    return o;
  }
  void SetUp() override {
    HttpServerOptions o = Options();
    server_ = std::make_unique<HttpServer>(o, [this](int) -> HttpHandler {
      return [this](HttpRequest& r) { return Handle(r); };
    });
    auto port = server_->Listen();
    ASSERT_TRUE(port.ok());
    base_ = "http://127.0.0.1:" + std::to_string(*port);
    thread_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    release_held_ = true;
    server_->Stop();
    thread_.join();
  }

  asio::awaitable<HttpResponse> Handle(HttpRequest& r) {
    HttpResponse resp;
    if (r.path() == "/echo") {
      resp.body = r.method + " " + r.body + " " + (r.header("x-a") ? *r.header("x-a") : "");
      resp.timings.push_back({"stage", 1.5});
    } else if (r.path() == "/slow") {
      asio::steady_timer t(co_await asio::this_coro::executor, std::chrono::milliseconds(300));
      co_await t.async_wait(asio::use_awaitable);
      resp.body = "slow done";
    } else if (r.path() == "/hold") {  // busy until the test lets it go
      ++held_;
      asio::steady_timer t(co_await asio::this_coro::executor);
      for (auto end = std::chrono::steady_clock::now() + kPatience;
           !release_held_ && std::chrono::steady_clock::now() < end;) {
        t.expires_after(std::chrono::milliseconds(5));
        co_await t.async_wait(asio::use_awaitable);
      }
      resp.body = "held";
    } else if (r.path() == "/cpus") {
      resp.body = CpuListText(AllowedCpus());
    } else if (r.path() == "/stream") {
      resp.content_type = "text/event-stream";
      resp.stream = [](ResponseStream& out) -> asio::awaitable<std::optional<HttpResponse>> {
        for (int i = 0; i < 3; ++i) co_await out.Write("data: " + std::to_string(i) + "\n\n");
        co_return std::nullopt;
      };
    } else if (r.path() == "/stream-fails-early") {
      resp.stream = [](ResponseStream&) -> asio::awaitable<std::optional<HttpResponse>> {
        HttpResponse e;
        e.status = 502;
        e.body = "{\"error\":{}}";
        co_return e;
      };
    } else {
      resp.status = 404;
    }
    co_return resp;
  }

  core::Result<HttpClientResponse> Get(std::string path, std::string method = "GET", std::string body = "",
                                       BodyCallback cb = {}) {
    HttpClientRequest req;
    req.method = method;
    req.url = base_ + path;
    req.body = std::move(body);
    req.headers.emplace_back("X-A", "b");
    return test::RunAsync(io_, Fetch(req, std::move(cb)));
  }

  // A connection to the server from `source` (Linux routes all of 127/8 to lo).
  asio::ip::tcp::socket Connect(const char* source = "127.0.0.1") {
    asio::ip::tcp::socket s(io_);
    auto port = static_cast<unsigned short>(std::stoi(base_.substr(base_.rfind(':') + 1)));
    s.open(asio::ip::tcp::v4());
    s.bind({asio::ip::make_address(source), 0});
    s.connect({asio::ip::make_address("127.0.0.1"), port});
    return s;
  }

  // Everything the server sends until it closes its side (at most kPatience); `closed` says
  // whether it did.
  static std::string ReadToEnd(asio::ip::tcp::socket& s, bool* closed = nullptr) {
    std::string reply;
    boost::system::error_code ec;
    char buf[4096];
    while (!ec && WaitReadable(s, kPatience)) reply.append(buf, s.read_some(asio::buffer(buf), ec));
    if (closed != nullptr) *closed = static_cast<bool>(ec);
    return reply;
  }

  // Sends a keep-alive GET of `path` on `s` and reads the response; status 0 when the connection
  // closed (or kPatience passed) first.
  static http::response<http::string_body> RoundTrip(asio::ip::tcp::socket& s,
                                                     const std::string& path) {
    http::response<http::string_body> res;
    res.result(0u);
    boost::system::error_code ec;
    asio::write(s, asio::buffer("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n"), ec);
    boost::beast::flat_buffer buffer;
    if (!ec && WaitReadable(s, kPatience)) http::read(s, buffer, res, ec);
    if (ec) res.result(0u);
    return res;
  }

  // Sends raw bytes (what a client library would refuse to send) and returns the first reply bytes.
  std::string RawExchange(const std::string& request) {
    asio::ip::tcp::socket s = Connect();
    asio::write(s, asio::buffer(request));
    std::string reply(512, '\0');
    boost::system::error_code ec;
    reply.resize(s.read_some(asio::buffer(reply), ec));
    return reply;
  }

  // Sends a request on `s` and expects a 503 that says `why` and when to retry, then the close.
  static void ExpectRefused(asio::ip::tcp::socket& s, const std::string& why) {
    asio::write(s, asio::buffer(std::string("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n")));
    bool closed = false;
    std::string reply = ReadToEnd(s, &closed);
    EXPECT_EQ(reply.rfind("HTTP/1.1 503", 0), 0u) << reply;
    EXPECT_NE(reply.find("Retry-After: 1\r\n"), std::string::npos) << reply;
    EXPECT_NE(reply.find(why), std::string::npos) << reply;
    EXPECT_TRUE(closed);
  }

  std::unique_ptr<HttpServer> server_;
  std::atomic<int> held_{0};  // /hold requests that have begun
  std::atomic<bool> release_held_{false};
  std::thread thread_;
  std::string base_;
  asio::io_context io_;
};

TEST_F(HttpServerTest, EchoesWithRequestIdAndServerTiming) {
  auto r = Get("/echo", "POST", "hi");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "POST hi b");
  ASSERT_NE(r->header("x-request-id"), nullptr);
  ASSERT_NE(r->header("server-timing"), nullptr);
  EXPECT_NE(r->header("server-timing")->find("stage;dur=1.500"), std::string::npos);
  EXPECT_NE(r->header("server-timing")->find("total;dur="), std::string::npos);
  auto r2 = Get("/echo");
  EXPECT_NE(*r->header("x-request-id"), *r2->header("x-request-id"));
}

TEST_F(HttpServerTest, BodyOverLimitIs413) {
  auto r = Get("/echo", "POST", std::string(2048, 'x'));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(r->body, "request body over the limit of 1024 bytes");
}

TEST_F(HttpServerTest, TransportErrorsUseTheApplicationsErrorResponse) {
  HttpServerOptions o = Options();
  o.error_response = [](const core::Error& e) {
    HttpResponse r;
    r.status = core::Describe(e.code).http_status;
    r.body = std::string("{\"app\":\"") + core::CodeName(e.code) + "\"}";
    return r;
  };
  HttpServer server(o, [](int) -> HttpHandler { return [](HttpRequest&) -> asio::awaitable<HttpResponse> { co_return HttpResponse{}; }; });
  auto port = server.Listen();
  ASSERT_TRUE(port.ok());
  std::thread thread([&] { server.Run(); });
  HttpClientRequest req;
  req.method = "POST";
  req.url = "http://127.0.0.1:" + std::to_string(*port) + "/x";
  req.body = std::string(2048, 'x');
  auto r = test::RunAsync(io_, Fetch(req));
  server.Stop();
  thread.join();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(r->body, "{\"app\":\"payload_too_large\"}");
}

// A client that sends its whole oversized body before reading (as most HTTP clients do) must get
// the 413, not a reset connection: the server reads and discards the rest of the body after
// answering (a lingering close). 8 MiB is more than loopback's socket buffers hold, so without the
// lingering close the server's reset reaches the client while it is still writing.
TEST_F(HttpServerTest, ClientStillUploadingReadsThe413) {
  constexpr std::size_t kBody = 8 << 20;
  asio::ip::tcp::socket s = Connect();
  asio::write(s, asio::buffer("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(kBody) + "\r\n\r\n"));
  boost::system::error_code ec;
  asio::write(s, asio::buffer(std::string(kBody, 'x')), ec);
  ASSERT_FALSE(ec) << "the upload was cut off: " << ec.message();
  std::string reply = ReadToEnd(s);
  EXPECT_EQ(reply.rfind("HTTP/1.1 413", 0), 0u) << reply;
  EXPECT_NE(reply.find("Connection: close"), std::string::npos) << reply;
}

// The lingering close is bounded: a client that keeps sending is cut off after linger_bytes, and
// one that sends nothing more is closed after linger_ms, so neither holds a connection slot.
class LingerLimitsTest : public HttpServerTest {
 protected:
  HttpServerOptions Options() override {
    HttpServerOptions o = HttpServerTest::Options();
    o.linger_bytes = 64 * 1024;
    o.linger_ms = 200;
    return o;
  }
};

TEST_F(LingerLimitsTest, AnEndlessUploadIsCutOffAfterTheByteLimit) {
  asio::ip::tcp::socket s = Connect();
  asio::write(s, asio::buffer(std::string("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n")));
  boost::system::error_code ec;
  const std::string block(1 << 20, 'x');
  std::size_t sent = 0;
  while (!ec && sent < (256u << 20)) sent += asio::write(s, asio::buffer(block), ec);
  EXPECT_TRUE(ec) << "256 MiB went into a connection that should have been closed";
}

TEST_F(LingerLimitsTest, ASilentClientIsClosedAfterTheLingerTime) {
  asio::ip::tcp::socket s = Connect();
  asio::write(s, asio::buffer(std::string("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n")));
  std::string reply = ReadToEnd(s);  // the 413, then the server's FIN
  EXPECT_EQ(reply.rfind("HTTP/1.1 413", 0), 0u) << reply;
  // The client keeps its end open and sends nothing; the server lets go after linger_ms.
  for (int i = 0; i < 1000 && server_->active_connections() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(server_->active_connections(), 0u);
}

TEST_F(HttpServerTest, StreamsChunks) {
  std::string got;
  auto r = Get("/stream", "GET", "", [&](std::string_view b) -> asio::awaitable<core::Status> {
    got += b;
    co_return core::Ok();
  });
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(got, "data: 0\n\ndata: 1\n\ndata: 2\n\n");
  EXPECT_EQ(*r->header("transfer-encoding"), "chunked");
}

TEST_F(HttpServerTest, StreamThatFailsBeforeWritingSendsAPlainResponse) {
  auto r = Get("/stream-fails-early");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 502);
  EXPECT_EQ(r->body, "{\"error\":{}}");
}

TEST_F(HttpServerTest, MalformedRequestGets400) {
  std::string reply = RawExchange("GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 400", 0), 0u) << reply;
}

TEST_F(HttpServerTest, AnHttp11RequestWithoutAHostGets400) {
  std::string reply = RawExchange("GET /echo HTTP/1.1\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 400", 0), 0u) << reply;
  EXPECT_NE(reply.find("needs a Host header"), std::string::npos) << reply;
  reply = RawExchange("GET /echo HTTP/1.0\r\n\r\n");
  EXPECT_EQ(reply.find("HTTP/1.1 400"), std::string::npos) << reply;
}

TEST_F(HttpServerTest, StopDrainsInFlightRequests) {
  core::Result<HttpClientResponse> slow = core::Internal("not run");
  std::thread client([&] {
    asio::io_context io;
    HttpClientRequest req;
    req.method = "GET";
    req.url = base_ + "/slow";
    slow = test::RunAsync(io, Fetch(req));
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  server_->Stop();
  client.join();
  ASSERT_TRUE(slow.ok()) << slow.error().message;
  EXPECT_EQ(slow->body, "slow done");
}

TEST_F(HttpServerTest, MalformedChunkedBodyGets400) {
  std::string reply = RawExchange(
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 400", 0), 0u) << reply;
  EXPECT_NE(reply.find("malformed HTTP body"), std::string::npos);
}

// pin_threads with as many CPUs as threads (or more): each I/O thread on a CPU of its own.
class PinnedHttpServerTest : public HttpServerTest {
 protected:
  HttpServerOptions Options() override {
    HttpServerOptions o = HttpServerTest::Options();
    o.pin_threads = true;
    return o;
  }
};

TEST_F(PinnedHttpServerTest, EachIoThreadRunsOnACpuOfItsOwn) {
  std::vector<int> cpus = AllowedCpus();
  if (cpus.size() < 2) GTEST_SKIP() << "needs 2 CPUs";
  // Connections are dealt to the workers in turn, so two connections reach both threads.
  std::set<std::string> seen;
  for (int i = 0; i < 2; ++i) {
    auto r = Get("/cpus");
    ASSERT_TRUE(r.ok()) << r.error().message;
    seen.insert(r->body);
  }
  EXPECT_EQ(seen, (std::set<std::string>{std::to_string(cpus[0]), std::to_string(cpus[1])}));
}

// pin_threads with more threads than CPUs: placement is left to the kernel.
class OversubscribedHttpServerTest : public PinnedHttpServerTest {
 protected:
  HttpServerOptions Options() override {
    HttpServerOptions o = PinnedHttpServerTest::Options();
    o.threads = static_cast<int>(AllowedCpus().size()) + 1;
    return o;
  }
};

TEST_F(OversubscribedHttpServerTest, ThreadsAreNotPinnedWhenCpusAreTooFew) {
  const std::string all = CpuListText(AllowedCpus());
  ASSERT_FALSE(all.empty());
  for (std::size_t i = 0; i <= AllowedCpus().size(); ++i) {
    auto r = Get("/cpus");
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->body, all);
  }
}

// A request's headers must arrive within header_timeout_ms of its first byte; the idle timeout,
// far longer here, only covers the wait for a first byte.
class HeaderDeadlineTest : public HttpServerTest {
 protected:
  HttpServerOptions Options() override {
    HttpServerOptions o = HttpServerTest::Options();
    o.header_timeout_ms = 200;
    o.idle_timeout_ms = 600'000;
    return o;
  }
};

TEST_F(HeaderDeadlineTest, ASlowlorisClientIsCutOffAtTheHeaderDeadline) {
  const std::uint64_t before = ShedCount("header_timeout");
  asio::ip::tcp::socket s = Connect();
  // Half a header line, then nothing.
  asio::write(s, asio::buffer(std::string("GET /echo HTTP/1.1\r\nHost: x\r\nX-A: b")));
  bool closed = false;
  std::string reply = ReadToEnd(s, &closed);
  EXPECT_TRUE(closed) << "still open after " << kPatience.count() << " s";
  EXPECT_EQ(reply, "");
  EXPECT_TRUE(WaitFor([&] { return ShedCount("header_timeout") == before + 1; }));
  EXPECT_TRUE(WaitFor([&] { return server_->active_connections() == 0; }));
}

TEST_F(HeaderDeadlineTest, AKeepAliveConnectionMayWaitLongerThanTheHeaderDeadline) {
  asio::ip::tcp::socket s = Connect();
  EXPECT_EQ(RoundTrip(s, "/echo").result_int(), 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(600));  // three header deadlines
  auto second = RoundTrip(s, "/echo");
  EXPECT_EQ(second.result_int(), 200);
  EXPECT_EQ(second.body(), "GET  ");
}

// One address may hold two connections; each further one is refused with a 503.
class AddressLimitTest : public HttpServerTest {
 protected:
  HttpServerOptions Options() override {
    HttpServerOptions o = HttpServerTest::Options();
    o.max_connections_per_address = 2;
    return o;
  }
};

TEST_F(AddressLimitTest, AnAddressAtItsCapCannotDenyServiceToAnother) {
  const std::uint64_t before = ShedCount("address_limit");
  asio::ip::tcp::socket a1 = Connect("127.0.0.1"), a2 = Connect("127.0.0.1");
  ASSERT_EQ(RoundTrip(a1, "/echo").result_int(), 200);
  ASSERT_EQ(RoundTrip(a2, "/echo").result_int(), 200);
  asio::ip::tcp::socket a3 = Connect("127.0.0.1");
  ExpectRefused(a3, "too many connections from this address");
  EXPECT_EQ(ShedCount("address_limit"), before + 1);
  // Another address is served while the first holds its cap.
  asio::ip::tcp::socket b1 = Connect("127.0.0.2"), b2 = Connect("127.0.0.2");
  for (asio::ip::tcp::socket* b : {&b1, &b2, &b1, &b2}) {
    EXPECT_EQ(RoundTrip(*b, "/echo").result_int(), 200);
  }
  EXPECT_EQ(RoundTrip(a1, "/echo").result_int(), 200) << "the first address keeps what it holds";
}

// Three connections at most, on two I/O threads, so that admission looks across both. Each client
// has an address of its own: the per-address cap (at most max_connections) is not what is tested.
class ConnectionLimitTest : public HttpServerTest {
 protected:
  HttpServerOptions Options() override {
    HttpServerOptions o = HttpServerTest::Options();
    o.max_connections = 3;
    return o;
  }
};

TEST_F(ConnectionLimitTest, TheLongestIdleConnectionMakesRoomForANewClient) {
  const std::uint64_t before = ShedCount("idle_evicted");
  std::vector<asio::ip::tcp::socket> idle;
  for (const char* source : {"127.0.0.1", "127.0.0.2", "127.0.0.3"}) {
    idle.push_back(Connect(source));
    ASSERT_EQ(RoundTrip(idle.back(), "/echo").result_int(), 200);
    // The next one goes idle later (its response comes after this one is idle), generously so:
    // connections are dealt to the two I/O threads in turn.
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  asio::ip::tcp::socket newcomer = Connect("127.0.0.4");
  EXPECT_EQ(RoundTrip(newcomer, "/echo").result_int(), 200);
  EXPECT_EQ(ShedCount("idle_evicted"), before + 1);
  bool closed = false;
  EXPECT_EQ(ReadToEnd(idle[0], &closed), "");
  EXPECT_TRUE(closed) << "the longest-idle connection is the one closed";
  EXPECT_EQ(RoundTrip(idle[1], "/echo").result_int(), 200);
  EXPECT_EQ(RoundTrip(idle[2], "/echo").result_int(), 200);
  EXPECT_EQ(server_->active_connections(), 3u);
}

TEST_F(ConnectionLimitTest, EveryConnectionBusyMeansA503WithRetryAfter) {
  const std::uint64_t before = ShedCount("max_connections");
  std::vector<asio::ip::tcp::socket> busy;
  for (const char* source : {"127.0.0.1", "127.0.0.2", "127.0.0.3"}) {
    busy.push_back(Connect(source));
    asio::write(busy.back(), asio::buffer(std::string("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n")));
  }
  ASSERT_TRUE(WaitFor([&] { return held_ == 3; }));
  asio::ip::tcp::socket newcomer = Connect("127.0.0.4");
  ExpectRefused(newcomer, "every connection is busy");
  EXPECT_EQ(ShedCount("max_connections"), before + 1);
  release_held_ = true;
  for (asio::ip::tcp::socket& s : busy) {
    http::response<http::string_body> res;
    boost::beast::flat_buffer buffer;
    boost::system::error_code ec;
    if (WaitReadable(s, kPatience)) http::read(s, buffer, res, ec);
    EXPECT_FALSE(ec) << ec.message();
    EXPECT_EQ(res.body(), "held") << "the busy connections finish their requests";
  }
}

}  // namespace
}  // namespace contrail::net
