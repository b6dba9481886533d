// The HTTP client on its own: failures it reports as values.

#include "net/http_client.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "support/async.h"

namespace contrail::net {
namespace {

namespace asio = boost::asio;

TEST(HttpClientTest, RefusedConnectionIsUnavailable) {
  asio::io_context io;
  HttpClientRequest req;
  req.url = "http://127.0.0.1:1/x";
  auto r = test::RunAsync(io, Fetch(req));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Code::kUnavailable);
}

}  // namespace
}  // namespace contrail::net
