#include "flightly/bookings/reconciler.h"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/log.h"
#include "core/metrics.h"
#include "flightly/bookings/booking_store.h"
#include "flightly/bookings/payment_processor.h"

namespace contrail::flightly {

namespace asio = boost::asio;

namespace {

core::Counter& LapsedCounter(std::string_view outcome) {
  return core::MetricsRegistry::Global().GetCounter(
      "contrail_bookings_lapsed_total", "Bookings whose hold ran out unpaid, by what the reconciler did.",
      "outcome=\"" + std::string(outcome) + "\"");
}

// Releases (when still held), voids the key, and notes the booking settled. False: left for later.
asio::awaitable<bool> Settle(pg::Pool& pool, PaymentProcessor& processor, const LapsedBooking& booking,
                             ReconcileReport& report) {
  if (booking.status == "held") {
    // Named, not braced temporaries: GCC 12 frees a braced aggregate argument of a coroutine twice.
    CapturedPayment none;
    std::string reason = "hold expired";
    std::string failure;
    auto released = co_await ReleaseBooking(pool, booking.id, std::move(reason), std::move(none), std::move(failure));
    if (!released) co_return false;
    if (*released != "released") co_return true;  // paid or cancelled meanwhile: not a lapse
    ++report.released;
  }
  const std::string key = "pay:" + booking.reference;
  auto voided = co_await processor.Void(key);
  if (!voided) {
    core::log::Warn("lapsed hold: the void failed, trying again next round",
                    {{"booking", booking.reference}, {"error", voided.error().message}});
    co_return false;
  }
  const std::string charge = voided->has_value() ? (*voided)->id : "";
  auto settled = co_await SettleLapse(pool, booking.id, key, charge, booking.total_cents);
  if (!settled) co_return false;
  if (!charge.empty()) {
    ++report.voided;
    core::log::Warn("lapsed hold: a charge stood without a booking, voided",
                    {{"booking", booking.reference}, {"charge", charge}});
  }
  if (*settled == "settled") ++report.settled;
  co_return true;
}

}  // namespace

asio::awaitable<core::Result<ReconcileReport>> SettleLapsedHolds(pg::Pool& pool, PaymentProcessor& processor,
                                                                 int grace_s, int limit) {
  CONTRAIL_CO_TRY(std::vector<LapsedBooking> lapsed, co_await ListLapsedBookings(pool, grace_s, limit));
  ReconcileReport report;
  for (const LapsedBooking& booking : lapsed) {
    if (!co_await Settle(pool, processor, booking, report)) ++report.failed;
  }
  co_return report;
}

asio::awaitable<void> RunReconciler(pg::Pool& pool, PaymentProcessor& processor, std::chrono::seconds interval,
                                    int grace_s) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (;;) {
    timer.expires_after(interval);
    co_await timer.async_wait(asio::use_awaitable);
    auto report = co_await SettleLapsedHolds(pool, processor, grace_s);
    if (!report) {
      core::log::Warn("lapsed holds: the round failed", {{"error", report.error().message}});
      continue;
    }
    if (report->released + report->voided + report->settled + report->failed == 0) continue;
    LapsedCounter("released").Inc(static_cast<std::uint64_t>(report->released));
    LapsedCounter("voided").Inc(static_cast<std::uint64_t>(report->voided));
    LapsedCounter("failed").Inc(static_cast<std::uint64_t>(report->failed));
    core::log::Info("lapsed holds settled", {{"released", report->released}, {"voided", report->voided},
                                             {"settled", report->settled}, {"left", report->failed}});
  }
}

}  // namespace contrail::flightly
