#include "flightly/bookings/checkout.h"

#include <boost/json.hpp>
#include <cstdio>

#include "core/log.h"
#include "flightly/bookings/payment_processor.h"

namespace contrail::flightly {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

double Usd(std::int64_t cents) { return static_cast<double>(cents) / 100.0; }

std::string Itinerary(const Booking& b) {
  const BookedFlight& f = b.flight;
  std::string line = f.flight_no + (f.airline_name.empty() ? "" : " (" + f.airline_name + ")") + ", " + f.origin +
                     " → " + f.destination + ", departs " + f.depart_local + " local time, arrives " +
                     f.arrive_local + ", " + f.cabin;
  return line;
}

std::string InsuranceLine(const Booking& b) {
  if (b.insurance_plan.empty()) return "Travel insurance: none";
  return "Travel insurance: " + b.insurance_title + " plan, " + FormatUsd(b.insurance_cents);
}

std::string Payload(const Booking& b, std::int64_t amount_cents, std::string_view amount_key) {
  json::object o = BookingJson(b);
  o[amount_key] = Usd(amount_cents);
  return json::serialize(o);
}

OutboxMessage Confirmation(const Booking& b, const std::string& charge_id) {
  OutboxMessage m;
  m.subject = "Your Flightly booking " + b.reference + " is confirmed";
  m.body = "Hello,\n\nyour booking " + b.reference + " is confirmed.\n\nFlight: " + Itinerary(b) +
           "\nTravellers: " + std::to_string(b.passengers) + " × " + FormatUsd(b.fare_cents) + " = " +
           FormatUsd(b.fare_cents * b.passengers) + "\n" + InsuranceLine(b) + "\nTotal charged: " +
           FormatUsd(b.total_cents) + " (charge " + charge_id + ")\n\nAsk Flightly to change or cancel it at any time.\n";
  m.payload_json = Payload(b, b.total_cents, "charged_usd");
  return m;
}

OutboxMessage Cancellation(const Booking& b, const RefundDecision& d) {
  OutboxMessage m;
  m.subject = "Your Flightly booking " + b.reference + " is cancelled";
  m.body = "Hello,\n\nyour booking " + b.reference + " is cancelled.\n\nFlight: " + Itinerary(b) + "\n" +
           InsuranceLine(b) + "\nRefunded to your card: " + FormatUsd(d.refund_cents) +
           (d.credit_cents > 0 ? "\nKept as Flightly credit (valid 12 months): " + FormatUsd(d.credit_cents) : "") +
           "\nWhy: " + d.rule + ".\n";
  m.payload_json = Payload(b, d.refund_cents, "refunded_usd");
  return m;
}

// The booking as it is now (after a write), or `fallback` when it cannot be read back.
asio::awaitable<Booking> Reload(pg::Pool& pool, const std::string& user, Booking fallback) {
  auto now = co_await GetBooking(pool, user, fallback.reference);
  if (now && now->has_value()) co_return std::move(**now);
  co_return fallback;
}

// The processor did not say whether it charged: void the key, then give the seats back. A failed
// void leaves the booking held (kPending).
asio::awaitable<core::Result<PayResult>> SettleUnanswered(pg::Pool& pool, PaymentProcessor& processor,
                                                          const std::string& user, const Booking& booking,
                                                          const CapturedPayment& attempt, const core::Error& error) {
  PayResult result;
  result.booking = booking;
  result.detail = error.message;
  auto voided = co_await processor.Void(attempt.idempotency_key);
  if (!voided) {
    core::log::Warn("payment unsettled: no answer, and the void failed (the booking stays held)",
                    {{"booking", booking.reference}, {"error", error.message}, {"void_error", voided.error().message}});
    result.outcome = PayOutcome::kPending;
    co_return result;
  }
  const std::string failure = error.code == core::Code::kTimeout ? "timeout" : "processor_error";
  auto released = co_await ReleaseBooking(pool, booking.id, "payment failed: " + failure, attempt, failure);
  if (!released) co_return released.error();
  result.outcome = PayOutcome::kFailed;
  result.booking = co_await Reload(pool, user, booking);
  co_return result;
}

}  // namespace

asio::awaitable<core::Result<PayResult>> PayBooking(pg::Pool& pool, PaymentProcessor* processor, std::string user,
                                                    std::string reference, std::string source) {
  CONTRAIL_CO_TRY(std::optional<Booking> found, co_await GetBooking(pool, user, reference));
  PayResult result;
  if (!found) co_return result;
  result.booking = *found;
  if (found->status == "confirmed") {
    result.outcome = PayOutcome::kConfirmed;
    co_return result;
  }
  if (found->status != "held") {
    result.outcome = PayOutcome::kNotPayable;
    co_return result;
  }
  if (processor == nullptr) co_return core::Unavailable("payments are not configured ([payments] url)");
  CapturedPayment attempt{.idempotency_key = "pay:" + found->reference, .charge_id = "",
                          .amount_cents = found->total_cents, .method = "card"};
  ChargeRequest charge{.idempotency_key = attempt.idempotency_key, .amount_cents = found->total_cents,
                       .currency = found->currency, .source = source,
                       .description = "Flightly booking " + found->reference};
  auto charged = co_await processor->Charge(std::move(charge));
  if (!charged) co_return co_await SettleUnanswered(pool, *processor, user, *found, attempt, charged.error());
  if (charged->outcome == ChargeOutcome::kDeclined) {
    const std::string code = charged->decline_code.empty() ? "card_declined" : charged->decline_code;
    auto released = co_await ReleaseBooking(pool, found->id, "payment declined", attempt, code);
    if (!released) co_return released.error();
    result.outcome = PayOutcome::kDeclined;
    result.detail = charged->message;
    result.booking = co_await Reload(pool, user, *found);
    co_return result;
  }
  attempt.charge_id = charged->charge.id;
  CONTRAIL_CO_TRY(std::string status,
                  co_await ConfirmBooking(pool, found->id, attempt, Confirmation(*found, attempt.charge_id)));
  if (status != "confirmed") {  // the hold lapsed while the card was charged: give the money back
    auto refunded = co_await processor->Refund("refund:" + found->reference, attempt.charge_id, found->total_cents);
    if (!refunded) co_return refunded.error();
    result.outcome = PayOutcome::kLapsed;
  } else {
    result.outcome = PayOutcome::kConfirmed;
  }
  result.booking = co_await Reload(pool, user, *found);
  co_return result;
}

RefundDecision RefundFor(const Booking& b, std::int64_t now_ms) {
  RefundDecision d;
  const bool within_day = now_ms - b.created_ms <= kDayMs;
  const bool leaves_after_a_week = b.flight.depart_ms - b.created_ms >= 7 * kDayMs;
  if (within_day && leaves_after_a_week) {
    d.refund_cents = b.total_cents;
    d.rule = "the 24-hour rule: a booking cancelled within 24 hours of booking is refunded in full";
    return d;
  }
  const std::int64_t fares = b.total_cents - b.insurance_cents;
  if (b.flight.refundable) {
    d.refund_cents = fares;
    d.rule = "the fare is refundable";
  } else {
    d.credit_cents = fares;
    d.rule = "the fare is non-refundable, so it is kept as Flightly credit";
  }
  if (b.insurance_cents > 0) {
    if (now_ms - b.created_ms <= 10 * kDayMs) {
      d.refund_cents += b.insurance_cents;
      d.rule += "; the insurance is refunded within its 10-day review period";
    } else {
      d.rule += "; the insurance's 10-day review period is over";
    }
  }
  return d;
}

asio::awaitable<core::Result<CancelResult>> CancelBooking(pg::Pool& pool, PaymentProcessor* processor,
                                                          std::string user, std::string reference,
                                                          std::int64_t now_ms) {
  CONTRAIL_CO_TRY(std::optional<Booking> found, co_await GetBooking(pool, user, reference));
  CancelResult result;
  if (!found) co_return result;
  result.booking = *found;
  if (found->status == "cancelled") {
    result.outcome = CancelOutcome::kAlreadyCancelled;
    co_return result;
  }
  if (found->flight.depart_ms <= now_ms) {
    result.outcome = CancelOutcome::kDeparted;
    co_return result;
  }
  if (found->status == "held") {  // nothing was charged
    auto released = co_await ReleaseBooking(pool, found->id, "cancelled by the customer", CapturedPayment{}, "");
    if (!released) co_return released.error();
    result.outcome = CancelOutcome::kCancelled;
    result.booking = co_await Reload(pool, user, *found);
    co_return result;
  }
  result.refund = RefundFor(*found, now_ms);
  if (result.refund.refund_cents > 0) {
    if (processor == nullptr) co_return core::Unavailable("payments are not configured ([payments] url)");
    auto refunded = co_await processor->Refund("refund:" + found->reference, found->charge_id,
                                               result.refund.refund_cents);
    if (!refunded) co_return refunded.error();
  }
  CONTRAIL_CO_TRY(std::string status,
                  co_await CancelConfirmedBooking(pool, found->id, result.refund.refund_cents,
                                                  result.refund.credit_cents, Cancellation(*found, result.refund)));
  result.outcome = status == "cancelled" ? CancelOutcome::kCancelled : CancelOutcome::kAlreadyCancelled;
  result.booking = co_await Reload(pool, user, *found);
  co_return result;
}

json::object BookingJson(const Booking& b) {
  const BookedFlight& f = b.flight;
  json::object flight{{"flight_id", f.id},         {"flight_no", f.flight_no},     {"airline_name", f.airline_name},
                      {"origin", f.origin},        {"destination", f.destination}, {"depart_time", f.depart_local},
                      {"arrive_time", f.arrive_local}, {"cabin", f.cabin},         {"refundable", f.refundable}};
  json::object o{{"object", "booking"},
                 {"id", b.reference},
                 {"status", b.status},
                 {"flight", std::move(flight)},
                 {"passengers", b.passengers},
                 {"fare_usd", Usd(b.fare_cents)},
                 {"insurance", b.insurance_plan.empty()
                                   ? json::value(nullptr)
                                   : json::value(json::object{{"plan", b.insurance_plan},
                                                              {"title", b.insurance_title},
                                                              {"premium_usd", Usd(b.insurance_cents)}})},
                 {"total_usd", Usd(b.total_cents)},
                 {"total_cents", b.total_cents},
                 {"currency", b.currency},
                 {"contact_email", b.contact_email},
                 {"created_at", b.created_ms / 1000}};
  if (!b.status_reason.empty()) o["status_reason"] = b.status_reason;
  if (b.hold_expires_ms > 0) o["hold_expires_at"] = b.hold_expires_ms / 1000;
  if (!b.payment_status.empty()) o["payment"] = json::object{{"status", b.payment_status}, {"charge_id", b.charge_id}};
  if (b.refunded_cents > 0) o["refunded_usd"] = Usd(b.refunded_cents);
  if (b.credit_cents > 0) o["credit_usd"] = Usd(b.credit_cents);
  return o;
}

std::string FormatUsd(std::int64_t cents) {
  const std::string whole = std::to_string(cents / 100);
  std::string grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  char tail[8];
  std::snprintf(tail, sizeof tail, ".%02lld", static_cast<long long>(cents % 100));
  return "$" + grouped + tail;
}

const char* PayOutcomeName(PayOutcome outcome) {
  switch (outcome) {
    case PayOutcome::kConfirmed: return "confirmed";
    case PayOutcome::kDeclined: return "declined";
    case PayOutcome::kFailed: return "failed";
    case PayOutcome::kPending: return "pending";
    case PayOutcome::kLapsed: return "lapsed";
    case PayOutcome::kNotPayable: return "not_payable";
    case PayOutcome::kNoBooking: return "no_booking";
  }
  return "no_booking";
}

}  // namespace contrail::flightly
