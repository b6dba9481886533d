#include "llm/chat_model.h"

namespace contrail::llm {

const char* RoleName(Role role) {
  switch (role) {
    case Role::kSystem: return "system";
    case Role::kUser: return "user";
    case Role::kAssistant: return "assistant";
    case Role::kTool: return "tool";
  }
  return "user";
}

std::optional<Role> ParseRole(std::string_view name) {
  if (name == "user") return Role::kUser;
  if (name == "assistant") return Role::kAssistant;
  if (name == "system" || name == "developer") return Role::kSystem;
  if (name == "tool") return Role::kTool;
  return std::nullopt;
}

int EstimateTokens(std::string_view text) {
  if (text.empty()) return 0;
  return static_cast<int>((text.size() + 3) / 4);
}

}  // namespace contrail::llm
