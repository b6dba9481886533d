#pragma once
// Schema migrations: numbered SQL files (NNNN_name.sql, e.g. 0002_travel.sql) applied in order,
// each in its own transaction, and recorded in schema_migrations(version, name, checksum,
// applied_at). A session-level advisory lock is held for the whole run, so concurrent runners
// (several instances starting at once) serialise: the first applies, the others find nothing
// to do. The checksum is the md5 of the file's text; an applied file whose text changed is an
// error that names it (write a new migration instead).

#include <boost/asio/awaitable.hpp>
#include <string>
#include <vector>

#include "core/result.h"
#include "pg/connection.h"

namespace contrail::pg {

struct Migration {
  int version = 0;
  std::string name;  // the file name, e.g. "0002_travel.sql"
  std::string sql;   // run with the simple query protocol: may hold many statements, no BEGIN/COMMIT
};

// Reads the *.sql files of `dir` whose names start with a number, sorted by that number.
// kInvalidArgument for a missing directory, an unreadable file or two files with one number.
// Blocking file I/O: call it before the event loop, not on an I/O thread.
core::Result<std::vector<Migration>> ReadMigrations(const std::string& dir);

struct MigrateReport {
  std::vector<std::string> applied;  // file names applied by this run, in order
  int already_applied = 0;
};

// Applies the migrations not yet recorded, in version order. kConflict when an applied file's
// checksum changed (the message names the file); a failing file is rolled back and reported as
// "NAME: error" with its original code. Needs a connection with no statement timeout (a migration
// or the lock wait can take long).
boost::asio::awaitable<core::Result<MigrateReport>> Migrate(Connection& conn, std::vector<Migration> migrations);

}  // namespace contrail::pg
