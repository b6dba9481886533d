#include "server/chat/request.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <cmath>
#include <sstream>

#include "core/ids.h"
#include "server/identity.h"

namespace contrail::server::chat {

namespace json = boost::json;
using core::InvalidArgument;

core::Result<std::string> ReadContent(const json::value* content, llm::Role role, std::size_t max_bytes,
                                      const std::string& param, std::initializer_list<std::string_view> part_types) {
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
      const bool known = type != nullptr && type->is_string() &&
                         std::find(part_types.begin(), part_types.end(), std::string_view(type->get_string())) !=
                             part_types.end();
      if (!known || !t || !t->is_string()) {
        return InvalidArgument("only text content parts ({\"type\":\"" + std::string(*part_types.begin()) +
                                   "\",\"text\":…}) are supported", param);
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

namespace {

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
  return core::Ok();
}

// stop: a string or an array of at most kMaxStopSequences strings, none empty or over kMaxStopBytes.
core::Status ReadStop(const json::object& body, ChatCompletionRequest& out) {
  const json::value* v = body.if_contains("stop");
  if (v == nullptr || v->is_null()) return core::Ok();
  const std::string rule = "stop must be a string or an array of at most " + std::to_string(kMaxStopSequences) +
                           " strings, each 1 to " + std::to_string(kMaxStopBytes) + " bytes";
  if (v->is_string()) {
    out.stop.emplace_back(v->get_string());
  } else if (v->is_array() && v->get_array().size() <= kMaxStopSequences) {
    for (const json::value& s : v->get_array()) {
      if (!s.is_string()) return InvalidArgument(rule, "stop");
      out.stop.emplace_back(s.get_string());
    }
  } else {
    return InvalidArgument(rule, "stop");
  }
  for (const std::string& s : out.stop) {
    if (s.empty() || s.size() > kMaxStopBytes) return InvalidArgument(rule, "stop");
  }
  return core::Ok();
}

// logit_bias: {"<token id>": -100..100}; checked, not used.
core::Status ReadLogitBias(const json::object& body) {
  const json::value* v = body.if_contains("logit_bias");
  if (v == nullptr || v->is_null()) return core::Ok();
  const std::string rule = "logit_bias must map at most " + std::to_string(kMaxLogitBias) +
                           " token ids (strings of digits) to numbers from -100 to 100";
  if (!v->is_object() || v->get_object().size() > kMaxLogitBias) return InvalidArgument(rule, "logit_bias");
  for (const auto& [key, bias] : v->get_object()) {
    const bool digits = !key.empty() && key.size() <= 10 &&
                        std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; });
    const double x = bias.is_number() ? bias.to_number<double>() : std::nan("");
    if (!digits || !std::isfinite(x) || x < -100 || x > 100) return InvalidArgument(rule, "logit_bias");
  }
  return core::Ok();
}

// response_format: only {"type":"text"}; JSON modes are refused rather than silently ignored.
core::Status ReadResponseFormat(const json::object& body) {
  const json::value* v = body.if_contains("response_format");
  if (v == nullptr || v->is_null()) return core::Ok();
  const json::object* o = v->if_object();
  const json::value* type = o ? o->if_contains("type") : nullptr;
  if (type == nullptr || !type->is_string()) {
    return InvalidArgument("response_format must be an object like {\"type\": \"text\"}", "response_format");
  }
  if (type->get_string() != "text") {
    return InvalidArgument("response_format type '" + std::string(type->get_string()).substr(0, 64) +
                               "' is not supported: only text", "response_format");
  }
  return core::Ok();
}

// The sampling fields: bounded numbers, integers that fit, and the shapes OpenAI documents.
core::Status ReadSampling(const json::object& body, ChatCompletionRequest& out) {
  for (const char* name : {"max_tokens", "max_completion_tokens"}) {
    if (const json::value* v = body.if_contains(name); v != nullptr && !v->is_null()) {
      if (!v->is_int64() || v->get_int64() < 1 || v->get_int64() > kMaxTokens) {
        return InvalidArgument(std::string(name) + " must be an integer from 1 to " + std::to_string(kMaxTokens), name);
      }
      out.max_tokens = static_cast<int>(v->get_int64());
    }
  }
  CONTRAIL_TRY(out.temperature, ReadNumber(body, "temperature", 0, 2));
  CONTRAIL_TRY(out.top_p, ReadNumber(body, "top_p", 0, 1));
  CONTRAIL_TRY(out.presence_penalty, ReadNumber(body, "presence_penalty", -2, 2));
  CONTRAIL_TRY(out.frequency_penalty, ReadNumber(body, "frequency_penalty", -2, 2));
  if (const json::value* v = body.if_contains("n"); v != nullptr && !v->is_null()) {
    if (!v->is_int64() || v->get_int64() != 1) return InvalidArgument("only n = 1 is supported", "n");
  }
  if (const json::value* v = body.if_contains("seed"); v != nullptr && !v->is_null()) {
    if (!v->is_int64()) return InvalidArgument("seed must be an integer (64-bit)", "seed");
    out.seed = v->get_int64();
  }
  CONTRAIL_TRY_STATUS(ReadStop(body, out));
  CONTRAIL_TRY_STATUS(ReadLogitBias(body));
  return ReadResponseFormat(body);
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

core::Result<std::optional<double>> ReadNumber(const json::object& body, const char* name, double lo, double hi) {
  const json::value* v = body.if_contains(name);
  if (v == nullptr || v->is_null()) return std::optional<double>();
  const double x = v->is_number() ? v->to_number<double>() : std::nan("");
  if (!std::isfinite(x) || x < lo || x > hi) {
    std::ostringstream message;
    message << name << " must be a number from " << lo << " to " << hi;
    return InvalidArgument(message.str(), name);
  }
  return std::optional<double>(x);
}

namespace {

// Cache-Control's no-cache (do not answer from the cache) and no-store (do not keep the answer),
// among other directives, in any case, in one header or several.
void ReadCacheControl(const net::HttpRequest& request, ChatCompletionRequest& out) {
  for (const auto& [name, raw] : request.headers) {
    if (name != "cache-control") continue;
    std::string value = raw;
    std::transform(value.begin(), value.end(), value.begin(), [](unsigned char c) { return std::tolower(c); });
    if (value.find("no-cache") != std::string::npos) out.cache_lookup = false;
    if (value.find("no-store") != std::string::npos) out.cache_store = false;
  }
}

}  // namespace

core::Status ReadTurnHeaders(const net::HttpRequest& request, ChatCompletionRequest& out) {
  ReadCacheControl(request, out);
  CONTRAIL_TRY(const std::string* key, request.SingleHeader("idempotency-key"));
  if (key == nullptr) return core::Ok();
  const bool visible = std::all_of(key->begin(), key->end(), [](char c) { return c > ' ' && c < 127; });
  if (key->empty() || key->size() > 255 || !visible) {
    return InvalidArgument("Idempotency-Key must be 1 to 255 visible ASCII characters", "Idempotency-Key");
  }
  out.idempotency_key = *key;
  return core::Ok();
}

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
  if (core::Status s = ReadSampling(*body, out); !s) return s.error();
  if (core::Status s = ReadTools(*body, out); !s) return s.error();
  if (core::Status s = ReadToolChoice(*body, out); !s) return s.error();
  if (core::Status s = ReadIdentity(request, *body, caller, out); !s) return s.error();
  if (core::Status s = ReadTurnHeaders(request, out); !s) return s.error();
  return out;
}

}  // namespace contrail::server::chat
