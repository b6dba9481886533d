// McpClient over stdio against a scripted server (data/scripted_mcp_server.sh): the protocol
// (initialize, paged tools/list, tools/call results), and a server that hangs, dies, writes junk or
// too much, cannot start or will not initialize — each a clear error by the call's deadline, and
// the next call reconnecting.

#include "mcp/mcp_client.h"

#include <signal.h>
#include <stdlib.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/json.hpp>
#include <regex>

#include "client_fixture.h"

namespace contrail::mcp {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

class McpClientStdioTest : public test::McpClientFixture {
 protected:
  core::Result<ToolOutput> Call(McpClient& client, std::string_view tool, json::object args = {},
                                std::chrono::milliseconds timeout = 3s) {
    return Run(client.CallTool(tool, args, In(timeout)));
  }
  int ServerPid(McpClient& client) {
    core::Result<ToolOutput> out = Call(client, "pid");
    return out ? std::stoi(out->text) : -1;
  }
};

TEST_F(McpClientStdioTest, ListsToolsAcrossPages) {
  McpClient client(io_.get_executor(), ScriptedOptions());
  core::Result<std::vector<json::object>> tools = Run(client.ListTools(In(5s)));
  ASSERT_TRUE(tools) << tools.error().message;
  std::vector<std::string> names;
  for (const json::object& t : *tools) names.emplace_back(t.at("name").as_string());
  EXPECT_EQ(names, (std::vector<std::string>{"echo", "hang", "die", "fail", "structured", "pid",
                                             "env", "garbage", "huge", "bad name!"}));
  EXPECT_TRUE(client.connected());
}

TEST_F(McpClientStdioTest, CallReturnsTheToolsText) {
  McpClient client(io_.get_executor(), ScriptedOptions());
  core::Result<ToolOutput> out = Call(client, "echo", {{"message", "hello"}});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(out->text, "echo: hello");
  EXPECT_FALSE(out->is_error);
  EXPECT_TRUE(out->structured.is_null());
}

TEST_F(McpClientStdioTest, RemoteIsErrorBecomesAToolOutputWithIsError) {
  McpClient client(io_.get_executor(), ScriptedOptions());
  core::Result<ToolOutput> out = Call(client, "fail");
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_TRUE(out->is_error);
  EXPECT_EQ(out->text, "it failed");
}

TEST_F(McpClientStdioTest, KeepsStructuredContentAndNamesNonTextBlocks) {
  McpClient client(io_.get_executor(), ScriptedOptions());
  core::Result<ToolOutput> out = Call(client, "structured");
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(out->text, "sunny\n[image image/png]");
  EXPECT_EQ(out->structured, json::parse(R"({"sky":"sunny"})"));
}

TEST_F(McpClientStdioTest, UnknownToolIsTheServersInvalidParamsError) {
  McpClient client(io_.get_executor(), ScriptedOptions());
  core::Result<ToolOutput> out = Call(client, "nope");
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, core::Code::kInvalidArgument);
  EXPECT_EQ(out.error().message, "MCP server `scripted`: tools/call: Unknown tool: nope (-32602)");
}

TEST_F(McpClientStdioTest, HangingCallTimesOutAtItsDeadlineAndTheConnectionStaysUsable) {
  McpClient client(io_.get_executor(), ScriptedOptions());
  ASSERT_TRUE(Call(client, "echo", {{"message", "warm"}}));
  const auto start = Clock::now();
  core::Result<ToolOutput> out = Call(client, "hang", {}, 300ms);
  const auto waited = Clock::now() - start;
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, core::Code::kTimeout);
  // (Within what was left of the 300 ms when the request went out.)
  EXPECT_TRUE(std::regex_match(
      out.error().message,
      std::regex("MCP server `scripted`: tools/call: no answer within (2[5-9][0-9]|300) ms")))
      << out.error().message;
  EXPECT_GE(waited, 290ms);
  EXPECT_LT(waited, 1s);
  EXPECT_TRUE(client.connected());
  core::Result<ToolOutput> after = Call(client, "echo", {{"message", "still here"}});
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_EQ(after->text, "echo: still here");
}

TEST_F(McpClientStdioTest, ConcurrentCallsAreMatchedToTheirAnswersById) {
  McpClient client(io_.get_executor(), ScriptedOptions());
  ASSERT_TRUE(Call(client, "echo", {{"message", "warm"}}));
  std::vector<std::string> answers(3);
  int done = 0;
  auto call = [&](int i, std::string tool, std::string message) -> asio::awaitable<void> {
    // (Built outside the co_await: GCC 12 cannot keep an initializer list among its operands.)
    const json::object args{{"message", message}};
    core::Result<ToolOutput> r = co_await client.CallTool(tool, args, In(1s));
    answers[i] = r ? r->text : core::CodeName(r.error().code);
    ++done;
  };
  asio::co_spawn(io_, call(0, "hang", "x"), asio::detached);
  asio::co_spawn(io_, call(1, "echo", "one"), asio::detached);
  asio::co_spawn(io_, call(2, "echo", "two"), asio::detached);
  io_.restart();
  while (done < 3) io_.run_one();
  EXPECT_EQ(answers, (std::vector<std::string>{"timeout", "echo: one", "echo: two"}));
}

TEST_F(McpClientStdioTest, ServerDyingMidCallFailsTheCallAndTheNextCallStartsItAgain) {
  McpClient client(io_.get_executor(), ScriptedOptions());
  const int first = ServerPid(client);
  ASSERT_GT(first, 0);
  core::Result<ToolOutput> out = Call(client, "die");
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, core::Code::kUnavailable);
  EXPECT_EQ(
      out.error().message,
      "MCP server `scripted`: tools/call: the server closed its output (exited with status 3)");
  EXPECT_FALSE(client.connected());
  const int second = ServerPid(client);
  EXPECT_GT(second, 0);
  EXPECT_NE(second, first);
  EXPECT_NE(::kill(first, 0), 0) << "the dead server was reaped";
}

TEST_F(McpClientStdioTest, KilledServerIsNoticedAndTheNextCallReconnects) {
  McpClient client(io_.get_executor(), ScriptedOptions());
  const int first = ServerPid(client);
  ASSERT_GT(first, 0);
  ASSERT_EQ(::kill(first, SIGKILL), 0);
  for (int i = 0; i < 100 && client.connected(); ++i) RunFor(10ms);
  EXPECT_FALSE(client.connected());
  core::Result<ToolOutput> out = Call(client, "echo", {{"message", "back"}});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(out->text, "echo: back");
}

TEST_F(McpClientStdioTest, JunkLinesAreSkippedAndTheServersPingIsAnswered) {
  McpClient client(io_.get_executor(), ScriptedOptions());
  core::Result<ToolOutput> out = Call(client, "garbage");
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(out->text, "pong answered");
  EXPECT_TRUE(client.connected());
}

TEST_F(McpClientStdioTest, MessageOverTheCapEndsTheConnectionWithAClearError) {
  McpClient client(io_.get_executor(), ScriptedOptions());
  core::Result<ToolOutput> out = Call(client, "huge");
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, core::Code::kPayloadTooLarge);
  EXPECT_NE(out.error().message.find("the server sent a message over 65536 bytes"),
            std::string::npos)
      << out.error().message;
  EXPECT_FALSE(client.connected());
  EXPECT_TRUE(Call(client, "echo", {{"message", "again"}}))
      << "the next call starts the server again";
}

TEST_F(McpClientStdioTest, ProgramThatCannotStartFailsThenWaitsItsBackoff) {
  ClientOptions o = ScriptedOptions();
  o.command = {"/nonexistent/mcp-server"};
  o.min_backoff = 300ms;
  o.max_backoff = 2s;
  McpClient client(io_.get_executor(), o);
  core::Result<ToolOutput> out = Call(client, "echo");
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, core::Code::kUnavailable);
  EXPECT_EQ(out.error().message,
            "MCP server `scripted`: tools/call: cannot start `/nonexistent/mcp-server`: No such "
            "file or directory");
  // Within the backoff (300 ms) a call fails at once, saying when the next attempt is.
  core::Result<ToolOutput> soon = Call(client, "echo");
  ASSERT_FALSE(soon);
  EXPECT_NE(soon.error().message.find("not connected (cannot start"), std::string::npos)
      << soon.error().message;
  EXPECT_NE(soon.error().message.find("next attempt in"), std::string::npos)
      << soon.error().message;
  EXPECT_GT(client.next_attempt(), Clock::now());
  RunFor(320ms);
  core::Result<ToolOutput> retried = Call(client, "echo");
  ASSERT_FALSE(retried);
  EXPECT_EQ(retried.error().message,
            "MCP server `scripted`: tools/call: cannot start `/nonexistent/mcp-server`: No such "
            "file or directory")
      << "a new attempt after the backoff";
  EXPECT_GT(client.next_attempt(), Clock::now() + 400ms) << "the backoff doubled";
}

TEST_F(McpClientStdioTest, InitializeThatHangsNeverHoldsACallPastItsDeadline) {
  ClientOptions o = ScriptedOptions();
  o.env = {{"SCRIPT_INIT", "hang"}};
  o.connect_timeout = 400ms;
  o.min_backoff = 2s;
  McpClient client(io_.get_executor(), o);
  const auto start = Clock::now();
  core::Result<ToolOutput> out = Call(client, "echo", {}, 100ms);
  EXPECT_LT(Clock::now() - start, 350ms);
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, core::Code::kTimeout);
  EXPECT_EQ(out.error().message,
            "MCP server `scripted`: tools/call: the call's deadline passed while connecting");
  // The attempt itself ends at connect_timeout; a call after it learns why, at once.
  RunFor(450ms);
  const auto again = Clock::now();
  core::Result<ToolOutput> later = Call(client, "echo", {}, 1s);
  EXPECT_LT(Clock::now() - again, 300ms);
  ASSERT_FALSE(later);
  EXPECT_EQ(later.error().code, core::Code::kUnavailable);
  EXPECT_NE(later.error().message.find("tools/call: not connected (initialize: no answer within "),
            std::string::npos)
      << later.error().message;
}

TEST_F(McpClientStdioTest, UnsupportedProtocolRevisionIsRefused) {
  ClientOptions o = ScriptedOptions();
  o.env = {{"SCRIPT_INIT", "old"}};
  McpClient client(io_.get_executor(), o);
  core::Result<std::vector<json::object>> tools = Run(client.ListTools(In(3s)));
  ASSERT_FALSE(tools);
  EXPECT_EQ(tools.error().code, core::Code::kUnavailable);
  EXPECT_NE(
      tools.error().message.find("a protocol revision contrail does not speak (\"1999-01-01\")"),
      std::string::npos)
      << tools.error().message;
  EXPECT_FALSE(client.connected());
}

TEST_F(McpClientStdioTest, ServerGetsItsConfiguredEnvironmentButNotContrails) {
  ::setenv("CONTRAIL_TEST_SECRET", "s3cret", 1);
  ClientOptions o = ScriptedOptions();
  o.env = {{"SCRIPT_VAR", "from config"}};
  McpClient client(io_.get_executor(), o);
  core::Result<ToolOutput> out = Call(client, "env");
  ::unsetenv("CONTRAIL_TEST_SECRET");
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(out->text, "from config secret:absent");
}

TEST_F(McpClientStdioTest, DestroyingTheClientStopsTheServer) {
  int pid = -1;
  {
    McpClient client(io_.get_executor(), ScriptedOptions());
    pid = ServerPid(client);
    ASSERT_GT(pid, 0);
  }
  EXPECT_NE(::kill(pid, 0), 0) << "killed and reaped";
}

TEST_F(McpClientStdioTest, CloseStopsTheServerAndALaterCallStartsItAgain) {
  McpClient client(io_.get_executor(), ScriptedOptions());
  const int first = ServerPid(client);
  ASSERT_GT(first, 0);
  Run(client.Close());
  EXPECT_FALSE(client.connected());
  EXPECT_NE(::kill(first, 0), 0);
  EXPECT_GT(ServerPid(client), 0);
}

}  // namespace
}  // namespace contrail::mcp
