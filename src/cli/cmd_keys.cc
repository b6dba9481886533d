// `contrail keys create|list|revoke`: API keys, straight in PostgreSQL (and Valkey's shared copies),
// like `contrail migrate`: for an operator on the database's machine, with or without a server.

#include <sys/stat.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>

#include "cli/bench_util.h"
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "core/ids.h"
#include "pg/pool.h"
#include "server/auth/key_store.h"
#include "server/services.h"
#include "valkey/pool.h"

namespace contrail::cli {
namespace {

namespace asio = boost::asio;
using server::auth::KeyKind;

int Fail(const core::Error& e) {
  std::fprintf(stderr, "contrail keys: %s\n", e.message.c_str());
  return 1;
}

// Writes `key` to `path`, readable by its owner only.
core::Status WriteKeyFile(const std::string& path, const std::string& key) {
  std::ofstream out(path, std::ios::trunc);
  if (!out) return core::Unavailable("cannot write " + path);
  chmod(path.c_str(), 0600);
  out << key << "\n";
  if (!out.flush()) return core::Unavailable("cannot write " + path);
  return core::Ok();
}

core::Result<KeyKind> KindOf(const KeysFlags& flags) {
  const int given = !flags.user.empty() + flags.service + flags.admin;
  if (given != 1) return core::InvalidArgument("give exactly one of --user ID, --service, --admin");
  if (flags.service) return KeyKind::kService;
  if (flags.admin) return KeyKind::kAdmin;
  CONTRAIL_TRY_STATUS(core::CheckId(flags.user, "user", "--user"));
  return KeyKind::kUser;
}

int Create(const core::Config& config, const KeysFlags& flags) {
  core::Result<KeyKind> kind = KindOf(flags);
  if (!kind) return Fail(kind.error());
  asio::io_context io;
  pg::Pool pg(io.get_executor(), BulkPostgresOptions(config, "contrail-keys"), 1);
  auto created = RunToCompletion(io, server::auth::CreateKey(pg, *kind, flags.user, flags.name, flags.daily_tokens));
  if (!created) return Fail(created.error());
  if (flags.out.empty()) {
    std::printf("%s\n", created->key.c_str());
  } else if (core::Status s = WriteKeyFile(flags.out, created->key); !s) {
    return Fail(s.error());
  }
  std::string what = std::string(server::auth::KeyKindName(*kind)) + " key " + created->id;
  if (!flags.user.empty()) what += " for user " + flags.user;
  if (!flags.out.empty()) what += " in " + flags.out;
  std::fprintf(stderr, "contrail keys: created %s (shown once; only its hash is stored)\n", what.c_str());
  return 0;
}

int List(const core::Config& config, const KeysFlags& flags) {
  asio::io_context io;
  pg::Pool pg(io.get_executor(), BulkPostgresOptions(config, "contrail-keys"), 1);
  auto keys = RunToCompletion(io, server::auth::ListKeys(pg, flags.all));
  if (!keys) return Fail(keys.error());
  std::printf("%-16s  %-7s  %-24s  %-20s  %-7s  %-12s  %s\n", "id", "kind", "user", "created", "revoked",
              "daily tokens", "name");
  for (const auto& k : *keys) {
    const std::string daily = k.daily_tokens > 0 ? std::to_string(k.daily_tokens) : "default";
    std::printf("%-16s  %-7s  %-24s  %-20s  %-7s  %-12s  %s\n", k.id.c_str(), server::auth::KeyKindName(k.kind),
                k.user.empty() ? "-" : k.user.c_str(), k.created_at.c_str(), k.revoked ? "yes" : "no", daily.c_str(),
                k.name.c_str());
  }
  return 0;
}

int Revoke(const core::Config& config, const KeysFlags& flags) {
  asio::io_context io;
  pg::Pool pg(io.get_executor(), BulkPostgresOptions(config, "contrail-keys"), 1);
  valkey::Pool valkey(io.get_executor(), server::ValkeyOptions(config), 1);
  bool valkey_up = false;
  auto revoke = [&]() -> asio::awaitable<core::Result<std::optional<server::auth::KeyRecord>>> {
    valkey_up = co_await StartValkey(valkey, std::chrono::seconds(2));
    auto revoked = co_await server::auth::RevokeKey(pg, valkey_up ? &valkey : nullptr, flags.id);
    valkey.Close();
    co_return revoked;
  };
  auto revoked = RunToCompletion(io, revoke());
  if (!revoked) return Fail(revoked.error());
  if (!*revoked) return Fail(core::NotFound("no API key has the id " + flags.id));
  if (!valkey_up) {
    // Instances that cannot reach Valkey read PostgreSQL, but Valkey's copy, once it is back, still
    // says the key is good until it expires.
    return Fail(core::Unavailable("revoked " + flags.id + " in PostgreSQL, but Valkey was not reachable: run this "
                                  "again once it is, or instances may trust the key for up to an hour"));
  }
  std::printf("contrail keys: revoked %s (every instance stops accepting it within auth.key_cache_ms)\n",
              flags.id.c_str());
  return 0;
}

}  // namespace

int RunKeys(const ConfigFlags& config_flags, const KeysFlags& flags) {
  auto config = LoadConfig(config_flags);
  if (!config) return Fail(config.error()) + 1;
  if (flags.command == "create") return Create(*config, flags);
  if (flags.command == "list") return List(*config, flags);
  return Revoke(*config, flags);
}

}  // namespace contrail::cli
