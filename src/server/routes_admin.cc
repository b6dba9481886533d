// /healthz, /readyz and /metrics.

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <chrono>

#include "core/json_writer.h"
#include "core/log.h"
#include "core/metrics.h"
#include "net/redact.h"
#include "server/respond.h"
#include "server/routes.h"
#include "server/services.h"

namespace contrail::server {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;

namespace {

struct Check {
  bool ok = false;
  double ms = 0;
  std::string error;   // for the client: core::ClientMessage, no host or port
  std::string detail;  // for the log
};

void WriteCheck(core::JsonWriter& w, const Check& c) {
  w.BeginObject().Key("ok").Bool(c.ok).Key("ms").Double(c.ms, 4);
  if (!c.ok) w.Key("error").String(c.error);
  w.EndObject();
}

template <class F>
asio::awaitable<Check> Timed(F probe) {
  auto started = std::chrono::steady_clock::now();
  core::Status s = co_await probe();
  Check c;
  c.ok = s.ok();
  c.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  if (!s) {
    c.error = core::ClientMessage(s.error());
    c.detail = s.error().message;
  }
  co_return c;
}

asio::awaitable<Check> CheckValkey(Services& s) {
  return Timed([&s]() -> asio::awaitable<core::Status> {
    valkey::CommandBatch ping;
    ping.Add({"PING"});
    auto r = co_await s.valkey.Execute(std::move(ping));
    if (!r) co_return r.error();
    if (!(*r)[0].is_status("PONG")) {
      co_return core::FromBackend(core::Backend::kValkey, core::Upstream("unexpected PING reply"));
    }
    co_return core::Ok();
  });
}

asio::awaitable<Check> CheckPostgres(Services& s) {
  return Timed([&s]() -> asio::awaitable<core::Status> {
    auto r = co_await s.postgres.Query("SELECT 1");
    if (!r) co_return r.error();
    co_return core::Ok();
  });
}

}  // namespace

Handler Healthz(RouteContext&) { co_return JsonResponse(200, "{\"status\":\"ok\"}"); }

Handler Readyz(RouteContext& ctx) {
  auto [valkey, postgres] = co_await (CheckValkey(ctx.services) && CheckPostgres(ctx.services));
  bool ready = valkey.ok && postgres.ok;
  for (const auto& [name, check] : {std::pair{"valkey", &valkey}, std::pair{"postgres", &postgres}}) {
    if (!check->ok) {
      core::log::Warn("not ready", {{"request_id", ctx.request.request_id}, {"check", name},
                                    {"error", net::RedactCredentials(check->detail)}});
    }
  }
  std::string body;
  core::JsonWriter w(body);
  w.BeginObject().Key("status").String(ready ? "ready" : "unavailable").Key("checks").BeginObject();
  w.Key("valkey");
  WriteCheck(w, valkey);
  w.Key("postgres");
  WriteCheck(w, postgres);
  w.EndObject().EndObject();
  co_return JsonResponse(ready ? 200 : 503, std::move(body));
}

Handler Metrics(RouteContext&) {
  net::HttpResponse r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = core::MetricsRegistry::Global().RenderPrometheus();
  co_return r;
}

}  // namespace contrail::server
