#include "server/router.h"

#include <chrono>

#include "core/log.h"
#include "core/metrics.h"
#include "server/respond.h"
#include "server/services.h"

namespace contrail::server {

namespace {

std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    out.emplace_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

constexpr int kStatusSlots = 600;

core::Counter& RequestCounter(std::string_view route, std::string_view method, int status) {
  std::string labels = "route=\"";
  labels += route;
  labels += "\",method=\"";
  labels += method;
  labels += "\",status=\"";
  labels += std::to_string(status);
  labels += '"';
  return core::MetricsRegistry::Global().GetCounter(
      "contrail_http_requests_total", "HTTP requests by route, method and status.", labels);
}

void CountRequest(std::string_view route, std::string_view method, int status) {
  RequestCounter(route, method, status).Inc();
}

// Every failed request (a 5xx, or an error whose detail the body hides) at warning level, with
// that detail; the others when the access log or debug logging is on.
void LogRequest(const net::HttpRequest& request, const std::string& route, const net::HttpResponse& response,
                bool access_log, double ms) {
  const bool failed = response.status >= 500 || !response.log_detail.empty();
  if (!access_log && !failed && !core::log::DebugEnabled()) return;
  auto log = failed ? &core::log::Warn : access_log ? &core::log::Info : &core::log::Debug;
  if (response.log_detail.empty()) {
    log("request", {{"request_id", request.request_id}, {"method", request.method}, {"route", route},
                    {"status", response.status}, {"ms", ms}});
  } else {
    log("request", {{"request_id", request.request_id}, {"method", request.method}, {"route", route},
                    {"status", response.status}, {"ms", ms}, {"error", response.log_detail}});
  }
}

}  // namespace

void Router::Add(std::string method, std::string pattern, std::string name, Access access, RouteHandler handler) {
  Route r{std::move(method), pattern,   SplitPath(pattern), name, access, handler, nullptr,
          std::make_unique<std::atomic<core::Counter*>[]>(kStatusSlots)};
  for (std::string& s : r.segments) {
    if (s.size() > 2 && s.front() == '{' && s.back() == '}') s = "{}";
  }
  r.latency = &core::MetricsRegistry::Global().GetHistogram(
      "contrail_http_request_duration_seconds", "Time to produce a response, by route.",
      "route=\"" + name + "\"");
  routes_.push_back(std::move(r));
}

std::vector<Router::RouteInfo> Router::routes() const {
  std::vector<RouteInfo> out;
  for (const Route& r : routes_) out.push_back({r.method, r.pattern, r.access});
  return out;
}

void Router::Count(const Route& route, std::string_view method, int status) {
  if (status < 0 || status >= kStatusSlots) return CountRequest(route.name, method, status);
  std::atomic<core::Counter*>& slot = route.by_status[status];
  core::Counter* counter = slot.load(std::memory_order_acquire);
  if (counter == nullptr) {
    counter = &RequestCounter(route.name, method, status);
    slot.store(counter, std::memory_order_release);
  }
  counter->Inc();
}

bool Router::Match(const Route& route, std::string_view path, std::vector<std::string>& params) {
  params.clear();
  std::size_t pos = 1;
  for (std::size_t i = 0; i < route.segments.size(); ++i) {
    if (pos > path.size()) return false;
    std::size_t slash = path.find('/', pos);
    bool last = i + 1 == route.segments.size();
    if (last != (slash == std::string_view::npos)) return false;
    std::string_view seg = path.substr(pos, last ? std::string_view::npos : slash - pos);
    if (route.segments[i] == "{}") {
      std::string decoded;
      if (seg.empty() || !net::UrlDecode(seg, decoded)) return false;
      params.push_back(std::move(decoded));
    } else if (seg != route.segments[i]) {
      return false;
    }
    pos = last ? path.size() : slash + 1;
  }
  return true;
}

boost::asio::awaitable<core::Result<auth::Principal>> Router::Admit(const Route& route, const net::HttpRequest& request,
                                                                  Services& services) {
  // A public route's caller is nobody: a user-kind principal for no user may act for no one.
  if (route.access == Access::kPublic) co_return auth::Principal{auth::KeyKind::kUser, {}, {}};
  CONTRAIL_CO_TRY(auth::Principal caller, co_await services.authenticator.Authenticate(request));
  if (route.access == Access::kAdmin && !caller.admin()) {
    co_return core::Error(core::Code::kForbidden, "this route needs an admin key");
  }
  CONTRAIL_CO_TRY_STATUS(co_await services.limiter.AdmitRequest(caller));
  co_return caller;
}

boost::asio::awaitable<net::HttpResponse> Router::Dispatch(net::HttpRequest& request,
                                                           Services& services) const {
  const auto started = std::chrono::steady_clock::now();
  std::string_view path = request.path();
  std::vector<std::string> params;
  std::string allow;
  for (const Route& route : routes_) {
    if (!Match(route, path, params)) continue;
    if (route.method != request.method) {
      allow += allow.empty() ? route.method : ", " + route.method;
      continue;
    }
    RouteContext ctx{request, services, std::move(params), {}};
    net::HttpResponse response;
    try {
      core::Result<auth::Principal> caller = co_await Admit(route, request, services);
      if (caller) {
        ctx.caller = std::move(*caller);
        response = co_await route.handler(ctx);
      } else {
        response = ErrorResponse(caller.error());
        if (caller.error().code == core::Code::kUnauthorized) response.headers.emplace_back("WWW-Authenticate", "Bearer");
      }
    } catch (const std::exception& e) {
      core::log::Error("handler failed", {{"request_id", request.request_id}, {"route", route.name}, {"error", e.what()}});
      response = ErrorResponse(core::Internal("internal error"));
    }
    route.latency->Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    Count(route, request.method, response.status);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    LogRequest(request, route.name, response, services.config.log.access_log, ms);
    co_return response;
  }
  if (!allow.empty()) {
    CountRequest("unmatched", request.method, 405);
    net::HttpResponse r = ErrorResponse(core::Error(core::Code::kMethodNotAllowed,
                                                    "method " + request.method + " not allowed here"));
    r.headers.emplace_back("Allow", allow);
    co_return r;
  }
  CountRequest("unmatched", request.method, 404);
  co_return ErrorResponse(core::NotFound("no route for " + request.method + " " + std::string(path)));
}

}  // namespace contrail::server
