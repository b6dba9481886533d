#include "server/responses/request.h"

#include <boost/json.hpp>

#include "core/json_writer.h"
#include "server/identity.h"
#include "server/responses/conversations.h"
#include "server/responses/mcp_tools.h"
#include "server/responses/store.h"

namespace contrail::server::responses {

namespace json = boost::json;
using core::InvalidArgument;

namespace {

constexpr std::size_t kMaxMetadata = 16;
constexpr std::size_t kMaxMetadataKey = 64;
constexpr std::size_t kMaxMetadataValue = 512;
constexpr std::size_t kMaxCallIdBytes = 256;

// A string field of an item, required and 1..max bytes.
core::Result<std::string> ItemString(const json::object& item, std::string_view name, std::size_t max,
                                     const std::string& param) {
  const json::value* v = Field(item, name);
  if (v == nullptr || !v->is_string() || v->get_string().empty() || v->get_string().size() > max) {
    return InvalidArgument(std::string(name) + " must be a string of 1 to " + std::to_string(max) + " bytes",
                           param + "." + std::string(name));
  }
  return std::string(v->get_string());
}

// The items of an `input` (or of a conversation's `items`) become messages and listed items.
class InputReader {
 public:
  InputReader(const chat::ChatLimits& limits, std::string_view field) : limits_(limits), field_(field) {}

  core::Result<InputItems> Read(const json::value& input) && {
    if (input.is_string()) {
      if (input.get_string().size() > limits_.max_message_bytes) {
        return InvalidArgument(field_ + " over " + std::to_string(limits_.max_message_bytes) + " bytes", field_);
      }
      AddMessage(llm::Message(llm::Role::kUser, std::string(input.get_string())), "input_text");
    } else if (input.is_array()) {
      const json::array& items = input.get_array();
      if (items.empty()) return InvalidArgument(field_ + " must not be empty", field_);
      if (items.size() > static_cast<std::size_t>(limits_.max_messages)) {
        return InvalidArgument("at most " + std::to_string(limits_.max_messages) + " items in " + field_, field_);
      }
      for (std::size_t i = 0; i < items.size(); ++i) {
        CONTRAIL_TRY_STATUS(ReadItem(items[i], field_ + "[" + std::to_string(i) + "]"));
      }
      if (out_.messages.empty()) {  // only items nothing reads (reasoning, replayed MCP listings)
        return InvalidArgument(field_ + " needs a message, a function call or its output, or an approval", field_);
      }
    } else {
      return InvalidArgument(field_ + " must be a string or an array of items", field_);
    }
    return std::move(out_);
  }

 private:
  core::Status ReadItem(const json::value& value, const std::string& param) {
    const json::object* item = value.if_object();
    if (item == nullptr) return InvalidArgument("each input item must be an object", param);
    const json::value* type = Field(*item, "type");
    if (type != nullptr && !type->is_string()) return InvalidArgument("type must be a string", param + ".type");
    const std::string_view kind = type != nullptr ? std::string_view(type->get_string()) : "message";
    if (kind == "message") return ReadMessage(*item, param);
    if (kind == "function_call") return ReadFunctionCall(*item, param);
    if (kind == "function_call_output") return ReadFunctionOutput(*item, param);
    if (kind == "mcp_approval_response") return ReadApproval(*item, param);
    // A reasoning model's summary, and a remote MCP server's listed tools or calls as a client
    // replays them: nothing the model reads.
    if (kind == "reasoning" || kind == "mcp_list_tools" || kind == "mcp_call") return core::Ok();
    return InvalidArgument("input item type '" + std::string(kind.substr(0, 64)) +
                               "' is not supported: use message, function_call, function_call_output or "
                               "mcp_approval_response",
                           param + ".type");
  }

  core::Status ReadMessage(const json::object& item, const std::string& param) {
    const json::value* role = Field(item, "role");
    std::optional<llm::Role> parsed = role != nullptr && role->is_string() ? llm::ParseRole(role->get_string())
                                                                            : std::nullopt;
    if (!parsed || *parsed == llm::Role::kTool) {
      return InvalidArgument("a message's role must be user, assistant, system or developer", param + ".role");
    }
    CONTRAIL_TRY(std::string text, chat::ReadContent(item.if_contains("content"), *parsed, limits_.max_message_bytes,
                                                     param + ".content", {"input_text", "output_text", "text"}));
    AddMessage(llm::Message(*parsed, std::move(text)), *parsed == llm::Role::kAssistant ? "output_text" : "input_text");
    return core::Ok();
  }

  core::Status ReadFunctionCall(const json::object& item, const std::string& param) {
    CONTRAIL_TRY(std::string call_id, ItemString(item, "call_id", kMaxCallIdBytes, param));
    CONTRAIL_TRY(std::string name, ItemString(item, "name", 64, param));
    if (!chat::ValidToolName(name)) return InvalidArgument("name must match ^[a-zA-Z0-9_-]{1,64}$", param + ".name");
    const json::value* args = Field(item, "arguments");
    if (args == nullptr || !args->is_string()) return InvalidArgument("arguments must be a JSON string", param + ".arguments");
    // Consecutive calls are one assistant message with several tool calls, as the model made them.
    std::vector<llm::Message>& messages = out_.messages;
    if (messages.empty() || !last_was_call_) messages.emplace_back(llm::Role::kAssistant, "");
    messages.back().tool_calls.push_back({call_id, name, std::string(args->get_string())});
    last_was_call_ = true;
    const json::value* id = Field(item, "id");
    std::string listed;
    core::JsonWriter w(listed);
    w.BeginObject().Key("type").String("function_call");
    w.Key("id").String(id != nullptr && id->is_string() ? std::string(id->get_string()) : "fc_" + RandomHex(12));
    w.Key("call_id").String(call_id).Key("name").String(name).Key("arguments").String(args->get_string());
    w.Key("status").String("completed").EndObject();
    out_.items.push_back(std::move(listed));
    return core::Ok();
  }

  core::Status ReadFunctionOutput(const json::object& item, const std::string& param) {
    CONTRAIL_TRY(std::string call_id, ItemString(item, "call_id", kMaxCallIdBytes, param));
    CONTRAIL_TRY(std::string output, chat::ReadContent(item.if_contains("output"), llm::Role::kTool,
                                                       limits_.max_message_bytes, param + ".output",
                                                       {"input_text", "text"}));
    llm::Message message(llm::Role::kTool, output);
    message.tool_call_id = call_id;
    out_.messages.push_back(std::move(message));
    last_was_call_ = false;
    std::string listed;
    core::JsonWriter w(listed);
    w.BeginObject().Key("type").String("function_call_output").Key("id").String("fco_" + RandomHex(12));
    w.Key("call_id").String(call_id).Key("output").String(output).Key("status").String("completed").EndObject();
    out_.items.push_back(std::move(listed));
    return core::Ok();
  }

  // The caller's answer to a held MCP call: the call's result message, filled when the call has
  // run (or was declined) before the model sees it.
  core::Status ReadApproval(const json::object& item, const std::string& param) {
    CONTRAIL_TRY(std::string id, ItemString(item, "approval_request_id", kMaxCallIdBytes, param));
    const std::string call_id = CallIdOfApproval(id);
    if (call_id.empty()) {
      return InvalidArgument("approval_request_id must name an mcp_approval_request item (mcpr_…)",
                             param + ".approval_request_id");
    }
    const json::value* approve = Field(item, "approve");
    if (approve == nullptr || !approve->is_bool()) return InvalidArgument("approve must be a boolean", param + ".approve");
    llm::Message message(llm::Role::kTool, "");
    message.tool_call_id = call_id;
    out_.approvals.push_back({id, approve->get_bool(), out_.messages.size(), param});
    out_.messages.push_back(std::move(message));
    last_was_call_ = false;
    std::string listed;
    core::JsonWriter w(listed);
    w.BeginObject().Key("type").String("mcp_approval_response").Key("id").String("mcpa_" + RandomHex(12));
    w.Key("approval_request_id").String(id).Key("approve").Bool(approve->get_bool()).EndObject();
    out_.items.push_back(std::move(listed));
    return core::Ok();
  }

  void AddMessage(llm::Message message, std::string_view part_type) {
    std::string listed;
    core::JsonWriter w(listed);
    w.BeginObject().Key("type").String("message").Key("id").String("msg_" + RandomHex(12));
    w.Key("role").String(llm::RoleName(message.role));
    w.Key("status").String("completed").Key("content").BeginArray();
    w.BeginObject().Key("type").String(part_type).Key("text").String(message.content);
    if (part_type == "output_text") w.Key("annotations").BeginArray().EndArray();
    w.EndObject().EndArray().EndObject();
    out_.items.push_back(std::move(listed));
    out_.messages.push_back(std::move(message));
    last_was_call_ = false;
  }

  const chat::ChatLimits& limits_;
  const std::string field_;
  InputItems out_;
  bool last_was_call_ = false;
};

// tools: [{type:"function", name, description?, parameters?, strict?} or {type:"mcp", …}], at
// most 128.
core::Status ReadTools(const json::object& body, ResponsesRequest& out) {
  const json::value* tools = Field(body, "tools");
  if (tools == nullptr) return core::Ok();
  if (!tools->is_array() || tools->get_array().size() > 128) {
    return InvalidArgument("tools must be an array of at most 128 tools", "tools");
  }
  for (std::size_t i = 0; i < tools->get_array().size(); ++i) {
    const std::string where = "tools[" + std::to_string(i) + "]";
    const json::object* t = tools->get_array()[i].if_object();
    const json::value* type = t ? Field(*t, "type") : nullptr;
    if (type == nullptr || !type->is_string()) return InvalidArgument("each tool needs a type", where + ".type");
    if (type->get_string() == "mcp") {
      CONTRAIL_TRY(McpToolRequest mcp, ReadMcpTool(*t, where));
      out.mcp_tools.push_back(std::move(mcp));
      continue;
    }
    if (type->get_string() != "function") {
      return InvalidArgument("tool type '" + std::string(type->get_string()).substr(0, 64) +
                                 "' is not supported: only function and mcp tools", where + ".type");
    }
    const json::value* name = Field(*t, "name");
    if (name == nullptr || !name->is_string() || !chat::ValidToolName(name->get_string())) {
      return InvalidArgument("name must match ^[a-zA-Z0-9_-]{1,64}$", where + ".name");
    }
    llm::ToolSpec spec;
    spec.name = std::string(name->get_string());
    if (const json::value* d = Field(*t, "description"); d != nullptr && d->is_string()) spec.description = d->get_string();
    if (const json::value* p = Field(*t, "parameters")) {
      if (!p->is_object()) return InvalidArgument("parameters must be a JSON Schema object", where + ".parameters");
      spec.parameters_json = json::serialize(*p);
    }
    out.turn.tools.push_back(std::move(spec));
  }
  out.tools_json = json::serialize(*tools);
  return core::Ok();
}

// tool_choice: "auto" | "none" | "required" | {type:"function", name} naming a tool.
core::Status ReadToolChoice(const json::object& body, ResponsesRequest& out) {
  const json::value* choice = Field(body, "tool_choice");
  if (choice == nullptr) return core::Ok();
  std::string& chosen = out.turn.tool_choice;
  if (choice->is_string() && (choice->get_string() == "auto" || choice->get_string() == "none" ||
                              choice->get_string() == "required")) {
    chosen = std::string(choice->get_string());
  } else {
    const json::object* o = choice->if_object();
    const json::value* name = o != nullptr ? Field(*o, "name") : nullptr;
    if (name == nullptr || !name->is_string()) {
      return InvalidArgument("tool_choice must be auto, none, required or {\"type\":\"function\",\"name\":…}", "tool_choice");
    }
    chosen = std::string(name->get_string());
    const bool listed = std::any_of(out.turn.tools.begin(), out.turn.tools.end(),
                                    [&](const llm::ToolSpec& t) { return t.name == chosen; });
    if (!listed) return InvalidArgument("tool_choice names a function that is not in tools", "tool_choice");
  }
  if (chosen != "auto" && chosen != "none" && out.turn.tools.empty() && out.mcp_tools.empty()) {
    return InvalidArgument("tool_choice requires tools", "tool_choice");
  }
  out.tool_choice_json = json::serialize(*choice);
  return core::Ok();
}

core::Status ReadFlag(const json::object& body, std::string_view name, bool& out) {
  const json::value* v = Field(body, name);
  if (v == nullptr) return core::Ok();
  if (!v->is_bool()) return InvalidArgument(std::string(name) + " must be a boolean", std::string(name));
  out = v->get_bool();
  return core::Ok();
}

core::Status ReadScalars(const json::object& body, ResponsesRequest& out) {
  if (const json::value* v = Field(body, "model")) {
    if (!v->is_string() || v->get_string().empty()) return InvalidArgument("model must be a non-empty string", "model");
    out.turn.model = std::string(v->get_string());
  }
  CONTRAIL_TRY_STATUS(ReadFlag(body, "stream", out.turn.stream));
  CONTRAIL_TRY_STATUS(ReadFlag(body, "store", out.store));
  CONTRAIL_TRY_STATUS(ReadFlag(body, "background", out.background));
  CONTRAIL_TRY_STATUS(ReadFlag(body, "parallel_tool_calls", out.parallel_tool_calls));
  if (out.background) return InvalidArgument("background responses are not supported", "background");
  if (const json::value* v = Field(body, "conversation")) {
    const json::value* id = v->is_object() ? Field(v->get_object(), "id") : v;
    if (id == nullptr || !id->is_string() || !IsConversationId(id->get_string())) {
      return InvalidArgument("conversation must be a conversation id (conv_…) or {\"id\": …}", "conversation");
    }
    out.conversation = std::string(id->get_string());
  }
  if (const json::value* v = Field(body, "previous_response_id")) {
    if (!v->is_string() || v->get_string().empty() || v->get_string().size() > 256) {
      return InvalidArgument("previous_response_id must be a response id", "previous_response_id");
    }
    out.previous_response_id = std::string(v->get_string());
    if (!out.conversation.empty()) {
      return InvalidArgument("previous_response_id and conversation cannot both be given", "previous_response_id");
    }
  }
  if (const json::value* v = Field(body, "instructions")) {
    if (!v->is_string()) return InvalidArgument("instructions must be a string", "instructions");
    out.instructions_json = json::serialize(*v);
  }
  if (const json::value* v = Field(body, "max_output_tokens")) {
    if (!v->is_int64() || v->get_int64() < 1 || v->get_int64() > chat::kMaxTokens) {
      return InvalidArgument("max_output_tokens must be an integer from 1 to " + std::to_string(chat::kMaxTokens),
                             "max_output_tokens");
    }
    out.max_output_tokens = static_cast<int>(v->get_int64());
    out.turn.max_tokens = out.max_output_tokens;
  }
  if (const json::value* v = Field(body, "truncation")) {
    if (!v->is_string() || (v->get_string() != "disabled" && v->get_string() != "auto")) {
      return InvalidArgument("truncation must be disabled or auto", "truncation");
    }
    out.truncation = std::string(v->get_string());
  }
  if (const json::value* text = Field(body, "text")) {
    const json::value* format = text->is_object() ? Field(text->get_object(), "format") : nullptr;
    const json::value* type = format != nullptr && format->is_object() ? Field(format->get_object(), "type") : nullptr;
    if (format != nullptr && (type == nullptr || !type->is_string() || type->get_string() != "text")) {
      return InvalidArgument("only text output is supported (text.format.type: text)", "text.format");
    }
  }
  CONTRAIL_TRY(out.temperature, chat::ReadNumber(body, "temperature", 0, 2));
  CONTRAIL_TRY(out.top_p, chat::ReadNumber(body, "top_p", 0, 1));
  out.turn.temperature = out.temperature;
  out.turn.top_p = out.top_p;
  return core::Ok();
}

core::Status ReadIdentity(const net::HttpRequest& request, const json::object& body, const auth::Principal& caller,
                          ResponsesRequest& out) {
  const json::value* user = Field(body, "user");
  if (user != nullptr && !user->is_string()) return InvalidArgument("user must be a string", "user");
  const std::string named = user != nullptr ? std::string(user->get_string()) : std::string();
  CONTRAIL_TRY(const std::string* header, request.SingleHeader("x-user-id"));
  CONTRAIL_TRY(out.turn.user, ResolveId(header, user != nullptr ? &named : nullptr, "user", "X-User-Id", "user"));
  CONTRAIL_TRY(out.turn.user, AuthorizeUser(caller, std::move(out.turn.user)));
  out.user = out.turn.user;
  if (user != nullptr) out.user_json = json::serialize(*user);
  return core::Ok();
}

}  // namespace

const json::value* Field(const json::object& o, std::string_view name) {
  const json::value* v = o.if_contains(name);
  return v != nullptr && !v->is_null() ? v : nullptr;
}

std::string StringField(const json::object& o, std::string_view name) {
  const json::value* v = o.if_contains(name);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

core::Result<std::string> ReadMetadata(const json::object& body) {
  const json::value* m = Field(body, "metadata");
  if (m == nullptr) return std::string("{}");
  const std::string rule = "metadata must be an object of at most 16 string values (keys up to 64 bytes, values up to 512)";
  if (!m->is_object() || m->get_object().size() > kMaxMetadata) return InvalidArgument(rule, "metadata");
  for (const auto& [key, value] : m->get_object()) {
    if (key.size() > kMaxMetadataKey || !value.is_string() || value.get_string().size() > kMaxMetadataValue) {
      return InvalidArgument(rule, "metadata");
    }
  }
  return json::serialize(*m);
}

core::Result<InputItems> ReadInputItems(const json::value& items, const chat::ChatLimits& limits, std::string_view field) {
  return InputReader(limits, field).Read(items);
}

std::string InputItems::Json() const {
  std::string out = "[";
  for (const std::string& item : items) {
    if (out.size() > 1) out += ',';
    out += item;
  }
  return out + "]";
}

core::Result<ResponsesRequest> ParseResponsesRequest(const net::HttpRequest& request, const chat::ChatLimits& limits,
                                                     const auth::Principal& caller) {
  // The parsed tree lives only for this call: a monotonic arena saves a malloc per node.
  unsigned char arena[8 * 1024];
  json::monotonic_resource storage(arena, sizeof arena);
  boost::system::error_code ec;
  json::value doc = json::parse(request.body, ec, &storage);
  if (ec) return InvalidArgument("request body is not valid JSON: " + ec.message());
  const json::object* body = doc.if_object();
  if (body == nullptr) return InvalidArgument("request body must be a JSON object");
  ResponsesRequest out;
  out.turn.every_message_new = true;
  CONTRAIL_TRY_STATUS(ReadScalars(*body, out));
  if (const json::value* v = Field(*body, "instructions")) {
    out.turn.messages.emplace_back(llm::Role::kSystem, std::string(v->get_string()));
  }
  const json::value* input = Field(*body, "input");
  if (input == nullptr) return InvalidArgument("input is required", "input");
  CONTRAIL_TRY(out.input, ReadInputItems(*input, limits, "input"));
  out.turn.messages.insert(out.turn.messages.end(), out.input.messages.begin(), out.input.messages.end());
  CONTRAIL_TRY_STATUS(ReadTools(*body, out));
  CONTRAIL_TRY_STATUS(ReadToolChoice(*body, out));
  CONTRAIL_TRY(out.metadata_json, ReadMetadata(*body));
  CONTRAIL_TRY_STATUS(ReadIdentity(request, *body, caller, out));
  CONTRAIL_TRY_STATUS(chat::ReadTurnHeaders(request, out.turn));
  return out;
}

}  // namespace contrail::server::responses
