// RedactCredentials: each kind of credential an upstream error text may carry, and the ordinary
// text around it left alone.

#include "net/redact.h"

#include <gtest/gtest.h>

namespace contrail::net {
namespace {

struct Case {
  const char* input;
  const char* expected;
};

TEST(RedactCredentials, ReplacesEachKindOfCredentialAndKeepsTheRest) {
  const Case cases[] = {
      {"Incorrect API key provided: sk-proj-abcDEF1234567890xyz. You can find your key at x",
       "Incorrect API key provided: [REDACTED]. You can find your key at x"},
      {"invalid x-api-key sk-ant-api03-AAAAbbbbCCCC", "invalid x-api-key [REDACTED]"},
      {"key ck_0123456789abcdef_Zm9vYmFyYmF6cXV4 revoked", "key [REDACTED] revoked"},
      {"The security token AKIAIOSFODNN7EXAMPLE is invalid", "The security token [REDACTED] is invalid"},
      {"temporary ASIAABCDEFGHIJKLMNOP.", "temporary [REDACTED]."},
      {"Authorization: Bearer abc.def-ghi", "Authorization: Bearer [REDACTED]"},
      {"got bearer xyz123 from you", "got bearer [REDACTED] from you"},
      {"Authorization: Basic dXNlcjpwYXNz, then", "Authorization: Basic [REDACTED], then"},
      {R"({"api_key": "hunter2hunter2", "model": "gpt"})", R"({"api_key": "[REDACTED]", "model": "gpt"})"},
      {R"({"apiKey":"v1"})", R"({"apiKey":"[REDACTED]"})"},
      {R"(body {\"password\": \"pw\"} end)", R"(body {\"password\": \"[REDACTED]\"} end)"},
      {"x-api-key: plain-value; next", "x-api-key: [REDACTED]; next"},
      {"url?client_secret=abc&user=bob", "url?client_secret=[REDACTED]&user=bob"},
      {"'session_token': 'tok'", "'session_token': '[REDACTED]'"},
      {"accessToken=q1", "accessToken=[REDACTED]"},
      {"sig 0123456789abcdef0123456789abcdef01 done", "sig [REDACTED] done"},
      {"blob dGhpcyBpcyBhIHNlY3JldCB0b2tlbiBvZiBtYW55IGNoYXJz=", "blob [REDACTED]"},
  };
  for (const Case& c : cases) EXPECT_EQ(RedactCredentials(c.input), c.expected) << c.input;
}

TEST(RedactCredentials, LeavesOrdinaryErrorTextAlone) {
  const char* kept[] = {
      "max_tokens: 4096 exceeds the model's limit of 2048",
      "model claude-sonnet-4-20250514 not found",
      "request 123e4567-e89b-12d3-a456-426614174000 failed",
      "a_very_long_snake_case_identifier_without_any_digits",
      "sk-learn is a library; ck_ is a prefix",
      "rate limited: try again in 20s",
      "token limit reached",
      "",
  };
  for (const char* text : kept) EXPECT_EQ(RedactCredentials(text), text) << text;
}

TEST(RedactCredentials, ReplacesRegisteredAndGivenSecretsWhereverTheyOccur) {
  RegisterSecret("Zq9-registered-secret");
  RegisterSecret("short");  // too short to register: would mangle words
  EXPECT_EQ(RedactCredentials("echo:Zq9-registered-secret!"), "echo:[REDACTED]!");
  EXPECT_EQ(RedactCredentials("a short note"), "a short note");
  const std::string_view also[] = {"given-secret-1"};
  EXPECT_EQ(RedactCredentials("you sent given-secret-1 twice: given-secret-1", also),
            "you sent [REDACTED] twice: [REDACTED]");
}

TEST(RedactCredentials, AnUnterminatedQuotedValueIsRedactedToTheEnd) {
  EXPECT_EQ(RedactCredentials(R"({"token": "abc)"), R"({"token": "[REDACTED])");
}

}  // namespace
}  // namespace contrail::net
