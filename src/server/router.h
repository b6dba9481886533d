#pragma once
// The route table: method, path pattern and handler, all in one place (app.cc).
//
//   Router router;
//   router.Add("GET", "/v1/users/{id}/profile", "profile", &GetProfile);
//   router.Dispatch(request, services)  // 404 / 405 (with Allow) when nothing matches
//
// A `{name}` segment matches one non-empty path segment; its raw text is in params, in order.

#include <boost/asio/awaitable.hpp>
#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "net/http_message.h"

namespace contrail::core {
class Counter;
class Histogram;
}

namespace contrail::server {

struct Services;

struct RouteContext {
  net::HttpRequest& request;
  Services& services;
  std::vector<std::string> params;  // percent-decoded captures of {…} segments
};

using RouteHandler = boost::asio::awaitable<net::HttpResponse> (*)(RouteContext&);

class Router {
 public:
  // `name` labels the route in metrics and logs. Must be called before serving.
  void Add(std::string method, std::string pattern, std::string name, RouteHandler handler);

  // Routes the request, records per-route metrics, and maps errors/exceptions to JSON bodies.
  boost::asio::awaitable<net::HttpResponse> Dispatch(net::HttpRequest& request, Services& services) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{}" for a capture
    std::string name;
    RouteHandler handler;
    core::Histogram* latency;
    // Request counters by status, created on first use (GetCounter returns the same counter to
    // racing threads, so a lost store is harmless).
    std::unique_ptr<std::atomic<core::Counter*>[]> by_status;
  };
  static void Count(const Route& route, std::string_view method, int status);
  static bool Match(const Route& route, std::string_view path, std::vector<std::string>& params);

  std::vector<Route> routes_;
};

}  // namespace contrail::server
