#include "server/chat/request.h"

#include <boost/json.hpp>
#include <cctype>

#include "core/ids.h"
#include "server/identity.h"

namespace contrail::server::chat {

namespace json = boost::json;
using core::InvalidArgument;

namespace {

// Message content: a string, or an array of {type:"text", text} parts (joined), or null for an
// assistant message.
core::Result<std::string> ReadContent(const json::value* content, llm::Role role, std::size_t max_bytes,
                                      const std::string& param) {
  std::string text;
  if (content == nullptr || content->is_null()) {
    if (role == llm::Role::kAssistant) return text;
    return InvalidArgument("message content is required", param);
  }
  if (content->is_string()) {
    text = std::string(content->get_string());
  } else if (content->is_array()) {
    for (const json::value& part : content->get_array()) {
      const json::object* p = part.if_object();
      const json::value* type = p ? p->if_contains("type") : nullptr;
      const json::value* t = p ? p->if_contains("text") : nullptr;
      if (!type || !type->is_string() || type->get_string() != "text" || !t || !t->is_string()) {
        return InvalidArgument("only text content parts ({\"type\":\"text\",\"text\":…}) are supported", param);
      }
      if (!text.empty()) text += '\n';
      text += t->get_string();
    }
  } else {
    return InvalidArgument("message content must be a string or an array of text parts", param);
  }
  if (text.size() > max_bytes) {
    return InvalidArgument("message content over " + std::to_string(max_bytes) + " bytes", param);
  }
  return text;
}

bool ValidToolName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  }
  return true;
}

// An assistant message's tool_calls: [{id, type:"function", function:{name, arguments}}].
core::Status ReadMessageToolCalls(const json::object& m, llm::Message& out, const std::string& param) {
  const json::value* calls = m.if_contains("tool_calls");
  if (calls == nullptr || calls->is_null()) return core::Ok();
  if (out.role != llm::Role::kAssistant || !calls->is_array()) {
    return InvalidArgument("tool_calls must be an array on an assistant message", param + ".tool_calls");
  }
  for (std::size_t i = 0; i < calls->get_array().size(); ++i) {
    std::string where = param + ".tool_calls[" + std::to_string(i) + "]";
    const json::object* c = calls->get_array()[i].if_object();
    const json::value* id = c ? c->if_contains("id") : nullptr;
    const json::value* f = c ? c->if_contains("function") : nullptr;
    const json::value* name = f && f->is_object() ? f->get_object().if_contains("name") : nullptr;
    const json::value* args = f && f->is_object() ? f->get_object().if_contains("arguments") : nullptr;
    if (!id || !id->is_string() || id->get_string().empty() || !name || !name->is_string() ||
        !args || !args->is_string()) {
      return InvalidArgument("a tool call needs id, function.name and function.arguments (a JSON string)", where);
    }
    out.tool_calls.push_back({std::string(id->get_string()), std::string(name->get_string()),
                              std::string(args->get_string())});
  }
  return core::Ok();
}

core::Status ReadToolCallId(const json::object& m, llm::Message& out, const std::string& param) {
  if (out.role != llm::Role::kTool) return core::Ok();
  const json::value* id = m.if_contains("tool_call_id");
  if (id == nullptr || !id->is_string() || id->get_string().empty() || id->get_string().size() > 256) {
    return InvalidArgument("a tool message needs tool_call_id: the id of the call it answers", param + ".tool_call_id");
  }
  out.tool_call_id = std::string(id->get_string());
  return core::Ok();
}

core::Result<std::vector<llm::Message>> ReadMessages(const json::object& body, const ChatLimits& limits) {
  const json::value* messages = body.if_contains("messages");
  if (messages == nullptr) return InvalidArgument("messages is required", "messages");
  if (!messages->is_array()) return InvalidArgument("messages must be an array", "messages");
  const json::array& arr = messages->get_array();
  if (arr.empty()) return InvalidArgument("messages must not be empty", "messages");
  if (arr.size() > static_cast<std::size_t>(limits.max_messages)) {
    return InvalidArgument("at most " + std::to_string(limits.max_messages) + " messages per request", "messages");
  }
  std::vector<llm::Message> out;
  out.reserve(arr.size());
  for (std::size_t i = 0; i < arr.size(); ++i) {
    std::string param = "messages[" + std::to_string(i) + "]";
    const json::object* m = arr[i].if_object();
    if (m == nullptr) return InvalidArgument("each message must be an object", param);
    const json::value* role = m->if_contains("role");
    if (role == nullptr || !role->is_string()) return InvalidArgument("message role must be a string", param + ".role");
    std::optional<llm::Role> parsed = llm::ParseRole(role->get_string());
    if (!parsed) {
      return InvalidArgument("unknown role '" + std::string(role->get_string()) +
                                 "': use system, developer, user, assistant or tool", param + ".role");
    }
    CONTRAIL_TRY(std::string content, ReadContent(m->if_contains("content"), *parsed,
                                                  limits.max_message_bytes, param + ".content"));
    llm::Message message(*parsed, std::move(content));
    CONTRAIL_TRY_STATUS(ReadMessageToolCalls(*m, message, param));
    CONTRAIL_TRY_STATUS(ReadToolCallId(*m, message, param));
    out.push_back(std::move(message));
  }
  return out;
}

// tools: [{type:"function", function:{name, description?, parameters?}}], at most 128.
core::Status ReadTools(const json::object& body, ChatCompletionRequest& out) {
  const json::value* tools = body.if_contains("tools");
  if (tools == nullptr || tools->is_null()) return core::Ok();
  if (!tools->is_array() || tools->get_array().size() > 128) {
    return InvalidArgument("tools must be an array of at most 128 function tools", "tools");
  }
  for (std::size_t i = 0; i < tools->get_array().size(); ++i) {
    std::string where = "tools[" + std::to_string(i) + "]";
    const json::object* t = tools->get_array()[i].if_object();
    const json::value* type = t ? t->if_contains("type") : nullptr;
    const json::value* f = t ? t->if_contains("function") : nullptr;
    if (!type || !type->is_string() || type->get_string() != "function" || !f || !f->is_object()) {
      return InvalidArgument("each tool must be {\"type\":\"function\",\"function\":{…}}", where);
    }
    const json::object& fn = f->get_object();
    const json::value* name = fn.if_contains("name");
    if (!name || !name->is_string() || !ValidToolName(name->get_string())) {
      return InvalidArgument("function.name must match ^[a-zA-Z0-9_-]{1,64}$", where + ".function.name");
    }
    llm::ToolSpec spec;
    spec.name = std::string(name->get_string());
    if (const json::value* d = fn.if_contains("description"); d && d->is_string()) spec.description = d->get_string();
    if (const json::value* p = fn.if_contains("parameters"); p && !p->is_null()) {
      if (!p->is_object()) return InvalidArgument("function.parameters must be a JSON Schema object", where + ".function.parameters");
      spec.parameters_json = json::serialize(*p);
    }
    out.tools.push_back(std::move(spec));
  }
  return core::Ok();
}

// tool_choice: "auto" | "none" | "required" | {type:"function", function:{name}} naming a tool.
core::Status ReadToolChoice(const json::object& body, ChatCompletionRequest& out) {
  const json::value* choice = body.if_contains("tool_choice");
  if (choice == nullptr || choice->is_null()) return core::Ok();
  if (choice->is_string()) {
    std::string_view c = choice->get_string();
    if (c != "auto" && c != "none" && c != "required") {
      return InvalidArgument("tool_choice must be auto, none, required or a function", "tool_choice");
    }
    out.tool_choice = std::string(c);
  } else {
    const json::object* o = choice->if_object();
    const json::value* f = o ? o->if_contains("function") : nullptr;
    const json::value* name = f && f->is_object() ? f->get_object().if_contains("name") : nullptr;
    if (!name || !name->is_string()) {
      return InvalidArgument("tool_choice must be auto, none, required or {\"type\":\"function\",\"function\":{\"name\":…}}", "tool_choice");
    }
    out.tool_choice = std::string(name->get_string());
    bool listed = false;
    for (const llm::ToolSpec& t : out.tools) listed |= t.name == out.tool_choice;
    if (!listed) return InvalidArgument("tool_choice names a function that is not in tools", "tool_choice");
  }
  if (out.tool_choice != "auto" && out.tool_choice != "none" && out.tools.empty()) {
    return InvalidArgument("tool_choice requires tools", "tool_choice");
  }
  return core::Ok();
}

// Reads optional scalar fields; wrong types are 400s rather than silently ignored.
core::Status ReadOptions(const json::object& body, ChatCompletionRequest& out) {
  if (const json::value* v = body.if_contains("model"); v != nullptr) {
    if (!v->is_string() || v->get_string().empty()) return InvalidArgument("model must be a non-empty string", "model");
    out.model = std::string(v->get_string());
  }
  if (const json::value* v = body.if_contains("stream"); v != nullptr && !v->is_null()) {
    if (!v->is_bool()) return InvalidArgument("stream must be a boolean", "stream");
    out.stream = v->get_bool();
  }
  if (const json::value* v = body.if_contains("stream_options"); v != nullptr && !v->is_null()) {
    const json::value* iu = v->is_object() ? v->get_object().if_contains("include_usage") : nullptr;
    if (!v->is_object() || (iu != nullptr && !iu->is_bool())) {
      return InvalidArgument("stream_options must be an object like {\"include_usage\": true}", "stream_options");
    }
    out.include_usage = iu != nullptr && iu->get_bool();
  }
  for (const char* name : {"max_tokens", "max_completion_tokens"}) {
    if (const json::value* v = body.if_contains(name); v != nullptr && !v->is_null()) {
      if (!v->is_int64() || v->get_int64() < 1 || v->get_int64() > 1'000'000) {
        return InvalidArgument(std::string(name) + " must be an integer from 1 to 1000000", name);
      }
      out.max_tokens = static_cast<int>(v->get_int64());
    }
  }
  if (const json::value* v = body.if_contains("temperature"); v != nullptr && !v->is_null()) {
    if (!v->is_number() || v->to_number<double>() < 0 || v->to_number<double>() > 2) {
      return InvalidArgument("temperature must be a number from 0 to 2", "temperature");
    }
    out.temperature = v->to_number<double>();
  }
  if (const json::value* v = body.if_contains("n"); v != nullptr && !v->is_null()) {
    if (!v->is_int64() || v->get_int64() != 1) return InvalidArgument("only n = 1 is supported", "n");
  }
  return core::Ok();
}

core::Status ReadIdentity(const net::HttpRequest& request, const json::object& body,
                          const auth::Principal& caller, ChatCompletionRequest& out) {
  const json::value* user = body.if_contains("user");
  if (user != nullptr && !user->is_null() && !user->is_string()) return InvalidArgument("user must be a string", "user");
  std::string user_field = user != nullptr && user->is_string() ? std::string(user->get_string()) : "";
  const json::value* metadata = body.if_contains("metadata");
  std::string session_field;
  bool has_session_field = false;
  if (metadata != nullptr && !metadata->is_null()) {
    if (!metadata->is_object()) return InvalidArgument("metadata must be an object", "metadata");
    if (const json::value* s = metadata->get_object().if_contains("session_id"); s != nullptr) {
      if (!s->is_string()) return InvalidArgument("metadata.session_id must be a string", "metadata.session_id");
      session_field = std::string(s->get_string());
      has_session_field = true;
    }
  }
  bool has_user_field = user != nullptr && user->is_string();
  CONTRAIL_TRY(const std::string* user_header, request.SingleHeader("x-user-id"));
  CONTRAIL_TRY(const std::string* session_header, request.SingleHeader("x-session-id"));
  CONTRAIL_TRY(out.user, ResolveId(user_header, has_user_field ? &user_field : nullptr, "user", "X-User-Id", "user"));
  CONTRAIL_TRY(out.user, AuthorizeUser(caller, std::move(out.user)));
  CONTRAIL_TRY(out.session, ResolveId(session_header, has_session_field ? &session_field : nullptr, "session",
                                      "X-Session-Id", "metadata.session_id"));
  if (!out.session.empty() && out.user.empty()) {
    return InvalidArgument("a session belongs to a user: give `user` or X-User-Id with a session", "user");
  }
  return core::Ok();
}

}  // namespace

core::Result<ChatCompletionRequest> ParseChatCompletionRequest(const net::HttpRequest& request,
                                                               const ChatLimits& limits,
                                                               const auth::Principal& caller) {
  // The parsed tree lives only for this call: a monotonic arena saves a malloc per node.
  unsigned char arena[8 * 1024];
  json::monotonic_resource storage(arena, sizeof arena);
  boost::system::error_code ec;
  json::value doc = json::parse(request.body, ec, &storage);
  if (ec) return InvalidArgument("request body is not valid JSON: " + ec.message());
  const json::object* body = doc.if_object();
  if (body == nullptr) return InvalidArgument("request body must be a JSON object");
  ChatCompletionRequest out;
  CONTRAIL_TRY(out.messages, ReadMessages(*body, limits));
  if (core::Status s = ReadOptions(*body, out); !s) return s.error();
  if (core::Status s = ReadTools(*body, out); !s) return s.error();
  if (core::Status s = ReadToolChoice(*body, out); !s) return s.error();
  if (core::Status s = ReadIdentity(request, *body, caller, out); !s) return s.error();
  return out;
}

}  // namespace contrail::server::chat
