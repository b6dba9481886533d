#pragma once
// The route table: method, path pattern, who may call it and handler, all in one place (app.cc).
//
//   Router router;
//   router.Add("GET", "/v1/users/{id}/profile", "profile", Access::kCaller, &GetProfile);
//   router.Dispatch(request, services)  // 404 / 405 (with Allow) when nothing matches
//
// A `{name}` segment matches one non-empty path segment; its raw text is in params, in order.
// Every route but a kPublic one authenticates the caller before its handler runs (401 without a
// good key, 403 for a non-admin on a kAdmin route); a handler that acts for a user checks the
// caller may (identity.h: AuthorizeUser). An admitted caller's key then takes one request from its
// rate limit (limits/limiter.h: 429 with Retry-After at the limit).

#include <boost/asio/awaitable.hpp>
#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "net/http_message.h"
#include "server/auth/principal.h"

namespace contrail::core {
class Counter;
class Histogram;
}

namespace contrail::server {

struct Services;

// Who may call a route.
enum class Access {
  kPublic,  // anyone, no key (health checks)
  kCaller,  // any valid key; acting for a user is checked by the handler
  kAdmin,   // an admin key
};

struct RouteContext {
  net::HttpRequest& request;
  Services& services;
  std::vector<std::string> params;  // percent-decoded captures of {…} segments
  auth::Principal caller;           // who is calling (on a kPublic route: nobody, acting for no user)
};

using RouteHandler = boost::asio::awaitable<net::HttpResponse> (*)(RouteContext&);

class Router {
 public:
  // `name` labels the route in metrics and logs. Must be called before serving.
  void Add(std::string method, std::string pattern, std::string name, Access access, RouteHandler handler);

  struct RouteInfo {
    std::string method;
    std::string pattern;  // as added, e.g. "/v1/users/{id}/profile"
    Access access;
  };
  // Every route, in the order added (tests walk the table to check each route's access).
  std::vector<RouteInfo> routes() const;

  // Routes the request, records per-route metrics, and maps errors/exceptions to JSON bodies.
  boost::asio::awaitable<net::HttpResponse> Dispatch(net::HttpRequest& request, Services& services) const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;  // "{}" for a capture
    std::string name;
    Access access;
    RouteHandler handler;
    core::Histogram* latency;
    // Request counters by status, created on first use (GetCounter returns the same counter to
    // racing threads, so a lost store is harmless).
    std::unique_ptr<std::atomic<core::Counter*>[]> by_status;
  };
  static void Count(const Route& route, std::string_view method, int status);
  // Who is calling, when the route lets them: the caller's principal, or the 401/403 to answer.
  static boost::asio::awaitable<core::Result<auth::Principal>> Admit(const Route& route, const net::HttpRequest& request,
                                                                     Services& services);
  static bool Match(const Route& route, std::string_view path, std::vector<std::string>& params);

  std::vector<Route> routes_;
};

}  // namespace contrail::server
