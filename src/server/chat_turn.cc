#include "server/chat_turn.h"

#include <cstdio>

#include "core/json_writer.h"
#include "core/log.h"
#include "flightly/prompt.h"

namespace contrail::server {

using core::AppendJsonEscaped;

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
    for (const llm::Message& m : plan.fresh) has_user |= m.role == llm::Role::kUser || m.role == llm::Role::kTool;
    if (!has_user) {
      return core::InvalidArgument("no new user message (or tool result) after the last assistant message", "messages");
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
  chat.tools = request.tools;
  chat.tool_choice = request.tool_choice;
  chat.messages.reserve(1 + request.messages.size() + memory.history.size());
  chat.messages.push_back({llm::Role::kSystem, flightly::SystemPrompt(memory.profile)});
  if (request.session.empty()) {
    chat.messages.insert(chat.messages.end(), request.messages.begin(), request.messages.end());
  } else {
    chat.messages.insert(chat.messages.end(), plan.system.begin(), plan.system.end());
    for (memory::StoredMessage& m : memory.history) {
      std::optional<llm::Role> role = llm::ParseRole(m.role);
      if (!role) continue;
      llm::Message& added = chat.messages.emplace_back(*role, std::move(m.content));
      added.tool_calls = std::move(m.tool_calls);
      added.tool_call_id = std::move(m.tool_call_id);
    }
    chat.messages.insert(chat.messages.end(), plan.fresh.begin(), plan.fresh.end());
  }
  chat.context.user_id = request.user;
  chat.context.session_id = request.session;
  chat.context.profile = std::move(memory.profile);
  chat.context.session_state = std::move(memory.session_state);
  return chat;
}

std::vector<memory::StoredMessage> TurnMessages(const TurnPlan& plan, const llm::ChatResult& reply,
                                                std::int64_t now_ms) {
  std::vector<memory::StoredMessage> out;
  out.reserve(plan.fresh.size() + 1);
  for (const llm::Message& m : plan.fresh) {
    memory::StoredMessage& stored = out.emplace_back(llm::RoleName(m.role), m.content, now_ms);
    stored.tool_calls = m.tool_calls;
    stored.tool_call_id = m.tool_call_id;
  }
  out.emplace_back("assistant", reply.content, now_ms).tool_calls = reply.tool_calls;
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
  char cost[32];
  std::snprintf(cost, sizeof cost, ",\"cost_usd\":%.8g}", u.cost_usd);
  out += cost;
}

// "tool_calls":[{"index":i,"id":…,"type":"function","function":{"name":…,"arguments":…}},…]
void AppendToolCalls(std::string& out, const std::vector<llm::ToolCall>& calls, bool with_index) {
  out += "\"tool_calls\":[";
  for (std::size_t i = 0; i < calls.size(); ++i) {
    if (i) out += ',';
    out += '{';
    if (with_index) out += "\"index\":" + std::to_string(i) + ",";
    out += "\"id\":\"";
    AppendJsonEscaped(out, calls[i].id);
    out += "\",\"type\":\"function\",\"function\":{\"name\":\"";
    AppendJsonEscaped(out, calls[i].name);
    out += "\",\"arguments\":\"";
    AppendJsonEscaped(out, calls[i].arguments_json);
    out += "\"}}";
  }
  out += ']';
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

void AppendSourcesJson(std::string& out, const std::vector<llm::Source>& sources) {
  out += "\"contrail\":{\"sources\":[";
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const llm::Source& s = sources[i];
    out += i ? ",{\"n\":" : "{\"n\":";
    out += std::to_string(s.n);
    out += ",\"document_id\":\"";
    AppendJsonEscaped(out, s.document_id);
    out += "\",\"chunk_id\":" + std::to_string(s.chunk_id) + ",\"title\":\"";
    AppendJsonEscaped(out, s.title);
    out += "\",\"heading\":\"";
    AppendJsonEscaped(out, s.heading);
    char score[32];
    std::snprintf(score, sizeof score, "\",\"score\":%.6g", s.score);
    out += score;
    out += ",\"metadata\":";
    out += s.metadata_json.empty() ? "{}" : s.metadata_json;
    out += '}';
  }
  out += "]}";
}

std::string GroundingPrompt(const llm::TurnContext& context) {
  if (context.sources.empty() && context.live_facts.empty()) return "";
  std::string out;
  if (!context.live_facts.empty()) {
    out += "Current fares and offers from Flightly's database (quote them exactly):\n";
    for (const std::string& f : context.live_facts) out += "- " + f + "\n";
  }
  if (!context.sources.empty()) {
    out += "Passages from Flightly's documents. Answer from them when they are relevant and cite them as [n]:\n";
    for (const llm::Source& s : context.sources) {
      out += "[" + std::to_string(s.n) + "] " + s.title + (s.heading.empty() ? "" : " — " + s.heading) + " (" +
             s.document_id + ")\n" + s.text + "\n";
    }
  }
  return out;
}

std::string CompletionJson(const std::string& id, std::int64_t created, const std::string& model,
                           const llm::ChatResult& result, const std::vector<llm::Source>* sources) {
  std::string out;
  out.reserve(256 + result.content.size());
  AppendHead(out, id, "chat.completion", created, model);
  out += "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":";
  if (result.content.empty() && !result.tool_calls.empty()) {
    out += "null,";
    AppendToolCalls(out, result.tool_calls, false);
  } else {
    out += '"';
    AppendJsonEscaped(out, result.content);
    out += '"';
  }
  out += ",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"";
  AppendJsonEscaped(out, result.finish_reason);
  out += "\"}],";
  AppendUsage(out, result.usage);
  out += ",\"system_fingerprint\":null";
  if (sources != nullptr && !sources->empty()) {
    out += ',';
    AppendSourcesJson(out, *sources);
  }
  out += '}';
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
      comma = true;
    }
    if (f.tool_calls) {
      if (comma) out += ',';
      AppendToolCalls(out, *f.tool_calls, true);
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
  if (f.sources != nullptr && !f.sources->empty()) {
    out += ',';
    AppendSourcesJson(out, *f.sources);
  }
  out += '}';
  return out;
}

}  // namespace contrail::server
