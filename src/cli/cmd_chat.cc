// `contrail chat`: a terminal chat with a running server, streamed. The server owns the history
// (a session per run), so each turn sends only the new message.

#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <cstdio>
#include <iostream>
#include <random>

#include "cli/cli_support.h"
#include "cli/commands.h"
#include "net/http_client.h"
#include "net/sse.h"
#include "net/url.h"

namespace contrail::cli {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

std::string NewSessionId() {
  std::mt19937_64 rng(std::random_device{}());
  char buf[32];
  std::snprintf(buf, sizeof buf, "cli-%012llx", static_cast<unsigned long long>(rng() & 0xffffffffffffULL));
  return buf;
}

// Prints an OpenAI-shaped error body (or the raw text) to stderr.
void PrintError(int status, const std::string& body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (!ec && v.is_object() && v.get_object().contains("error")) {
    const json::value& e = v.get_object().at("error");
    if (e.is_object() && e.get_object().contains("message")) {
      std::fprintf(stderr, "error %d: %s\n", status, json::value_to<std::string>(e.get_object().at("message")).c_str());
      return;
    }
  }
  std::fprintf(stderr, "error %d: %s\n", status, body.c_str());
}

// Prints the delta of one chunk; returns false for an error event.
bool PrintChunk(const std::string& data) {
  boost::system::error_code ec;
  json::value v = json::parse(data, ec);
  if (ec || !v.is_object()) return true;
  const json::object& o = v.get_object();
  if (o.contains("error")) {
    PrintError(0, data);
    return false;
  }
  const json::value* choices = o.if_contains("choices");
  if (!choices || !choices->is_array() || choices->get_array().empty()) return true;
  const json::value& c = choices->get_array()[0];
  const json::value* delta = c.is_object() ? c.get_object().if_contains("delta") : nullptr;
  const json::value* content = delta && delta->is_object() ? delta->get_object().if_contains("content") : nullptr;
  if (content && content->is_string()) {
    std::fwrite(content->get_string().data(), 1, content->get_string().size(), stdout);
    std::fflush(stdout);
  }
  return true;
}

asio::awaitable<bool> Turn(const ChatFlags& flags, const ServerAddress& server, const std::string& user,
                           const std::string& session, const std::string& text) {
  json::object body{{"messages", json::array{json::object{{"role", "user"}, {"content", text}}}},
                    {"stream", !flags.no_stream}, {"user", user},
                    {"metadata", json::object{{"session_id", session}}}};
  if (!flags.model.empty()) body["model"] = flags.model;
  net::HttpClientRequest req;
  req.url = net::Url::Join(server.url, "v1/chat/completions");
  req.headers.emplace_back("Content-Type", "application/json");
  if (!server.api_key.empty()) req.headers.emplace_back("Authorization", "Bearer " + server.api_key);
  req.body = json::serialize(body);
  req.timeout = std::chrono::minutes(5);
  net::SseParser parser;
  bool ok = true;
  auto on_body = [&](std::string_view bytes) -> asio::awaitable<core::Status> {
    std::vector<net::SseEvent> events;
    parser.Feed(bytes, events);
    for (const auto& e : events) {
      if (e.data != "[DONE]") ok = PrintChunk(e.data) && ok;
    }
    co_return core::Ok();
  };
  auto resp = co_await net::Fetch(req, flags.no_stream ? net::BodyCallback() : net::BodyCallback(on_body));
  if (!resp) {
    std::fprintf(stderr, "error: %s\n", resp.error().message.c_str());
    co_return false;
  }
  if (resp->status != 200) {
    PrintError(resp->status, resp->body);
    co_return false;
  }
  if (flags.no_stream) {
    json::value v = json::parse(resp->body);
    std::cout << json::value_to<std::string>(v.at("choices").at(0).at("message").at("content"));
  }
  if (const std::string* degraded = resp->header("x-degraded")) {
    std::fprintf(stderr, "\n(note: %s is down; this turn was not stored)", degraded->c_str());
  }
  std::cout << "\n";
  co_return ok;
}

}  // namespace

int RunChat(const ConfigFlags& config_flags, const ChatFlags& flags) {
  auto config = LoadConfig(config_flags);
  if (!config) {
    std::fprintf(stderr, "contrail chat: %s\n", config.error().message.c_str());
    return 2;
  }
  const ServerAddress server = ServerAddressFrom(*config, flags.url);
  std::string user = flags.user;
  if (user.empty()) {
    const char* env_user = std::getenv("USER");
    user = env_user && *env_user ? env_user : "cli-user";
  }
  std::string session = flags.session.empty() ? NewSessionId() : flags.session;
  const bool interactive = isatty(STDIN_FILENO) && flags.message.empty();
  if (interactive) {
    std::printf("contrail chat — %s as user %s, session %s%s. Ctrl-D to quit.\n", server.url.c_str(),
                user.c_str(), session.c_str(), server.api_key.empty() ? " (no API key)" : "");
  }
  asio::io_context io;
  bool all_ok = true;
  auto run_turn = [&](const std::string& text) {
    asio::co_spawn(io, Turn(flags, server, user, session, text), [&](std::exception_ptr e, bool ok) {
      all_ok = all_ok && ok && !e;
    });
    io.restart();
    io.run();
  };
  if (!flags.message.empty()) {
    run_turn(flags.message);
    return all_ok ? 0 : 1;
  }
  std::string line;
  while (true) {
    if (interactive) std::printf("\nyou> "), std::fflush(stdout);
    if (!std::getline(std::cin, line)) break;
    if (line.empty()) continue;
    if (interactive) std::printf("flightly> "), std::fflush(stdout);
    run_turn(line);
  }
  return all_ok ? 0 : 1;
}

}  // namespace contrail::cli
