// Integration tests against a real valkey-server started for each test.

#include "valkey/connection.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "support/async.h"
#include "support/valkey_server.h"

namespace contrail::valkey {
namespace {

namespace asio = boost::asio;
using std::chrono::milliseconds;

class ConnectionTest : public ::testing::Test {
 protected:
  ConnectionOptions Options() {
    ConnectionOptions o;
    o.port = server_.port();
    o.command_timeout = milliseconds(1000);
    o.max_backoff = milliseconds(100);
    return o;
  }
  core::Result<Replies> Exec(Connection& c, CommandBatch b, milliseconds t = milliseconds(0)) {
    return test::RunAsync(io_, c.Execute(std::move(b), t));
  }
  // Polls `c` until it is up (or ~5 s passed).
  bool WaitUp(Connection& c) {
    for (int i = 0; i < 500 && c.state() != Connection::State::kUp; ++i) {
      test::RunAsync(io_, [&]() -> asio::awaitable<void> {
        asio::steady_timer t(io_, milliseconds(10));
        co_await t.async_wait(asio::use_awaitable);
      }());
    }
    return c.state() == Connection::State::kUp;
  }

  test::ValkeyServer server_;
  asio::io_context io_;
};

TEST_F(ConnectionTest, CommandsQueuedDuringConnectAreSent) {
  Connection c(io_.get_executor(), Options());
  c.Start();
  CommandBatch b;
  b.Add({"SET", "k", "v"}).Add({"GET", "k"}).Add({"HGETALL", "nothing"});
  auto r = Exec(c, std::move(b));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 3u);
  EXPECT_TRUE((*r)[0].is_status("OK"));
  EXPECT_EQ((*r)[1].str, "v");
  EXPECT_TRUE((*r)[2].is_array());
  EXPECT_TRUE((*r)[2].elements.empty());
}

TEST_F(ConnectionTest, ErrorReplyIsAValueNotAFailure) {
  Connection c(io_.get_executor(), Options());
  c.Start();
  CommandBatch b;
  b.Add({"SET", "s", "x"}).Add({"LPUSH", "s", "y"}).Add({"GET", "s"});
  auto r = Exec(c, std::move(b));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE((*r)[1].is_error());
  EXPECT_NE((*r)[1].str.find("WRONGTYPE"), std::string::npos);
  EXPECT_EQ((*r)[2].str, "x");
}

TEST_F(ConnectionTest, ConcurrentBatchesArePipelinedAndMatchedInOrder) {
  Connection c(io_.get_executor(), Options());
  c.Start();
  ASSERT_TRUE(WaitUp(c));
  constexpr int kBatches = 500;
  std::vector<std::string> got(kBatches);
  int done = 0;
  for (int i = 0; i < kBatches; ++i) {
    CommandBatch b;
    std::string key = "k" + std::to_string(i);
    b.Add({"SET", key, std::to_string(i * 7)}).Add({"GET", key});
    c.Submit(std::move(b), [&, i](core::Result<Replies> r) {
      if (r.ok()) got[i] = (*r)[1].str;
      ++done;
    });
  }
  while (done < kBatches) io_.run_one();
  for (int i = 0; i < kBatches; ++i) EXPECT_EQ(got[i], std::to_string(i * 7));
}

TEST_F(ConnectionTest, BatchesLargerThanTheSocketBufferAreSentWhole) {
  // 8 MiB values do not fit the kernel's send buffer: the rest waits for the socket to drain,
  // and batches submitted meanwhile (queued or corked reads) follow in order.
  Connection c(io_.get_executor(), Options());
  c.Start();
  ASSERT_TRUE(WaitUp(c));
  const std::string big_a(8 << 20, 'a'), big_b(8 << 20, 'b');
  int done = 0;
  CommandBatch a;
  a.Add({"SET", "big", big_a});
  c.Submit(std::move(a), [&](core::Result<Replies> r) { EXPECT_TRUE(r.ok() && (*r)[0].is_status("OK")); ++done; });
  CommandBatch b;
  b.Add({"APPEND", "big", big_b});
  c.Submit(std::move(b), [&](core::Result<Replies> r) { EXPECT_TRUE(r.ok() && (*r)[0].integer == 16 << 20); ++done; },
           Connection::Send::kSoon);
  while (done < 2) io_.run_one();
  CommandBatch get;
  get.Add({"GET", "big"}).Add({"STRLEN", "big"});
  auto r = Exec(c, std::move(get), milliseconds(5000));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ((*r)[0].str.size(), std::size_t{16} << 20);
  EXPECT_EQ((*r)[0].str.substr((8 << 20) - 2, 4), "aabb");
  EXPECT_EQ((*r)[1].integer, 16 << 20);
}

TEST_F(ConnectionTest, SubmitNeverCallsBackInline) {
  Connection c(io_.get_executor(), Options());
  c.Close();
  bool called = false;
  CommandBatch b;
  b.Add({"PING"});
  c.Submit(std::move(b), [&](core::Result<Replies> r) {
    called = true;
    EXPECT_EQ(r.error().code, core::Code::kUnavailable);
  });
  EXPECT_FALSE(called);
  io_.restart();
  io_.run();
  EXPECT_TRUE(called);
}

TEST_F(ConnectionTest, TimesOutWhenValkeyIsBusy) {
  Connection c(io_.get_executor(), Options());
  c.Start();
  ASSERT_TRUE(WaitUp(c));
  CommandBatch slow;
  slow.Add({"DEBUG", "SLEEP", "0.3"});
  auto r = Exec(c, std::move(slow), milliseconds(50));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Code::kTimeout);
  // The late reply is discarded and the next batch still gets its own reply.
  CommandBatch ping;
  ping.Add({"ECHO", "after"});
  auto after = Exec(c, std::move(ping));
  ASSERT_TRUE(after.ok()) << after.error().message;
  EXPECT_EQ((*after)[0].str, "after");
}

TEST_F(ConnectionTest, FailsFastWhileDownAndReconnectsAfterRestart) {
  Connection c(io_.get_executor(), Options());
  c.Start();
  ASSERT_TRUE(WaitUp(c));
  server_.Stop(/*crash=*/true);
  CommandBatch b1;
  b1.Add({"PING"});
  auto r = Exec(c, std::move(b1));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Code::kUnavailable);
  ASSERT_TRUE(server_.Start());
  ASSERT_TRUE(WaitUp(c)) << "no reconnect after Valkey came back";
  CommandBatch b2;
  b2.Add({"PING"});
  auto r2 = Exec(c, std::move(b2));
  ASSERT_TRUE(r2.ok()) << r2.error().message;
  EXPECT_TRUE((*r2)[0].is_status("PONG"));
  EXPECT_GE(c.reconnects(), 2u);
}

TEST_F(ConnectionTest, AuthFailureKeepsConnectionDown) {
  ConnectionOptions o = Options();
  o.password = "wrong";
  Connection c(io_.get_executor(), o);
  c.Start();
  CommandBatch b;
  b.Add({"PING"});
  auto r = Exec(c, std::move(b));
  EXPECT_FALSE(r.ok());
}

TEST(ConnectionAuthTest, AuthenticatesWithPassword) {
  test::ValkeyServer server({"--requirepass", "s3cret"});
  asio::io_context io;
  ConnectionOptions o;
  o.port = server.port();
  o.password = "s3cret";
  o.db = 2;
  Connection c(io.get_executor(), o);
  c.Start();
  CommandBatch b;
  b.Add({"SET", "k", "in-db-2"});
  auto r = test::RunAsync(io, c.Execute(std::move(b), milliseconds(2000)));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(server.Cli({"-a", "s3cret", "--no-auth-warning", "-n", "2", "GET", "k"}), "in-db-2");
}

}  // namespace
}  // namespace contrail::valkey

namespace contrail::valkey {
namespace {

TEST(ConnectionTlsTest, TalksTlsAndVerifiesTheCertificate) {
  test::ValkeyServer server({}, /*tls=*/true);
  ASSERT_EQ(server.Cli({"PING"}), "PONG");
  asio::io_context io;
  ConnectionOptions o;
  o.port = server.port();
  o.tls = true;
  o.tls_ca_file = server.ca_file();
  Connection c(io.get_executor(), o);
  c.Start();
  CommandBatch b;
  b.Add({"SET", "over", "tls"}).Add({"GET", "over"});
  auto r = test::RunAsync(io, c.Execute(std::move(b), milliseconds(3000)));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ((*r)[1].str, "tls");

  // Without the CA the certificate cannot be verified: no connection, no command.
  ConnectionOptions untrusted = o;
  untrusted.tls_ca_file.clear();
  Connection bad(io.get_executor(), untrusted);
  bad.Start();
  CommandBatch b2;
  b2.Add({"PING"});
  auto r2 = test::RunAsync(io, bad.Execute(std::move(b2), milliseconds(1000)));
  EXPECT_FALSE(r2.ok());
}

}  // namespace
}  // namespace contrail::valkey
