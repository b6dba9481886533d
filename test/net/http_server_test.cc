// The HTTP server and client against each other on loopback.

#include "net/http_server.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <set>
#include <thread>

#include "net/cpu_affinity.h"
#include "net/http_client.h"
#include "support/async.h"

namespace contrail::net {
namespace {

namespace asio = boost::asio;

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

  asio::ip::tcp::socket Connect() {
    asio::ip::tcp::socket s(io_);
    auto port = static_cast<unsigned short>(std::stoi(base_.substr(base_.rfind(':') + 1)));
    s.connect({asio::ip::make_address("127.0.0.1"), port});
    return s;
  }

  // Everything the server sends until it closes its side.
  static std::string ReadToEnd(asio::ip::tcp::socket& s) {
    std::string reply;
    boost::system::error_code ec;
    char buf[4096];
    while (!ec) reply.append(buf, s.read_some(asio::buffer(buf), ec));
    return reply;
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

  std::unique_ptr<HttpServer> server_;
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

}  // namespace
}  // namespace contrail::net
