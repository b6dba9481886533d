// The Responses API: POST /v1/responses runs a chat turn (chat/turn.h) with the responses
// protocol (protocol.h); GET and DELETE /v1/responses/{id} and GET …/input_items read the
// stored response (store.h). Every route acts for the caller's user (identity.h): another
// user's response id is 404, as one that never existed.

#include <boost/json.hpp>

#include "core/json_writer.h"
#include "server/chat/turn.h"
#include "server/identity.h"
#include "server/query_params.h"
#include "server/respond.h"
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

// The page of `items` (a JSON array, oldest first) that ?order, ?limit and ?after ask for.
core::Result<std::string> InputItemsPage(const net::HttpRequest& request, std::string_view items) {
  CONTRAIL_TRY(std::string order, ChoiceParam(request, "order", {"asc", "desc"}, "desc"));
  CONTRAIL_TRY(int limit, IntParam(request, "limit", 1, 100, 20));
  CONTRAIL_TRY(std::optional<std::string> after, request.QueryParam("after"));
  boost::system::error_code ec;
  json::value parsed = json::parse(items, ec);
  json::array all = !ec && parsed.is_array() ? std::move(parsed.get_array()) : json::array();
  if (order == "desc") std::reverse(all.begin(), all.end());
  std::size_t first = 0;
  if (after) {
    for (std::size_t i = 0; i < all.size(); ++i) {
      const json::value* id = all[i].is_object() ? all[i].get_object().if_contains("id") : nullptr;
      if (id != nullptr && id->is_string() && id->get_string() == *after) first = i + 1;
    }
  }
  json::array page;
  for (std::size_t i = first; i < all.size() && page.size() < static_cast<std::size_t>(limit); ++i) page.push_back(all[i]);
  auto id_of = [](const json::value& item) {
    const json::value* id = item.is_object() ? item.get_object().if_contains("id") : nullptr;
    return id != nullptr && id->is_string() ? std::string(id->get_string()) : std::string();
  };
  const bool more = first + page.size() < all.size();
  return responses::ListJson(json::serialize(page), page.empty() ? "" : id_of(page.front()),
                             page.empty() ? "" : id_of(page.back()), more);
}

}  // namespace

Handler CreateResponse(RouteContext& ctx) {
  Services& s = ctx.services;
  if (core::Status st = RequireJson(ctx.request); !st) co_return ErrorResponse(st.error());
  const chat::ChatLimits limits{s.config.chat.max_messages, s.config.chat.max_message_bytes};
  core::Result<responses::ResponsesRequest> parsed = responses::ParseResponsesRequest(ctx.request, limits, ctx.caller);
  if (!parsed) co_return ErrorResponse(parsed.error());
  chat::ChatCompletionRequest turn = std::move(parsed->turn);
  if (!parsed->previous_response_id.empty()) {
    // The chain's session, named by the id; the turn reads it with the previous response.
    turn.session = responses::SessionOf(parsed->previous_response_id);
    if (turn.session.empty() || turn.user.empty()) {
      co_return ErrorResponse(core::Error(core::Code::kNotFound,
                                          "Previous response with id '" + parsed->previous_response_id.substr(0, 256) +
                                              "' not found.",
                                          "previous_response_id"));
    }
  }
  const std::string& request_id = ctx.request.request_id;
  const int history = s.config.chat.history_context;
  const int ttl = s.config.chat.session_ttl_s;
  auto protocol = [&](const llm::ChatModel& model) -> std::unique_ptr<chat::Protocol> {
    return std::make_unique<responses::ResponsesProtocol>(std::move(*parsed), model.id(), request_id, s.valkey,
                                                          history, ttl);
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
  core::Result<std::string> page = InputItemsPage(ctx.request, **items);
  if (!page) co_return ErrorResponse(page.error());
  co_return JsonResponse(200, std::move(*page));
}

}  // namespace contrail::server
