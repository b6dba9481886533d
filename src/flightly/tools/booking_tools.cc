#include "flightly/tools/booking_tools.h"

#include <boost/json.hpp>
#include <cctype>

#include "core/clock.h"
#include "flightly/booking_ask.h"
#include "flightly/bookings/booking_store.h"
#include "flightly/bookings/checkout.h"
#include "flightly/tools/tool_args.h"

namespace contrail::flightly {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::string_view kNeedsUser =
    " acts for a user: call it with a user's API key (or a service key and X-User-Id)";

// A booking tool: the user check every one of them makes, then the tool's own work.
class BookingTool : public mcp::Tool {
 public:
  const mcp::ToolSpec& spec() const override { return spec_; }
  asio::awaitable<core::Result<mcp::ToolOutput>> Call(const json::object& args, const mcp::ToolCall& call) override {
    if (call.user.empty()) co_return mcp::ToolOutput::Failure(spec_.name + std::string(kNeedsUser));
    co_return co_await Run(args, call);
  }

 protected:
  BookingTool(pg::Pool& pool, std::string name, std::string title, std::string description, std::string_view schema,
              bool side_effects)
      : pool_(pool) {
    spec_.name = std::move(name);
    spec_.title = std::move(title);
    spec_.description = std::move(description);
    spec_.input_schema = json::parse(schema).as_object();
    spec_.side_effects = side_effects;
  }
  virtual asio::awaitable<core::Result<mcp::ToolOutput>> Run(const json::object& args, const mcp::ToolCall& call) = 0;

  pg::Pool& pool_;
  mcp::ToolSpec spec_;
};

constexpr std::string_view kReferenceSchema =
    R"({"type":"string","minLength":6,"maxLength":6,"description":"the booking reference, e.g. K7Q2XM"})";

constexpr const char* kBadReference = "`reference` is not a booking reference (six letters and digits, e.g. K7Q2XM)";

// The reference in upper case; "" when it is not one.
std::string Reference(const json::object& args) { return AsBookingReference(ArgText(args, "reference"), true); }

// A plausible address: one '@' with text before it and a dot after it, no spaces or controls.
bool LooksLikeEmail(std::string_view email) {
  const std::size_t at = email.find('@');
  if (at == 0 || at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos) return false;
  const std::size_t dot = email.rfind('.');
  if (dot == std::string_view::npos || dot < at + 2 || dot + 1 >= email.size()) return false;
  for (char c : email) {
    if (static_cast<unsigned char>(c) <= ' ') return false;
  }
  return true;
}

class HoldBookingTool final : public BookingTool {
 public:
  explicit HoldBookingTool(pg::Pool& pool)
      : BookingTool(pool, "hold_booking", "Hold seats on a flight",
                    "Holds seats for the party on one flight (its flight_id from search_flights) with optional travel "
                    "insurance (essential 4.5%, plus 6.5%, premier 9% of the fares), for 15 minutes: the booking "
                    "to pay with pay_booking (its reference and total), or that the flight is sold out. email is "
                    "where the confirmation goes.",
                    R"({"type":"object","properties":{
        "flight_id":{"type":"integer","minimum":1},
        "passengers":{"type":"integer","minimum":1,"maximum":9,"default":1},
        "insurance":{"enum":["none","essential","plus","premier"],"default":"none"},
        "email":{"type":"string","minLength":3,"maxLength":254},
        "name":{"type":"string","minLength":1,"maxLength":200}},
        "required":["flight_id","email"],"additionalProperties":false})",
                    true) {}

 private:
  asio::awaitable<core::Result<mcp::ToolOutput>> Run(const json::object& args, const mcp::ToolCall& call) override {
    HoldRequest hold;
    hold.user = call.user;
    hold.flight_id = ArgInt(args, "flight_id", 0);
    hold.passengers = ArgInt(args, "passengers", 1);
    hold.insurance_plan = ArgText(args, "insurance");
    if (hold.insurance_plan == "none") hold.insurance_plan.clear();
    hold.email = ArgText(args, "email");
    if (!LooksLikeEmail(hold.email)) co_return mcp::ToolOutput::Failure("`email` is not an email address");
    hold.name = ArgText(args, "name");
    // One request holds once per route (the store adds the flight's route to the key), for the same
    // party and insurance: a retry finds its first hold, even when its search picked another flight.
    const std::string request_key = call.idempotency_key.empty() ? "request:" + call.request_id : call.idempotency_key;
    hold.idempotency_key = BookingKey(call.user, request_key + "|hold|" + std::to_string(hold.passengers) + "|" +
                                                     hold.insurance_plan);
    CONTRAIL_CO_TRY(HoldResult held, co_await HoldBooking(pool_, std::move(hold)));
    switch (held.outcome) {
      case HoldOutcome::kSoldOut:
        co_return mcp::ToolOutput::Failure("sold out: flight " + std::to_string(ArgInt(args, "flight_id", 0)) +
                                           " has fewer seats left than the party needs");
      case HoldOutcome::kNoFlight: co_return mcp::ToolOutput::Failure("no flight has that flight_id");
      case HoldOutcome::kDeparted: co_return mcp::ToolOutput::Failure("that flight has already departed");
      case HoldOutcome::kNoPlan: co_return mcp::ToolOutput::Failure("no insurance plan is called that");
      case HoldOutcome::kHeld:
      case HoldOutcome::kExisting: break;
    }
    json::object out{{"outcome", held.outcome == HoldOutcome::kHeld ? "held" : "existing"},
                     {"booking", BookingJson(*held.booking)}};
    co_return mcp::ToolOutput::Json(std::move(out));
  }
};

class PayBookingTool final : public BookingTool {
 public:
  PayBookingTool(pg::Pool& pool, PaymentProcessor* processor, std::chrono::milliseconds timeout)
      : BookingTool(pool, "pay_booking", "Pay for a held booking",
                    "Charges a held booking's total to the traveller's card and confirms it (the confirmation goes "
                    "to the booking's email), or releases its seats when the payment is declined or fails. "
                    "outcome: confirmed | declined | failed | pending | lapsed | not_payable | no_booking.",
                    R"({"type":"object","properties":{"reference":)" + std::string(kReferenceSchema) +
                        R"(,"payment_method":{"type":"string","minLength":5,"maxLength":64,
                        "description":"a card token (tok_…); default the card on file"}},
                        "required":["reference"],"additionalProperties":false})",
                    true),
        processor_(processor) {
    spec_.timeout = 3 * timeout + std::chrono::seconds(5);
  }

 private:
  asio::awaitable<core::Result<mcp::ToolOutput>> Run(const json::object& args, const mcp::ToolCall& call) override {
    std::string method = ArgText(args, "payment_method");
    if (method.empty()) method = std::string(kCardOnFile);
    if (!method.starts_with("tok_")) co_return mcp::ToolOutput::Failure("`payment_method` must be a card token (tok_…)");
    const std::string reference = Reference(args);
    if (reference.empty()) co_return mcp::ToolOutput::Failure(kBadReference);
    auto paid = co_await PayBooking(pool_, processor_, call.user, reference, std::move(method));
    if (!paid && paid.error().code == core::Code::kUnavailable && processor_ == nullptr) {
      co_return mcp::ToolOutput::Failure(paid.error().message);
    }
    if (!paid) co_return paid.error();
    json::object out{{"outcome", PayOutcomeName(paid->outcome)}};
    if (paid->outcome != PayOutcome::kNoBooking) out["booking"] = BookingJson(paid->booking);
    if (!paid->detail.empty()) out["detail"] = paid->detail;
    co_return mcp::ToolOutput::Json(std::move(out));
  }

  PaymentProcessor* const processor_;
};

class ListBookingsTool final : public BookingTool {
 public:
  explicit ListBookingsTool(pg::Pool& pool)
      : BookingTool(pool, "list_bookings", "List my bookings",
                    "The traveller's bookings, newest first (at most 20): reference, status, flight, passengers, "
                    "insurance, total and payment.",
                    R"({"type":"object","properties":{"status":{"enum":["held","confirmed","cancelled"]}},
                        "additionalProperties":false})",
                    false) {}

 private:
  asio::awaitable<core::Result<mcp::ToolOutput>> Run(const json::object& args, const mcp::ToolCall& call) override {
    std::string status = ArgText(args, "status");
    CONTRAIL_CO_TRY(std::vector<Booking> bookings, co_await ListBookings(pool_, call.user, 20, 0, std::move(status)));
    json::array list;
    for (const Booking& b : bookings) list.push_back(BookingJson(b));
    co_return mcp::ToolOutput::Json(json::object{{"bookings", std::move(list)}});
  }
};

class CancelBookingTool final : public BookingTool {
 public:
  CancelBookingTool(pg::Pool& pool, PaymentProcessor* processor, std::chrono::milliseconds timeout)
      : BookingTool(pool, "cancel_booking", "Cancel a booking",
                    "Cancels one of the traveller's bookings: a held one is released; a confirmed one is refunded as "
                    "its fare's rules say (refundable fares and the 24-hour rule to the card, non-refundable fares "
                    "as Flightly credit). outcome: cancelled | already_cancelled | departed | no_booking.",
                    R"({"type":"object","properties":{"reference":)" + std::string(kReferenceSchema) +
                        R"(},"required":["reference"],"additionalProperties":false})",
                    true),
        processor_(processor) {
    spec_.timeout = 3 * timeout + std::chrono::seconds(5);
  }

 private:
  asio::awaitable<core::Result<mcp::ToolOutput>> Run(const json::object& args, const mcp::ToolCall& call) override {
    const std::string reference = Reference(args);
    if (reference.empty()) co_return mcp::ToolOutput::Failure(kBadReference);
    CONTRAIL_CO_TRY(CancelResult cancelled,
                    co_await CancelBooking(pool_, processor_, call.user, reference, core::UnixMillis()));
    static constexpr const char* kNames[] = {"cancelled", "already_cancelled", "departed", "no_booking"};
    json::object out{{"outcome", kNames[static_cast<int>(cancelled.outcome)]}};
    if (cancelled.outcome != CancelOutcome::kNoBooking) out["booking"] = BookingJson(cancelled.booking);
    if (cancelled.outcome == CancelOutcome::kCancelled) {
      out["refund_usd"] = static_cast<double>(cancelled.refund.refund_cents) / 100.0;
      out["credit_usd"] = static_cast<double>(cancelled.refund.credit_cents) / 100.0;
      if (!cancelled.refund.rule.empty()) out["rule"] = cancelled.refund.rule;
    }
    co_return mcp::ToolOutput::Json(std::move(out));
  }

  PaymentProcessor* const processor_;
};

}  // namespace

std::unique_ptr<mcp::Tool> MakeHoldBookingTool(pg::Pool& pool) { return std::make_unique<HoldBookingTool>(pool); }

std::unique_ptr<mcp::Tool> MakePayBookingTool(pg::Pool& pool, PaymentProcessor* processor,
                                              std::chrono::milliseconds processor_timeout) {
  return std::make_unique<PayBookingTool>(pool, processor, processor_timeout);
}

std::unique_ptr<mcp::Tool> MakeListBookingsTool(pg::Pool& pool) { return std::make_unique<ListBookingsTool>(pool); }

std::unique_ptr<mcp::Tool> MakeCancelBookingTool(pg::Pool& pool, PaymentProcessor* processor,
                                                 std::chrono::milliseconds processor_timeout) {
  return std::make_unique<CancelBookingTool>(pool, processor, processor_timeout);
}

}  // namespace contrail::flightly
