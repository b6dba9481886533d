#include "memory/recall.h"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "memory/keys.h"
#include "pg/pool.h"

namespace contrail::memory {

namespace json = boost::json;
namespace asio = boost::asio;

namespace {

constexpr std::string_view kMarker = "~";  // present in every cached hash, even an empty one

// KEYS: the memory hash. ARGV: only-if-absent ("1"/"0"), ttl, then field, value, … .
constexpr std::string_view kWriteScript = R"lua(
if ARGV[1] == '1' and redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('EXPIRE', KEYS[1], ARGV[2])
return 1
)lua";

constexpr std::string_view kColumns =
    "kind, slot, value, text, coalesce(source_session_id, ''), (extract(epoch FROM valid_from) * 1000)::bigint";

std::vector<RecalledMemory> ReadRows(const pg::Rows& rows) {
  std::vector<RecalledMemory> out;
  out.reserve(static_cast<std::size_t>(rows.size()));
  for (int r = 0; r < rows.size(); ++r) {
    out.push_back({std::string(rows.text(r, 0)), std::string(rows.text(r, 1)), std::string(rows.text(r, 2)),
                   std::string(rows.text(r, 3)), std::string(rows.text(r, 4)), rows.int64(r, 5)});
  }
  return out;
}

std::string StringAt(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace

std::optional<std::vector<RecalledMemory>> DecodeCachedMemories(const valkey::Reply& hgetall) {
  if (!hgetall.is_array() || hgetall.elements.empty()) return std::nullopt;
  std::vector<RecalledMemory> out;
  for (std::size_t i = 0; i + 1 < hgetall.elements.size(); i += 2) {
    const std::string& field = hgetall.elements[i].str;
    if (field == kMarker) continue;
    boost::system::error_code ec;
    json::value v = json::parse(hgetall.elements[i + 1].str, ec);
    if (ec || !v.is_object()) continue;
    const json::object& o = v.get_object();
    RecalledMemory m{StringAt(o, "k"), field, StringAt(o, "v"), StringAt(o, "t"), StringAt(o, "s"), 0};
    if (const json::value* at = o.if_contains("at"); at != nullptr && at->is_int64()) m.at_ms = at->get_int64();
    if (!m.value.empty()) out.push_back(std::move(m));
  }
  return out;
}

void AppendMemoryCacheWrite(valkey::CommandBatch& batch, std::string_view user, std::span<const RecalledMemory> memories,
                            bool only_if_absent) {
  std::vector<std::string> args = {"EVAL", std::string(kWriteScript), "1", MemoryKey(user), only_if_absent ? "1" : "0",
                                   std::to_string(kMemoryCacheTtl.count()), std::string(kMarker), "1"};
  for (const RecalledMemory& m : memories) {
    if (m.kind == "episode") continue;
    args.push_back(m.slot);
    args.push_back(json::serialize(json::object{{"k", m.kind}, {"v", m.value}, {"t", m.text}, {"s", m.session}, {"at", m.at_ms}}));
  }
  batch.Add(std::span<const std::string>(args));
}

asio::awaitable<core::Result<std::vector<RecalledMemory>>> LoadCurrentMemories(pg::Pool& pg, std::string_view user, int k) {
  pg::Params params;
  params.Text(user).Int(k);
  pg::Statement s("SELECT " + std::string(kColumns) +
                      " FROM memory_records WHERE user_id = $1 AND superseded_by IS NULL AND kind <> 'episode'"
                      " AND value <> '' ORDER BY valid_from DESC, id DESC LIMIT $2",
                  std::move(params), "memory_current");
  CONTRAIL_CO_TRY(pg::Rows rows, co_await pg.Execute(std::move(s)));
  co_return ReadRows(rows);
}

asio::awaitable<core::Result<std::vector<RecalledMemory>>> RecallEpisodes(pg::Pool& pg, std::string_view user,
                                                                          std::span<const float> query, int k,
                                                                          std::string_view except_session) {
  pg::Params params;
  params.Text(user).Vector(query).Text(except_session).Int(k);
  pg::Statement s("SELECT " + std::string(kColumns) +
                      " FROM memory_records WHERE user_id = $1 AND kind = 'episode' AND embedding IS NOT NULL"
                      " AND source_session_id IS DISTINCT FROM $3"
                      " ORDER BY (1 - (embedding <=> $2::vector)) *"
                      " power(0.5, extract(epoch FROM now() - valid_from) / 2592000.0) DESC LIMIT $4",
                  std::move(params), "memory_episodes");
  CONTRAIL_CO_TRY(pg::Rows rows, co_await pg.Execute(std::move(s)));
  co_return ReadRows(rows);
}

}  // namespace contrail::memory
