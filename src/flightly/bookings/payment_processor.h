#pragma once
// Flightly's payment processor: charges a card token, refunds a charge, voids a charge whose
// outcome is unknown. Every call that moves money carries an idempotency key, so a retried call
// never moves it twice. MakeHttpPaymentProcessor speaks the wire format of the simulated processor
// that contrail ships (`contrail payments-sim`, flightly/bookings/payment_simulator.h).
//
//   auto processor = MakeHttpPaymentProcessor({.url = "http://127.0.0.1:8089", .api_key = key});
//   CONTRAIL_CO_TRY(ChargeResult r, co_await processor->Charge({.idempotency_key = "bk_42:charge",
//                                                               .amount_cents = 45'900, .source = "tok_visa"}));
//   if (r.outcome == ChargeOutcome::kDeclined) …   // r.decline_code, r.message
//
// After kTimeout (or a connection that broke after the request went out) the charge may or may not
// have happened: retry Charge with the same key (the processor answers the first result), or call
// Void(key) to make sure no charge stands.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/result.h"

namespace contrail::core {
struct PaymentsConfig;
}

namespace contrail::flightly {

struct ChargeRequest {
  std::string idempotency_key;  // 1..200 characters; one charge per key, ever
  std::int64_t amount_cents = 0;  // > 0
  std::string currency = "USD";   // ISO 4217, upper case
  std::string source;             // a card token, "tok_…" ("tok_visa"; see payment_simulator.h)
  std::string description = "";   // shown on the processor's records; may be empty
};

// A charge as the processor keeps it.
struct ProcessorCharge {
  std::string id;                // "ch_…"
  std::string status;            // "succeeded" | "partially_refunded" | "refunded"
  std::int64_t amount_cents = 0;
  std::int64_t refunded_cents = 0;
  std::string currency;
  std::string idempotency_key;   // the key it was made with
};

enum class ChargeOutcome { kSucceeded, kDeclined };

// What a charge request came to. A decline is an answer, not an error: the card was refused and
// nothing was charged (a repeat with the same key is declined again).
struct ChargeResult {
  ChargeOutcome outcome = ChargeOutcome::kDeclined;
  ProcessorCharge charge;    // kSucceeded: the charge (for a repeated key: the first one)
  std::string decline_code;  // kDeclined: "card_declined", "insufficient_funds", …
  std::string message;       // kDeclined: the processor's words for it
};

// A payment processor. Implementations may be called concurrently from any I/O thread; each call
// runs on the caller's executor and ends within the implementation's timeout.
//
// Errors every call may return:
//  * kTimeout: no answer in time (or the processor answered 408/504). What was asked may or may
//    not have happened: repeat it with the same key, or Void the charge key.
//  * kUnavailable: the processor could not be reached (nothing happened), or the connection broke
//    while waiting for the answer (then as for kTimeout). Retryable.
//  * kUpstream: the processor answered something unexpected (5xx, 401 for our API key, a body
//    that is not what the wire format says). 5xx and 429 are marked retryable.
//  * kInvalidArgument: a request field is out of range (checked before anything is sent), or the
//    processor refused the request as invalid (400).
class PaymentProcessor {
 public:
  virtual ~PaymentProcessor() = default;

  // Charges once per idempotency key: a repeat with the same key (same amount, currency and
  // source) returns the first result — the same charge id, or the same decline — and never makes
  // a second charge. Besides the errors above: kConflict when the key was used before for another
  // amount, currency or source ("key_reused"), or was voided ("charge_voided"; Void below).
  virtual boost::asio::awaitable<core::Result<ChargeResult>> Charge(ChargeRequest request) = 0;

  // Refunds `amount_cents` (> 0) of charge `charge_id`, once per refund idempotency key (a repeat
  // answers the first refund again). Returns the charge as it stood after that refund. Besides the
  // errors above: kNotFound (no such charge), kInvalidArgument (more than is left to refund),
  // kConflict (the key was used for another refund).
  virtual boost::asio::awaitable<core::Result<ProcessorCharge>> Refund(std::string idempotency_key,
                                                                       std::string charge_id,
                                                                       std::int64_t amount_cents) = 0;

  // Makes sure no charge stands under `charge_key`: a charge made with it is refunded in full, and
  // a charge request that arrives with it later is refused (kConflict, "charge_voided"). Returns
  // the voided charge (status "refunded") if there was one, nullopt if the key had charged nothing
  // (never seen, declined, or timed out before charging). Idempotent: a repeat returns the same.
  virtual boost::asio::awaitable<core::Result<std::optional<ProcessorCharge>>> Void(std::string charge_key) = 0;
};

struct PaymentProcessorOptions {
  std::string url;      // the processor's base URL, "http://127.0.0.1:8089" (paths are appended)
  std::string api_key;  // sent as "Authorization: Bearer <api_key>"; "" sends none
  std::chrono::milliseconds timeout{5'000};  // one call, connecting included
};

// The processor at `options.url`, over HTTP(S) (payment_simulator.h's wire format). Holds no
// connection between calls. A `url` that is not http(s) fails each call with kInvalidArgument.
std::unique_ptr<PaymentProcessor> MakeHttpPaymentProcessor(PaymentProcessorOptions options);

// The processor of the [payments] settings, or nullptr when `config.url` is empty (payments off).
std::unique_ptr<PaymentProcessor> MakeConfiguredPaymentProcessor(const core::PaymentsConfig& config);

}  // namespace contrail::flightly
