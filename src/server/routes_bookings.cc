// The caller's bookings (flightly/bookings/checkout.h):
//   GET  /v1/bookings                  newest first (?status=held|confirmed|cancelled, ?limit= 1..100,
//                                      ?after= the last id of the previous page)
//   GET  /v1/bookings/{id}             one booking by its reference
//   POST /v1/bookings/{id}/cancel      cancels it; the refund follows the fare's rules
// The user is the caller's (a user key), or ?user= / X-User-Id for service and admin keys. A
// booking of another user is 404, as one that does not exist: nothing says it exists.

#include <boost/json.hpp>

#include "core/clock.h"
#include "flightly/booking_ask.h"
#include "flightly/bookings/checkout.h"
#include "server/identity.h"
#include "server/query_params.h"
#include "server/respond.h"
#include "server/routes.h"
#include "server/services.h"

namespace contrail::server {

namespace json = boost::json;

namespace {

// The booking reference of the path, in any case (flightly::AsBookingReference).
core::Result<std::string> ReferenceParam(const RouteContext& ctx) {
  std::string ref = flightly::AsBookingReference(ctx.params[0], true);
  if (ref.empty()) {
    return core::InvalidArgument("the booking id must be a booking reference: six letters and digits, e.g. K7Q2XM", "id");
  }
  return ref;
}

core::Error NoSuchBooking(const std::string& reference) {
  return core::Error{core::Code::kNotFound, "no booking " + reference, "id"};
}

// A page's cursor: the id of the last booking of the previous page ("" for the first).
core::Result<std::int64_t> AfterParam(const net::HttpRequest& request) {
  CONTRAIL_TRY(std::optional<std::string> after, request.QueryParam("after"));
  if (!after || after->empty()) return std::int64_t{0};
  std::int64_t id = 0;
  for (char c : *after) {
    if (c < '0' || c > '9' || id > (INT64_MAX - 9) / 10) return core::InvalidArgument("`after` must be a booking's cursor", "after");
    id = id * 10 + (c - '0');
  }
  return id;
}

}  // namespace

Handler ListBookingsRoute(RouteContext& ctx) {
  auto user = RouteUser(ctx.request, ctx.caller, "bookings");
  if (!user) co_return ErrorResponse(user.error());
  auto status = ChoiceParam(ctx.request, "status", {"held", "confirmed", "cancelled", "all"}, "all");
  if (!status) co_return ErrorResponse(status.error());
  auto limit = IntParam(ctx.request, "limit", 1, 100, 20);
  if (!limit) co_return ErrorResponse(limit.error());
  auto after = AfterParam(ctx.request);
  if (!after) co_return ErrorResponse(after.error());
  // One more than the page, to know whether another follows.
  std::string only = *status == "all" ? "" : *status;
  auto bookings = co_await flightly::ListBookings(ctx.services.pg, *user, *limit + 1, *after, std::move(only));
  if (!bookings) co_return ErrorResponse(bookings.error());
  const bool more = static_cast<int>(bookings->size()) > *limit;
  if (more) bookings->pop_back();
  json::array data;
  for (const flightly::Booking& b : *bookings) data.push_back(flightly::BookingJson(b));
  json::object body{{"object", "list"}, {"data", std::move(data)}, {"has_more", more}};
  if (more) body["next_cursor"] = std::to_string(bookings->back().id);
  co_return JsonResponse(200, json::serialize(body));
}

Handler GetBookingRoute(RouteContext& ctx) {
  auto reference = ReferenceParam(ctx);
  if (!reference) co_return ErrorResponse(reference.error());
  auto user = RouteUser(ctx.request, ctx.caller, "a booking");
  if (!user) co_return ErrorResponse(user.error());
  auto booking = co_await flightly::GetBooking(ctx.services.pg, *user, *reference);
  if (!booking) co_return ErrorResponse(booking.error());
  if (!*booking) co_return ErrorResponse(NoSuchBooking(*reference));
  co_return JsonResponse(200, json::serialize(flightly::BookingJson(**booking)));
}

Handler CancelBookingRoute(RouteContext& ctx) {
  auto reference = ReferenceParam(ctx);
  if (!reference) co_return ErrorResponse(reference.error());
  auto user = RouteUser(ctx.request, ctx.caller, "a booking");
  if (!user) co_return ErrorResponse(user.error());
  auto cancelled = co_await flightly::CancelBooking(ctx.services.pg, ctx.services.payments, *user, *reference,
                                                    core::UnixMillis());
  if (!cancelled) co_return ErrorResponse(cancelled.error());
  switch (cancelled->outcome) {
    case flightly::CancelOutcome::kNoBooking: co_return ErrorResponse(NoSuchBooking(*reference));
    case flightly::CancelOutcome::kDeparted:
      co_return ErrorResponse(core::Error{core::Code::kConflict, "booking " + *reference + " has already departed", "id"});
    case flightly::CancelOutcome::kAlreadyCancelled:
    case flightly::CancelOutcome::kCancelled: break;
  }
  json::object body = flightly::BookingJson(cancelled->booking);
  if (cancelled->outcome == flightly::CancelOutcome::kCancelled) {
    body["refund"] = json::object{{"refund_usd", static_cast<double>(cancelled->refund.refund_cents) / 100.0},
                                  {"credit_usd", static_cast<double>(cancelled->refund.credit_cents) / 100.0},
                                  {"rule", cancelled->refund.rule}};
  }
  co_return JsonResponse(200, json::serialize(body));
}

}  // namespace contrail::server
