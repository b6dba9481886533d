// McpClient against the npm reference servers (test/e2e/node_modules, node 22):
// @modelcontextprotocol/server-everything over stdio and streamable HTTP, and
// @modelcontextprotocol/server-postgres over stdio on a test database — list, call, a call the
// server refuses, and each server killed and started again under a client that keeps working.
// Without node or the packages these skip locally and fail in CI (client_fixture.h).

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/json.hpp>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <thread>

#include "client_fixture.h"
#include "mcp/mcp_client.h"
#include "mcp/remote_servers.h"
#include "support/pg_env.h"

extern char** environ;

namespace contrail::mcp {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* kEverything = "@modelcontextprotocol/server-everything/dist/index.js";
constexpr const char* kPostgres = "@modelcontextprotocol/server-postgres/dist/index.js";

// A server process the test starts itself (the HTTP one), with PORT set; killed on destruction.
class ServerProcess {
 public:
  ServerProcess(const std::vector<std::string>& argv, int port) {
    std::vector<std::string> env_strings{"PORT=" + std::to_string(port)};
    for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
    std::vector<char*> args, envp;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    for (std::string& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    if (posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), envp.data()) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
  }
  ~ServerProcess() { Kill(); }
  void Kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
};

int FreePort() {
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

bool Accepts(int port, std::chrono::milliseconds within) {
  const auto end = std::chrono::steady_clock::now() + within;
  while (std::chrono::steady_clock::now() < end) {
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    boost::system::error_code ec;
    socket.connect({asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)}, ec);
    if (!ec) return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

std::string PercentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

class ReferenceServersTest : public test::McpClientFixture {
 protected:
  void TearDown() override { std::filesystem::remove(pidfile_); }
  // `argv` on stdio through sh, which writes the server's pid to pidfile_ before exec'ing it.
  ClientOptions Stdio(std::string name, const std::vector<std::string>& argv) {
    ClientOptions o;
    o.name = std::move(name);
    o.command = {"/bin/sh", "-c", "echo $$ > \"$0\" && exec \"$@\"", pidfile_};
    o.command.insert(o.command.end(), argv.begin(), argv.end());
    o.connect_timeout = 20s;  // node's start, under a sanitizer build on a busy machine
    return o;
  }
  int ServerPid() {
    std::ifstream in(pidfile_);
    int pid = -1;
    in >> pid;
    return pid;
  }
  core::Result<ToolOutput> Call(McpClient& client, std::string_view tool, std::string_view args) {
    return Run(client.CallTool(tool, json::parse(args).as_object(), In(20s)));
  }
  // Kills the server the client started and runs until the client noticed.
  void KillServer(McpClient& client) {
    const int pid = ServerPid();
    ASSERT_GT(pid, 0);
    ASSERT_EQ(::kill(pid, SIGKILL), 0);
    for (int i = 0; i < 500 && client.connected(); ++i) RunFor(10ms);
    ASSERT_FALSE(client.connected());
  }
  // The checks both transports of server-everything pass.
  void ExpectEverythingWorks(McpClient& client) {
    core::Result<std::vector<json::object>> tools = Run(client.ListTools(In(20s)));
    ASSERT_TRUE(tools) << tools.error().message;
    std::set<std::string> names;
    for (const json::object& t : *tools) names.emplace(t.at("name").as_string());
    EXPECT_TRUE(names.count("echo") && names.count("get-sum") &&
                names.count("get-structured-content"));

    core::Result<ToolOutput> echo = Call(client, "echo", R"({"message":"hello from contrail"})");
    ASSERT_TRUE(echo) << echo.error().message;
    EXPECT_EQ(echo->text, "Echo: hello from contrail");
    EXPECT_FALSE(echo->is_error);

    core::Result<ToolOutput> sum = Call(client, "get-sum", R"({"a":2,"b":3})");
    ASSERT_TRUE(sum) << sum.error().message;
    EXPECT_EQ(sum->text, "The sum of 2 and 3 is 5.");

    core::Result<ToolOutput> weather =
        Call(client, "get-structured-content", R"({"location":"Chicago"})");
    ASSERT_TRUE(weather) << weather.error().message;
    ASSERT_TRUE(weather->structured.is_object());
    EXPECT_TRUE(weather->structured.as_object().contains("temperature"));

    // Arguments the server's own schema refuses: a tool error the model can read.
    core::Result<ToolOutput> bad = Call(client, "get-sum", R"({"a":"two"})");
    ASSERT_TRUE(bad) << bad.error().message;
    EXPECT_TRUE(bad->is_error);
    EXPECT_NE(bad->text.find("Invalid"), std::string::npos) << bad->text;
  }

  std::string pidfile_ = (std::filesystem::temp_directory_path() /
                          ("contrail_mcp_ref_" + std::to_string(::getpid()) + ".pid"))
                             .string();
};

TEST_F(ReferenceServersTest, EverythingOverStdio) {
  CONTRAIL_REQUIRE_NODE_MODULE(kEverything);
  McpClient client(
      io_.get_executor(),
      Stdio("everything", {test::NodeBinary(), test::NodeModule(kEverything), "stdio"}));
  ExpectEverythingWorks(client);
}

TEST_F(ReferenceServersTest, EverythingOverStdioKilledAndStartedAgain) {
  CONTRAIL_REQUIRE_NODE_MODULE(kEverything);
  McpClient client(
      io_.get_executor(),
      Stdio("everything", {test::NodeBinary(), test::NodeModule(kEverything), "stdio"}));
  ASSERT_TRUE(Call(client, "echo", R"({"message":"one"})"));
  const int first = ServerPid();
  KillServer(client);
  core::Result<ToolOutput> echo = Call(client, "echo", R"({"message":"two"})");
  ASSERT_TRUE(echo) << echo.error().message;
  EXPECT_EQ(echo->text, "Echo: two");
  EXPECT_NE(ServerPid(), first);
}

TEST_F(ReferenceServersTest, EverythingOverStreamableHttp) {
  CONTRAIL_REQUIRE_NODE_MODULE(kEverything);
  const int port = FreePort();
  ServerProcess server({test::NodeBinary(), test::NodeModule(kEverything), "streamableHttp"}, port);
  ASSERT_TRUE(Accepts(port, 20s));
  ClientOptions o;
  o.name = "everything";
  o.url = "http://127.0.0.1:" + std::to_string(port) + "/mcp";
  McpClient client(io_.get_executor(), o);
  ExpectEverythingWorks(client);
  Run(client.Close());
  EXPECT_FALSE(client.connected());
}

TEST_F(ReferenceServersTest, EverythingOverHttpKilledAndStartedAgain) {
  CONTRAIL_REQUIRE_NODE_MODULE(kEverything);
  const int port = FreePort();
  const std::vector<std::string> argv{test::NodeBinary(), test::NodeModule(kEverything),
                                      "streamableHttp"};
  std::optional<ServerProcess> server(std::in_place, argv, port);
  ASSERT_TRUE(Accepts(port, 20s));
  ClientOptions o;
  o.name = "everything";
  o.url = "http://127.0.0.1:" + std::to_string(port) + "/mcp";
  o.min_backoff = 10ms;
  McpClient client(io_.get_executor(), o);
  ASSERT_TRUE(Call(client, "echo", R"({"message":"one"})"));

  // Down: the call fails as unavailable, and ends the session.
  server.reset();
  core::Result<ToolOutput> down = Call(client, "echo", R"({"message":"down"})");
  ASSERT_FALSE(down);
  EXPECT_EQ(down.error().code, core::Code::kUnavailable);
  EXPECT_FALSE(client.connected());

  // Up again (a new process knows no session): the next call starts a new session.
  server.emplace(argv, port);
  ASSERT_TRUE(Accepts(port, 20s));
  RunFor(20ms);
  core::Result<ToolOutput> up = Call(client, "echo", R"({"message":"up"})");
  ASSERT_TRUE(up) << up.error().message;
  EXPECT_EQ(up->text, "Echo: up");

  // Restarted between two calls: the old session is refused, renewed, and the call goes through.
  server.reset();
  server.emplace(argv, port);
  ASSERT_TRUE(Accepts(port, 20s));
  core::Result<ToolOutput> renewed = Call(client, "echo", R"({"message":"renewed"})");
  ASSERT_TRUE(renewed) << renewed.error().message;
  EXPECT_EQ(renewed->text, "Echo: renewed");
}

class PostgresReferenceServerTest : public ReferenceServersTest {
 protected:
  void SetUp() override {
    db_ = test::TestDatabase::Create();
    if (!db_) CONTRAIL_SKIP_OR_FAIL_WITHOUT("CONTRAIL_TEST_PG_PORT");
    db_->Sql(
        "CREATE TABLE airports (code text PRIMARY KEY, city text);"
        "INSERT INTO airports VALUES ('LAS', 'Las Vegas'), ('HNL', 'Honolulu')");
  }
  // server-postgres takes the database URL as its argument (as the admin user: the tests' only
  // password-holding role).
  std::string DatabaseUrl() const {
    const pg::ConnectionOptions o = db_->options();
    return "postgresql://" + PercentEncode(o.user) + ":" + PercentEncode(o.password) + "@" +
           o.host + ":" + std::to_string(o.port) + "/" + o.database;
  }
  std::optional<test::TestDatabase> db_;
};

TEST_F(PostgresReferenceServerTest, QueryReturnsRowsAndSurvivesARestart) {
  CONTRAIL_REQUIRE_NODE_MODULE(kPostgres);
  McpClient client(
      io_.get_executor(),
      Stdio("postgres", {test::NodeBinary(), test::NodeModule(kPostgres), DatabaseUrl()}));
  core::Result<std::vector<json::object>> tools = Run(client.ListTools(In(20s)));
  ASSERT_TRUE(tools) << tools.error().message;
  ASSERT_EQ(tools->size(), 1u);
  EXPECT_EQ(tools->front().at("name"), "query");

  const std::string_view sql = R"({"sql":"SELECT code, city FROM airports ORDER BY code"})";
  core::Result<ToolOutput> rows = Call(client, "query", sql);
  ASSERT_TRUE(rows) << rows.error().message;
  EXPECT_FALSE(rows->is_error);
  EXPECT_EQ(json::parse(rows->text),
            json::parse(R"([{"code":"HNL","city":"Honolulu"},{"code":"LAS","city":"Las Vegas"}])"));

  KillServer(client);
  core::Result<ToolOutput> again = Call(client, "query", sql);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(json::parse(again->text), json::parse(rows->text));
}

TEST_F(PostgresReferenceServerTest, RegisteredForAnAgentAndCalledThroughTheRegistry) {
  CONTRAIL_REQUIRE_NODE_MODULE(kPostgres);
  core::McpServerConfig c;
  c.name = "postgres";
  c.command =
      Stdio("postgres", {test::NodeBinary(), test::NodeModule(kPostgres), DatabaseUrl()}).command;
  c.prefix = "pg_";
  c.agents = {"flightly"};
  ToolRegistry registry;
  RemoteServers servers(io_.get_executor(), {c}, registry);
  servers.Start();
  ASSERT_TRUE(Run(servers.WaitRegistered(In(20s))));
  EXPECT_EQ(servers.ToolsFor("flightly"), std::vector<std::string>{"pg_query"});
  ToolOutput out = Run(registry.Call(
      "pg_query", json::parse(R"({"sql":"SELECT count(*)::int AS n FROM airports"})"), {}));
  EXPECT_FALSE(out.is_error) << out.text;
  EXPECT_EQ(json::parse(out.text), json::parse(R"([{"n":2}])"));
  ToolOutput refused =
      Run(registry.Call("pg_query", json::parse(R"({"sql":"DELETE FROM airports"})"), {}));
  EXPECT_TRUE(refused.is_error);
  EXPECT_NE(refused.text.find("read-only"), std::string::npos) << refused.text;
}

}  // namespace
}  // namespace contrail::mcp
