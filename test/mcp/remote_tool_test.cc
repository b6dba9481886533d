// A remote server's tools in a ToolRegistry: specs from tools/list (prefix, read-only hint, schema
// cut down to what the registry checks), RemoteServers registering them lazily per [[mcp.servers]]
// (allow list, agents), and a remote tool that hangs or dies reaching the caller as a tool error.

#include "mcp/remote_tool.h"

#include <signal.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "client_fixture.h"
#include "mcp/json_schema.h"
#include "mcp/remote_servers.h"
#include "mcp/tool_registry.h"

namespace contrail::mcp {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

json::object Parse(std::string_view text) { return json::parse(text).as_object(); }

TEST(RemoteToolSpecTest, TakesNameWithPrefixTextAndReadOnlyHint) {
  core::Result<ToolSpec> spec = RemoteToolSpec(
      Parse(R"({"name":"query","title":"Run SQL","description":"Runs a read-only query",
                "inputSchema":{"type":"object","properties":{"sql":{"type":"string"}},"required":["sql"]},
                "annotations":{"readOnlyHint":true}})"),
      "pg_", 1500ms);
  ASSERT_TRUE(spec) << spec.error().message;
  EXPECT_EQ(spec->name, "pg_query");
  EXPECT_EQ(spec->title, "Run SQL");
  EXPECT_EQ(spec->description, "Runs a read-only query");
  EXPECT_EQ(
      spec->input_schema,
      Parse(R"({"type":"object","properties":{"sql":{"type":"string"}},"required":["sql"]})"));
  EXPECT_FALSE(spec->side_effects);
  EXPECT_EQ(spec->timeout, 1500ms);
  EXPECT_EQ(spec->cache_ttl, 0s);
}

TEST(RemoteToolSpecTest, WithoutAReadOnlyHintAToolHasSideEffects) {
  core::Result<ToolSpec> spec =
      RemoteToolSpec(Parse(R"({"name":"write","inputSchema":{"type":"object"}})"), "", 1s);
  ASSERT_TRUE(spec);
  EXPECT_TRUE(spec->side_effects);
  EXPECT_EQ(spec->title, "");
}

TEST(RemoteToolSpecTest, NameOutsideTheToolAlphabetIsRefused) {
  for (std::string_view entry :
       {R"({"name":"bad name!"})", R"({"inputSchema":{}})",
        R"({"name":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})"}) {
    EXPECT_FALSE(RemoteToolSpec(Parse(entry), "x_", 1s)) << entry;
  }
}

TEST(CheckableSchemaTest, UnsupportedKeywordsAreDroppedAndTheRestKept) {
  const json::object remote = Parse(R"({
      "$schema":"http://json-schema.org/draft-07/schema#", "type":"object",
      "properties":{
        "city":{"type":"string","pattern":"^[A-Z]","description":"City"},
        "tags":{"type":"array","items":{"type":"string","format":"uri","$ref":"#/x"},"uniqueItems":true},
        "when":{"anyOf":[{"type":"string","format":"date"},{"type":"null","not":{}}]},
        "flag":true},
      "required":["city"], "additionalProperties":{"type":"string"}, "$defs":{"x":{}}})");
  const json::object checkable = CheckableSchema(remote);
  EXPECT_EQ(checkable, Parse(R"({
      "$schema":"http://json-schema.org/draft-07/schema#", "type":"object",
      "properties":{
        "city":{"type":"string","description":"City"},
        "tags":{"type":"array","items":{"type":"string","format":"uri"}},
        "when":{"anyOf":[{"type":"string","format":"date"},{"type":"null"}]},
        "flag":{}},
      "required":["city"]})"));
  EXPECT_TRUE(CheckSchemaSupported(checkable));
  EXPECT_FALSE(CheckAgainstSchema(json::parse(R"({"tags":["a"]})"), checkable))
      << "required still holds";
}

TEST(CheckableSchemaTest, MissingTypeBecomesObject) {
  EXPECT_EQ(CheckableSchema(json::object()), Parse(R"({"type":"object"})"));
}

class RemoteServersTest : public test::McpClientFixture {
 protected:
  static core::McpServerConfig Scripted(std::string name) {
    core::McpServerConfig c;
    c.name = std::move(name);
    c.command = ScriptedOptions().command;
    c.agents = {"flightly"};
    c.timeout_ms = 500;
    c.connect_timeout_ms = 2'000;
    return c;
  }
  bool WaitRegistered(RemoteServers& servers, std::chrono::milliseconds timeout = 5s) {
    return Run(servers.WaitRegistered(In(timeout)));
  }
  ToolRegistry registry_;
};

TEST_F(RemoteServersTest, RegistersTheAllowedToolsUnderThePrefixForTheNamedAgents) {
  core::McpServerConfig c = Scripted("scripted");
  c.prefix = "s_";
  c.tools = {"echo", "hang", "structured", "not_offered"};
  core::McpServerConfig everyone = Scripted("other");
  everyone.tools = {"pid"};
  everyone.agents = {"*"};
  RemoteServers servers(io_.get_executor(), {c, everyone}, registry_);
  servers.Start();
  ASSERT_TRUE(WaitRegistered(servers));
  EXPECT_EQ(servers.ToolsFor("flightly"),
            (std::vector<std::string>{"pid", "s_echo", "s_hang", "s_structured"}));
  EXPECT_EQ(servers.ToolsFor("support"), (std::vector<std::string>{"pid"}));
  EXPECT_EQ(registry_.all().size(), 4u);
  ASSERT_NE(servers.ServerOf("s_echo"), nullptr);
  EXPECT_EQ(servers.ServerOf("s_echo")->name, "scripted");
  EXPECT_EQ(servers.ServerOf("echo"), nullptr);
  const ToolSpec& structured = registry_.Find("s_structured")->spec();
  EXPECT_EQ(structured.input_schema,
            Parse(R"({"type":"object","properties":{"city":{"type":"string"}}})"));
  EXPECT_TRUE(registry_.Find("s_structured")->spec().side_effects);
  EXPECT_FALSE(registry_.Find("s_echo")->spec().side_effects);
}

TEST_F(RemoteServersTest, RegistryCallsTheRemoteToolAndChecksItsSchemaFirst) {
  RemoteServers servers(io_.get_executor(), {Scripted("scripted")}, registry_);
  servers.Start();
  ASSERT_TRUE(WaitRegistered(servers));
  ToolOutput out = Run(registry_.Call("echo", json::parse(R"({"message":"hi"})"), {}));
  EXPECT_FALSE(out.is_error);
  EXPECT_EQ(out.text, "echo: hi");
  ToolOutput bad = Run(registry_.Call("echo", json::parse(R"({"message":7})"), {}));
  EXPECT_TRUE(bad.is_error);
  EXPECT_EQ(bad.text, "invalid arguments: `message`: must be a string");
  ToolOutput failed = Run(registry_.Call("fail", json::object(), {}));
  EXPECT_TRUE(failed.is_error);
  EXPECT_EQ(failed.text, "it failed");
}

TEST_F(RemoteServersTest, HangingOrDyingRemoteToolIsAToolErrorWithinItsTimeout) {
  RemoteServers servers(io_.get_executor(), {Scripted("scripted")}, registry_);
  servers.Start();
  ASSERT_TRUE(WaitRegistered(servers));
  const auto start = std::chrono::steady_clock::now();
  ToolOutput hung = Run(registry_.Call("hang", json::object(), {}));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 900ms);
  EXPECT_TRUE(hung.is_error);
  EXPECT_EQ(hung.text, "tool `hang` did not answer within 500 ms");
  ToolOutput died = Run(registry_.Call("die", json::object(), {}));
  EXPECT_TRUE(died.is_error);
  EXPECT_EQ(died.text,
            "tool `die` failed: MCP server `scripted`: tools/call: the server closed its output "
            "(exited with status 3)");
  ToolOutput back = Run(registry_.Call("echo", json::parse(R"({"message":"back"})"), {}));
  EXPECT_EQ(back.text, "echo: back") << "the next call started the server again";
}

TEST_F(RemoteServersTest, ServerDownAtStartRegistersItsToolsWhenItComesUp) {
  const std::filesystem::path script = std::filesystem::temp_directory_path() /
                                       ("contrail_mcp_late_" + std::to_string(::getpid()) + ".sh");
  std::filesystem::remove(script);
  core::McpServerConfig c = Scripted("late");
  c.command = {"bash", script.string()};
  RemoteServers servers(io_.get_executor(), {c}, registry_);
  servers.Start();
  EXPECT_FALSE(WaitRegistered(servers, 300ms)) << "bash exits 127: no such script yet";
  EXPECT_TRUE(servers.ToolsFor("flightly").empty());
  std::filesystem::copy_file(test::RepoPath("test/mcp/data/scripted_mcp_server.sh"), script);
  EXPECT_TRUE(WaitRegistered(servers, 6s))
      << "registered after the backoff, once the server answers";
  EXPECT_EQ(servers.ToolsFor("flightly").size(), 9u);  // all but `bad name!`
  std::filesystem::remove(script);
}

}  // namespace
}  // namespace contrail::mcp
