#include "memory/long_term.h"

#include <charconv>

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "embed/embedder.h"
#include "memory/event_stream.h"
#include "memory/keys.h"
#include "pg/pool.h"
#include "valkey/pool.h"

namespace contrail::memory {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

// "<seq>.<id>" of the last event of a page.
std::string Cursor(const MemoryEvent& e) { return std::to_string(e.seq) + "." + std::to_string(e.db_id); }

core::Result<std::pair<std::int64_t, std::int64_t>> ParseCursor(std::string_view cursor) {
  if (cursor.empty()) return std::pair<std::int64_t, std::int64_t>{INT64_MIN, INT64_MIN};
  const std::size_t dot = cursor.find('.');
  std::int64_t seq = 0, id = 0;
  const char* end = cursor.data() + cursor.size();
  if (dot != std::string_view::npos) {
    auto a = std::from_chars(cursor.data(), cursor.data() + dot, seq);
    auto b = std::from_chars(cursor.data() + dot + 1, end, id);
    if (a.ec == std::errc() && a.ptr == cursor.data() + dot && b.ec == std::errc() && b.ptr == end) {
      return std::pair<std::int64_t, std::int64_t>{seq, id};
    }
  }
  return core::InvalidArgument("`cursor` is not one this API returned", "cursor");
}

std::vector<std::int64_t> ParseIdArray(std::string_view text) {  // "{1,2,3}"
  std::vector<std::int64_t> out;
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    std::int64_t v = 0;
    auto r = std::from_chars(p, end, v);
    if (r.ec == std::errc()) {
      out.push_back(v);
      p = r.ptr;
    } else {
      ++p;
    }
  }
  return out;
}

// Every entry of `stream` that is an event of `user` (and `session`, when given).
asio::awaitable<core::Result<std::vector<StreamEvent>>> WaitingEvents(valkey::Pool& valkey, std::string_view user,
                                                                    std::string_view session, int partitions) {
  const std::string stream = EventStreamKey(EventPartition(user, partitions));
  std::vector<StreamEvent> out;
  std::string start = "-";
  for (;;) {
    valkey::CommandBatch batch;
    batch.Add({"XRANGE", stream, start, "+", "COUNT", "1000"});
    CONTRAIL_CO_TRY(valkey::Replies replies, co_await valkey.Execute(std::move(batch)));
    if (replies[0].is_error()) co_return valkey::ReplyError(replies[0]);
    const std::vector<valkey::Reply>& entries = replies[0].elements;
    // The next page starts after the last entry read (exclusive), whether it decoded or not; read
    // before the page's events are moved out.
    if (entries.size() == 1000 && (!entries.back().is_array() || entries.back().elements.empty())) {
      co_return core::Upstream("XRANGE: an entry without its id");
    }
    const std::string next = entries.size() == 1000 ? "(" + entries.back().elements[0].str : std::string();
    for (StreamEvent& e : DecodeRange(replies[0], stream)) {
      if (e.valid && e.events.front().user == user && (session.empty() || e.events.front().session == session)) {
        out.push_back(std::move(e));
      }
    }
    if (next.empty()) break;
    start = next;
  }
  co_return out;
}

}  // namespace

asio::awaitable<core::Result<EventPage>> ListSessionEvents(pg::Pool& pg, std::string_view user, std::string_view session,
                                                           std::string_view cursor, int limit) {
  CONTRAIL_CO_TRY(auto after, ParseCursor(cursor));
  pg::Params params;
  params.Text(user).Text(session).Int(after.first).Int(after.second).Int(limit + 1);
  pg::Statement s(
      "SELECT id, event_id, seq, role, content, metadata::text, (extract(epoch FROM created_at) * 1000)::bigint"
      " FROM memory_events WHERE user_id = $1 AND session_id = $2 AND (seq, id) > ($3, $4)"
      " ORDER BY seq, id LIMIT $5",
      std::move(params), "memory_list_events");
  CONTRAIL_CO_TRY(pg::Rows rows, co_await pg.Execute(std::move(s)));
  EventPage page;
  for (int r = 0; r < rows.size() && r < limit; ++r) {
    MemoryEvent e;
    e.db_id = rows.int64(r, 0);
    e.event_id = rows.text(r, 1);
    e.user = user;
    e.session = session;
    e.seq = rows.int64(r, 2);
    e.role = llm::ParseRole(rows.text(r, 3)).value_or(llm::Role::kUser);
    e.content = rows.text(r, 4);
    e.metadata = rows.text(r, 5);
    e.ts = rows.int64(r, 6);
    page.events.push_back(std::move(e));
  }
  if (rows.size() > limit) page.next_cursor = Cursor(page.events.back());
  co_return page;
}

asio::awaitable<core::Result<Conversation>> LoadConversation(pg::Pool& pg, std::string_view user,
                                                             std::string_view session, int max_messages) {
  Conversation out;
  std::string cursor;
  do {
    CONTRAIL_CO_TRY(EventPage page, co_await ListSessionEvents(pg, user, session, cursor, 1000));
    for (MemoryEvent& e : page.events) {
      if (e.role != llm::Role::kUser && e.role != llm::Role::kAssistant) continue;
      if (static_cast<int>(out.messages.size()) == max_messages) {
        out.truncated = true;
        co_return out;
      }
      out.messages.push_back(std::move(e));
    }
    cursor = std::move(page.next_cursor);
  } while (!cursor.empty());
  co_return out;
}

asio::awaitable<core::Result<std::vector<MemoryRecord>>> SearchRecords(pg::Pool& pg, embed::Embedder& embedder,
                                                                      std::string_view user, RecordQuery query) {
  embed::Vector vector;
  if (!query.text.empty()) {
    const std::string texts[] = {query.text};
    CONTRAIL_CO_TRY(std::vector<embed::Vector> v, co_await embedder.Embed(texts));
    if (!v.empty()) vector = std::move(v[0]);
  }
  json::array kinds;
  for (const std::string& k : query.kinds) kinds.push_back(json::value(k));
  pg::Params params;
  params.Text(user).Bool(query.history).Text(json::serialize(kinds)).Int(query.k);
  std::string score = "0::float8";
  if (!vector.empty()) {
    params.Vector(vector);
    score = "coalesce(1 - (embedding <=> $5::vector), 0)";
  }
  pg::Statement s("SELECT id, kind, slot, value, text, coalesce(source_session_id, ''), source_event_ids::text,"
                  " (extract(epoch FROM valid_from) * 1000)::bigint, superseded_by, " + score + " AS score"
                  " FROM memory_records WHERE user_id = $1"
                  // current: not superseded, and not a withdrawn value ("forget my diet"); history: all
                  " AND ($2 OR (superseded_by IS NULL AND (kind = 'episode' OR value <> '')))"
                  " AND (jsonb_array_length($3::jsonb) = 0 OR kind IN (SELECT jsonb_array_elements_text($3::jsonb)))"
                  " ORDER BY score DESC, valid_from DESC, id DESC LIMIT $4",
                  std::move(params));
  CONTRAIL_CO_TRY(pg::Rows rows, co_await pg.Execute(std::move(s)));
  std::vector<MemoryRecord> out;
  for (int r = 0; r < rows.size(); ++r) {
    MemoryRecord m;
    m.id = rows.int64(r, 0);
    m.kind = rows.text(r, 1);
    m.slot = rows.text(r, 2);
    m.value = rows.text(r, 3);
    m.text = rows.text(r, 4);
    m.session = rows.text(r, 5);
    m.source_event_ids = ParseIdArray(rows.text(r, 6));
    m.valid_from_ms = rows.int64(r, 7);
    if (!rows.is_null(r, 8)) m.superseded_by = rows.int64(r, 8);
    m.score = rows.float8(r, 9);
    out.push_back(std::move(m));
  }
  co_return out;
}

asio::awaitable<core::Result<StoreReport>> ExtractNow(valkey::Pool& valkey, pg::Pool& pg, const Extractor& extractor,
                                                      embed::Embedder& embedder, std::string_view user,
                                                      std::string_view session, int partitions) {
  CONTRAIL_CO_TRY(std::vector<StreamEvent> waiting, co_await WaitingEvents(valkey, user, session, partitions));
  std::vector<MemoryEvent> events;
  for (StreamEvent& e : waiting) {
    for (MemoryEvent& event : e.events) events.push_back(std::move(event));
  }
  StoreReport report;
  {
    CONTRAIL_CO_TRY(pg::Pool::Lease lease, co_await pg.Acquire());
    CONTRAIL_CO_TRY(report, co_await StoreEvents(*lease, events, &extractor, &embedder));
  }
  if (!report.current.empty()) {
    valkey::CommandBatch batch;
    for (const auto& [who, memories] : report.current) AppendMemoryCacheWrite(batch, who, memories, false);
    CONTRAIL_CO_TRY(valkey::Replies replies, co_await valkey.Execute(std::move(batch)));
    for (const valkey::Reply& r : replies) {
      if (r.is_error()) co_return valkey::ReplyError(r);
    }
  }
  co_return report;
}

asio::awaitable<core::Result<ForgetReport>> ForgetUser(valkey::Pool& valkey, pg::Pool& pg, std::string_view user,
                                                       int partitions) {
  ForgetReport report;
  if (partitions > 0) {
    CONTRAIL_CO_TRY(std::vector<StreamEvent> waiting, co_await WaitingEvents(valkey, user, "", partitions));
    if (!waiting.empty()) {
      const std::string stream = waiting.front().stream;
      std::vector<std::string_view> ack = {"XACK", stream, kExtractorGroup};
      std::vector<std::string_view> del = {"XDEL", stream};
      for (const StreamEvent& e : waiting) {
        ack.push_back(e.entry_id);
        del.push_back(e.entry_id);
      }
      valkey::CommandBatch batch;
      batch.Add(std::span<const std::string_view>(ack));
      batch.Add(std::span<const std::string_view>(del));
      CONTRAIL_CO_TRY(valkey::Replies replies, co_await valkey.Execute(std::move(batch)));
      if (replies[1].is_error()) co_return valkey::ReplyError(replies[1]);
      report.stream_entries = replies[1].integer;
    }
  }
  std::vector<pg::Statement> forget;
  forget.emplace_back("BEGIN");
  const char* statements[] = {
      "SELECT pg_advisory_xact_lock(hashtext($1))",
      "INSERT INTO memory_forgotten (user_id, forgotten_at) VALUES ($1, now())"
      " ON CONFLICT (user_id) DO UPDATE SET forgotten_at = now()",
      "DELETE FROM memory_records WHERE user_id = $1",
      "DELETE FROM memory_events WHERE user_id = $1",
  };
  for (const char* sql : statements) {
    pg::Params p;
    p.Text(user);
    forget.emplace_back(sql, std::move(p));
  }
  forget.emplace_back("COMMIT");
  CONTRAIL_CO_TRY(std::vector<pg::Rows> done, co_await pg.Pipeline(std::move(forget)));
  report.records = done[3].affected();
  report.events = done[4].affected();
  // Every key of the user's hash tag: profile, memories, sessions and their history, limits.
  const std::string pattern = UserTag(user) + "*";
  std::string cursor = "0";
  do {
    valkey::CommandBatch scan;
    scan.Add({"SCAN", cursor, "MATCH", pattern, "COUNT", "1000"});
    CONTRAIL_CO_TRY(valkey::Replies replies, co_await valkey.Execute(std::move(scan)));
    const valkey::Reply& r = replies[0];
    if (r.is_error()) co_return valkey::ReplyError(r);
    if (!r.is_array() || r.elements.size() != 2) co_return core::Upstream("valkey: unexpected SCAN reply");
    cursor = r.elements[0].str;
    if (r.elements[1].elements.empty()) continue;
    std::vector<std::string_view> del = {"DEL"};
    for (const valkey::Reply& key : r.elements[1].elements) del.push_back(key.str);
    valkey::CommandBatch batch;
    batch.Add(std::span<const std::string_view>(del));
    CONTRAIL_CO_TRY(valkey::Replies deleted, co_await valkey.Execute(std::move(batch)));
    if (deleted[0].is_error()) co_return valkey::ReplyError(deleted[0]);
    report.keys += deleted[0].integer;
  } while (cursor != "0");
  co_return report;
}

}  // namespace contrail::memory
