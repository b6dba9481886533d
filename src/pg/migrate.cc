#include "pg/migrate.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace contrail::pg {

namespace asio = boost::asio;

namespace {

// pg_advisory_lock key of the migration runner ("contrail" in ASCII).
constexpr const char* kLockSql = "SELECT pg_advisory_lock(7161132079427070316)";
constexpr const char* kUnlockSql = "SELECT pg_advisory_unlock(7161132079427070316)";

constexpr const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,"
    " applied_at timestamptz NOT NULL DEFAULT now())";

core::Error InFile(const std::string& name, core::Error e) {
  e.message = name + ": " + e.message;
  return e;
}

struct Applied {
  std::string name;
  std::string checksum;
};

asio::awaitable<core::Result<std::map<int, Applied>>> LoadApplied(Connection& conn) {
  CONTRAIL_CO_TRY(auto q, co_await conn.Query("SELECT version, name, checksum FROM schema_migrations"));
  std::map<int, Applied> out;
  for (const auto& row : q.rows) out[std::stoi(row[0])] = Applied{row[1], row[2]};
  co_return out;
}

asio::awaitable<core::Result<std::string>> Checksum(Connection& conn, const std::string& sql) {
  Params p;
  p.Text(sql, oid::kText);
  Statement s("SELECT md5($1)", std::move(p));
  CONTRAIL_CO_TRY(Rows rows, co_await conn.Execute(std::move(s)));
  co_return std::string(rows.text(0, 0));
}

asio::awaitable<core::Status> ApplyOne(Connection& conn, const Migration& m, const std::string& checksum) {
  CONTRAIL_CO_TRY_STATUS(co_await conn.Query("BEGIN"));
  auto run = co_await conn.Query(m.sql);
  if (run) {
    Params p;
    p.Int4(m.version).Text(m.name, oid::kText).Text(checksum, oid::kText);
    Statement s("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                std::move(p));
    auto record = co_await conn.Execute(std::move(s));
    if (record) {
      auto commit = co_await conn.Query("COMMIT");
      if (commit) co_return core::Ok();
      co_return std::move(commit).error();
    }
    (void)co_await conn.Query("ROLLBACK");
    co_return std::move(record).error();
  }
  (void)co_await conn.Query("ROLLBACK");  // a no-op warning when the error already rolled back
  co_return std::move(run).error();
}

asio::awaitable<core::Result<MigrateReport>> MigrateLocked(Connection& conn,
                                                          const std::vector<Migration>& migrations) {
  CONTRAIL_CO_TRY_STATUS(co_await conn.Query(kCreateTable));
  CONTRAIL_CO_TRY(auto applied, co_await LoadApplied(conn));
  MigrateReport report;
  for (const Migration& m : migrations) {
    CONTRAIL_CO_TRY(std::string checksum, co_await Checksum(conn, m.sql));
    if (auto it = applied.find(m.version); it != applied.end()) {
      if (it->second.checksum != checksum) {
        co_return core::Error(core::Code::kConflict,
                              "migration " + m.name + " was changed after it was applied as " +
                                  it->second.name + " (checksum " + it->second.checksum + ", now " +
                                  checksum + "); add a new migration instead");
      }
      ++report.already_applied;
      continue;
    }
    if (core::Status s = co_await ApplyOne(conn, m, checksum); !s) co_return InFile(m.name, s.error());
    report.applied.push_back(m.name);
  }
  co_return report;
}

}  // namespace

core::Result<std::vector<Migration>> ReadMigrations(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return core::InvalidArgument("migrations directory not found: " + dir);
  std::vector<Migration> out;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || entry.path().extension() != ".sql") continue;
    std::size_t digits = 0;
    while (digits < name.size() && std::isdigit(static_cast<unsigned char>(name[digits]))) ++digits;
    if (digits == 0 || digits > 9) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) return core::InvalidArgument("cannot read " + entry.path().string());
    out.push_back(Migration{std::stoi(name.substr(0, digits)), name, text.str()});
  }
  if (ec) return core::InvalidArgument("cannot list " + dir + ": " + ec.message());
  std::sort(out.begin(), out.end(), [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (std::size_t i = 1; i < out.size(); ++i) {
    if (out[i].version == out[i - 1].version) {
      return core::InvalidArgument("two migrations with number " + std::to_string(out[i].version) + ": " +
                                   out[i - 1].name + ", " + out[i].name);
    }
  }
  return out;
}

asio::awaitable<core::Result<MigrateReport>> Migrate(Connection& conn, std::vector<Migration> migrations) {
  CONTRAIL_CO_TRY_STATUS(co_await conn.Query(kLockSql));
  auto report = co_await MigrateLocked(conn, migrations);
  // If the connection broke, the server released the session lock with it.
  (void)co_await conn.Query(kUnlockSql);
  co_return report;
}

}  // namespace contrail::pg
