#pragma once
// What a request handler may use. One Services per I/O thread, so its pools and stores are used
// without locks; the models and config are shared (read-only, thread-safe).

#include <map>
#include <memory>
#include <string>

#include "core/config.h"
#include "llm/chat_model.h"
#include "memory/history.h"
#include "memory/profile_store.h"
#include "memory/turn_memory.h"
#include "pg/connection.h"
#include "valkey/pool.h"

namespace contrail::server {

// The configured chat models by id. Filled before serving; read-only afterwards.
class ModelRegistry {
 public:
  void Add(std::shared_ptr<llm::ChatModel> model);
  // nullptr when no model has that id.
  llm::ChatModel* Find(std::string_view id) const;
  std::vector<std::string> ids() const;

 private:
  std::map<std::string, std::shared_ptr<llm::ChatModel>, std::less<>> models_;
};

struct Services {
  Services(boost::asio::any_io_executor executor, const core::Config& config,
           const ModelRegistry& models);
  // Closes Valkey first: failing its queued batches runs write-behind callbacks, which must find
  // write_behind still alive.
  ~Services();

  const core::Config& config;
  const ModelRegistry& models;
  valkey::Pool valkey;
  pg::Connection postgres;
  memory::ProfileStore profiles;
  memory::History history;
  memory::WriteBehind write_behind;
};

valkey::ConnectionOptions ValkeyOptions(const core::Config& config);
pg::ConnectionOptions PostgresOptions(const core::Config& config);

}  // namespace contrail::server
