#include "cli/bench_cache_client.h"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <fstream>

#include "net/http_client.h"
#include "net/url.h"

namespace contrail::cli {

namespace asio = boost::asio;
namespace json = boost::json;

core::Result<std::vector<CacheGroup>> ReadCacheGroups(const std::string& path) {
  std::ifstream in(path);
  if (!in) return core::InvalidArgument("cannot read " + path);
  std::vector<CacheGroup> groups;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    boost::system::error_code ec;
    json::value v = json::parse(line, ec);
    const json::object* o = ec ? nullptr : v.if_object();
    if (o == nullptr || !o->contains("type") || !o->contains("id")) {
      return core::InvalidArgument(path + ":" + std::to_string(n) + ": not a dev-set line");
    }
    CacheGroup g;
    g.id = json::value_to<std::string>(o->at("id"));
    if (o->at("type") == "paraphrases") {
      g.kind = "paraphrases";
      g.questions = json::value_to<std::vector<std::string>>(o->at("wordings"));
    } else {
      g.kind = json::value_to<std::string>(o->at("kind"));
      g.questions = {json::value_to<std::string>(o->at("a")), json::value_to<std::string>(o->at("b"))};
    }
    if (g.questions.size() < 2) return core::InvalidArgument(path + ":" + std::to_string(n) + ": fewer than 2 questions");
    groups.push_back(std::move(g));
  }
  return groups;
}

asio::awaitable<core::Result<CacheAsk>> CacheClient::Chat(const std::string& text, const std::string& user,
                                                          const std::string& session, bool bypass) const {
  json::object body{{"model", model_}, {"messages", json::array{json::object{{"role", "user"}, {"content", text}}}}};
  if (!user.empty()) body["user"] = user;
  if (!session.empty()) body["metadata"] = json::object{{"session_id", session}};
  std::vector<std::pair<std::string, std::string>> headers;
  CONTRAIL_CO_TRY(std::string response,
                  co_await Send("POST", "v1/chat/completions", json::serialize(body), &headers, bypass));
  CacheAsk ask;
  auto header = [&](std::string_view name) -> const std::string* {
    for (const auto& [n, v] : headers) {
      if (n == name) return &v;
    }
    return nullptr;
  };
  const std::string* status = header("x-cache");
  if (status == nullptr) co_return core::Upstream("no X-Cache header: is cache.semantic on?");
  ask.hit = *status == "HIT";
  if (const std::string* s = header("x-cache-similarity")) ask.similarity = std::atof(s->c_str());
  if (const std::string* s = header("x-cache-rejected")) ask.rejected = *s;
  if (const std::string* s = header("x-cache-entry")) ask.entry = *s;
  boost::system::error_code ec;
  const json::value v = json::parse(response, ec);
  if (const json::value* content = ec ? nullptr : v.find_pointer("/choices/0/message/content", ec);
      content != nullptr && content->is_string()) {
    ask.answer = std::string(content->get_string());
  }
  co_return ask;
}

asio::awaitable<core::Status> CacheClient::PutProfile(const std::string& user, const json::object& profile) const {
  CONTRAIL_CO_TRY(std::string ignored, co_await Send("PUT", "v1/users/" + user + "/profile", json::serialize(profile), nullptr));
  co_return core::Ok();
}

asio::awaitable<core::Status> CacheClient::Clear() const {
  CONTRAIL_CO_TRY(std::string ignored, co_await Send("DELETE", "v1/cache?all=true", "", nullptr));
  co_return core::Ok();
}

asio::awaitable<core::Result<json::object>> CacheClient::Stats() const {
  CONTRAIL_CO_TRY(std::string body, co_await Send("GET", "v1/cache/stats", "", nullptr));
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) co_return core::Upstream("GET /v1/cache/stats: not a JSON object");
  co_return std::move(v.get_object());
}

asio::awaitable<core::Result<std::string>> CacheClient::Send(
    const char* method, const std::string& path, std::string body,
    std::vector<std::pair<std::string, std::string>>* headers, bool bypass) const {
  net::HttpClientRequest req;
  req.method = method;
  req.url = net::Url::Join(server_.url, path);
  if (!body.empty()) req.headers.emplace_back("Content-Type", "application/json");
  if (bypass) req.headers.emplace_back("Cache-Control", "no-cache, no-store");
  if (!server_.api_key.empty()) req.headers.emplace_back("Authorization", "Bearer " + server_.api_key);
  req.body = std::move(body);
  CONTRAIL_CO_TRY(net::HttpClientResponse resp, co_await net::Fetch(req));
  // The key's rate limit: wait as the server asks, then ask again.
  for (int retry = 0; resp.status == 429 && retry < 30; ++retry) {
    const std::string* after = resp.header("retry-after");
    asio::steady_timer wait(co_await asio::this_coro::executor,
                            std::chrono::seconds(after != nullptr ? std::max(1, std::atoi(after->c_str())) : 1));
    co_await wait.async_wait(asio::use_awaitable);
    CONTRAIL_CO_TRY(resp, co_await net::Fetch(req));
  }
  if (resp.status != 200) {
    co_return core::Upstream(std::string(method) + " /" + path + ": HTTP " + std::to_string(resp.status) + " " +
                             resp.body.substr(0, 300));
  }
  if (headers != nullptr) *headers = resp.headers;
  co_return std::move(resp.body);
}

}  // namespace contrail::cli
