// Feeds arbitrary request bodies (and X-User-Id / X-Session-Id headers, see fuzz_request.h) to
// server::chat::ParseChatCompletionRequest, the check of every POST /v1/chat/completions, with
// the configured limits' defaults. Checks, for a request it accepts: the user and session ids pass
// core::IsValidId (they become parts of Valkey keys) and agree with the headers; a session has a
// user; the message count and every message's size are within the limits; tool calls are on
// assistant messages only and a tool message names its call; tool names are well-formed and
// tool_choice is auto, none, required or a listed tool; the sampling fields (max_tokens,
// temperature, top_p, the penalties, stop) are finite and in range.
// A request it rejects is a 400 (kInvalidArgument). Parsed for a user key, a request acts for
// that key's user or is refused (kForbidden), whatever user it names.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/config.h"
#include "core/ids.h"
#include "fuzz_request.h"
#include "fuzz_support.h"
#include "server/chat/request.h"

namespace {

using contrail::core::IsValidId;
namespace chat = contrail::server::chat;
namespace llm = contrail::llm;

// The limits route.cc passes, from a default configuration.
chat::ChatLimits ConfiguredLimits() {
  const contrail::core::Config config;
  return {config.chat.max_messages, config.chat.max_message_bytes};
}

// ^[a-zA-Z0-9_-]{1,64}$, as OpenAI defines a function name.
bool ValidToolName(std::string_view name) {
  static constexpr std::string_view kAllowed =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";
  return !name.empty() && name.size() <= 64 && name.find_first_not_of(kAllowed) == name.npos;
}

// The id the request names in `header`, if any, is the parsed one.
void CheckAgreesWithHeader(const contrail::net::HttpRequest& request, const char* header,
                           const std::string& id) {
  if (const std::string* value = request.header(header)) FUZZ_CHECK(*value == id);
}

void CheckMessages(const chat::ChatCompletionRequest& parsed, const chat::ChatLimits& limits) {
  FUZZ_CHECK(!parsed.messages.empty());
  FUZZ_CHECK(parsed.messages.size() <= static_cast<std::size_t>(limits.max_messages));
  for (const llm::Message& m : parsed.messages) {
    FUZZ_CHECK(m.content.size() <= limits.max_message_bytes);
    FUZZ_CHECK(m.tool_calls.empty() || m.role == llm::Role::kAssistant);
    FUZZ_CHECK(m.role != llm::Role::kTool || !m.tool_call_id.empty());
    for (const llm::ToolCall& call : m.tool_calls) FUZZ_CHECK(!call.id.empty());
  }
}

void CheckTools(const chat::ChatCompletionRequest& parsed) {
  bool listed = false;
  for (const llm::ToolSpec& tool : parsed.tools) {
    FUZZ_CHECK(ValidToolName(tool.name));
    listed = listed || tool.name == parsed.tool_choice;
  }
  const std::string& choice = parsed.tool_choice;
  const bool needs_tools = choice != "auto" && choice != "none";
  FUZZ_CHECK(!needs_tools || ((choice == "required" || listed) && !parsed.tools.empty()));
}

// A finite number in [lo, hi], when set.
bool InRange(const std::optional<double>& x, double lo, double hi) {
  return !x || (std::isfinite(*x) && *x >= lo && *x <= hi);
}

void CheckSampling(const chat::ChatCompletionRequest& parsed) {
  FUZZ_CHECK(!parsed.max_tokens || (*parsed.max_tokens >= 1 && *parsed.max_tokens <= chat::kMaxTokens));
  FUZZ_CHECK(InRange(parsed.temperature, 0, 2));
  FUZZ_CHECK(InRange(parsed.top_p, 0, 1));
  FUZZ_CHECK(InRange(parsed.presence_penalty, -2, 2));
  FUZZ_CHECK(InRange(parsed.frequency_penalty, -2, 2));
  FUZZ_CHECK(parsed.stop.size() <= chat::kMaxStopSequences);
  for (const std::string& stop : parsed.stop) FUZZ_CHECK(!stop.empty() && stop.size() <= chat::kMaxStopBytes);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const chat::ChatLimits limits = ConfiguredLimits();
  const contrail::net::HttpRequest request =
      contrail::fuzz::RequestFromInput(std::string_view(reinterpret_cast<const char*>(data), size));
  // A user key never acts for anyone but its user, whatever the request names.
  static const contrail::server::auth::Principal user_key{contrail::server::auth::KeyKind::kUser, "fuzz-user", "k"};
  auto as_user = chat::ParseChatCompletionRequest(request, limits, user_key);
  FUZZ_CHECK(as_user ? as_user->user == "fuzz-user"
                     : (as_user.error().code == contrail::core::Code::kInvalidArgument ||
                        as_user.error().code == contrail::core::Code::kForbidden));
  auto parsed = chat::ParseChatCompletionRequest(request, limits, contrail::server::auth::Principal{});
  if (!parsed) {
    FUZZ_CHECK(parsed.error().code == contrail::core::Code::kInvalidArgument);
    return 0;
  }
  FUZZ_CHECK(parsed->user.empty() || IsValidId(parsed->user));
  FUZZ_CHECK(parsed->session.empty() || IsValidId(parsed->session));
  FUZZ_CHECK(parsed->session.empty() || !parsed->user.empty());
  CheckAgreesWithHeader(request, "x-user-id", parsed->user);
  CheckAgreesWithHeader(request, "x-session-id", parsed->session);
  CheckMessages(*parsed, limits);
  CheckTools(*parsed);
  CheckSampling(*parsed);
  return 0;
}
