#include "core/config.h"

#include <algorithm>

#include <gtest/gtest.h>

namespace contrail::core {
namespace {

TEST(ConfigTest, DefaultsAreValid) {
  Config c;
  EXPECT_TRUE(Validate(c).ok());
  EXPECT_EQ(c.server.port, 8080);
  EXPECT_EQ(c.server.body_limit_bytes, 1u << 20);
  EXPECT_EQ(c.chat.default_model, "flightly-local");
}

TEST(ConfigTest, TomlOverridesDefaults) {
  Config c;
  ASSERT_TRUE(ApplyTomlText("[server]\nport = 9000\nthreads = 3\n[valkey]\ntls = true\n"
                            "[openai]\nbase_url = \"http://x\"\nmodels = [\"a\", \"b\"]\n", c).ok());
  EXPECT_EQ(c.server.port, 9000);
  EXPECT_EQ(c.server.threads, 3);
  EXPECT_TRUE(c.valkey.tls);
  EXPECT_EQ(c.openai.models, (std::vector<std::string>{"a", "b"}));
}

TEST(ConfigTest, UnknownKeyIsAnErrorNamingIt) {
  Config c;
  Status s = ApplyTomlText("[server]\nprot = 9000\n", c);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("server.prot"), std::string::npos);
}

TEST(ConfigTest, WrongTypeIsAnError) {
  Config c;
  EXPECT_FALSE(ApplyTomlText("[server]\nport = \"80\"\n", c).ok());
  EXPECT_FALSE(ApplyTomlText("[valkey]\ntls = 1\n", c).ok());
  EXPECT_FALSE(ApplyTomlText("server = 3\n", c).ok());
}

TEST(ConfigTest, SyntaxErrorReportsLine) {
  Config c;
  Status s = ApplyTomlText("[server]\nport = = 3\n", c);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find(":2"), std::string::npos) << s.error().message;
}

TEST(ConfigTest, EnvironmentOverridesToml) {
  Config c;
  ASSERT_TRUE(ApplyTomlText("[server]\nport = 9000\n", c).ok());
  ASSERT_TRUE(ApplyEnvironment({{"CONTRAIL_HTTP_PORT", "9100"}, {"CONTRAIL_VALKEY_PORT", "7000"},
                                {"CONTRAIL_PG_PORT", "7001"}, {"CONTRAIL_OPENAI_MODELS", "m1, m2"}},
                               c).ok());
  EXPECT_EQ(c.server.port, 9100);
  EXPECT_EQ(c.valkey.port, 7000);
  EXPECT_EQ(c.postgres.port, 7001);
  EXPECT_EQ(c.openai.models, (std::vector<std::string>{"m1", "m2"}));
}

TEST(ConfigTest, BadEnvironmentValueNamesTheVariable) {
  Config c;
  Status s = ApplyEnvironment({{"CONTRAIL_HTTP_PORT", "80x"}}, c);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("CONTRAIL_HTTP_PORT"), std::string::npos);
  EXPECT_FALSE(ApplyEnvironment({{"CONTRAIL_VALKEY_TLS", "maybe"}}, c).ok());
}

TEST(ConfigTest, OpenAiKeyFallsBackToConventionalVariable) {
  Config c;
  ASSERT_TRUE(ApplyEnvironment({{"OPENAI_API_KEY", "sk-x"}}, c).ok());
  EXPECT_EQ(c.openai.api_key, "sk-x");
}

TEST(ConfigTest, ValidateRejectsOutOfRange) {
  Config c;
  c.server.port = 70000;
  EXPECT_FALSE(Validate(c).ok());
  c = Config{};
  c.chat.history_context = c.chat.history_window + 1;
  EXPECT_FALSE(Validate(c).ok());
  c = Config{};
  c.openai.base_url = "http://x";
  EXPECT_FALSE(Validate(c).ok()) << "a provider without models";
  c = Config{};
  c.log.level = "loud";
  EXPECT_FALSE(Validate(c).ok());
  c = Config{};
  ASSERT_TRUE(ApplyEnvironment({{"CONTRAIL_KNOWLEDGE_TEXT_RANK_BUDGET", "0"}}, c).ok());
  Status s = Validate(c);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("text_rank_budget"), std::string::npos);
  c = Config{};
  EXPECT_FALSE(ApplyEnvironment({{"CONTRAIL_CACHE_TOOL_TTL_S", "-1"}}, c).ok());
  c.cache.tool_ttl_s = 86'401;
  s = Validate(c);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("cache.tool_ttl_s"), std::string::npos);
  c = Config{};
  ASSERT_TRUE(ApplyEnvironment({{"CONTRAIL_CACHE_TOOL_TTL_S", "0"}}, c).ok());  // 0: not cached
  EXPECT_TRUE(Validate(c).ok());
  EXPECT_EQ(c.cache.tool_ttl_s, 0);
}

TEST(ConfigTest, ConnectionLimitsComeFromTomlAndEnvironmentWithinRange) {
  Config c;
  EXPECT_EQ(c.server.header_timeout_ms, 10'000);
  EXPECT_EQ(c.server.max_connections_per_address, 512);
  const char* toml = "[server]\nheader_timeout_ms = 2500\nmax_connections_per_address = 8\n";
  ASSERT_TRUE(ApplyTomlText(toml, c).ok());
  EXPECT_EQ(c.server.header_timeout_ms, 2500);
  EXPECT_EQ(c.server.max_connections_per_address, 8);
  ASSERT_TRUE(ApplyEnvironment({{"CONTRAIL_HEADER_TIMEOUT_MS", "700"},
                                {"CONTRAIL_MAX_CONNECTIONS_PER_ADDRESS", "16"}}, c).ok());
  EXPECT_EQ(c.server.header_timeout_ms, 700);
  EXPECT_EQ(c.server.max_connections_per_address, 16);
  EXPECT_TRUE(Validate(c).ok());
  for (auto [name, value] : {std::pair{"CONTRAIL_HEADER_TIMEOUT_MS", "0"},
                             std::pair{"CONTRAIL_HEADER_TIMEOUT_MS", "3600001"},
                             std::pair{"CONTRAIL_MAX_CONNECTIONS_PER_ADDRESS", "0"},
                             std::pair{"CONTRAIL_MAX_CONNECTIONS", "0"}}) {
    Config bad;
    ASSERT_TRUE(ApplyEnvironment({{name, value}}, bad).ok());
    Status s = Validate(bad);
    ASSERT_FALSE(s.ok()) << name << "=" << value;
    EXPECT_NE(s.error().message.find("server."), std::string::npos) << s.error().message;
  }
}

TEST(ConfigTest, ProviderQueueComesFromTomlAndEnvironmentWithinRange) {
  Config c;
  EXPECT_EQ(c.resilience.queue_timeout_ms, 2'000);
  EXPECT_EQ(c.resilience.max_queued, 0) << "0: four waiting per slot";
  ASSERT_TRUE(ApplyTomlText("[resilience]\nqueue_timeout_ms = 500\nmax_queued = 12\n", c).ok());
  EXPECT_EQ(c.resilience.queue_timeout_ms, 500);
  EXPECT_EQ(c.resilience.max_queued, 12);
  ASSERT_TRUE(ApplyEnvironment({{"CONTRAIL_PROVIDER_QUEUE_TIMEOUT_MS", "0"},
                                {"CONTRAIL_PROVIDER_MAX_QUEUED", "3"}}, c).ok());
  EXPECT_EQ(c.resilience.queue_timeout_ms, 0);
  EXPECT_EQ(c.resilience.max_queued, 3);
  EXPECT_TRUE(Validate(c).ok());
  // (A negative integer is refused by every layer already.)
  for (const char* toml : {"[resilience]\nqueue_timeout_ms = 60001\n", "[resilience]\nmax_queued = 100001\n"}) {
    Config bad;
    ASSERT_TRUE(ApplyTomlText(toml, bad).ok()) << toml;
    Status s = Validate(bad);
    ASSERT_FALSE(s.ok()) << toml;
    EXPECT_NE(s.error().message.find("resilience."), std::string::npos) << s.error().message;
  }
}

TEST(ConfigTest, SecretValuesListsTheSecretsThatAreSet) {
  Config c;
  EXPECT_TRUE(SecretValues(c).empty());
  c.openai.api_key = "sk-one";
  c.postgres.password = "pw-two";
  c.openai.base_url = "https://not-a-secret";
  const std::vector<std::string> secrets = SecretValues(c);
  EXPECT_EQ(secrets.size(), 2u);
  EXPECT_NE(std::find(secrets.begin(), secrets.end(), "sk-one"), secrets.end());
  EXPECT_NE(std::find(secrets.begin(), secrets.end(), "pw-two"), secrets.end());
}

TEST(ConfigTest, ToTomlRoundTripsAndHidesSecrets) {
  Config c;
  c.server.port = 9123;
  c.valkey.password = "hunter2";
  c.openai.models = {"a"};
  std::string text = ToToml(c);
  EXPECT_EQ(text.find("hunter2"), std::string::npos);
  EXPECT_NE(text.find("CONTRAIL_HTTP_PORT"), std::string::npos);
  Config back;
  ASSERT_TRUE(ApplyTomlText(text, back).ok()) << text;
  EXPECT_EQ(back.server.port, 9123);
  EXPECT_EQ(back.openai.models, c.openai.models);
}

// ./scripts/run passes the private stack's credentials through the environment; `contrail config`
// shows who contrail logs in as, never with what.
TEST(ConfigTest, CredentialsFromTheEnvironmentAreUsedAndMasked) {
  Config c;
  ASSERT_TRUE(ApplyEnvironment({{"CONTRAIL_PG_USER", "contrail_app"},
                                {"CONTRAIL_PG_PASSWORD", "pg-secret-1"},
                                {"CONTRAIL_VALKEY_USERNAME", "contrail"},
                                {"CONTRAIL_VALKEY_PASSWORD", "valkey-secret-2"}},
                               c)
                  .ok());
  EXPECT_EQ(c.postgres.user, "contrail_app");
  EXPECT_EQ(c.postgres.password, "pg-secret-1");
  EXPECT_EQ(c.valkey.username, "contrail");
  EXPECT_EQ(c.valkey.password, "valkey-secret-2");
  std::string text = ToToml(c);
  EXPECT_EQ(text.find("pg-secret-1"), std::string::npos) << text;
  EXPECT_EQ(text.find("valkey-secret-2"), std::string::npos) << text;
  EXPECT_NE(text.find("\"contrail_app\""), std::string::npos) << text;
  EXPECT_NE(text.find("CONTRAIL_PG_PASSWORD"), std::string::npos) << text;
}

}  // namespace
}  // namespace contrail::core

namespace contrail::core {
namespace {

TEST(ConfigPrices, DefaultsTomlAndEnvironmentLayer) {
  Config c;
  EXPECT_DOUBLE_EQ(c.prices.at("claude-sonnet-4-20250514").output_per_mtok, 15.0);
  ASSERT_TRUE(ApplyTomlText("[prices]\n\"my-model\" = { input = 1.5, output = 2 }\n", c));
  EXPECT_DOUBLE_EQ(c.prices.at("my-model").input_per_mtok, 1.5);
  EXPECT_DOUBLE_EQ(c.prices.at("my-model").CostUsd(1'000'000, 500'000), 2.5);
  ASSERT_TRUE(ApplyEnvironment({{"CONTRAIL_PRICES", "my-model=0.5/1, other:v1=2/4"}}, c));
  EXPECT_DOUBLE_EQ(c.prices.at("my-model").output_per_mtok, 1.0);
  EXPECT_DOUBLE_EQ(c.prices.at("other:v1").input_per_mtok, 2.0);
  EXPECT_NE(ToToml(c).find("\"my-model\" = { input = 0.5, output = 1 }"), std::string::npos);
}

TEST(ConfigPrices, BadPricesAreErrors) {
  Config c;
  EXPECT_FALSE(ApplyTomlText("[prices]\n\"m\" = { input = -1 }\n", c));
  EXPECT_FALSE(ApplyTomlText("[prices]\n\"m\" = { inptu = 1 }\n", c));
  EXPECT_FALSE(ApplyTomlText("[prices]\n\"m\" = 3\n", c));
  EXPECT_FALSE(ApplyEnvironment({{"CONTRAIL_PRICES", "m=abc/1"}}, c));
  EXPECT_FALSE(ApplyEnvironment({{"CONTRAIL_PRICES", "m=1"}}, c));
}

TEST(ConfigProviders, AwsAndAnthropicConventionalVariables) {
  Config c;
  ASSERT_TRUE(ApplyEnvironment({{"AWS_ACCESS_KEY_ID", "AKID"}, {"AWS_SECRET_ACCESS_KEY", "secret"},
                                {"AWS_REGION", "eu-west-1"}, {"ANTHROPIC_API_KEY", "sk-ant"}}, c));
  EXPECT_EQ(c.bedrock.access_key_id, "AKID");
  EXPECT_EQ(c.bedrock.region, "eu-west-1");
  EXPECT_EQ(c.anthropic.api_key, "sk-ant");
  EXPECT_EQ(ToToml(c).find("secret\""), std::string::npos);  // secrets are masked
  Config d;
  d.embed.provider = "cohere";
  EXPECT_FALSE(Validate(d));
}

}  // namespace
}  // namespace contrail::core
