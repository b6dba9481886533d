// `contrail mcp`: the MCP server on stdio, for clients that start their servers as a command
// (Claude Desktop, the MCP SDKs' StdioClientTransport). One JSON-RPC message per line on stdin,
// one per line on stdout; logs go to stderr. Requests are handled concurrently (answers may come
// back in another order; their ids say which is which); end of input ends the process once every
// request in flight is answered. The tools are the /mcp route's (flightly/tools/tools.h).

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/json.hpp>
#include <cstdio>
#include <iostream>
#include <thread>

#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cache/tool_cache.h"
#include "core/ids.h"
#include "core/log.h"
#include "embed/factory.h"
#include "flightly/bookings/payment_processor.h"
#include "flightly/tools/tools.h"
#include "mcp/mcp_server.h"
#include "server/services.h"

namespace contrail::cli {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::size_t kMaxLineBytes = 4 << 20;

void WriteLine(const json::value& message) {
  const std::string line = json::serialize(message) + "\n";
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fflush(stdout);
}

asio::awaitable<void> HandleLine(std::string line, const mcp::ToolRegistry& tools, const mcp::ServerInfo& info,
                                 const std::string& user, std::uint64_t n) {
  if (line.size() > kMaxLineBytes) {
    WriteLine(mcp::RpcError(nullptr, mcp::kInvalidRequest, "the message is larger than 4 MiB"));
    co_return;
  }
  boost::system::error_code ec;
  const json::value message = json::parse(line, ec);
  if (ec) {
    WriteLine(mcp::RpcError(nullptr, mcp::kParseError, "Parse error: the line is not JSON"));
    co_return;
  }
  const mcp::ToolCall call{user, "stdio-" + std::to_string(n), ""};
  std::optional<json::value> reply = co_await mcp::HandleMessage(message, tools, info, call);
  if (reply) WriteLine(*reply);
}

}  // namespace

int RunMcp(const ConfigFlags& config_flags, const std::vector<std::string>& only_tools, const std::string& user) {
  std::ios::sync_with_stdio(false);  // buffered reads of stdin: a message is a line, not getc calls
  auto config = LoadConfig(config_flags);
  if (!config) {
    std::fprintf(stderr, "contrail: %s\n", config.error().message.c_str());
    return 2;
  }
  if (!user.empty()) {
    if (core::Status s = core::CheckId(user, "user", "--user"); !s) {
      std::fprintf(stderr, "contrail mcp: %s\n", s.error().message.c_str());
      return 2;
    }
  }
  core::log::Init(config->log);  // stderr: stdout carries the protocol alone
  asio::io_context io(1);
  pg::Pool pool(io.get_executor(), server::PostgresOptions(*config), config->postgres.pool_size);
  // The tool-result cache when Valkey answers (the server's instances share it); else none.
  valkey::Pool valkey(io.get_executor(), server::ValkeyOptions(*config), 1);
  bool cache_up = false, started = false;
  asio::co_spawn(
      io, [&]() -> asio::awaitable<void> { cache_up = co_await StartValkey(valkey, std::chrono::milliseconds(500)); },
      [&](std::exception_ptr) { started = true; });
  while (!started) io.run_one();
  cache::SingleFlight flights;
  cache::ToolResultCache tool_cache(valkey, flights,
                                    cache::ToolCacheOptions{std::chrono::milliseconds(config->valkey.command_timeout_ms)});
  // search_knowledge embeds queries with the configured embedder; get_profile reads Valkey.
  auto embedder = embed::MakeConfiguredEmbedder(*config);
  if (!embedder) {
    std::fprintf(stderr, "contrail mcp: %s\n", embedder.error().message.c_str());
    return 2;
  }
  memory::ProfileStore profiles(valkey);
  // pay_booking and cancel_booking's refunds go to the configured processor (none: payments off).
  const std::unique_ptr<flightly::PaymentProcessor> payments = flightly::MakeConfiguredPaymentProcessor(config->payments);
  const flightly::ToolDeps deps{pool,           embedder->get(),          &config->knowledge,
                                cache_up ? &profiles : nullptr,           &config->weather,
                                cache_up ? &valkey : nullptr,             nullptr,
                                config->memory.event_partitions,          payments.get(),
                                std::chrono::milliseconds(config->payments.timeout_ms)};
  mcp::ToolRegistry tools;
  if (core::Status s = flightly::AddFlightlyTools(tools, deps, config->mcp, only_tools); !s) {
    std::fprintf(stderr, "contrail mcp: %s\n", s.error().message.c_str());
    return 2;
  }
  if (cache_up) tools.set_cache(&tool_cache);
  const mcp::ServerInfo& info = flightly::FlightlyServerInfo();
  auto work = asio::make_work_guard(io);
  int in_flight = 0;
  bool input_ended = false;
  auto finish_if_done = [&] {
    if (!input_ended || in_flight > 0) return;
    work.reset();
    valkey.Close();  // its connections' reads are the last work of the loop
  };
  // Blocking reads stay off the I/O thread: each line is handed to it.
  std::thread reader([&] {
    std::uint64_t n = 0;
    for (std::string line; std::getline(std::cin, line);) {
      if (line.empty() || line == "\r") continue;
      asio::post(io, [&, line = std::move(line), id = ++n]() mutable {
        ++in_flight;
        asio::co_spawn(io, HandleLine(std::move(line), tools, info, user, id), [&](std::exception_ptr e) {
          if (e) core::log::Error("mcp stdio: a message failed", {});
          --in_flight;
          finish_if_done();
        });
      });
    }
    asio::post(io, [&] {
      input_ended = true;
      finish_if_done();
    });
  });
  io.restart();
  io.run();
  reader.join();
  return 0;
}

}  // namespace contrail::cli
