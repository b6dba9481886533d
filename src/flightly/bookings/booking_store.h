#pragma once
// Flightly's bookings in PostgreSQL (migration 0017): each write is one transaction inside one
// function call, so a booking is never half-made.
//
//   held ──pay: captured──▶ confirmed ──cancel──▶ cancelled (refund as the fare's rules say)
//     └──declined, timed out, hold expired──▶ cancelled (seats back, nothing charged; a lapsed
//                                              hold's charge key voided by the reconciler)
//
// A hold locks the flight's row, gives back the seats of its expired holds, takes the party's seats
// and writes the booking (and its insurance) under the request's idempotency key and the flight's
// route: the same key again for the route returns the first booking, concurrently too, even when
// the retry picked another flight of the route. Confirming and releasing lock the booking's
// row and act only on a held booking, so a payment result that arrives twice (a retry, a resumed
// turn) changes nothing the second time. Reads and writes are always by the owning user: a booking
// of another user is not found.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace contrail::pg {
class Pool;
}

namespace contrail::flightly {

// How long a held booking keeps its seats when its payment never comes.
inline constexpr int kHoldMinutes = 15;

struct BookedFlight {
  std::int64_t id = 0;
  std::string flight_no;      // "HA 12"
  std::string airline_name;   // "Hawaiian Airlines" ("" when the airlines table lacks it)
  std::string origin;         // IATA
  std::string destination;
  std::string depart_local;   // "2027-03-14T08:10", the origin's local time
  std::string arrive_local;   // the destination's
  std::string cabin;
  bool refundable = false;
  std::int64_t depart_ms = 0;  // Unix ms
};

struct Booking {
  std::int64_t id = 0;
  std::string reference;      // the PNR, "K7Q2XM"
  std::string status;         // held | confirmed | cancelled
  std::string status_reason;  // why it was cancelled
  BookedFlight flight;
  std::int64_t passengers = 1;
  std::int64_t fare_cents = 0;       // a person's
  std::string insurance_plan;        // essential | plus | premier; "" for none
  std::string insurance_title;       // "Plus"
  std::int64_t insurance_cents = 0;
  std::int64_t total_cents = 0;      // fares and insurance
  std::string currency = "USD";
  std::string contact_email;
  std::int64_t refunded_cents = 0;
  std::int64_t credit_cents = 0;
  std::string charge_id;             // the processor's, once captured
  std::string payment_status;        // the last payment's: captured | refunded | failed; "" for none
  std::int64_t created_ms = 0;
  std::int64_t hold_expires_ms = 0;  // a held booking's; 0 otherwise
};

struct HoldRequest {
  std::string user;             // validated user id (core::CheckId)
  std::string idempotency_key;  // already scoped by the caller to the user (BookingKey)
  std::int64_t flight_id = 0;
  std::int64_t passengers = 1;
  std::string insurance_plan;   // "" for none
  std::string email;            // where the confirmation goes
  std::string name;             // the customer's name when the user is new
  std::string session;          // the chat session that books ("" for none)
};

enum class HoldOutcome { kHeld, kExisting, kSoldOut, kNoFlight, kDeparted, kNoPlan };

struct HoldResult {
  HoldOutcome outcome = HoldOutcome::kHeld;
  std::optional<Booking> booking;  // kHeld and kExisting
};

// The key a user's request books under: the user and the request's own key, so two users' keys
// never meet.
std::string BookingKey(std::string_view user, std::string_view key);

boost::asio::awaitable<core::Result<HoldResult>> HoldBooking(pg::Pool& pool, HoldRequest request);

// The user's booking with `reference`, or nullopt (none, or another user's).
boost::asio::awaitable<core::Result<std::optional<Booking>>> GetBooking(pg::Pool& pool, std::string user,
                                                                        std::string reference);

// The user's bookings, newest first: at most `limit`, those created before `before_id` when it is
// not 0 (the last id of the previous page), of `status` when it is not "".
boost::asio::awaitable<core::Result<std::vector<Booking>>> ListBookings(pg::Pool& pool, std::string user, int limit,
                                                                        std::int64_t before_id, std::string status = "");

// What a booking tells its customer (booking_outbox).
struct OutboxMessage {
  std::string subject;
  std::string body;
  std::string payload_json;  // itinerary, insurance, amounts
};

struct CapturedPayment {
  std::string idempotency_key;  // the charge's key (PaymentKey)
  std::string charge_id;
  std::int64_t amount_cents = 0;
  std::string method = "card";
};

// Outcomes of the writes below: the status the booking has after the call ("confirmed",
// "cancelled"), "released" when a release gave the seats back, "no_booking".
boost::asio::awaitable<core::Result<std::string>> ConfirmBooking(pg::Pool& pool, std::int64_t booking_id,
                                                                 CapturedPayment payment, OutboxMessage message);
// `failure` is the processor's decline code or "timeout"; the payment is recorded as failed.
boost::asio::awaitable<core::Result<std::string>> ReleaseBooking(pg::Pool& pool, std::int64_t booking_id,
                                                                 std::string reason, CapturedPayment attempted,
                                                                 std::string failure);
boost::asio::awaitable<core::Result<std::string>> CancelConfirmedBooking(pg::Pool& pool, std::int64_t booking_id,
                                                                         std::int64_t refund_cents,
                                                                         std::int64_t credit_cents,
                                                                         OutboxMessage message);

// A booking whose hold ran out unpaid, for the reconciler (reconciler.h).
struct LapsedBooking {
  std::int64_t id = 0;
  std::string reference;
  std::string status;  // held (past its hold) | cancelled (a lapse released it)
  std::int64_t total_cents = 0;
};
// Held bookings whose hold ran out more than `grace_s` seconds ago, and bookings a lapse cancelled
// whose payment key was not voided yet: at most `limit`, oldest first.
boost::asio::awaitable<core::Result<std::vector<LapsedBooking>>> ListLapsedBookings(pg::Pool& pool, int grace_s,
                                                                                   int limit);
// Notes that a lapsed booking's payment key was voided (`charge_id`: the charge the void found, ""
// for none). Outcomes: "settled", or the status of a booking that is not a lapsed one.
boost::asio::awaitable<core::Result<std::string>> SettleLapse(pg::Pool& pool, std::int64_t booking_id,
                                                              std::string payment_key, std::string charge_id,
                                                              std::int64_t amount_cents);

// Forgets `user` as a customer (DELETE /v1/users/{id}; flightly_forget_customer): their bookings
// and payments stay, unlinked from them and without their contact details; the messages addressed
// to them go. Returns the number of bookings unlinked.
boost::asio::awaitable<core::Result<std::int64_t>> ForgetCustomer(pg::Pool& pool, std::string user);

}  // namespace contrail::flightly
