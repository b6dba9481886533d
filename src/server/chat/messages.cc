#include "server/chat/messages.h"

namespace contrail::server::chat {

core::Result<NewMessages> SplitNewMessages(const std::vector<llm::Message>& messages, bool has_session) {
  NewMessages out;
  std::size_t start = 0;
  if (has_session) {
    for (std::size_t i = 0; i < messages.size(); ++i) {
      if (messages[i].role == llm::Role::kAssistant) start = i + 1;
    }
  }
  for (std::size_t i = 0; i < messages.size(); ++i) {
    if (messages[i].role == llm::Role::kSystem) {
      out.system.push_back(messages[i]);
    } else if (i >= start) {
      out.fresh.push_back(messages[i]);
    }
  }
  if (has_session) {
    bool has_user = false;
    for (const llm::Message& m : out.fresh) has_user |= m.role == llm::Role::kUser || m.role == llm::Role::kTool;
    if (!has_user) {
      return core::InvalidArgument("no new user message (or tool result) after the last assistant message", "messages");
    }
  }
  return out;
}

std::vector<llm::Message> ModelMessages(std::string system_prompt, const std::vector<llm::Message>& request_messages,
                                        const NewMessages& new_messages, std::vector<memory::StoredMessage> history,
                                        bool has_session) {
  std::vector<llm::Message> out;
  out.reserve(1 + request_messages.size() + history.size());
  out.emplace_back(llm::Role::kSystem, std::move(system_prompt));
  if (!has_session) {
    out.insert(out.end(), request_messages.begin(), request_messages.end());
    return out;
  }
  out.insert(out.end(), new_messages.system.begin(), new_messages.system.end());
  for (memory::StoredMessage& m : history) out.push_back(std::move(m.message));
  out.insert(out.end(), new_messages.fresh.begin(), new_messages.fresh.end());
  return out;
}

std::vector<memory::StoredMessage> MessagesToStore(const NewMessages& new_messages, const llm::ChatResult& reply,
                                                   std::int64_t now_ms) {
  std::vector<memory::StoredMessage> out;
  out.reserve(new_messages.fresh.size() + 1);
  for (const llm::Message& m : new_messages.fresh) out.emplace_back(m, now_ms);
  out.emplace_back(llm::Role::kAssistant, reply.content, now_ms).message.tool_calls = reply.tool_calls;
  return out;
}

}  // namespace contrail::server::chat
