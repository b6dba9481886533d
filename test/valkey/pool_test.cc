// The per-thread pool of Valkey connections, against a real valkey-server.

#include "valkey/pool.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "support/async.h"
#include "support/valkey_server.h"

namespace contrail::valkey {
namespace {

namespace asio = boost::asio;
using std::chrono::milliseconds;

TEST(PoolTest, SpreadsOverConnectionsAndReportsConnected) {
  test::ValkeyServer server;
  asio::io_context io;
  ConnectionOptions options;
  options.port = server.port();
  options.command_timeout = milliseconds(1000);
  Pool pool(io.get_executor(), options, 3);
  pool.Start();
  for (int i = 0; i < 10; ++i) {
    CommandBatch b;
    b.Add({"INCR", "n"});
    auto r = test::RunAsync(io, pool.Execute(std::move(b), milliseconds(1000)));
    ASSERT_TRUE(r.ok()) << r.error().message;
  }
  EXPECT_EQ(server.Cli({"GET", "n"}), "10");
  // The other connections connect in the background: on a busy machine the commands may all have
  // gone through the first one before they are up.
  for (int i = 0; i < 1000 && pool.connected() < 3; ++i) {
    io.restart();
    io.run_for(milliseconds(10));
  }
  EXPECT_EQ(pool.connected(), 3);
}

}  // namespace
}  // namespace contrail::valkey
