// Long-term memory of the caller's user (memory/long_term.h), and forgetting a user:
//   POST   /v1/memory/extract                       extract now what is still waiting in the stream
//          (?session=SID or {"session": SID} for one session)
//   GET    /v1/memory/sessions/{sid}/events         a session's events in order (?cursor=, ?limit= 1..1000)
//   GET    /v1/memory/sessions/{sid}/conversation   the session's conversation rebuilt from its events
//   GET    /v1/memory/records                       ?query=&kind=fact,preference&k=10&history=true
//   DELETE /v1/users/{id}                           everything kept about the user (right to be forgotten);
//                                                   their bookings stay for the books, unlinked from them
// The user is the caller's (a user key), or ?user= / X-User-Id for service and admin keys.

#include <boost/json.hpp>
#include <charconv>

#include "core/ids.h"
#include "core/json_writer.h"
#include "core/log.h"
#include "flightly/bookings/booking_store.h"
#include "memory/long_term.h"
#include "server/identity.h"
#include "server/respond.h"
#include "server/routes.h"
#include "server/query_params.h"
#include "server/services.h"

namespace contrail::server {

namespace json = boost::json;

namespace {

void WriteEvent(core::JsonWriter& w, const memory::MemoryEvent& e) {
  w.BeginObject().Key("id").Int(e.db_id).Key("event_id").String(e.event_id).Key("seq").Int(e.seq);
  w.Key("role").String(llm::RoleName(e.role)).Key("content").String(e.content).Key("metadata").Raw(e.metadata);
  w.Key("created_at").Int(e.ts / 1000).EndObject();
}

core::Result<std::string> SessionParam(RouteContext& ctx) {
  CONTRAIL_TRY_STATUS(core::CheckId(ctx.params[0], "session", "session_id"));
  return ctx.params[0];
}

// The session POST /v1/memory/extract names: ?session= or the body's "session" ("" = all).
core::Result<std::string> ExtractSession(const net::HttpRequest& request) {
  CONTRAIL_TRY(std::optional<std::string> session, request.QueryParam("session"));
  if (!session && !request.body.empty()) {
    boost::system::error_code ec;
    json::value doc = json::parse(request.body, ec);
    if (ec || !doc.is_object()) return core::InvalidArgument("the body must be a JSON object such as {\"session\": \"…\"}");
    for (const auto& [key, value] : doc.get_object()) {
      if (key == "session" && value.is_string()) {
        session = std::string(value.get_string());
      } else if (key != "user") {
        return core::InvalidArgument("unknown or mistyped field `" + std::string(key) + "` (session)", std::string(key));
      }
    }
  }
  if (session) CONTRAIL_TRY_STATUS(core::CheckId(*session, "session", "session"));
  return session.value_or("");
}

}  // namespace

Handler ExtractMemories(RouteContext& ctx) {
  auto user = RouteUser(ctx.request, ctx.caller, "memory");
  if (!user) co_return ErrorResponse(user.error());
  auto session = ExtractSession(ctx.request);
  if (!session) co_return ErrorResponse(session.error());
  Services& s = ctx.services;
  auto report = co_await memory::ExtractNow(s.valkey, s.pg, s.extractor, s.embeddings, *user, *session,
                                            s.config.memory.event_partitions);
  if (!report) co_return ErrorResponse(report.error());
  std::string body;
  core::JsonWriter w(body);
  w.BeginObject().Key("object").String("memory.extraction").Key("user").String(*user);
  w.Key("events_stored").Int(static_cast<std::int64_t>(report->stored));
  w.Key("records_written").Int(static_cast<std::int64_t>(report->records)).EndObject();
  co_return JsonResponse(200, std::move(body));
}

Handler ListMemoryEvents(RouteContext& ctx) {
  auto session = SessionParam(ctx);
  if (!session) co_return ErrorResponse(session.error());
  auto user = RouteUser(ctx.request, ctx.caller, "a session");
  if (!user) co_return ErrorResponse(user.error());
  auto limit = IntParam(ctx.request, "limit", 1, 1000, 100);
  if (!limit) co_return ErrorResponse(limit.error());
  auto cursor = ctx.request.QueryParam("cursor");
  if (!cursor) co_return ErrorResponse(cursor.error());
  auto page = co_await memory::ListSessionEvents(ctx.services.pg, *user, *session, cursor->value_or(""), *limit);
  if (!page) co_return ErrorResponse(page.error());
  std::string body;
  core::JsonWriter w(body);
  w.BeginObject().Key("object").String("list").Key("data").BeginArray();
  for (const memory::MemoryEvent& e : page->events) WriteEvent(w, e);
  w.EndArray().Key("has_more").Bool(!page->next_cursor.empty());
  if (!page->next_cursor.empty()) w.Key("next_cursor").String(page->next_cursor);
  w.EndObject();
  co_return JsonResponse(200, std::move(body));
}

Handler GetMemoryConversation(RouteContext& ctx) {
  auto session = SessionParam(ctx);
  if (!session) co_return ErrorResponse(session.error());
  auto user = RouteUser(ctx.request, ctx.caller, "a session");
  if (!user) co_return ErrorResponse(user.error());
  // 10,000 messages: a longer conversation is paged through /events.
  auto conversation = co_await memory::LoadConversation(ctx.services.pg, *user, *session, 10'000);
  if (!conversation) co_return ErrorResponse(conversation.error());
  std::string body;
  core::JsonWriter w(body);
  w.BeginObject().Key("object").String("memory.conversation").Key("session").String(*session);
  w.Key("messages").BeginArray();
  for (const memory::MemoryEvent& e : conversation->messages) {
    w.BeginObject().Key("role").String(llm::RoleName(e.role)).Key("content").String(e.content);
    w.Key("created_at").Int(e.ts / 1000).EndObject();
  }
  w.EndArray().Key("truncated").Bool(conversation->truncated).EndObject();
  co_return JsonResponse(200, std::move(body));
}

Handler SearchMemoryRecords(RouteContext& ctx) {
  auto user = RouteUser(ctx.request, ctx.caller, "memory");
  if (!user) co_return ErrorResponse(user.error());
  memory::RecordQuery q;
  auto k = IntParam(ctx.request, "k", 1, 100, 10);
  if (!k) co_return ErrorResponse(k.error());
  q.k = *k;
  auto text = ctx.request.QueryParam("query");
  auto kinds = ctx.request.QueryParam("kind");
  auto history = ctx.request.QueryParam("history");
  if (!text || !kinds || !history) co_return ErrorResponse((!text ? text : !kinds ? kinds : history).error());
  q.text = text->value_or("");
  if (q.text.size() > 4096) co_return ErrorResponse(core::InvalidArgument("`query` must be at most 4096 bytes", "query"));
  q.history = history->value_or("false") == "true";
  const std::string kind_list = kinds->value_or("");  // the view below must not outlive it
  std::string_view list = kind_list;
  while (!list.empty()) {
    const std::string_view kind = list.substr(0, list.find(','));
    list.remove_prefix(std::min(list.size(), kind.size() + 1));
    if (kind != memory::kFact && kind != memory::kPreference && kind != memory::kEpisode && kind != memory::kSummary) {
      co_return ErrorResponse(core::InvalidArgument("`kind` lists fact, preference, episode or summary", "kind"));
    }
    q.kinds.emplace_back(kind);
  }
  auto records = co_await memory::SearchRecords(ctx.services.pg, ctx.services.embeddings, *user, std::move(q));
  if (!records) co_return ErrorResponse(records.error());
  std::string body;
  core::JsonWriter w(body);
  w.BeginObject().Key("object").String("list").Key("data").BeginArray();
  for (const memory::MemoryRecord& r : *records) {
    w.BeginObject().Key("id").Int(r.id).Key("kind").String(r.kind).Key("slot").String(r.slot);
    w.Key("value").String(r.value).Key("text").String(r.text).Key("session").String(r.session);
    w.Key("source_event_ids").BeginArray();
    for (std::int64_t id : r.source_event_ids) w.Int(id);
    w.EndArray().Key("valid_from").Int(r.valid_from_ms / 1000).Key("superseded_by");
    if (r.superseded_by) w.Int(*r.superseded_by); else w.Null();
    w.Key("score").Double(r.score, 4).EndObject();
  }
  w.EndArray().EndObject();
  co_return JsonResponse(200, std::move(body));
}

Handler DeleteUser(RouteContext& ctx) {
  if (core::Status s = core::CheckId(ctx.params[0], "user", "id"); !s) co_return ErrorResponse(s.error());
  auto user = AuthorizeUser(ctx.caller, ctx.params[0]);
  if (!user) co_return ErrorResponse(user.error());
  Services& s = ctx.services;
  auto report = co_await memory::ForgetUser(s.valkey, s.pg, *user, s.config.memory.event_partitions);
  if (!report) co_return ErrorResponse(report.error());
  auto bookings = co_await flightly::ForgetCustomer(s.pg, *user);  // kept for the books, unlinked
  if (!bookings) co_return ErrorResponse(bookings.error());
  std::size_t cache_entries = 0;
  if (s.answers != nullptr) {
    auto removed = co_await s.answers->Invalidate(s.valkey, cache::Invalidation::Tag(cache::UserScope(*user)));
    if (!removed) co_return ErrorResponse(removed.error());
    cache_entries = *removed;
  }
  core::log::Info("user forgotten", {{"user", *user}, {"events", report->events}, {"records", report->records},
                                     {"keys", report->keys}, {"bookings_unlinked", *bookings}});
  std::string body;
  core::JsonWriter w(body);
  w.BeginObject().Key("id").String(*user).Key("object").String("user").Key("deleted").Bool(true);
  w.Key("events").Int(report->events).Key("records").Int(report->records).Key("keys").Int(report->keys);
  w.Key("stream_entries").Int(report->stream_entries).Key("bookings_unlinked").Int(*bookings);
  w.Key("cache_entries").Int(static_cast<std::int64_t>(cache_entries)).EndObject();
  co_return JsonResponse(200, std::move(body));
}

}  // namespace contrail::server
