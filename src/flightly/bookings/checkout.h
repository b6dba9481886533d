#pragma once
// Paying for a held booking and cancelling a booking: the payment processor and the booking store
// (booking_store.h) in the order that never loses or doubles money.
//
//   PayBooking:    charge once under the booking's key ("pay:K7Q2XM") → confirmed, with the
//                  payment and the confirmation in one transaction. Declined → the hold released.
//                  No answer in time → the charge voided under the same key, then the hold
//                  released; if even the void fails the booking stays held (the same call later,
//                  or the hold's expiry, settles it). A charge whose hold lapsed meanwhile is
//                  refunded. Called again for the same booking (a retry, a resumed turn), every
//                  step finds what the first call did: the processor replays the charge, the
//                  store confirms once.
//   CancelBooking: the refund as the fare's rules say (RefundFor), through the processor under
//                  "refund:K7Q2XM", then the booking cancelled with the seats back and the
//                  cancellation in the outbox.
//
// Both act only on the caller's own bookings (a booking of another user is kNoBooking).

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <string>

#include "core/result.h"
#include "flightly/bookings/booking_store.h"

namespace contrail::flightly {

class PaymentProcessor;

enum class PayOutcome {
  kConfirmed,   // paid and confirmed (now, or by an earlier call)
  kDeclined,    // the card was declined: released, nothing charged
  kFailed,      // the processor did not answer in time or failed: voided and released
  kPending,     // the processor's answer and the void both failed: still held, try again
  kLapsed,      // the hold expired before the charge landed: the charge was refunded
  kNotPayable,  // cancelled before this call
  kNoBooking,
};

struct PayResult {
  PayOutcome outcome = PayOutcome::kNoBooking;
  Booking booking;      // as it is after the call (when there is one)
  std::string detail;   // the processor's decline message, or what failed
};

// `processor` may be null (payments are not configured): kUnavailable, the booking stays held.
boost::asio::awaitable<core::Result<PayResult>> PayBooking(pg::Pool& pool, PaymentProcessor* processor,
                                                           std::string user, std::string reference,
                                                           std::string source);

// What cancelling a confirmed booking gives back, as data/knowledge/policies/cancellation-and-
// refunds.md and travel-insurance.md say: everything within 24 hours of booking when the flight
// leaves at least 7 days after it was booked; otherwise a refundable fare is refunded and a
// non-refundable one kept as Flightly credit, and the insurance premium is refunded within its
// 10-day review period.
struct RefundDecision {
  std::int64_t refund_cents = 0;
  std::int64_t credit_cents = 0;
  std::string rule;  // for people: "the 24-hour rule"
};
RefundDecision RefundFor(const Booking& booking, std::int64_t now_ms);

enum class CancelOutcome { kCancelled, kAlreadyCancelled, kDeparted, kNoBooking };

struct CancelResult {
  CancelOutcome outcome = CancelOutcome::kNoBooking;
  Booking booking;
  RefundDecision refund;
};

// A held booking is released (nothing was charged); a confirmed one refunded as RefundFor says.
// A refund needs `processor` (kUnavailable without it); the processor's failure leaves the booking
// confirmed and is returned.
boost::asio::awaitable<core::Result<CancelResult>> CancelBooking(pg::Pool& pool, PaymentProcessor* processor,
                                                                 std::string user, std::string reference,
                                                                 std::int64_t now_ms);

// The booking as tools and GET /v1/bookings show it (amounts in USD and in cents).
boost::json::object BookingJson(const Booking& booking);

// "$1,188.54": an amount in cents as bookings and their messages show it.
std::string FormatUsd(std::int64_t cents);

// "held" | "confirmed" | "declined" | "failed" | "pending" | "lapsed" | "not_payable" | "no_booking"
const char* PayOutcomeName(PayOutcome outcome);

}  // namespace contrail::flightly
