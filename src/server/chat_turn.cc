#include "server/chat_turn.h"

#include "core/log.h"
#include "flightly/prompt.h"

namespace contrail::server {

using core::log::AppendJsonEscaped;

core::Result<TurnPlan> PlanTurn(const std::vector<llm::Message>& messages, bool has_session) {
  TurnPlan plan;
  std::size_t start = 0;
  if (has_session) {
    for (std::size_t i = 0; i < messages.size(); ++i) {
      if (messages[i].role == llm::Role::kAssistant) start = i + 1;
    }
  }
  for (std::size_t i = 0; i < messages.size(); ++i) {
    if (messages[i].role == llm::Role::kSystem) {
      plan.system.push_back(messages[i]);
    } else if (i >= start) {
      plan.fresh.push_back(messages[i]);
    }
  }
  if (has_session) {
    bool has_user = false;
    for (const llm::Message& m : plan.fresh) has_user |= m.role == llm::Role::kUser;
    if (!has_user) {
      return core::InvalidArgument("no new user message after the last assistant message", "messages");
    }
  }
  return plan;
}

llm::ChatRequest AssembleChatRequest(const ChatCompletionRequest& request, const TurnPlan& plan,
                                     memory::TurnMemory memory, const std::string& model_id) {
  llm::ChatRequest chat;
  chat.model = model_id;
  chat.max_tokens = request.max_tokens;
  chat.temperature = request.temperature;
  chat.messages.reserve(1 + request.messages.size() + memory.history.size());
  chat.messages.push_back({llm::Role::kSystem, flightly::SystemPrompt(memory.profile)});
  if (request.session.empty()) {
    chat.messages.insert(chat.messages.end(), request.messages.begin(), request.messages.end());
  } else {
    chat.messages.insert(chat.messages.end(), plan.system.begin(), plan.system.end());
    for (memory::StoredMessage& m : memory.history) {
      std::optional<llm::Role> role = llm::ParseRole(m.role);
      if (role) chat.messages.push_back({*role, std::move(m.content)});
    }
    chat.messages.insert(chat.messages.end(), plan.fresh.begin(), plan.fresh.end());
  }
  chat.context.user_id = request.user;
  chat.context.session_id = request.session;
  chat.context.profile = std::move(memory.profile);
  chat.context.session_state = std::move(memory.session_state);
  return chat;
}

std::vector<memory::StoredMessage> TurnMessages(const TurnPlan& plan, const std::string& reply,
                                                std::int64_t now_ms) {
  std::vector<memory::StoredMessage> out;
  out.reserve(plan.fresh.size() + 1);
  for (const llm::Message& m : plan.fresh) out.push_back({llm::RoleName(m.role), m.content, now_ms});
  out.push_back({"assistant", reply, now_ms});
  return out;
}

namespace {

void AppendUsage(std::string& out, const llm::Usage& u) {
  out += "\"usage\":{\"prompt_tokens\":";
  out += std::to_string(u.prompt_tokens);
  out += ",\"completion_tokens\":";
  out += std::to_string(u.completion_tokens);
  out += ",\"total_tokens\":";
  out += std::to_string(u.total_tokens());
  out += '}';
}

void AppendHead(std::string& out, const std::string& id, const char* object, std::int64_t created,
                const std::string& model) {
  out += "{\"id\":\"";
  AppendJsonEscaped(out, id);
  out += "\",\"object\":\"";
  out += object;
  out += "\",\"created\":";
  out += std::to_string(created);
  out += ",\"model\":\"";
  AppendJsonEscaped(out, model);
  out += "\",";
}

}  // namespace

std::string CompletionJson(const std::string& id, std::int64_t created, const std::string& model,
                           const llm::ChatResult& result) {
  std::string out;
  out.reserve(256 + result.content.size());
  AppendHead(out, id, "chat.completion", created, model);
  out += "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"";
  AppendJsonEscaped(out, result.content);
  out += "\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"";
  AppendJsonEscaped(out, result.finish_reason);
  out += "\"}],";
  AppendUsage(out, result.usage);
  out += ",\"system_fingerprint\":null}";
  return out;
}

std::string ChunkJson(const std::string& id, std::int64_t created, const std::string& model,
                      const ChunkFields& f) {
  std::string out;
  out.reserve(192 + (f.content ? f.content->size() : 0));
  AppendHead(out, id, "chat.completion.chunk", created, model);
  if (f.empty_choices) {
    out += "\"choices\":[]";
  } else {
    out += "\"choices\":[{\"index\":0,\"delta\":{";
    bool comma = false;
    if (f.role) {
      out += "\"role\":\"" + *f.role + "\"";
      comma = true;
    }
    if (f.content) {
      out += comma ? ",\"content\":\"" : "\"content\":\"";
      AppendJsonEscaped(out, *f.content);
      out += '"';
    }
    out += "},\"logprobs\":null,\"finish_reason\":";
    if (f.finish_reason) {
      out += '"';
      AppendJsonEscaped(out, *f.finish_reason);
      out += '"';
    } else {
      out += "null";
    }
    out += "}]";
  }
  if (f.usage) {
    out += ',';
    AppendUsage(out, *f.usage);
  }
  out += '}';
  return out;
}

}  // namespace contrail::server
