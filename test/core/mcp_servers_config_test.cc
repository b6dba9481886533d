// [[mcp.servers]]: parsed from TOML, validated with messages that name the entry, printed by
// `contrail config` (ToToml) without credentials, and the credentials kept out of logs.

#include <gtest/gtest.h>

#include <algorithm>

#include "core/config.h"

namespace contrail::core {
namespace {

constexpr const char* kTwoServers = R"(
[mcp]
enabled = true

[[mcp.servers]]
name = "pg"
command = ["npx", "-y", "@modelcontextprotocol/server-postgres", "postgresql://app:hunter22@db:5432/flightly"]
env = { NODE_ENV = "production", GITHUB_TOKEN = "ghp_abcdefghijkl" }
tools = ["query"]
agents = ["flightly"]
prefix = "pg_"
timeout_ms = 2500

[[mcp.servers]]
name = "web"
url = "https://tools.example.com/mcp"
headers = { Authorization = "Bearer sk-web-0123456789" }
agents = ["*"]
connect_timeout_ms = 3000
)";

Status Check(std::string_view toml) {
  Config c;
  if (Status s = ApplyTomlText(std::string(toml), c); !s) return s;
  return Validate(c);
}

std::string ErrorOf(std::string_view toml) {
  Status s = Check(toml);
  return s ? "ok" : s.error().message;
}

TEST(McpServersConfigTest, ParsesEachServersSettings) {
  Config c;
  ASSERT_TRUE(ApplyTomlText(kTwoServers, c));
  ASSERT_TRUE(Validate(c));
  ASSERT_EQ(c.mcp.servers.size(), 2u);
  const McpServerConfig& pg = c.mcp.servers[0];
  EXPECT_EQ(pg.name, "pg");
  EXPECT_EQ(pg.command.size(), 4u);
  EXPECT_EQ(pg.env.at("NODE_ENV"), "production");
  EXPECT_EQ(pg.tools, std::vector<std::string>{"query"});
  EXPECT_EQ(pg.prefix, "pg_");
  EXPECT_EQ(pg.timeout_ms, 2500);
  EXPECT_EQ(pg.connect_timeout_ms, 10'000);
  const McpServerConfig& web = c.mcp.servers[1];
  EXPECT_EQ(web.url, "https://tools.example.com/mcp");
  EXPECT_EQ(web.headers.at("Authorization"), "Bearer sk-web-0123456789");
  EXPECT_EQ(web.connect_timeout_ms, 3000);
  EXPECT_TRUE(web.tools.empty());
}

TEST(McpServersConfigTest, AgentsNameWhoMayCallTheTools) {
  Config c;
  ASSERT_TRUE(ApplyTomlText(kTwoServers, c));
  EXPECT_TRUE(c.mcp.servers[0].ExposedTo("flightly"));
  EXPECT_FALSE(c.mcp.servers[0].ExposedTo("support"));
  EXPECT_TRUE(c.mcp.servers[1].ExposedTo("support")) << "\"*\": every agent";
}

TEST(McpServersConfigTest, BadEntriesAreErrorsNamingTheEntry) {
  const std::string head = "[[mcp.servers]]\nname = \"x\"\nagents = [\"flightly\"]\n";
  EXPECT_EQ(ErrorOf(head),
            "mcp.servers[0] (x): give either command = [\"program\", \"arg\", …] (stdio) or url = "
            "\"http…\" (streamable HTTP), not both");
  EXPECT_EQ(ErrorOf(head + "command = [\"a\"]\nurl = \"http://h/mcp\"\n"),
            "mcp.servers[0] (x): give either command = [\"program\", \"arg\", …] (stdio) or url = "
            "\"http…\" (streamable HTTP), not both");
  EXPECT_EQ(ErrorOf(head + "url = \"ftp://h\"\n"),
            "mcp.servers[0] (x).url must start with http:// or https://");
  EXPECT_EQ(ErrorOf(head + "url = \"http://h\"\nenv = { A = \"1\" }\n"),
            "mcp.servers[0] (x).env is for a server started with command");
  EXPECT_EQ(ErrorOf(head + "command = [\"a\"]\nheaders = { A = \"1\" }\n"),
            "mcp.servers[0] (x).headers are for a server reached by url");
  EXPECT_EQ(ErrorOf(head + "command = [\"a\"]\nenv = { \"1A\" = \"1\" }\n"),
            "mcp.servers[0] (x).env: `1A` is not a variable name");
  EXPECT_EQ(ErrorOf(head + "command = [\"a\"]\nprefix = \"p.\"\n"),
            "mcp.servers[0] (x).prefix must be up to 32 of A-Z a-z 0-9 _ -");
  EXPECT_EQ(ErrorOf(head + "command = [\"a\"]\ntimeout_ms = 0\n"),
            "mcp.servers[0] (x).timeout_ms must be 1..600000");
  EXPECT_EQ(ErrorOf("[[mcp.servers]]\nname = \"x\"\ncommand = [\"a\"]\n"),
            "mcp.servers[0] (x).agents must name the agents that may call its tools, e.g. "
            "[\"flightly\"] (\"*\": every agent), or set responses = true to let Responses requests call them");
  EXPECT_EQ(ErrorOf("[[mcp.servers]]\nname = \"x\"\ncommand = [\"a\"]\nresponses = true\n"), "ok");
  EXPECT_EQ(ErrorOf("[[mcp.servers]]\ncommand = [\"a\"]\nagents = [\"*\"]\n"),
            "mcp.servers[0].name must be 1..32 of A-Z a-z 0-9 _ -");
  EXPECT_EQ(ErrorOf(head + "command = [\"a\"]\n" + head + "command = [\"b\"]\n"),
            "mcp.servers[1] (x): the name is used by mcp.servers[0] too");
}

TEST(McpServersConfigTest, UnknownOrMistypedSettingsAreParseErrors) {
  EXPECT_EQ(ErrorOf("[[mcp.servers]]\nname = \"x\"\ncomand = [\"a\"]\n"),
            "config: mcp.servers[0].comand: unknown setting (name, command, url, env, headers, "
            "tools, agents, responses, prefix, "
            "timeout_ms, connect_timeout_ms)");
  EXPECT_EQ(ErrorOf("[[mcp.servers]]\ncommand = \"npx server\"\n"),
            "config: mcp.servers[0].command: expected an array of strings");
  EXPECT_EQ(ErrorOf("[[mcp.servers]]\nenv = { A = 1 }\n"),
            "config: mcp.servers[0].env.A: expected a string");
  EXPECT_EQ(ErrorOf("[mcp]\nservers = 3\n"),
            "config: mcp.servers: expected [[mcp.servers]] tables");
}

TEST(McpServersConfigTest, PrintedWithoutCredentialsAndReadableAgain) {
  Config c;
  ASSERT_TRUE(ApplyTomlText(kTwoServers, c));
  const std::string toml = ToToml(c);
  EXPECT_NE(toml.find("[[mcp.servers]]\nname = \"pg\"\ncommand = [\"npx\", \"-y\", "
                      "\"@modelcontextprotocol/server-postgres\", "
                      "\"postgresql://app:***@db:5432/flightly\"]\n"),
            std::string::npos)
      << toml;
  EXPECT_NE(toml.find("env = { \"GITHUB_TOKEN\" = \"***\", \"NODE_ENV\" = \"production\" }"),
            std::string::npos)
      << toml;
  EXPECT_NE(toml.find("headers = { \"Authorization\" = \"***\" }"), std::string::npos) << toml;
  EXPECT_EQ(toml.find("hunter22"), std::string::npos);
  EXPECT_EQ(toml.find("sk-web"), std::string::npos);
  Config again;
  ASSERT_TRUE(ApplyTomlText(toml, again)) << "contrail config's output is a valid config";
  ASSERT_EQ(again.mcp.servers.size(), 2u);
  EXPECT_EQ(again.mcp.servers[1].url, "https://tools.example.com/mcp");
  EXPECT_EQ(again.mcp.servers[0].agents, std::vector<std::string>{"flightly"});
}

TEST(McpServersConfigTest, CredentialsAreSecretValues) {
  Config c;
  ASSERT_TRUE(ApplyTomlText(kTwoServers, c));
  const std::vector<std::string> secrets = SecretValues(c);
  for (const char* s : {"hunter22", "ghp_abcdefghijkl", "Bearer sk-web-0123456789"}) {
    EXPECT_NE(std::find(secrets.begin(), secrets.end(), s), secrets.end()) << s;
  }
  EXPECT_EQ(std::find(secrets.begin(), secrets.end(), "production"), secrets.end());
}

}  // namespace
}  // namespace contrail::core
