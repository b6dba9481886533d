#include "flightly/bookings/booking_store.h"

#include "net/sha256.h"
#include "pg/pool.h"
#include "pg/rows.h"
#include "pg/statement.h"

namespace contrail::flightly {

namespace asio = boost::asio;

namespace {

// The booking with its flight, insurance and last payment; the caller adds WHERE and ORDER BY.
constexpr std::string_view kBookingSelect =
    "SELECT b.id, b.reference, b.status, coalesce(b.status_reason, ''), b.passengers, coalesce(b.fare_cents, 0), "
    "b.insurance_cents, b.total_cents, b.currency, coalesce(b.contact_email, ''), b.refunded_cents, b.credit_cents, "
    "(extract(epoch FROM b.created_at) * 1000)::bigint, "
    "coalesce((extract(epoch FROM b.hold_expires_at) * 1000)::bigint, 0), "
    "f.id, f.flight_no, coalesce(a.name, ''), f.origin, f.destination, "
    "to_char(f.depart_time AT TIME ZONE o.tz, 'YYYY-MM-DD\"T\"HH24:MI'), "
    "to_char(f.arrive_time AT TIME ZONE d.tz, 'YYYY-MM-DD\"T\"HH24:MI'), f.cabin, f.refundable, "
    "(extract(epoch FROM f.depart_time) * 1000)::bigint, "
    "coalesce(i.plan, ''), coalesce(ip.title, ''), coalesce(p.processor_charge_id, ''), coalesce(p.status, '') "
    "FROM bookings b JOIN flights f ON f.id = b.flight_id LEFT JOIN airlines a ON a.code = f.airline "
    "JOIN airports o ON o.iata = f.origin JOIN airports d ON d.iata = f.destination "
    "LEFT JOIN insurance_policies i ON i.booking_id = b.id LEFT JOIN insurance_plans ip ON ip.plan = i.plan "
    "LEFT JOIN LATERAL (SELECT processor_charge_id, status FROM payments WHERE booking_id = b.id "
    "ORDER BY id DESC LIMIT 1) p ON true ";

Booking ReadBooking(const pg::Rows& rows, int r) {
  Booking b;
  b.id = rows.int64(r, 0);
  b.reference = rows.text(r, 1);
  b.status = rows.text(r, 2);
  b.status_reason = rows.text(r, 3);
  b.passengers = rows.int64(r, 4);
  b.fare_cents = rows.int64(r, 5);
  b.insurance_cents = rows.int64(r, 6);
  b.total_cents = rows.int64(r, 7);
  b.currency = rows.text(r, 8);
  b.contact_email = rows.text(r, 9);
  b.refunded_cents = rows.int64(r, 10);
  b.credit_cents = rows.int64(r, 11);
  b.created_ms = rows.int64(r, 12);
  b.hold_expires_ms = rows.int64(r, 13);
  BookedFlight& f = b.flight;
  f.id = rows.int64(r, 14);
  f.flight_no = rows.text(r, 15);
  f.airline_name = rows.text(r, 16);
  f.origin = rows.text(r, 17);
  f.destination = rows.text(r, 18);
  f.depart_local = rows.text(r, 19);
  f.arrive_local = rows.text(r, 20);
  f.cabin = rows.text(r, 21);
  f.refundable = rows.boolean(r, 22);
  f.depart_ms = rows.int64(r, 23);
  b.insurance_plan = rows.text(r, 24);
  b.insurance_title = rows.text(r, 25);
  b.charge_id = rows.text(r, 26);
  b.payment_status = rows.text(r, 27);
  return b;
}

asio::awaitable<core::Result<std::optional<Booking>>> BookingById(pg::Pool& pool, std::int64_t id) {
  pg::Params p;
  p.Int(id);
  pg::Statement s(std::string(kBookingSelect) + "WHERE b.id = $1", std::move(p), "booking_by_id");
  CONTRAIL_CO_TRY(pg::Rows rows, co_await pool.Execute(std::move(s)));
  if (rows.empty()) co_return std::optional<Booking>();
  co_return std::optional<Booking>(ReadBooking(rows, 0));
}

HoldOutcome ParseHoldOutcome(std::string_view outcome) {
  if (outcome == "existing") return HoldOutcome::kExisting;
  if (outcome == "sold_out") return HoldOutcome::kSoldOut;
  if (outcome == "no_flight") return HoldOutcome::kNoFlight;
  if (outcome == "departed") return HoldOutcome::kDeparted;
  if (outcome == "no_plan") return HoldOutcome::kNoPlan;
  return HoldOutcome::kHeld;
}

// The first column of a one-row result as text ("" for none).
asio::awaitable<core::Result<std::string>> Outcome(pg::Pool& pool, pg::Statement statement) {
  CONTRAIL_CO_TRY(pg::Rows rows, co_await pool.Execute(std::move(statement)));
  co_return rows.empty() ? std::string() : std::string(rows.text(0, 0));
}

}  // namespace

std::string BookingKey(std::string_view user, std::string_view key) {
  // The user's id as it is (ids are [A-Za-z0-9_.:-], so ':' may occur) and a hash of the key: a
  // client's key of any length and alphabet fits the column, and the user part keeps keys apart.
  return std::string(user) + "/" + net::DigestHex(net::Sha256(key), 16);
}

asio::awaitable<core::Result<HoldResult>> HoldBooking(pg::Pool& pool, HoldRequest request) {
  pg::Params p;
  p.Text(request.user).Text(request.idempotency_key).Int(request.flight_id).Int4(static_cast<int>(request.passengers));
  if (request.insurance_plan.empty()) p.Null(pg::oid::kText); else p.Text(request.insurance_plan);
  p.Text(request.email).Text(request.name.empty() ? request.user : request.name);
  if (request.session.empty()) p.Null(pg::oid::kText); else p.Text(request.session);
  p.Int4(kHoldMinutes);
  pg::Statement s("SELECT outcome, booking_id FROM flightly_hold_booking($1, $2, $3, $4::integer, $5, $6, $7, $8, "
                  "$9::integer)",
                  std::move(p), "hold_booking");
  CONTRAIL_CO_TRY(pg::Rows rows, co_await pool.Execute(std::move(s)));
  HoldResult result;
  result.outcome = ParseHoldOutcome(rows.text(0, 0));
  const std::int64_t id = rows.is_null(0, 1) ? 0 : rows.int64(0, 1);
  if (id != 0) {
    CONTRAIL_CO_TRY(result.booking, co_await BookingById(pool, id));
  }
  co_return result;
}

asio::awaitable<core::Result<std::optional<Booking>>> GetBooking(pg::Pool& pool, std::string user,
                                                                 std::string reference) {
  pg::Params p;
  p.Text(user).Text(reference);
  pg::Statement s(std::string(kBookingSelect) + "WHERE b.user_id = $1 AND b.reference = $2", std::move(p),
                  "booking_by_reference");
  CONTRAIL_CO_TRY(pg::Rows rows, co_await pool.Execute(std::move(s)));
  if (rows.empty()) co_return std::optional<Booking>();
  co_return std::optional<Booking>(ReadBooking(rows, 0));
}

asio::awaitable<core::Result<std::vector<Booking>>> ListBookings(pg::Pool& pool, std::string user, int limit,
                                                                 std::int64_t before_id, std::string status) {
  pg::Params p;
  p.Text(user).Int(before_id).Int(limit).Text(status);
  pg::Statement s(std::string(kBookingSelect) +
                      "WHERE b.user_id = $1 AND ($2 = 0 OR b.id < $2) AND ($4 = '' OR b.status = $4) "
                      "ORDER BY b.id DESC LIMIT $3",
                  std::move(p), "list_bookings");
  CONTRAIL_CO_TRY(pg::Rows rows, co_await pool.Execute(std::move(s)));
  std::vector<Booking> out;
  out.reserve(static_cast<std::size_t>(rows.size()));
  for (int r = 0; r < rows.size(); ++r) out.push_back(ReadBooking(rows, r));
  co_return out;
}

asio::awaitable<core::Result<std::string>> ConfirmBooking(pg::Pool& pool, std::int64_t booking_id,
                                                          CapturedPayment payment, OutboxMessage message) {
  pg::Params p;
  p.Int(booking_id).Text(payment.idempotency_key).Text(payment.charge_id).Int(payment.amount_cents).Text(payment.method);
  p.Text(message.subject).Text(message.body).Text(message.payload_json);
  pg::Statement s("SELECT flightly_confirm_booking($1, $2, $3, $4, $5, $6, $7, $8::jsonb)", std::move(p),
                  "confirm_booking");
  co_return co_await Outcome(pool, std::move(s));
}

asio::awaitable<core::Result<std::string>> ReleaseBooking(pg::Pool& pool, std::int64_t booking_id, std::string reason,
                                                          CapturedPayment attempted, std::string failure) {
  pg::Params p;
  p.Int(booking_id).Text(reason);
  if (attempted.idempotency_key.empty()) p.Null(pg::oid::kText); else p.Text(attempted.idempotency_key);
  p.Int(attempted.amount_cents).Text(attempted.method).Text(failure);
  pg::Statement s("SELECT flightly_release_booking($1, $2, $3, $4, $5, $6)", std::move(p), "release_booking");
  co_return co_await Outcome(pool, std::move(s));
}

asio::awaitable<core::Result<std::string>> CancelConfirmedBooking(pg::Pool& pool, std::int64_t booking_id,
                                                                  std::int64_t refund_cents, std::int64_t credit_cents,
                                                                  OutboxMessage message) {
  pg::Params p;
  p.Int(booking_id).Int(refund_cents).Int(credit_cents).Text(message.subject).Text(message.body);
  p.Text(message.payload_json);
  pg::Statement s("SELECT flightly_cancel_booking($1, $2, $3, $4, $5, $6::jsonb)", std::move(p), "cancel_booking");
  co_return co_await Outcome(pool, std::move(s));
}

asio::awaitable<core::Result<std::vector<LapsedBooking>>> ListLapsedBookings(pg::Pool& pool, int grace_s, int limit) {
  pg::Params p;
  p.Int(grace_s).Int(limit);
  pg::Statement s(
      "SELECT id, reference, status, total_cents FROM bookings "
      "WHERE (status = 'held' AND hold_expires_at < now() - make_interval(secs => $1)) "
      "OR (status_reason = 'hold expired' AND lapse_settled_at IS NULL) ORDER BY id LIMIT $2",
      std::move(p), "lapsed_bookings");
  CONTRAIL_CO_TRY(pg::Rows rows, co_await pool.Execute(std::move(s)));
  std::vector<LapsedBooking> out;
  for (int r = 0; r < rows.size(); ++r) {
    out.push_back({rows.int64(r, 0), std::string(rows.text(r, 1)), std::string(rows.text(r, 2)), rows.int64(r, 3)});
  }
  co_return out;
}

asio::awaitable<core::Result<std::string>> SettleLapse(pg::Pool& pool, std::int64_t booking_id, std::string payment_key,
                                                       std::string charge_id, std::int64_t amount_cents) {
  pg::Params p;
  p.Int(booking_id).Text(payment_key);
  if (charge_id.empty()) p.Null(pg::oid::kText); else p.Text(charge_id);
  p.Int(amount_cents);
  pg::Statement s("SELECT flightly_settle_lapse($1, $2, $3, $4)", std::move(p), "settle_lapse");
  co_return co_await Outcome(pool, std::move(s));
}

asio::awaitable<core::Result<std::int64_t>> ForgetCustomer(pg::Pool& pool, std::string user) {
  pg::Params p;
  p.Text(user);
  pg::Statement s("SELECT flightly_forget_customer($1)", std::move(p), "forget_customer");
  CONTRAIL_CO_TRY(pg::Rows rows, co_await pool.Execute(std::move(s)));
  co_return rows.empty() ? 0 : rows.int64(0, 0);
}

}  // namespace contrail::flightly
