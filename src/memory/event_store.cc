#include "memory/event_store.h"

#include <algorithm>
#include <map>
#include <set>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "embed/embedder.h"
#include "core/text.h"
#include "pg/connection.h"

namespace contrail::memory {

namespace json = boost::json;
namespace asio = boost::asio;

namespace {

// PostgreSQL text cannot hold NUL; JSON may carry one (\u0000). Dropped, not the whole batch.
std::string WithoutNul(std::string_view s) {
  std::string out(s);
  std::erase(out, '\0');
  return out;
}

json::value MetadataValue(std::string_view metadata) {
  boost::system::error_code ec;
  json::value v = json::parse(metadata, ec);
  return !ec && v.is_object() ? v : json::object();
}

std::string EventRows(std::span<const MemoryEvent> events) {
  json::array rows;
  rows.reserve(events.size());
  for (const MemoryEvent& e : events) {
    rows.push_back(json::object{{"event_id", e.event_id}, {"user_id", e.user}, {"session_id", e.session},
                                {"seq", e.seq}, {"role", llm::RoleName(e.role)}, {"content", WithoutNul(e.content)},
                                {"metadata", MetadataValue(e.metadata)}, {"ts", e.ts}});
  }
  return json::serialize(rows);
}

// `users` as a JSON array, in order (so workers take their locks in one order).
std::string UserList(const std::set<std::string_view>& users) {
  json::array list;
  for (std::string_view u : users) list.push_back(json::value(u));
  return json::serialize(list);
}

// The batch's users, each once and in order.
std::string UserList(std::span<const MemoryEvent> events) {
  std::set<std::string_view> users;
  for (const MemoryEvent& e : events) users.insert(e.user);
  return UserList(users);
}

constexpr std::string_view kInsertEvents = R"sql(
INSERT INTO memory_events (event_id, user_id, session_id, seq, role, content, metadata, created_at)
SELECT event_id, user_id, session_id, seq, role, content, metadata, to_timestamp(ts / 1000.0)
FROM jsonb_to_recordset($1::jsonb) AS x(event_id text, user_id text, session_id text, seq bigint, role text,
                                        content text, metadata jsonb, ts bigint)
WHERE NOT EXISTS (SELECT 1 FROM memory_forgotten f
                  WHERE f.user_id = x.user_id AND f.forgotten_at >= to_timestamp(x.ts / 1000.0))
ON CONFLICT (user_id, session_id, event_id) DO NOTHING
RETURNING id, user_id, session_id, event_id)sql";

// Serialises with forgetting a user (long_term.h: ForgetUser): a user's events are stored before the forgetting
// (which then deletes them) or after it (and are skipped above when said before it).
// $1: the batch's users, a JSON array in order (UserList).
constexpr std::string_view kLockUsers = R"sql(
SELECT pg_advisory_xact_lock_shared(hashtext(user_id))
FROM jsonb_array_elements_text($1::jsonb) AS u(user_id))sql";

// The events of each session before the batch's first, newest first (read after the insert: a
// new statement sees the batch's rows, which `before` leaves out).
constexpr std::string_view kEarlierEvents = R"sql(
SELECT s.user_id, s.session_id, e.id, e.event_id, e.seq, e.role, e.content,
       (extract(epoch FROM e.created_at) * 1000)::bigint AS ts
FROM jsonb_to_recordset($1::jsonb) AS s(user_id text, session_id text, before bigint)
CROSS JOIN LATERAL (SELECT * FROM memory_events m
                    WHERE m.user_id = s.user_id AND m.session_id = s.session_id AND m.seq < s.before
                    ORDER BY m.seq DESC, m.id DESC LIMIT $2) e)sql";

// The batch's users' current values (memory_records_user_values) and its sessions' episodes
// (memory_records_episode): an index probe per user and per session, which does not grow with a
// user's other sessions. OFFSET 0 and LIMIT 1 keep each lateral subquery a probe: pulled up into a
// join, the planner may hash-join the whole table instead when its statistics are stale (a table
// that grew from empty since the last ANALYZE: 4–14 ms a batch, where the probes take 0.3).
constexpr std::string_view kCurrentRecords = R"sql(
SELECT r.user_id, r.slot, r.value, r.kind, coalesce(r.source_session_id, '') AS session, r.text,
       (extract(epoch FROM r.valid_from) * 1000)::bigint AS at_ms
FROM (SELECT DISTINCT user_id FROM jsonb_to_recordset($1::jsonb) AS s(user_id text)) u
CROSS JOIN LATERAL (SELECT * FROM memory_records m
                    WHERE m.user_id = u.user_id AND m.superseded_by IS NULL AND m.kind <> 'episode' OFFSET 0) r
UNION ALL
SELECT r.user_id, r.slot, r.value, r.kind, r.source_session_id, r.text,
       (extract(epoch FROM r.valid_from) * 1000)::bigint
FROM jsonb_to_recordset($1::jsonb) AS s(user_id text, session_id text)
CROSS JOIN LATERAL (SELECT * FROM memory_records m
                    WHERE m.user_id = s.user_id AND m.source_session_id = s.session_id AND m.kind = 'episode'
                    LIMIT 1) r)sql";

// One new value of a slot: inserted current, and the slot's current record superseded by it; or,
// when the current one is newer (a batch claimed late), inserted already superseded by it.
constexpr std::string_view kInsertRecord = R"sql(
WITH cur AS (SELECT id, valid_from FROM memory_records
             WHERE user_id = $1 AND slot = $2 AND superseded_by IS NULL AND kind <> 'episode'),
ins AS (INSERT INTO memory_records (user_id, kind, slot, value, text, embedding, source_session_id,
                                    source_event_ids, valid_from, superseded_by, superseded_at, metadata)
        SELECT $1, $3, $2, $4, $5, $6::vector, $7, ARRAY(SELECT jsonb_array_elements_text($8::jsonb)::bigint), to_timestamp($9 / 1000.0),
               newer.id, CASE WHEN newer.id IS NULL THEN NULL ELSE now() END, $10::jsonb
        FROM (SELECT 1) one
        LEFT JOIN LATERAL (SELECT id FROM cur WHERE valid_from > to_timestamp($9 / 1000.0)
                           ORDER BY valid_from DESC LIMIT 1) newer ON true
        RETURNING id, superseded_by)
UPDATE memory_records r SET superseded_by = ins.id, superseded_at = now()
FROM ins, cur
WHERE ins.superseded_by IS NULL AND r.id = cur.id AND cur.valid_from <= to_timestamp($9 / 1000.0))sql";

// A session's episode, unless its user was forgotten since (an episode a worker held across the
// forgetting: episode_buffer.h). An older summary written late (a held one, after "extract now"
// wrote a newer one) adds its sources but keeps the newer text.
constexpr std::string_view kUpsertEpisode = R"sql(
INSERT INTO memory_records AS r (user_id, kind, slot, value, text, embedding, source_session_id, source_event_ids,
                                 valid_from)
SELECT $1, 'episode', 'episode', '', $2, $3::vector, $4, ARRAY(SELECT jsonb_array_elements_text($5::jsonb)::bigint),
       to_timestamp($6 / 1000.0)
WHERE NOT EXISTS (SELECT 1 FROM memory_forgotten f WHERE f.user_id = $1 AND f.forgotten_at >= to_timestamp($6 / 1000.0))
ON CONFLICT (user_id, source_session_id) WHERE kind = 'episode' DO UPDATE
SET text = CASE WHEN EXCLUDED.valid_from >= r.valid_from THEN EXCLUDED.text ELSE r.text END,
    embedding = CASE WHEN EXCLUDED.valid_from >= r.valid_from THEN EXCLUDED.embedding ELSE r.embedding END,
    valid_from = greatest(r.valid_from, EXCLUDED.valid_from),
    source_event_ids = r.source_event_ids || EXCLUDED.source_event_ids)sql";

// A session's events of this batch that are new in PostgreSQL, and those before them.
struct SessionEvents {
  std::vector<MemoryEvent> earlier;  // oldest first
  std::vector<MemoryEvent> fresh;    // in seq order, db_id set
};

// What the batch knows of each user's current values, updated as its memories are applied.
struct Current {
  std::map<std::pair<std::string, std::string>, RecalledMemory> values;  // (user, slot) → value
  std::map<SessionKey, std::string> episodes;                        // (user, session) → text
};

std::string SessionRows(const std::map<SessionKey, SessionEvents>& sessions) {
  json::array rows;
  for (const auto& [key, s] : sessions) {
    rows.push_back(json::object{{"user_id", key.first}, {"session_id", key.second}, {"before", s.fresh.front().seq}});
  }
  return json::serialize(rows);
}

// The list `current` with the items of `added` it lacks ("Spirit Airlines,United Airlines").
std::string MergeList(std::string_view current, std::string_view added) {
  std::vector<std::string> items;
  auto add = [&](std::string_view item) {
    const std::string lower = core::AsciiLower(item);
    const bool have = std::any_of(items.begin(), items.end(),
                                  [&](const std::string& i) { return core::AsciiLower(i) == lower; });
    if (!have) items.emplace_back(item);
  };
  core::ForEachListItem(current, add);
  core::ForEachListItem(added, add);
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ',';
    out += item;
  }
  return out;
}

std::string SourceIds(const ExtractedMemory& m, const std::vector<MemoryEvent>& fresh) {
  json::array ids;
  for (std::size_t i : m.sources) {
    if (i < fresh.size()) ids.push_back(fresh[i].db_id);
  }
  if (ids.empty()) {
    for (const MemoryEvent& e : fresh) ids.push_back(e.db_id);
  }
  return json::serialize(ids);
}

std::int64_t SourceTime(const ExtractedMemory& m, const std::vector<MemoryEvent>& fresh) {
  std::int64_t ts = 0;
  for (std::size_t i : m.sources) {
    if (i < fresh.size()) ts = std::max(ts, fresh[i].ts);
  }
  return ts > 0 ? ts : fresh.back().ts;
}

// Reads pipeline 1's replies: which events are new (db ids), the sessions' earlier events and the
// users' current values.
std::map<SessionKey, SessionEvents> GroupFresh(std::span<const MemoryEvent> events, const pg::Rows& inserted) {
  std::map<std::tuple<std::string, std::string, std::string>, std::int64_t> ids;
  for (int r = 0; r < inserted.size(); ++r) {
    ids[{std::string(inserted.text(r, 1)), std::string(inserted.text(r, 2)), std::string(inserted.text(r, 3))}] =
        inserted.int64(r, 0);
  }
  std::map<SessionKey, SessionEvents> sessions;
  for (const MemoryEvent& e : events) {
    auto it = ids.find({e.user, e.session, e.event_id});
    if (it == ids.end() || it->second == 0) continue;
    MemoryEvent fresh = e;
    fresh.db_id = it->second;
    it->second = 0;  // a duplicate in the batch is not fresh twice
    sessions[{e.user, e.session}].fresh.push_back(std::move(fresh));
  }
  for (auto& [key, s] : sessions) {
    std::stable_sort(s.fresh.begin(), s.fresh.end(), [](const MemoryEvent& a, const MemoryEvent& b) { return a.seq < b.seq; });
  }
  return sessions;
}

void ReadEarlier(const pg::Rows& rows, std::map<SessionKey, SessionEvents>& sessions) {
  for (int r = 0; r < rows.size(); ++r) {
    auto it = sessions.find({std::string(rows.text(r, 0)), std::string(rows.text(r, 1))});
    if (it == sessions.end()) continue;
    MemoryEvent e;
    e.user = it->first.first;
    e.session = it->first.second;
    e.db_id = rows.int64(r, 2);
    e.event_id = rows.text(r, 3);
    e.seq = rows.int64(r, 4);
    e.role = llm::ParseRole(rows.text(r, 5)).value_or(llm::Role::kUser);
    e.content = rows.text(r, 6);
    e.ts = rows.int64(r, 7);
    it->second.earlier.push_back(std::move(e));
  }
  for (auto& [key, s] : sessions) std::reverse(s.earlier.begin(), s.earlier.end());  // read newest first
}

Current ReadCurrent(const pg::Rows& rows) {
  Current current;
  for (int r = 0; r < rows.size(); ++r) {
    std::string user(rows.text(r, 0));
    if (rows.text(r, 3) == kEpisode) {
      current.episodes[{user, std::string(rows.text(r, 4))}] = rows.text(r, 5);
    } else {
      current.values[{user, std::string(rows.text(r, 1))}] =
          RecalledMemory{std::string(rows.text(r, 3)), std::string(rows.text(r, 1)), std::string(rows.text(r, 2)),
                         std::string(rows.text(r, 5)), std::string(rows.text(r, 4)), rows.int64(r, 6)};
    }
  }
  return current;
}

// A slot's new value to write.
struct PendingRecord {
  const SessionKey* session;
  ExtractedMemory memory;
  std::string source_ids;  // JSON array of memory_events ids
  std::int64_t valid_from_ms = 0;
};

// What a batch's events say, to write besides them.
struct Planned {
  std::vector<PendingRecord> values;
  std::vector<EpisodeWrite> episodes;  // the sessions whose summary changed
};

std::vector<std::int64_t> EventIds(const std::vector<MemoryEvent>& fresh) {
  std::vector<std::int64_t> ids;
  ids.reserve(fresh.size());
  for (const MemoryEvent& e : fresh) ids.push_back(e.db_id);
  return ids;
}

// The memories of every session: new values (merged with the current list, equal ones dropped),
// and the episodes whose summary differs from the one held for the session, else the stored one.
asio::awaitable<core::Result<Planned>> PlanRecords(std::map<SessionKey, SessionEvents>& sessions,
                                                   const Extractor& extractor, Current& current,
                                                   const EpisodeBuffer* buffer) {
  Planned out;
  for (auto& [key, s] : sessions) {
    CONTRAIL_CO_TRY(std::vector<ExtractedMemory> memories, co_await extractor.Extract(s.earlier, s.fresh));
    for (ExtractedMemory& m : memories) {
      if (m.slot.empty() || m.slot == "episode") continue;
      RecalledMemory& now = current.values[{key.first, m.slot}];
      if (m.value.empty() && now.value.empty()) continue;  // withdrawn, and nothing to withdraw
      if (m.merge && !m.value.empty()) m.value = MergeList(now.value, m.value);
      if (core::AsciiLower(m.value) == core::AsciiLower(now.value)) continue;
      const std::int64_t at = SourceTime(m, s.fresh);
      // An older value claimed late is stored as history (kInsertRecord), not made current.
      if (at >= now.at_ms) now = RecalledMemory{m.kind, m.slot, m.value, m.text, key.second, at};
      out.values.push_back({&key, m, SourceIds(m, s.fresh), at});
    }
    std::vector<MemoryEvent> whole = s.earlier;
    whole.insert(whole.end(), s.fresh.begin(), s.fresh.end());
    ExtractedMemory episode = extractor.Summarize(whole);
    const std::string* held = buffer != nullptr ? buffer->HeldText(key) : nullptr;
    if (episode.text.empty() || episode.text == (held != nullptr ? *held : current.episodes[key])) continue;
    out.episodes.push_back({key, std::move(episode.text), EventIds(s.fresh), s.fresh.back().ts});
  }
  co_return out;
}

pg::Statement RecordStatement(const PendingRecord& p, std::span<const float> vector) {
  pg::Params params;
  const ExtractedMemory& m = p.memory;
  params.Text(p.session->first).Text(m.slot).Text(m.kind).Text(m.value).Text(m.text);
  if (vector.empty()) params.Null(); else params.Vector(vector);
  const std::string metadata = json::serialize(json::object{{"correction", m.correction}, {"merge", m.merge}});
  params.Text(p.session->second).Text(p.source_ids).Int(p.valid_from_ms).Text(metadata);
  return pg::Statement(std::string(kInsertRecord), std::move(params), "memory_insert_record");
}

pg::Statement EpisodeStatement(const EpisodeWrite& e, std::span<const float> vector) {
  pg::Params params;
  params.Text(e.session.first).Text(e.text);
  if (vector.empty()) params.Null(); else params.Vector(vector);
  json::array ids;
  for (std::int64_t id : e.source_ids) ids.push_back(id);
  params.Text(e.session.second).Text(json::serialize(ids)).Int(e.valid_from_ms);
  return pg::Statement(std::string(kUpsertEpisode), std::move(params), "memory_upsert_episode");
}

pg::Statement LockUsers(std::string users_json) {
  pg::Params lock;
  lock.Text(std::move(users_json));
  return pg::Statement(std::string(kLockUsers), std::move(lock), "memory_lock_users");
}

// BEGIN, the users' locks and the insert of the events (its RETURNING is the third reply).
std::vector<pg::Statement> BeginBatch(std::span<const MemoryEvent> events) {
  std::vector<pg::Statement> first;
  first.emplace_back("BEGIN");
  first.push_back(LockUsers(UserList(events)));
  pg::Params p;
  p.Text(EventRows(events));
  first.emplace_back(std::string(kInsertEvents), std::move(p), "memory_insert_events");
  return first;
}

// The new events' memories, planned against the sessions' earlier events and the users' current
// values (read in the open transaction); `values` gets what the batch makes current.
asio::awaitable<core::Result<Planned>> ReadAndPlan(pg::Connection& pg, std::map<SessionKey, SessionEvents>& sessions,
                                                   const Extractor& extractor, const StoreOptions& options,
                                                   Current& values) {
  std::vector<pg::Statement> reads;
  const std::string rows = SessionRows(sessions);
  pg::Params earlier;
  earlier.Text(rows).Int(options.context_events);
  reads.emplace_back(std::string(kEarlierEvents), std::move(earlier), "memory_earlier_events");
  pg::Params current;
  current.Text(rows);
  reads.emplace_back(std::string(kCurrentRecords), std::move(current), "memory_current_records");
  CONTRAIL_CO_TRY(std::vector<pg::Rows> read, co_await pg.Pipeline(std::move(reads)));
  ReadEarlier(read[0], sessions);
  values = ReadCurrent(read[1]);
  co_return co_await PlanRecords(sessions, extractor, values, options.episodes);
}

// The statements that write `planned`'s values and `episodes`' writes, with their embeddings
// (`vectors` in that order), then COMMIT. Counts them in `report`, and lists each user whose
// values changed with every current value of theirs in `values`.
std::vector<pg::Statement> WriteBatch(const Planned& planned, const EpisodeBuffer::Plan& episodes,
                                      const std::vector<embed::Vector>& vectors, const Current& values,
                                      StoreReport& report) {
  std::vector<pg::Statement> writes;
  auto vector = [&](std::size_t i) { return i < vectors.size() ? std::span<const float>(vectors[i]) : std::span<const float>(); };
  std::size_t i = 0;
  for (const PendingRecord& p : planned.values) {
    writes.push_back(RecordStatement(p, vector(i++)));
    report.current[p.session->first];  // this user's values changed
  }
  if (!episodes.write.empty()) {
    // Held episodes may be of users not in this batch: they are locked too (see kLockUsers).
    std::set<std::string_view> users;
    for (const EpisodeWrite& e : episodes.write) users.insert(e.session.first);
    writes.push_back(LockUsers(UserList(users)));
  }
  for (const EpisodeWrite& e : episodes.write) writes.push_back(EpisodeStatement(e, vector(i++)));
  report.records = planned.values.size() + episodes.write.size();
  for (auto& [user, memories] : report.current) {
    for (const auto& [key, memory] : values.values) {
      if (key.first == user && !memory.value.empty()) memories.push_back(memory);
    }
  }
  writes.emplace_back("COMMIT");
  return writes;
}

}  // namespace

asio::awaitable<core::Result<StoreReport>> StoreEvents(pg::Connection& pg, std::span<const MemoryEvent> events,
                                                       const Extractor* extractor, embed::Embedder* embedder,
                                                       StoreOptions options) {
  StoreReport report;
  report.events = events.size();
  EpisodeBuffer* buffer = options.episodes;
  const EpisodeBuffer::Clock::time_point now = EpisodeBuffer::Clock::now();
  const bool flush = buffer != nullptr && buffer->held() > 0 && (options.flush_episodes || buffer->AnyDue(now));
  if (events.empty() && !flush) co_return report;
  CONTRAIL_CO_TRY(std::vector<pg::Rows> inserted, co_await pg.Pipeline(BeginBatch(events)));
  report.stored = static_cast<std::size_t>(inserted[2].size());
  std::map<SessionKey, SessionEvents> sessions = GroupFresh(events, inserted[2]);
  Planned planned;
  Current values;
  core::Status status = core::Ok();
  if (extractor != nullptr && !sessions.empty()) {
    auto plan = co_await ReadAndPlan(pg, sessions, *extractor, options, values);
    if (plan) planned = std::move(*plan); else status = plan.error();
  }
  EpisodeBuffer::Plan episodes;
  if (buffer != nullptr) {
    episodes = buffer->Split(std::move(planned.episodes), now, options.flush_episodes);
  } else {
    episodes.write = std::move(planned.episodes);
  }
  std::vector<std::string> texts;
  for (const PendingRecord& p : planned.values) texts.push_back(p.memory.text);
  for (const EpisodeWrite& e : episodes.write) texts.push_back(e.text);
  core::Result<std::vector<embed::Vector>> vectors = std::vector<embed::Vector>{};
  if (status.ok() && embedder != nullptr && !texts.empty()) vectors = co_await embedder->Embed(texts);
  if (status.ok() && !vectors) status = vectors.error();
  if (!status.ok()) {
    (void)co_await pg.Query("ROLLBACK");  // the transaction ends either way; the error is the first one
    co_return status.error();
  }
  auto committed = co_await pg.Pipeline(WriteBatch(planned, episodes, *vectors, values, report));
  if (!committed) co_return committed.error();  // the pipeline rolled the transaction back
  for (const pg::Rows& rows : *committed) {
    if (rows.command_tag().rfind("UPDATE", 0) == 0) report.superseded += static_cast<std::size_t>(rows.affected());
  }
  if (buffer != nullptr) buffer->Committed(episodes, now);
  co_return report;
}

}  // namespace contrail::memory
