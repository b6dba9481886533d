#pragma once
// The test PostgreSQL (with pgvector) that ./scripts/test starts: CONTRAIL_TEST_PG_HOST/PORT,
// user CONTRAIL_TEST_PG_USER (postgres, a superuser: tests create databases) with the password
// CONTRAIL_TEST_PG_PASSWORD (the cluster asks every TCP client for one). Tests skip when
// CONTRAIL_TEST_PG_PORT is unset, or fail under CONTRAIL_TEST_REQUIRE_SERVICES=1 (support/services.h).
// TestDatabase gives each fixture a fresh database (CREATE DATABASE with a unique name, dropped
// WITH (FORCE) on destruction), so tests never see each other's tables.
//
//   std::optional<TestDatabase> db = TestDatabase::Create();
//   if (!db) CONTRAIL_SKIP_OR_FAIL_WITHOUT("CONTRAIL_TEST_PG_PORT");
//   pg::Connection conn(io.get_executor(), db->options());

#include <unistd.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <cstdlib>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>

#include "pg/connection.h"
#include "support/async.h"

namespace contrail::test {

// Options for the test server's `database`, or nullopt when no test server is configured.
inline std::optional<pg::ConnectionOptions> TestPgOptions(const std::string& database) {
  const char* port = std::getenv("CONTRAIL_TEST_PG_PORT");
  if (port == nullptr || *port == '\0') return std::nullopt;
  pg::ConnectionOptions o;
  if (const char* host = std::getenv("CONTRAIL_TEST_PG_HOST")) o.host = host;
  if (const char* user = std::getenv("CONTRAIL_TEST_PG_USER")) o.user = user;
  if (const char* password = std::getenv("CONTRAIL_TEST_PG_PASSWORD")) o.password = password;
  o.port = std::atoi(port);
  o.database = database;
  o.application_name = "contrail-test";
  o.connect_timeout = std::chrono::seconds(5);
  o.query_timeout = std::chrono::seconds(60);
  return o;
}

class TestDatabase {
 public:
  // A new empty database with the vector extension; nullopt without a test server. Throws when
  // the server is configured but the database cannot be created.
  static std::optional<TestDatabase> Create() {
    auto admin = TestPgOptions("postgres");
    if (!admin) return std::nullopt;
    static std::atomic<int> counter{0};
    std::string name = "contrail_t" + std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" +
                       std::to_string(std::random_device{}() % 100000);
    Admin(*admin, "CREATE DATABASE " + name);
    TestDatabase db(*admin, name);
    Admin(db.options(), "CREATE EXTENSION IF NOT EXISTS vector");
    return db;
  }

  TestDatabase(TestDatabase&& o) noexcept : admin_(o.admin_), name_(std::move(o.name_)) { o.name_.clear(); }
  TestDatabase& operator=(TestDatabase&& o) noexcept {
    if (this != &o) {
      Drop();
      admin_ = o.admin_;
      name_ = std::move(o.name_);
      o.name_.clear();
    }
    return *this;
  }
  ~TestDatabase() { Drop(); }

  const std::string& name() const { return name_; }
  pg::ConnectionOptions options() const {
    pg::ConnectionOptions o = admin_;
    o.database = name_;
    return o;
  }
  // Runs trusted SQL on this database from a throwaway connection; throws on error.
  pg::QueryResult Sql(const std::string& sql) const { return Admin(options(), sql); }

 private:
  TestDatabase(pg::ConnectionOptions admin, std::string name) : admin_(std::move(admin)), name_(std::move(name)) {}

  void Drop() {
    if (!name_.empty()) {
      try {
        Admin(admin_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
      } catch (...) {  // best effort: never throw from a destructor
      }
      name_.clear();
    }
  }

  static pg::QueryResult Admin(const pg::ConnectionOptions& options, const std::string& sql) {
    boost::asio::io_context io;
    pg::Connection conn(io.get_executor(), options);
    auto r = RunAsync(io, conn.Query(sql));
    if (!r) throw std::runtime_error(sql + ": " + r.error().message);
    return std::move(r).value();
  }

  pg::ConnectionOptions admin_;
  std::string name_;
};

}  // namespace contrail::test
