#pragma once
// Settles holds that ran out unpaid. A turn that charged a card and then crashed, and that nobody
// retried, leaves a held booking and a charge at the processor under "pay:<reference>": without
// this, the customer would pay for seats they never got. Each round, for every such booking
// (booking_store.h ListLapsedBookings): the hold is released (seats back), then the payment key is
// voided, which reverses a charge that stands and makes a charge that arrives later fail; then the
// booking is noted as settled (with the voided charge kept as a failed payment).
//
// Safe beside live turns and other instances' reconcilers: a hold is released under its row lock
// only while it is still held (a payment confirmed first wins, and its booking is left alone); a
// void is idempotent; settling notes a booking once. A void that fails leaves the booking for the
// next round.
//
//   serve runs RunReconciler every payments.reconcile_interval_s on its first I/O thread.

#include <boost/asio/awaitable.hpp>
#include <chrono>

#include "core/result.h"

namespace contrail::pg {
class Pool;
}

namespace contrail::flightly {

class PaymentProcessor;

struct ReconcileReport {
  int released = 0;  // holds given back
  int voided = 0;    // charges that stood and were voided
  int settled = 0;   // bookings noted as settled
  int failed = 0;    // bookings left for the next round (the processor or the database failed)
};

// One round over at most `limit` bookings whose hold ran out more than `grace_s` seconds ago.
boost::asio::awaitable<core::Result<ReconcileReport>> SettleLapsedHolds(pg::Pool& pool, PaymentProcessor& processor,
                                                                        int grace_s, int limit = 100);

// Rounds every `interval` until the executor stops; each round that did something is logged and
// counted (contrail_bookings_lapsed_total{outcome}).
boost::asio::awaitable<void> RunReconciler(pg::Pool& pool, PaymentProcessor& processor, std::chrono::seconds interval,
                                           int grace_s);

}  // namespace contrail::flightly
