// The Responses API: POST /v1/responses runs a chat turn (chat/turn.h) with the responses
// protocol (protocol.h); GET and DELETE /v1/responses/{id} and GET …/input_items read the
// stored response (store.h); /v1/conversations creates, reads, lists and deletes conversations
// (conversations.h). Every route acts for the caller's user (identity.h): another user's
// response or conversation id is 404, as one that never existed.

#include <boost/json.hpp>

#include "core/clock.h"
#include "core/json_writer.h"
#include "flightly/session_state.h"
#include "flightly/understanding.h"
#include "server/chat/turn.h"
#include "server/identity.h"
#include "server/query_params.h"
#include "server/respond.h"
#include "server/responses/conversations.h"
#include "server/responses/mcp_tools.h"
#include "server/responses/protocol.h"
#include "server/responses/request.h"
#include "server/responses/response_json.h"
#include "server/responses/store.h"
#include "server/routes.h"
#include "server/services.h"

namespace contrail::server {

namespace json = boost::json;

namespace {

core::Error ResponseNotFound(std::string_view id) {
  return core::Error(core::Code::kNotFound, "Response with id '" + std::string(id.substr(0, 256)) + "' not found.",
                     "response_id");
}

// The caller's user and the response id of a GET/DELETE route; a malformed id is one that does
// not exist.
core::Result<std::string> ResponseOwner(RouteContext& ctx) {
  CONTRAIL_TRY(std::string user, RouteUser(ctx.request, ctx.caller, "a response"));
  if (responses::SessionOf(ctx.params[0]).empty()) return ResponseNotFound(ctx.params[0]);
  return user;
}

// The page of `items` (oldest first) that ?order (desc by default), ?limit and ?after ask for.
core::Result<std::string> ItemsPage(const net::HttpRequest& request, json::array all) {
  CONTRAIL_TRY(std::string order, ChoiceParam(request, "order", {"asc", "desc"}, "desc"));
  CONTRAIL_TRY(int limit, IntParam(request, "limit", 1, 100, 20));
  CONTRAIL_TRY(std::optional<std::string> after, request.QueryParam("after"));
  if (order == "desc") std::reverse(all.begin(), all.end());
  auto id_of = [](const json::value& item) {
    return item.is_object() ? responses::StringField(item.get_object(), "id") : std::string();
  };
  std::size_t first = 0;
  if (after) {
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (id_of(all[i]) == *after) first = i + 1;
    }
  }
  json::array page;
  for (std::size_t i = first; i < all.size() && page.size() < static_cast<std::size_t>(limit); ++i) page.push_back(all[i]);
  const bool more = first + page.size() < all.size();
  return responses::ListJson(json::serialize(page), page.empty() ? "" : id_of(page.front()),
                             page.empty() ? "" : id_of(page.back()), more);
}

json::array ParseItems(std::string_view array_json) {
  boost::system::error_code ec;
  json::value parsed = json::parse(array_json, ec);
  return !ec && parsed.is_array() ? std::move(parsed.get_array()) : json::array();
}

core::Error ConversationNotFound(std::string_view id) {
  return core::Error(core::Code::kNotFound, "Conversation with id '" + std::string(id.substr(0, 256)) + "' not found.",
                     "conversation_id");
}

// The caller's user and a conversation id of a GET/DELETE route.
core::Result<std::string> ConversationOwner(RouteContext& ctx) {
  CONTRAIL_TRY(std::string user, RouteUser(ctx.request, ctx.caller, "a conversation"));
  if (!responses::IsConversationId(ctx.params[0])) return ConversationNotFound(ctx.params[0]);
  return user;
}

// POST /v1/conversations' body: {items?, metadata?}.
core::Result<std::pair<responses::InputItems, std::string>> ParseConversation(const net::HttpRequest& request,
                                                                              const chat::ChatLimits& limits) {
  std::pair<responses::InputItems, std::string> out{{}, "{}"};
  if (request.body.empty()) return out;
  boost::system::error_code ec;
  json::value doc = json::parse(request.body, ec);
  if (ec || !doc.is_object()) return core::InvalidArgument("request body must be a JSON object");
  if (const json::value* items = doc.get_object().if_contains("items"); items != nullptr && !items->is_null()) {
    if (!items->is_array() || !items->get_array().empty()) {
      CONTRAIL_TRY(out.first, responses::ReadInputItems(*items, limits, "items"));
      if (!out.first.approvals.empty()) {
        return core::InvalidArgument("an mcp_approval_response answers a response: send it as a response's input",
                                     out.first.approvals.front().param + ".type");
      }
    }
  }
  CONTRAIL_TRY(out.second, responses::ReadMetadata(doc.get_object()));
  return out;
}

// The request's MCP tools, resolved, and its approved calls run (mcp_tools.h). The model is
// offered their names beside the client's functions and, for an agent, its own tools.
boost::asio::awaitable<core::Result<responses::McpTools>> PrepareMcp(Services& s, responses::ResponsesRequest& request,
                                                                     const std::string& request_id) {
  if (request.mcp_tools.empty() && request.input.approvals.empty()) co_return responses::McpTools();
  std::vector<std::string> taken;
  for (const llm::ToolSpec& t : request.turn.tools) taken.push_back(t.name);
  const std::string& model = request.turn.model.empty() ? s.config.chat.default_model : request.turn.model;
  if (const auto* agent = dynamic_cast<const agent::AgentModel*>(s.models.Find(model))) {
    taken.insert(taken.end(), agent->spec().tools.begin(), agent->spec().tools.end());
  }
  co_return co_await responses::PrepareMcpTools(s, request, taken, request_id);
}

}  // namespace

Handler CreateResponse(RouteContext& ctx) {
  Services& s = ctx.services;
  if (core::Status st = RequireJson(ctx.request); !st) co_return ErrorResponse(st.error());
  const chat::ChatLimits limits{s.config.chat.max_messages, s.config.chat.max_message_bytes};
  core::Result<responses::ResponsesRequest> parsed = responses::ParseResponsesRequest(ctx.request, limits, ctx.caller);
  if (!parsed) co_return ErrorResponse(parsed.error());
  const std::string& request_id = ctx.request.request_id;
  core::Result<responses::McpTools> mcp = co_await PrepareMcp(s, *parsed, request_id);
  if (!mcp) co_return ErrorResponse(mcp.error());
  chat::ChatCompletionRequest turn = std::move(parsed->turn);
  if (!parsed->conversation.empty()) {
    // The conversation's session is its history; the turn reads it and checks the conversation.
    if (turn.user.empty()) {
      co_return ErrorResponse(core::Error(core::Code::kNotFound,
                                          "Conversation with id '" + parsed->conversation + "' not found.",
                                          "conversation"));
    }
    turn.session = parsed->conversation;
  } else if (!parsed->previous_response_id.empty()) {
    // The chain's session, named by the id; the turn reads it with the previous response.
    turn.session = responses::SessionOf(parsed->previous_response_id);
    if (turn.session.empty() || turn.user.empty()) {
      // A key that stands for no user (an admin or service key naming none) stores no response:
      // say so, or the client cannot tell why the id it was just given is unknown.
      const std::string hint = turn.user.empty() ? " Responses are stored under a user, and this request names none: "
                                                   "give `user` (or X-User-Id) when creating and continuing them."
                                                 : "";
      co_return ErrorResponse(core::Error(core::Code::kNotFound,
                                          "Previous response with id '" + parsed->previous_response_id.substr(0, 256) +
                                              "' not found." + hint,
                                          "previous_response_id"));
    }
  }
  const int history = s.config.chat.history_context;
  const int ttl = s.config.chat.session_ttl_s;
  auto protocol = [&](const llm::ChatModel& model) -> std::unique_ptr<chat::Protocol> {
    return std::make_unique<responses::ResponsesProtocol>(std::move(*parsed), std::move(*mcp), model.id(), request_id,
                                                          s.valkey, history, ttl);
  };
  core::Result<std::shared_ptr<chat::Turn>> begun = chat::Turn::Begin(s, ctx.caller, std::move(turn), request_id, protocol);
  if (!begun) co_return ErrorResponse(begun.error());
  co_return co_await chat::Turn::Run(std::move(*begun));
}

Handler GetResponse(RouteContext& ctx) {
  core::Result<std::string> user = ResponseOwner(ctx);
  if (!user) co_return ErrorResponse(user.error());
  auto body = co_await responses::ReadBody(ctx.services.valkey, *user, ctx.params[0]);
  if (!body) co_return ErrorResponse(body.error());
  if (!*body) co_return ErrorResponse(ResponseNotFound(ctx.params[0]));
  co_return JsonResponse(200, std::move(**body));
}

Handler DeleteResponse(RouteContext& ctx) {
  core::Result<std::string> user = ResponseOwner(ctx);
  if (!user) co_return ErrorResponse(user.error());
  auto deleted = co_await responses::Delete(ctx.services.valkey, *user, ctx.params[0]);
  if (!deleted) co_return ErrorResponse(deleted.error());
  if (!*deleted) co_return ErrorResponse(ResponseNotFound(ctx.params[0]));
  std::string body;
  core::JsonWriter(body).BeginObject().Key("id").String(ctx.params[0]).Key("object").String("response")
      .Key("deleted").Bool(true).EndObject();
  co_return JsonResponse(200, std::move(body));
}

Handler ListResponseInputItems(RouteContext& ctx) {
  core::Result<std::string> user = ResponseOwner(ctx);
  if (!user) co_return ErrorResponse(user.error());
  auto items = co_await responses::ReadInput(ctx.services.valkey, *user, ctx.params[0]);
  if (!items) co_return ErrorResponse(items.error());
  if (!*items) co_return ErrorResponse(ResponseNotFound(ctx.params[0]));
  core::Result<std::string> page = ItemsPage(ctx.request, ParseItems(**items));
  if (!page) co_return ErrorResponse(page.error());
  co_return JsonResponse(200, std::move(*page));
}

Handler CreateConversation(RouteContext& ctx) {
  Services& s = ctx.services;
  core::Result<std::string> user = RouteUser(ctx.request, ctx.caller, "a conversation");
  if (!user) co_return ErrorResponse(user.error());
  const chat::ChatLimits limits{s.config.chat.max_messages, s.config.chat.max_message_bytes};
  auto parsed = ParseConversation(ctx.request, limits);
  if (!parsed) co_return ErrorResponse(parsed.error());
  responses::Conversation c{responses::NewConversationId(), core::UnixSeconds(), std::move(parsed->second)};
  // What a session would have understood of the first items' user messages ("and hotels there?"
  // in the first response reads the place from it).
  std::string state;
  for (const llm::Message& m : parsed->first.messages) {
    if (m.role == llm::Role::kUser) state = flightly::EncodeState(flightly::Understand(m.content, state)->next);
  }
  core::Status created = co_await responses::CreateConversation(s.valkey, *user, c, parsed->first, std::move(state),
                                                                s.config.chat.history_window, s.config.chat.session_ttl_s);
  if (!created) co_return ErrorResponse(created.error());
  co_return JsonResponse(200, responses::ConversationJson(c));
}

Handler GetConversation(RouteContext& ctx) {
  core::Result<std::string> user = ConversationOwner(ctx);
  if (!user) co_return ErrorResponse(user.error());
  auto c = co_await responses::ReadConversation(ctx.services.valkey, *user, ctx.params[0]);
  if (!c) co_return ErrorResponse(c.error());
  if (!*c) co_return ErrorResponse(ConversationNotFound(ctx.params[0]));
  co_return JsonResponse(200, responses::ConversationJson(**c));
}

Handler DeleteConversation(RouteContext& ctx) {
  core::Result<std::string> user = ConversationOwner(ctx);
  if (!user) co_return ErrorResponse(user.error());
  auto deleted = co_await responses::DeleteConversation(ctx.services.valkey, *user, ctx.params[0]);
  if (!deleted) co_return ErrorResponse(deleted.error());
  if (!*deleted) co_return ErrorResponse(ConversationNotFound(ctx.params[0]));
  std::string body;
  core::JsonWriter(body).BeginObject().Key("id").String(ctx.params[0]).Key("object").String("conversation.deleted")
      .Key("deleted").Bool(true).EndObject();
  co_return JsonResponse(200, std::move(body));
}

Handler ListConversationItems(RouteContext& ctx) {
  core::Result<std::string> user = ConversationOwner(ctx);
  if (!user) co_return ErrorResponse(user.error());
  auto items = co_await responses::ReadConversationItems(ctx.services.valkey, *user, ctx.params[0]);
  if (!items) co_return ErrorResponse(items.error());
  if (!*items) co_return ErrorResponse(ConversationNotFound(ctx.params[0]));
  json::array all;
  for (const std::string& item : **items) {
    boost::system::error_code ec;
    json::value v = json::parse(item, ec);
    if (!ec) all.push_back(std::move(v));
  }
  core::Result<std::string> page = ItemsPage(ctx.request, std::move(all));
  if (!page) co_return ErrorResponse(page.error());
  co_return JsonResponse(200, std::move(*page));
}

}  // namespace contrail::server
