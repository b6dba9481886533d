#pragma once
// Booking tools for Flightly's booking and payment agents and MCP clients (bookings/checkout.h
// does the work; argument names are the contract):
//
//   hold_booking   {flight_id, passengers, insurance, email, name?}
//                                 holds the party's seats on a flight search_flights returned, with
//                                 optional travel insurance (essential | plus | premier | none),
//                                 for kHoldMinutes: the booking to pay, or "sold out"
//   pay_booking    {reference, payment_method?}
//                                 charges the held booking's total to the card (a token; default
//                                 the card on file) and confirms it, or releases it when the
//                                 payment is declined or times out
//   list_bookings  {status?}      the caller's bookings, newest first
//   cancel_booking {reference}    cancels one; the refund follows the fare's rules
//
// Every tool acts for ToolCall::user and fails as a tool error without one; a booking of another
// user is not found. hold_booking and pay_booking are idempotent per request: hold_booking keys the
// booking by ToolCall::idempotency_key (else the request id) and its arguments, pay_booking charges
// a booking at most once whatever calls it.

#include <memory>

#include "mcp/tool.h"
#include "pg/pool.h"

namespace contrail::flightly {

class PaymentProcessor;

// The card a payment uses when the caller names none.
inline constexpr std::string_view kCardOnFile = "tok_visa";

std::unique_ptr<mcp::Tool> MakeHoldBookingTool(pg::Pool& pool);
// `processor` may be null (payments off): pay_booking then fails as a tool error, and
// cancel_booking can still release a held booking. Its deadline covers a charge, a void and the
// confirmation: `processor_timeout` three times over, plus 5 s.
std::unique_ptr<mcp::Tool> MakePayBookingTool(pg::Pool& pool, PaymentProcessor* processor,
                                              std::chrono::milliseconds processor_timeout);
std::unique_ptr<mcp::Tool> MakeListBookingsTool(pg::Pool& pool);
std::unique_ptr<mcp::Tool> MakeCancelBookingTool(pg::Pool& pool, PaymentProcessor* processor,
                                                 std::chrono::milliseconds processor_timeout);

}  // namespace contrail::flightly
