#include "server/auth/key_store.h"

#include <cstdlib>

#include "pg/pool.h"
#include "valkey/pool.h"

namespace contrail::server::auth {

namespace asio = boost::asio;

namespace {

// Valkey's copy of a record: `kind \t user \t secret_hash \t revoked(0|1) \t daily_tokens`, or
// `none` for an id no key has (so a stream of made-up ids does not reach PostgreSQL every time). A
// copy written before daily_tokens existed has four fields (the default limit).
constexpr std::string_view kNoKey = "none";
constexpr const char* kRecordTtlS = "3600";   // a copy is refreshed from PostgreSQL hourly
constexpr const char* kNoKeyTtlS = "60";
constexpr const char* kRevokedTtlS = "86400";  // outlives any copy made before the revocation

std::string CacheKey(std::string_view id) { return "auth:key:" + std::string(id); }

std::string EncodeRecord(const KeyRecord& r) {
  return std::string(KeyKindName(r.kind)) + '\t' + r.user + '\t' + r.secret_hash + '\t' + (r.revoked ? "1" : "0") +
         '\t' + std::to_string(r.daily_tokens);
}

std::optional<KeyRecord> DecodeRecord(std::string_view id, std::string_view text) {
  std::string_view fields[5];
  int n = 0;
  while (n < 5) {
    const std::size_t tab = text.find('\t');
    fields[n++] = text.substr(0, tab);
    if (tab == std::string_view::npos) break;
    text.remove_prefix(tab + 1);
  }
  if (n < 4) return std::nullopt;
  std::optional<KeyKind> kind = ParseKeyKind(fields[0]);
  if (!kind) return std::nullopt;
  KeyRecord r;
  r.id = std::string(id);
  r.kind = *kind;
  r.user = std::string(fields[1]);
  r.secret_hash = std::string(fields[2]);
  r.revoked = fields[3] == "1";
  if (n == 5) r.daily_tokens = std::atoll(std::string(fields[4]).c_str());
  return r;
}

KeyRecord RecordAt(const pg::Rows& rows, int row) {
  KeyRecord r;
  r.id = std::string(rows.text(row, "id"));
  r.kind = ParseKeyKind(rows.text(row, "kind")).value_or(KeyKind::kUser);
  if (!rows.is_null(row, "user_id")) r.user = std::string(rows.text(row, "user_id"));
  r.secret_hash = std::string(rows.text(row, "secret_hash"));
  r.name = std::string(rows.text(row, "name"));
  r.created_at = std::string(rows.text(row, "created_at"));
  r.revoked = !rows.is_null(row, "revoked_at");
  if (!rows.is_null(row, "daily_token_limit")) {
    r.daily_tokens = std::atoll(std::string(rows.text(row, "daily_token_limit")).c_str());
  }
  return r;
}

constexpr const char* kColumns =
    "id, secret_hash, kind, user_id, name, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS created_at, revoked_at, daily_token_limit";

// Valkey's copy of the key, if it has one: the record, kNoKey (nullopt inside), or a miss.
struct CachedCopy {
  bool found = false;
  std::optional<KeyRecord> record;
};

asio::awaitable<CachedCopy> ReadCopy(valkey::Pool& valkey, std::string_view id) {
  valkey::CommandBatch batch;
  batch.Add({"GET", CacheKey(id)});
  auto replies = co_await valkey.Execute(std::move(batch));
  if (!replies || !(*replies)[0].is_string()) co_return CachedCopy{};
  const std::string& text = (*replies)[0].str;
  if (text == kNoKey) co_return CachedCopy{true, std::nullopt};
  std::optional<KeyRecord> record = DecodeRecord(id, text);
  co_return CachedCopy{record.has_value(), std::move(record)};
}

}  // namespace

asio::awaitable<core::Result<NewKey>> CreateKey(pg::Pool& pg, KeyKind kind, std::string user, std::string name,
                                                 long long daily_tokens) {
  NewKey key = GenerateKey();
  pg::Params p;
  p.Text(key.id).Text(key.secret_hash).Text(KeyKindName(kind));
  if (user.empty()) {
    p.Null();
  } else {
    p.Text(user);
  }
  p.Text(name);
  if (daily_tokens > 0) {
    p.Text(std::to_string(daily_tokens));
  } else {
    p.Null();
  }
  pg::Statement insert(
      "INSERT INTO api_keys (id, secret_hash, kind, user_id, name, daily_token_limit) "
      "VALUES ($1, $2, $3, $4, $5, $6::bigint)",
      std::move(p));
  CONTRAIL_CO_TRY(pg::Rows rows, co_await pg.Execute(std::move(insert)));
  co_return key;
}

asio::awaitable<core::Result<std::vector<KeyRecord>>> ListKeys(pg::Pool& pg, bool include_revoked) {
  pg::Statement select(std::string("SELECT ") + kColumns + " FROM api_keys" +
                           (include_revoked ? "" : " WHERE revoked_at IS NULL") + " ORDER BY created_at DESC, id",
                       pg::Params{});
  CONTRAIL_CO_TRY(pg::Rows rows, co_await pg.Execute(std::move(select)));
  std::vector<KeyRecord> out;
  for (int row = 0; row < rows.size(); ++row) out.push_back(RecordAt(rows, row));
  co_return out;
}

asio::awaitable<core::Result<std::optional<KeyRecord>>> RevokeKey(pg::Pool& pg, valkey::Pool* valkey,
                                                                  std::string_view id) {
  pg::Params p;
  p.Text(id);
  // One statement: revoke unless revoked already, and return the row either way.
  pg::Statement update(std::string("WITH revoked AS (UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND "
                                   "revoked_at IS NULL) SELECT ") + kColumns + " FROM api_keys WHERE id = $1",
                       std::move(p));
  CONTRAIL_CO_TRY(pg::Rows rows, co_await pg.Execute(std::move(update)));
  if (rows.empty()) co_return std::nullopt;
  KeyRecord record = RecordAt(rows, 0);
  record.revoked = true;  // the CTE's update is not visible to the statement's own SELECT
  if (valkey != nullptr) {
    // Written without NX, over any copy: an instance filling its copy from an older read uses NX
    // and loses to this one (FindKey).
    valkey::CommandBatch batch;
    batch.Add({"SET", CacheKey(id), EncodeRecord(record), "EX", kRevokedTtlS});
    CONTRAIL_CO_TRY(valkey::Replies replies, co_await valkey->Execute(std::move(batch)));
    if (replies[0].is_error()) co_return valkey::ReplyError(replies[0]);
  }
  co_return record;
}

asio::awaitable<core::Result<std::optional<KeyRecord>>> FindKey(pg::Pool& pg, valkey::Pool* valkey,
                                                                std::string_view id) {
  if (valkey != nullptr && valkey->connected() > 0) {
    CachedCopy copy = co_await ReadCopy(*valkey, id);
    if (copy.found) co_return std::move(copy.record);
  }
  pg::Params p;
  p.Text(id);
  pg::Statement select(std::string("SELECT ") + kColumns + " FROM api_keys WHERE id = $1", std::move(p));
  CONTRAIL_CO_TRY(pg::Rows rows, co_await pg.Execute(std::move(select)));
  std::optional<KeyRecord> record;
  if (!rows.empty()) record = RecordAt(rows, 0);
  if (valkey != nullptr && valkey->connected() > 0) {
    valkey::CommandBatch batch;
    batch.Add({"SET", CacheKey(id), record ? EncodeRecord(*record) : std::string(kNoKey), "EX",
               record ? kRecordTtlS : kNoKeyTtlS, "NX"});
    co_await valkey->Execute(std::move(batch));  // a failed copy only costs the next lookup a query
  }
  co_return record;
}

}  // namespace contrail::server::auth
