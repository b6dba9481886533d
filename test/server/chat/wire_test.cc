// The OpenAI wire shapes of a turn's reply: completion bodies, stream chunks and the stream's end.

#include "server/chat/wire.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace contrail::server::chat {
namespace {

const CompletionHead kHead{"chatcmpl-1", 100, "m"};

TEST(CompletionJsonTest, IsOpenAiShaped) {
  llm::ChatResult r;
  r.content = "hi \"there\"";
  r.usage.prompt_tokens = 3;
  r.usage.completion_tokens = 4;
  std::string body = CompletionJson(kHead, r, {});
  EXPECT_EQ(body,
            R"({"id":"chatcmpl-1","object":"chat.completion","created":100,"model":"m","choices":[{"index":0,)"
            R"("message":{"role":"assistant","content":"hi \"there\"","refusal":null},"logprobs":null,)"
            R"("finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7,)"
            R"("cost_usd":0},"system_fingerprint":null})");
}

TEST(CompletionJsonTest, ToolCallsHaveNullContentAndSourcesComeLast) {
  llm::ChatResult r;
  r.tool_calls.push_back({"call_9", "search_flights", R"({"to":"HNL"})"});
  r.finish_reason = "tool_calls";
  r.usage.cost_usd = 0.0025;
  llm::Source source;
  source.n = 1;
  source.document_id = "policies/pets.md";
  source.chunk_id = 12;
  source.metadata_json = R"({"doc_type":"policy"})";
  boost::json::value v = boost::json::parse(CompletionJson(kHead, r, {source}));
  const auto& message = v.at("choices").at(0).at("message");
  EXPECT_TRUE(message.at("content").is_null());
  EXPECT_EQ(message.at("tool_calls").at(0).at("function").at("name").as_string(), "search_flights");
  EXPECT_EQ(message.at("tool_calls").at(0).at("function").at("arguments").as_string(), R"({"to":"HNL"})");
  EXPECT_EQ(v.at("choices").at(0).at("finish_reason").as_string(), "tool_calls");
  EXPECT_DOUBLE_EQ(v.at("usage").at("cost_usd").to_number<double>(), 0.0025);
  const auto& s = v.at("contrail").at("sources").at(0);
  EXPECT_EQ(s.at("document_id").as_string(), "policies/pets.md");
  EXPECT_EQ(s.at("chunk_id").as_int64(), 12);
  EXPECT_EQ(s.at("metadata").at("doc_type").as_string(), "policy");
}

TEST(ChunkJsonTest, FirstDeltaCarriesTheRoleAndToolCallsAnIndex) {
  std::string role = "assistant", text = "x";
  ChunkFields f;
  f.role = &role;
  f.content = &text;
  std::string chunk = ChunkJson(kHead, f);
  EXPECT_NE(chunk.find(R"("object":"chat.completion.chunk")"), std::string::npos) << chunk;
  EXPECT_NE(chunk.find(R"("delta":{"role":"assistant","content":"x"})"), std::string::npos) << chunk;
  EXPECT_NE(chunk.find(R"("finish_reason":null)"), std::string::npos);
  std::vector<llm::ToolCall> calls = {{"call_9", "search_flights", "{}"}};
  ChunkFields with_calls;
  with_calls.tool_calls = &calls;
  boost::json::value v = boost::json::parse(ChunkJson(kHead, with_calls));
  EXPECT_EQ(v.at("choices").at(0).at("delta").at("tool_calls").at(0).at("index").as_int64(), 0);
}

TEST(StreamTailTest, EndsWithFinishUsageSourcesThenDone) {
  llm::ChatResult r;
  r.usage.prompt_tokens = 2;
  llm::Source source;
  source.n = 1;
  source.document_id = "d";
  std::string tail = StreamTail(kHead, r, {source}, /*role_sent=*/true, /*include_usage=*/true);
  // The last chunk, then the usage-only chunk of stream_options.include_usage, then [DONE].
  std::size_t last = tail.find(R"("finish_reason":"stop")");
  std::size_t usage_only = tail.find(R"("choices":[])");
  ASSERT_NE(last, std::string::npos) << tail;
  ASSERT_NE(usage_only, std::string::npos) << tail;
  EXPECT_LT(last, usage_only);
  EXPECT_NE(tail.find(R"("contrail":{"sources":[{"n":1,"document_id":"d")"), std::string::npos) << tail;
  EXPECT_TRUE(tail.ends_with("data: [DONE]\n\n"));
  EXPECT_EQ(tail.find("tool_calls"), std::string::npos);
}

}  // namespace
}  // namespace contrail::server::chat
