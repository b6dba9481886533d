#pragma once
// The whole server against a real Valkey (and PostgreSQL when CONTRAIL_TEST_PG_PORT is set), started
// on a free port for a test and driven over HTTP.

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <cstdlib>
#include <thread>

#include "core/config.h"
#include "net/http_client.h"
#include "server/app.h"
#include "support/async.h"
#include "support/valkey_server.h"

namespace contrail::server {

namespace asio = boost::asio;
namespace json = boost::json;

// The configuration of a test app: without authentication (it serves loopback only), since most
// tests are about everything else; authentication has its own tests (test/server/auth/).
// PostgreSQL is the test server's (CONTRAIL_TEST_PG_*), or a port where none listens.
inline core::Config TestAppConfig() {
  core::Config config;
  config.auth.mode = "off";
  // The in-process memory worker creates its streams at start; the tests here count what requests
  // write (DBSIZE). The worker has its own tests (test/memory, test/e2e/memory.test.mjs).
  config.memory.worker = false;
  const char* pg = std::getenv("CONTRAIL_TEST_PG_PORT");
  config.postgres.port = pg ? std::atoi(pg) : test::FreePort();
  if (const char* user = std::getenv("CONTRAIL_TEST_PG_USER")) config.postgres.user = user;
  if (const char* password = std::getenv("CONTRAIL_TEST_PG_PASSWORD")) config.postgres.password = password;
  if (const char* db = std::getenv("CONTRAIL_TEST_PG_DATABASE")) config.postgres.database = db;
  return config;
}

class AppTest : public ::testing::Test {
 protected:
  void StartApp(core::Config config) {
    config.server.port = 0;
    config.server.threads = 2;
    config.valkey.port = valkey_.port();
    config.valkey.reconnect_max_backoff_ms = 100;
    config.postgres.connect_timeout_ms = 500;
    config.log.level = "warn";
    app_ = std::make_unique<App>(config);
    auto port = app_->Start();
    ASSERT_TRUE(port.ok()) << port.error().message;
    base_ = "http://127.0.0.1:" + std::to_string(*port);
    thread_ = std::thread([this] { app_->Run(); });
  }
  void SetUp() override { StartApp(TestAppConfig()); }
  void TearDown() override {
    app_->Stop();
    thread_.join();
  }

  net::HttpClientResponse Call(std::string method, std::string path, std::string body = "",
                               std::vector<net::Header> headers = {{"Content-Type", "application/json"}}) {
    net::HttpClientRequest req;
    req.method = std::move(method);
    req.url = base_ + path;
    req.body = std::move(body);
    req.headers = std::move(headers);
    req.timeout = std::chrono::seconds(10);
    auto r = test::RunAsync(io_, net::Fetch(req));
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : net::HttpClientResponse{};
  }
  static std::string Chat(const std::string& text, const std::string& extra = "") {
    return R"({"model":"flightly-local","messages":[{"role":"user","content":")" + text + "\"}]" + extra + "}";
  }
  static std::string Content(const net::HttpClientResponse& r) {
    json::value v = json::parse(r.body);
    return json::value_to<std::string>(v.at("choices").at(0).at("message").at("content"));
  }
  // Polls until the list has `n` elements (write-behind lands just after the reply).
  bool WaitLen(const std::string& key, int n) {
    for (int i = 0; i < 200; ++i) {
      if (valkey_.Cli({"LLEN", key}) == std::to_string(n)) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  test::ValkeyServer valkey_;
  std::unique_ptr<App> app_;
  std::thread thread_;
  std::string base_;
  asio::io_context io_;
};

}  // namespace contrail::server
