#pragma once
// Removing credentials from text that came from outside contrail (a provider's error body, a
// driver's message) before it reaches a client or a log. A provider that answers 401 may echo the
// key it was sent; nothing in such a text should be repeated as is.
//
//   net::RegisterSecret(config.openai.api_key);            // once, at startup
//   log::Warn("provider failed", {{"error", net::RedactCredentials(body)}});
//
// What is replaced by "[REDACTED]" (names and punctuation around a value are kept):
//  * every registered secret and every string in `also`, wherever it occurs (exact match);
//  * the credential after "Bearer ";
//  * tokens that look like keys: sk-… (OpenAI, sk-ant-… Anthropic), ck_… (contrail), AWS access
//    key ids (AKIA or ASIA and 16 more capitals or digits);
//  * the value of a key such as api_key, apiKey, x-api-key, authorization, password, secret or
//    token (and keys ending in them: client_secret, session_token) in JSON ("token": "v"),
//    header (Authorization: Basic v) or query/form (password=v) notation;
//  * any other run of 32 or more base64 or hex characters that mixes letters and digits (a
//    signature, a session token); a UUID is kept.
// Over-redaction is the accepted cost: a long hash in an error message is lost too.

#include <span>
#include <string>
#include <string_view>

namespace contrail::net {

// `text` with the credentials above replaced. Thread-safe.
std::string RedactCredentials(std::string_view text, std::span<const std::string_view> also = {});

// Adds `secret` (an API key, a password) to those redacted everywhere, for the life of the
// process. Thread-safe. Secrets shorter than 8 characters are ignored: replacing them would
// mangle ordinary words, and the patterns above still apply.
void RegisterSecret(std::string_view secret);

}  // namespace contrail::net
