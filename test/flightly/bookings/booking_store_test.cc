// Bookings against a real, migrated PostgreSQL (migration 0017's functions): holds under one
// idempotency key, the race for the last seat, expired holds, and checkout (booking_store.h,
// checkout.h) with a processor double that counts what it was asked: one charge per booking,
// declines and timeouts released, a lapsed hold refunded, cancellations refunded by the rules, and
// the reconciler (reconciler.h) releasing holds that ran out unpaid and voiding their charges.

#include "flightly/bookings/booking_store.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <functional>
#include <map>
#include <set>

#include "flightly/bookings/checkout.h"
#include "flightly/bookings/payment_processor.h"
#include "flightly/bookings/reconciler.h"
#include "pg/pool.h"
#include "support/async.h"
#include "support/database_suite.h"

namespace contrail::flightly {
namespace {

namespace asio = boost::asio;

// Flight 1: 4 seats; flight 2: the last seat; flight 3: refundable; flight 4: left yesterday.
constexpr const char* kRows = R"sql(
INSERT INTO airports (iata, name, city, country, lat, lon, tz) VALUES
  ('HNL', 'Honolulu Intl', 'Honolulu', 'US', 21.3, -157.9, 'Pacific/Honolulu'),
  ('LAS', 'Harry Reid Intl', 'Las Vegas', 'US', 36.1, -115.2, 'America/Los_Angeles');
INSERT INTO airlines (code, name, alliance) VALUES ('HA', 'Hawaiian Airlines', 'oneworld');
INSERT INTO flights (id, flight_no, airline, origin, destination, depart_date, depart_time, arrive_time,
                     duration_min, cabin, fare_cents, seats_left, refundable) VALUES
  (1, 'HA 12', 'HA', 'LAS', 'HNL', '2031-03-14', '2031-03-14 18:00Z', '2031-03-14 23:50Z', 350, 'economy', 27900, 4, false),
  (2, 'HA 14', 'HA', 'LAS', 'HNL', '2031-03-15', '2031-03-15 18:00Z', '2031-03-15 23:50Z', 350, 'economy', 19900, 1, false),
  (3, 'HA 16', 'HA', 'LAS', 'HNL', '2031-03-16', '2031-03-16 18:00Z', '2031-03-16 23:50Z', 350, 'economy', 39900, 50, true),
  (4, 'HA 18', 'HA', 'LAS', 'HNL', current_date - 1, now() - interval '1 day', now() - interval '20 hours', 350, 'economy', 9900, 9, false);
)sql";

// Answers as scripted and counts the calls; one charge per key, as the real processor.
class FakeProcessor final : public PaymentProcessor {
 public:
  enum class Mode { kSucceed, kDecline, kTimeout, kTimeoutAndVoidFails };
  Mode mode = Mode::kSucceed;
  int charges = 0;  // charges that stand (made and not voided)
  int charge_calls = 0;
  int voids = 0;
  std::int64_t refunded = 0;
  std::map<std::string, ChargeResult> by_key;
  std::function<void()> on_charge;  // runs inside Charge, before it answers

  asio::awaitable<core::Result<ChargeResult>> Charge(ChargeRequest request) override {
    ++charge_calls;
    if (on_charge) on_charge();
    if (auto it = by_key.find(request.idempotency_key); it != by_key.end()) co_return it->second;
    if (mode == Mode::kTimeout || mode == Mode::kTimeoutAndVoidFails) co_return core::Timeout("no answer");
    ChargeResult r;
    if (mode == Mode::kDecline) {
      r.outcome = ChargeOutcome::kDeclined;
      r.decline_code = "card_declined";
      r.message = "Your card was declined.";
    } else {
      r.outcome = ChargeOutcome::kSucceeded;
      r.charge = {"ch_" + std::to_string(by_key.size() + 1), "succeeded", request.amount_cents, 0, "USD",
                  request.idempotency_key};
      ++charges;
    }
    by_key[request.idempotency_key] = r;
    co_return r;
  }
  asio::awaitable<core::Result<ProcessorCharge>> Refund(std::string, std::string charge_id,
                                                        std::int64_t amount_cents) override {
    refunded += amount_cents;
    co_return ProcessorCharge{charge_id, "refunded", amount_cents, amount_cents, "USD", ""};
  }
  // Reverses the key's charge that stands (and returns it); a later charge under the key fails.
  asio::awaitable<core::Result<std::optional<ProcessorCharge>>> Void(std::string key) override {
    ++voids;
    if (mode == Mode::kTimeoutAndVoidFails) co_return core::Unavailable("down");
    std::optional<ProcessorCharge> voided;
    if (auto it = by_key.find(key); it != by_key.end() && it->second.outcome == ChargeOutcome::kSucceeded) {
      voided = it->second.charge;
      voided->status = "voided";
      --charges;
    }
    ChargeResult poisoned;
    poisoned.outcome = ChargeOutcome::kDeclined;
    poisoned.decline_code = "charge_voided";
    by_key[key] = poisoned;
    co_return voided;
  }
};

class BookingStoreTest : public test::DatabaseSuite {
 protected:
  static void SetUpTestSuite() { OpenDatabase(kRows); }
  static void TearDownTestSuite() { CloseDatabase(); }
  void SetUp() override {
    DatabaseSuite::SetUp();
    if (IsSkipped()) return;
    wide_ = std::make_unique<pg::Pool>(io_.get_executor(), Database()->options(), 4);
  }

  HoldRequest Hold(std::string user, std::string key, std::int64_t flight, std::int64_t passengers,
                   std::string plan = "") {
    return {.user = user, .idempotency_key = BookingKey(user, key), .flight_id = flight, .passengers = passengers,
            .insurance_plan = plan, .email = user + "@example.com", .name = "", .session = "s1"};
  }
  HoldResult MustHold(HoldRequest request) {
    auto r = test::RunAsync(io_, HoldBooking(*pool_, std::move(request)));
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    if (!r.ok()) throw std::runtime_error("hold failed");  // a later step would read a booking that is not there
    return *r;
  }
  // The first value of the first row ("" for none).
  static std::string Sql(const std::string& sql) {
    pg::QueryResult r = Database()->Sql(sql);
    return r.rows.empty() || r.rows[0].empty() ? "" : r.rows[0][0];
  }
  static std::int64_t SeatsLeft(std::int64_t flight) {
    return std::stoll(Sql("SELECT seats_left FROM flights WHERE id = " + std::to_string(flight)));
  }

  std::unique_ptr<pg::Pool> wide_;  // 4 connections: holds that really run at once
};

TEST_F(BookingStoreTest, AHoldTakesTheSeatsAndTheSameKeyFindsTheSameBooking) {
  const std::int64_t before = SeatsLeft(3);
  HoldResult first = MustHold(Hold("hold-user", "k1", 3, 2, "plus"));
  ASSERT_EQ(first.outcome, HoldOutcome::kHeld);
  ASSERT_TRUE(first.booking);
  EXPECT_EQ(first.booking->status, "held");
  EXPECT_EQ(first.booking->reference.size(), 6u);
  EXPECT_EQ(first.booking->total_cents, 2 * 39900 + (2 * 39900 * 65 + 500) / 1000);
  EXPECT_EQ(first.booking->insurance_title, "Plus");
  EXPECT_GT(first.booking->hold_expires_ms, 0);
  EXPECT_EQ(SeatsLeft(3), before - 2);
  HoldResult again = MustHold(Hold("hold-user", "k1", 3, 2, "plus"));
  EXPECT_EQ(again.outcome, HoldOutcome::kExisting);
  EXPECT_EQ(again.booking->reference, first.booking->reference);
  EXPECT_EQ(SeatsLeft(3), before - 2);
  // Another user's identical key is another booking.
  EXPECT_EQ(MustHold(Hold("other-user", "k1", 3, 1)).outcome, HoldOutcome::kHeld);
}

TEST_F(BookingStoreTest, ConcurrentHoldsUnderOneKeyMakeOneBooking) {
  const std::int64_t before = SeatsLeft(3);
  std::vector<core::Result<HoldResult>> results;
  int done = 0;
  for (int i = 0; i < 6; ++i) {
    asio::co_spawn(io_, HoldBooking(*wide_, Hold("racer", "same-key", 3, 1)), [&](std::exception_ptr, auto r) {
      results.push_back(std::move(r));
      ++done;
    });
  }
  io_.restart();
  while (done < 6) io_.run_one();
  std::set<std::string> references;
  for (const auto& r : results) {
    ASSERT_TRUE(r.ok()) << r.error().message;
    references.insert(r->booking->reference);
  }
  EXPECT_EQ(references.size(), 1u);
  EXPECT_EQ(SeatsLeft(3), before - 1);
  EXPECT_EQ(Sql("SELECT count(*) FROM bookings WHERE user_id = 'racer'"), "1");
}

TEST_F(BookingStoreTest, TwoUsersRacingForTheLastSeatGetOneBookingAndOneSoldOut) {
  std::vector<HoldOutcome> outcomes;
  for (const char* user : {"alice-race", "bob-race"}) {
    asio::co_spawn(io_, HoldBooking(*wide_, Hold(user, "last-seat", 2, 1)), [&](std::exception_ptr, auto r) {
      outcomes.push_back(r.ok() ? r->outcome : HoldOutcome::kNoFlight);
    });
  }
  io_.restart();
  while (outcomes.size() < 2) io_.run_one();
  EXPECT_EQ(std::count(outcomes.begin(), outcomes.end(), HoldOutcome::kHeld), 1);
  EXPECT_EQ(std::count(outcomes.begin(), outcomes.end(), HoldOutcome::kSoldOut), 1);
  EXPECT_EQ(SeatsLeft(2), 0);
  // The hold expires: its seat goes back at the next hold of the flight.
  Sql("UPDATE bookings SET hold_expires_at = now() - interval '1 minute' WHERE flight_id = 2 AND status = 'held'");
  EXPECT_EQ(MustHold(Hold("carol-race", "later", 2, 1)).outcome, HoldOutcome::kHeld);
  EXPECT_EQ(Sql("SELECT count(*) FROM bookings WHERE flight_id = 2 AND status_reason = 'hold expired'"), "1");
  EXPECT_EQ(SeatsLeft(2), 0);
}

TEST_F(BookingStoreTest, WhatCannotBeHeldSaysWhy) {
  EXPECT_EQ(MustHold(Hold("why-user", "a", 999, 1)).outcome, HoldOutcome::kNoFlight);
  EXPECT_EQ(MustHold(Hold("why-user", "b", 4, 1)).outcome, HoldOutcome::kDeparted);
  EXPECT_EQ(MustHold(Hold("why-user", "c", 1, 9)).outcome, HoldOutcome::kSoldOut);
  EXPECT_EQ(MustHold(Hold("why-user", "d", 1, 1, "gold")).outcome, HoldOutcome::kNoPlan);
  EXPECT_EQ(Sql("SELECT count(*) FROM bookings WHERE user_id = 'why-user'"), "0");
}

TEST_F(BookingStoreTest, PayingConfirmsOnceWithOneChargeAndOneConfirmation) {
  HoldResult held = MustHold(Hold("payer", "pay-1", 3, 2, "premier"));
  FakeProcessor processor;
  for (int i = 0; i < 2; ++i) {  // the second call is a retry: it finds the booking confirmed
    auto paid = test::RunAsync(io_, PayBooking(*pool_, &processor, "payer", held.booking->reference, "tok_visa"));
    ASSERT_TRUE(paid.ok()) << paid.error().message;
    EXPECT_EQ(paid->outcome, PayOutcome::kConfirmed);
    EXPECT_EQ(paid->booking.status, "confirmed");
    EXPECT_EQ(paid->booking.payment_status, "captured");
  }
  EXPECT_EQ(processor.charges, 1);
  const std::string id = std::to_string(held.booking->id);
  EXPECT_EQ(Sql("SELECT count(*) FROM payments WHERE booking_id = " + id + " AND status = 'captured'"), "1");
  EXPECT_EQ(Sql("SELECT address || ' ' || (payload->>'charged_usd') FROM booking_outbox WHERE kind = 'confirmation' "
                "AND booking_id = " + id),
            "payer@example.com " + std::to_string(held.booking->total_cents / 100) + "." +
                std::to_string(held.booking->total_cents % 100));
  EXPECT_NE(Sql("SELECT body FROM booking_outbox WHERE booking_id = " + id).find("Premier"), std::string::npos);
}

TEST_F(BookingStoreTest, ADeclineOrATimeoutReleasesTheSeatsAndChargesNothing) {
  for (auto mode : {FakeProcessor::Mode::kDecline, FakeProcessor::Mode::kTimeout}) {
    const std::int64_t before = SeatsLeft(1);
    HoldResult held = MustHold(Hold("unlucky", mode == FakeProcessor::Mode::kDecline ? "d" : "t", 1, 2));
    EXPECT_EQ(SeatsLeft(1), before - 2);
    FakeProcessor processor;
    processor.mode = mode;
    auto paid = test::RunAsync(io_, PayBooking(*pool_, &processor, "unlucky", held.booking->reference, "tok_visa"));
    ASSERT_TRUE(paid.ok()) << paid.error().message;
    EXPECT_EQ(paid->outcome, mode == FakeProcessor::Mode::kDecline ? PayOutcome::kDeclined : PayOutcome::kFailed);
    EXPECT_EQ(paid->booking.status, "cancelled");
    EXPECT_EQ(SeatsLeft(1), before);
    EXPECT_EQ(processor.charges, 0);
    EXPECT_EQ(processor.voids, mode == FakeProcessor::Mode::kTimeout ? 1 : 0);
    EXPECT_EQ(Sql("SELECT status || ' ' || failure FROM payments WHERE booking_id = " + std::to_string(held.booking->id)),
              mode == FakeProcessor::Mode::kDecline ? "failed card_declined" : "failed timeout");
  }
}

TEST_F(BookingStoreTest, AnUnsettledPaymentKeepsTheHoldUntilItIsSettled) {
  HoldResult held = MustHold(Hold("unsettled", "u", 3, 1));
  FakeProcessor processor;
  processor.mode = FakeProcessor::Mode::kTimeoutAndVoidFails;
  auto paid = test::RunAsync(io_, PayBooking(*pool_, &processor, "unsettled", held.booking->reference, "tok_visa"));
  ASSERT_TRUE(paid.ok());
  EXPECT_EQ(paid->outcome, PayOutcome::kPending);
  EXPECT_EQ(paid->booking.status, "held");
  processor.mode = FakeProcessor::Mode::kSucceed;  // the processor is back: the same call settles it
  paid = test::RunAsync(io_, PayBooking(*pool_, &processor, "unsettled", held.booking->reference, "tok_visa"));
  ASSERT_TRUE(paid.ok());
  EXPECT_EQ(paid->outcome, PayOutcome::kConfirmed);
  EXPECT_EQ(processor.charges, 1);
}

TEST_F(BookingStoreTest, AChargeThatLandsAfterTheHoldLapsedIsRefunded) {
  HoldResult held = MustHold(Hold("slowpay", "s", 3, 1));
  FakeProcessor processor;
  // The hold lapses while the card is being charged.
  processor.on_charge = [&] {
    Sql("SELECT flightly_release_booking(" + std::to_string(held.booking->id) + ", 'hold expired', NULL, 0, 'card', '')");
  };
  auto paid = test::RunAsync(io_, PayBooking(*pool_, &processor, "slowpay", held.booking->reference, "tok_visa"));
  ASSERT_TRUE(paid.ok()) << paid.error().message;
  EXPECT_EQ(paid->outcome, PayOutcome::kLapsed);
  EXPECT_EQ(paid->booking.status, "cancelled");
  EXPECT_EQ(processor.refunded, held.booking->total_cents);
  // Paying again charges nothing more.
  paid = test::RunAsync(io_, PayBooking(*pool_, &processor, "slowpay", held.booking->reference, "tok_visa"));
  EXPECT_EQ(paid->outcome, PayOutcome::kNotPayable);
  EXPECT_EQ(processor.charge_calls, 1);
}

TEST_F(BookingStoreTest, AnotherUsersBookingIsNotFound) {
  HoldResult held = MustHold(Hold("owner", "o", 3, 1));
  FakeProcessor processor;
  auto seen = test::RunAsync(io_, GetBooking(*pool_, "intruder", held.booking->reference));
  ASSERT_TRUE(seen.ok());
  EXPECT_FALSE(*seen);
  auto paid = test::RunAsync(io_, PayBooking(*pool_, &processor, "intruder", held.booking->reference, "tok_visa"));
  EXPECT_EQ(paid->outcome, PayOutcome::kNoBooking);
  auto cancelled = test::RunAsync(io_, CancelBooking(*pool_, &processor, "intruder", held.booking->reference, 0));
  EXPECT_EQ(cancelled->outcome, CancelOutcome::kNoBooking);
  auto listed = test::RunAsync(io_, ListBookings(*pool_, "intruder", 10, 0));
  EXPECT_TRUE(listed->empty());
  EXPECT_EQ(processor.charge_calls, 0);
}

TEST_F(BookingStoreTest, CancellingRefundsByTheFaresRulesAndGivesTheSeatsBack) {
  HoldResult held = MustHold(Hold("canceller", "c", 3, 2, "essential"));  // refundable fare
  ASSERT_EQ(held.outcome, HoldOutcome::kHeld);
  FakeProcessor processor;
  ASSERT_TRUE(test::RunAsync(io_, PayBooking(*pool_, &processor, "canceller", held.booking->reference, "tok_visa")).ok());
  const std::int64_t seats = SeatsLeft(3);
  // Two weeks later: no 24-hour rule, no insurance review period; the fare is refundable.
  const std::int64_t later = held.booking->created_ms + 14LL * 24 * 3600 * 1000;
  auto cancelled = test::RunAsync(io_, CancelBooking(*pool_, &processor, "canceller", held.booking->reference, later));
  ASSERT_TRUE(cancelled.ok()) << cancelled.error().message;
  EXPECT_EQ(cancelled->outcome, CancelOutcome::kCancelled);
  EXPECT_EQ(cancelled->refund.refund_cents, 2 * 39900);
  EXPECT_EQ(processor.refunded, 2 * 39900);
  EXPECT_EQ(cancelled->booking.status, "cancelled");
  EXPECT_EQ(SeatsLeft(3), seats + 2);
  EXPECT_EQ(Sql("SELECT kind FROM booking_outbox WHERE kind = 'cancellation' AND booking_id = " +
                std::to_string(held.booking->id)),
            "cancellation");
  auto again = test::RunAsync(io_, CancelBooking(*pool_, &processor, "canceller", held.booking->reference, later));
  EXPECT_EQ(again->outcome, CancelOutcome::kAlreadyCancelled);
  EXPECT_EQ(processor.refunded, 2 * 39900);
  // Listed by status in the query, so a page holds only bookings of that status.
  EXPECT_TRUE(test::RunAsync(io_, ListBookings(*pool_, "canceller", 10, 0, "confirmed"))->empty());
  auto cancelled_list = test::RunAsync(io_, ListBookings(*pool_, "canceller", 10, 0, "cancelled"));
  ASSERT_EQ(cancelled_list->size(), 1u);
  EXPECT_EQ(cancelled_list->at(0).reference, held.booking->reference);
}

TEST_F(BookingStoreTest, AHoldThatRanOutUnpaidIsReleasedAndItsChargeVoidedOnce) {
  FakeProcessor processor;
  // A turn charged the card and crashed before confirming; nobody retried. Its hold ran out two
  // minutes ago.
  HoldResult crashed = MustHold(Hold("lapsed", "l", 3, 2));
  HoldResult recent = MustHold(Hold("lapsed", "r", 3, 1));  // (a hold gives back expired ones: first)
  const std::string key = "pay:" + crashed.booking->reference;
  ChargeRequest charge{.idempotency_key = key, .amount_cents = crashed.booking->total_cents, .currency = "USD",
                       .source = "tok_visa", .description = ""};
  ASSERT_TRUE(test::RunAsync(io_, processor.Charge(std::move(charge))).ok());
  const std::string id = std::to_string(crashed.booking->id);
  Sql("UPDATE bookings SET hold_expires_at = now() - interval '2 minutes' WHERE id = " + id);
  // Another ran out ten seconds ago: within the grace, a retry may still pay for it.
  Sql("UPDATE bookings SET hold_expires_at = now() - interval '10 seconds' WHERE id = " +
      std::to_string(recent.booking->id));
  const std::int64_t seats = SeatsLeft(3);
  auto report = test::RunAsync(io_, SettleLapsedHolds(*pool_, processor, 60));
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->released, 1);
  EXPECT_EQ(report->voided, 1);
  EXPECT_EQ(report->failed, 0);
  EXPECT_EQ(processor.charges, 0);  // no charge stands
  EXPECT_EQ(SeatsLeft(3), seats + 2);
  EXPECT_EQ(Sql("SELECT status || '/' || status_reason FROM bookings WHERE id = " + id), "cancelled/hold expired");
  EXPECT_EQ(Sql("SELECT status || '/' || processor_charge_id FROM payments WHERE booking_id = " + id), "failed/ch_1");
  EXPECT_EQ(Sql("SELECT status FROM bookings WHERE id = " + std::to_string(recent.booking->id)), "held");
  // The turn's retry comes late: the charge is refused, nothing is booked.
  auto late = test::RunAsync(io_, PayBooking(*pool_, &processor, "lapsed", crashed.booking->reference, "tok_visa"));
  EXPECT_EQ(late->outcome, PayOutcome::kNotPayable);
  // The next round finds nothing more to void.
  processor.voids = 0;
  report = test::RunAsync(io_, SettleLapsedHolds(*pool_, processor, 60));
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->released + report->voided + report->failed, 0);
  EXPECT_EQ(processor.voids, 0);
}

TEST_F(BookingStoreTest, AVoidThatFailsLeavesTheLapsedBookingForTheNextRound) {
  HoldResult held = MustHold(Hold("lapsed-later", "l", 3, 1));
  const std::string id = std::to_string(held.booking->id);
  Sql("UPDATE bookings SET hold_expires_at = now() - interval '5 minutes' WHERE id = " + id);
  FakeProcessor processor;
  processor.mode = FakeProcessor::Mode::kTimeoutAndVoidFails;
  auto report = test::RunAsync(io_, SettleLapsedHolds(*pool_, processor, 60));
  ASSERT_TRUE(report.ok());
  EXPECT_GE(report->failed, 1);
  EXPECT_EQ(Sql("SELECT (lapse_settled_at IS NULL)::text FROM bookings WHERE id = " + id), "true");
  processor.mode = FakeProcessor::Mode::kSucceed;
  report = test::RunAsync(io_, SettleLapsedHolds(*pool_, processor, 60));
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->failed, 0);
  EXPECT_EQ(Sql("SELECT (lapse_settled_at IS NOT NULL)::text FROM bookings WHERE id = " + id), "true");
}

TEST_F(BookingStoreTest, AForgottenCustomersBookingsStayForTheBooksUnlinkedFromThem) {
  HoldResult held = MustHold(Hold("forgetme", "f", 3, 1, "plus"));
  FakeProcessor processor;
  auto paid = test::RunAsync(io_, PayBooking(*pool_, &processor, "forgetme", held.booking->reference, "tok_visa"));
  ASSERT_EQ(paid->outcome, PayOutcome::kConfirmed);
  const std::string id = std::to_string(held.booking->id);
  auto forgotten = test::RunAsync(io_, ForgetCustomer(*pool_, "forgetme"));
  ASSERT_TRUE(forgotten.ok()) << forgotten.error().message;
  EXPECT_EQ(*forgotten, 1);
  EXPECT_FALSE(*test::RunAsync(io_, GetBooking(*pool_, "forgetme", held.booking->reference)));
  EXPECT_TRUE(test::RunAsync(io_, ListBookings(*pool_, "forgetme", 10, 0))->empty());
  // The booking, its insurance and its payment stay; who made it, and how to reach them, do not.
  EXPECT_EQ(Sql("SELECT status || '/' || (user_id IS NULL) || '/' || (contact_email IS NULL) || '/' || "
                "(idempotency_key IS NULL) FROM bookings WHERE id = " + id),
            "confirmed/true/true/true");
  EXPECT_EQ(Sql("SELECT status FROM payments WHERE booking_id = " + id), "captured");
  EXPECT_EQ(Sql("SELECT count(*) FROM booking_outbox WHERE booking_id = " + id), "0");
  EXPECT_EQ(Sql("SELECT count(*) FROM customers WHERE user_id = 'forgetme' OR email LIKE 'forgetme@%'"), "0");
  EXPECT_EQ(*test::RunAsync(io_, ForgetCustomer(*pool_, "forgetme")), 0);
}

TEST(RefundForTest, FollowsTheTwentyFourHourRuleTheFareAndTheInsuranceReviewPeriod) {
  constexpr std::int64_t kDay = 24LL * 3600 * 1000;
  Booking b;
  b.created_ms = 100 * kDay;
  b.flight.depart_ms = 130 * kDay;
  b.total_cents = 100'000;
  b.insurance_cents = 6'500;
  EXPECT_EQ(RefundFor(b, 100 * kDay + kDay / 2).refund_cents, 100'000);  // within 24 hours
  RefundDecision d = RefundFor(b, 105 * kDay);  // non-refundable, within the 10-day review
  EXPECT_EQ(d.refund_cents, 6'500);
  EXPECT_EQ(d.credit_cents, 93'500);
  d = RefundFor(b, 115 * kDay);  // after the review period
  EXPECT_EQ(d.refund_cents, 0);
  b.flight.refundable = true;
  EXPECT_EQ(RefundFor(b, 115 * kDay).refund_cents, 93'500);
  b.flight.depart_ms = 103 * kDay;  // leaves within a week of booking: no 24-hour rule
  b.flight.refundable = false;
  EXPECT_EQ(RefundFor(b, 100 * kDay + kDay / 2).refund_cents, 6'500);
}

}  // namespace
}  // namespace contrail::flightly
