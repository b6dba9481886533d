// The MCP server's protocol without a transport: initialize and version negotiation, ping,
// tools/list, tools/call, and JSON-RPC's errors for what is not a valid request.

#include "mcp/mcp_server.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include "support/async.h"

namespace contrail::mcp {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

class Echo : public Tool {
 public:
  Echo() {
    spec_.name = "echo";
    spec_.title = "Echo";
    spec_.description = "Returns its arguments.";
    spec_.input_schema = json::parse(R"({"type":"object","properties":{"text":{"type":"string"}},"required":["text"]})").as_object();
  }
  const ToolSpec& spec() const override { return spec_; }
  asio::awaitable<core::Result<ToolOutput>> Call(const json::object& args, const ToolCall& call) override {
    co_return ToolOutput::Json(json::object{{"text", args.at("text")}, {"user", call.user}});
  }

 private:
  ToolSpec spec_;
};

class McpServerTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(tools_.Add(std::make_unique<Echo>()).ok()); }
  std::optional<json::value> Send(std::string_view message) {
    info_.version = "9.9";
    return test::RunAsync(io_, HandleMessage(json::parse(message), tools_, info_, ToolCall{"alice", "r1"}));
  }
  asio::io_context io_;
  ToolRegistry tools_;
  ServerInfo info_;
};

TEST_F(McpServerTest, InitializeNegotiatesTheRevisionAndDeclaresTools) {
  auto r = Send(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-03-26",
                "capabilities":{},"clientInfo":{"name":"t","version":"1"}}})");
  ASSERT_TRUE(r);
  const json::object& result = r->at("result").as_object();
  EXPECT_EQ(result.at("protocolVersion"), "2025-03-26");
  EXPECT_TRUE(result.at("capabilities").as_object().contains("tools"));
  EXPECT_EQ(result.at("serverInfo").at("name"), "contrail");
  auto newest = Send(R"({"jsonrpc":"2.0","id":"a","method":"initialize","params":{"protocolVersion":"1999-01-01"}})");
  EXPECT_EQ(newest->at("result").at("protocolVersion").as_string(), kProtocolVersions[0]);
  EXPECT_EQ(newest->at("id"), "a");
}

TEST_F(McpServerTest, ListsAndCallsTools) {
  auto list = Send(R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})");
  const json::array& tools = list->at("result").at("tools").as_array();
  ASSERT_EQ(tools.size(), 1u);
  EXPECT_EQ(tools[0].at("name"), "echo");
  EXPECT_EQ(tools[0].at("inputSchema").at("type"), "object");
  EXPECT_EQ(tools[0].at("annotations").at("readOnlyHint"), true);
  auto call = Send(R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"}}})");
  const json::object& result = call->at("result").as_object();
  EXPECT_EQ(result.at("isError"), false);
  EXPECT_EQ(result.at("structuredContent").at("user"), "alice");
  EXPECT_EQ(result.at("content").at(0).at("type"), "text");
  auto bad = Send(R"({"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"echo","arguments":{}}})");
  EXPECT_EQ(bad->at("result").at("isError"), true);  // the model reads why and tries again
}

TEST_F(McpServerTest, ProtocolErrorsUseJsonRpcCodes) {
  auto code = [&](std::string_view m) { return Send(m)->at("error").at("code").as_int64(); };
  EXPECT_EQ(code(R"({"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"nope"}})"), kInvalidParams);
  EXPECT_EQ(code(R"({"jsonrpc":"2.0","id":6,"method":"resources/list"})"), kMethodNotFound);
  EXPECT_EQ(code(R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":[1]})"), kInvalidParams);
  EXPECT_EQ(code(R"({"jsonrpc":"1.0","id":8,"method":"ping"})"), kInvalidRequest);
  EXPECT_EQ(code(R"({"jsonrpc":"2.0","id":{"x":1},"method":"ping"})"), kInvalidRequest);
  EXPECT_EQ(code(R"([{"jsonrpc":"2.0","id":9,"method":"ping"}])"), kInvalidRequest);
  EXPECT_EQ(code(R"(42)"), kInvalidRequest);
  EXPECT_EQ(Send(R"({"jsonrpc":"2.0","id":10,"method":"ping"})")->at("result"), json::object());
}

TEST_F(McpServerTest, NotificationsAndResponsesGetNoAnswer) {
  EXPECT_FALSE(Send(R"({"jsonrpc":"2.0","method":"notifications/initialized"})"));
  EXPECT_FALSE(Send(R"({"jsonrpc":"2.0","method":"notifications/whatever","params":{}})"));
  EXPECT_FALSE(Send(R"({"jsonrpc":"2.0","id":1,"result":{}})"));
  EXPECT_EQ(KindOf(json::parse(R"({"jsonrpc":"2.0","method":"x"})")), MessageKind::kNotification);
  EXPECT_TRUE(IsInitialize(json::parse(R"({"jsonrpc":"2.0","id":0,"method":"initialize"})")));
}

}  // namespace
}  // namespace contrail::mcp
