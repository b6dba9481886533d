// ToolRegistry and the JSON Schema check: a call reaches a tool only with arguments that passed
// its schema, and every failure (unknown tool, bad arguments, a tool error, a timeout, a throw)
// comes back as a ToolOutput with is_error — never an exception.

#include "mcp/tool_registry.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "mcp/json_schema.h"
#include "support/async.h"

namespace contrail::mcp {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

json::object Schema(std::string_view text) { return json::parse(text).as_object(); }

// A tool that echoes its arguments, or sleeps, fails or throws when asked to.
class Scripted : public Tool {
 public:
  explicit Scripted(std::string name, std::chrono::milliseconds timeout = std::chrono::milliseconds(1'000)) {
    spec_.name = std::move(name);
    spec_.description = "test";
    spec_.input_schema = Schema(R"({"type":"object","properties":{
        "mode":{"enum":["echo","sleep","fail","error","throw"]},
        "n":{"type":"integer","minimum":1,"maximum":9}},
        "required":["mode"],"additionalProperties":false})");
    spec_.timeout = timeout;
  }
  const ToolSpec& spec() const override { return spec_; }
  asio::awaitable<core::Result<ToolOutput>> Call(const json::object& args, const ToolCall&) override {
    ++calls;
    const std::string_view mode = args.at("mode").get_string();
    if (mode == "sleep") {
      asio::steady_timer t(co_await asio::this_coro::executor, std::chrono::milliseconds(300));
      co_await t.async_wait(asio::use_awaitable);
    }
    if (mode == "fail") co_return ToolOutput::Failure("no such flight");
    if (mode == "error") co_return core::Unavailable("database down");
    if (mode == "throw") throw std::runtime_error("boom");
    co_return ToolOutput::Json(args);
  }
  int calls = 0;

 private:
  ToolSpec spec_;
};

class ToolRegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto tool = std::make_unique<Scripted>("scripted", std::chrono::milliseconds(50));
    tool_ = tool.get();
    ASSERT_TRUE(registry_.Add(std::move(tool)).ok());
  }
  ToolOutput Call(std::string_view name, std::string_view args) {
    return test::RunAsync(io_, registry_.Call(name, json::parse(args), ToolCall{"u1", "req-1"}));
  }
  asio::io_context io_;
  ToolRegistry registry_;
  Scripted* tool_ = nullptr;
};

TEST_F(ToolRegistryTest, PassesCheckedArgumentsToTheTool) {
  ToolOutput out = Call("scripted", R"({"mode":"echo","n":3})");
  EXPECT_FALSE(out.is_error) << out.text;
  EXPECT_EQ(out.structured.at("n"), 3);
  EXPECT_EQ(tool_->calls, 1);
}

TEST_F(ToolRegistryTest, ArgumentsThatBreakTheSchemaNeverReachTheTool) {
  for (const char* bad : {R"({"n":3})", R"({"mode":"dance"})", R"({"mode":"echo","n":0})", R"({"mode":"echo","n":2.5})",
                          R"({"mode":"echo","extra":1})", R"([1,2])", R"("echo")"}) {
    ToolOutput out = Call("scripted", bad);
    EXPECT_TRUE(out.is_error) << bad;
    EXPECT_NE(out.text.find("invalid arguments"), std::string::npos) << out.text;
  }
  EXPECT_EQ(Call("scripted", R"({"n":3})").text, "invalid arguments: `mode`: is required");
  EXPECT_EQ(Call("scripted", R"({"mode":"echo","n":0})").text, "invalid arguments: `n`: must be ≥ 1");
  EXPECT_EQ(tool_->calls, 0);
}

TEST_F(ToolRegistryTest, EveryFailureIsAToolErrorTheCallerCanRead) {
  EXPECT_EQ(Call("nope", "{}").text, "unknown tool `nope`");
  EXPECT_EQ(Call("scripted", R"({"mode":"fail"})").text, "no such flight");
  ToolOutput error = Call("scripted", R"({"mode":"error"})");
  EXPECT_TRUE(error.is_error);
  EXPECT_NE(error.text.find("tool `scripted` failed"), std::string::npos) << error.text;
  ToolOutput thrown = Call("scripted", R"({"mode":"throw"})");
  EXPECT_TRUE(thrown.is_error);
  EXPECT_EQ(thrown.text.find("boom"), std::string::npos) << "an exception's text stays in the log";
}

TEST_F(ToolRegistryTest, ATimedOutCallAnswersAtTheDeadlineAndTheToolFinishesAlone) {
  ToolOutput out = Call("scripted", R"({"mode":"sleep"})");
  EXPECT_TRUE(out.is_error);
  EXPECT_EQ(out.text, "tool `scripted` did not answer within 50 ms");
  io_.restart();
  io_.run();  // the late call completes (its connections would be released), and nothing is left
  EXPECT_EQ(tool_->calls, 1);
}

TEST_F(ToolRegistryTest, RefusesBadNamesUnsupportedSchemasAndDuplicates) {
  EXPECT_FALSE(registry_.Add(std::make_unique<Scripted>("scripted")).ok());
  EXPECT_FALSE(registry_.Add(std::make_unique<Scripted>("has space")).ok());
  EXPECT_FALSE(registry_.Add(std::make_unique<Scripted>(std::string(65, 'a'))).ok());
  EXPECT_TRUE(registry_.Add(std::make_unique<Scripted>("other_tool-2")).ok());
  EXPECT_FALSE(CheckSchemaSupported(Schema(R"({"type":"object","patternProperties":{}})")).ok());
  EXPECT_FALSE(CheckSchemaSupported(Schema(R"({"type":"widget"})")).ok());
  EXPECT_TRUE(CheckSchemaSupported(Schema(R"({"type":"object","description":"x","properties":{
      "d":{"type":"string","format":"date"},"a":{"type":"array","items":{"type":["string","null"]},"maxItems":3},
      "o":{"anyOf":[{"type":"string"},{"type":"integer"}]}}})")).ok());
}

TEST(JsonSchemaTest, ChecksNestedValuesAndNamesTheirPath) {
  const json::object schema = Schema(R"({"type":"object","properties":{
      "date":{"type":"string","format":"date"},
      "airlines":{"type":"array","items":{"type":"string","minLength":2,"maxLength":2},"maxItems":3},
      "when":{"oneOf":[{"type":"string"},{"type":"integer"}]}}})");
  auto check = [&](std::string_view v) {
    core::Status s = CheckAgainstSchema(json::parse(v), schema);
    return s ? std::string("ok") : s.error().message;
  };
  EXPECT_EQ(check(R"({"date":"2027-03-14","airlines":["AA","HA"],"when":5})"), "ok");
  EXPECT_EQ(check(R"({"date":"14/03/2027"})"), "`date`: must be a date (YYYY-MM-DD)");
  EXPECT_EQ(check(R"({"airlines":["AA","HAW"]})"), "`airlines[1]`: must be at most 2 characters");
  EXPECT_EQ(check(R"({"airlines":["AA","BB","CC","DD"]})"), "`airlines`: must have at most 3 items");
  EXPECT_EQ(check(R"({"when":true})"), "`when`: must be a string");
  EXPECT_EQ(check(R"({"airlines":["ÅÉ"]})"), "ok");  // lengths count characters, not bytes
}

}  // namespace
}  // namespace contrail::mcp
