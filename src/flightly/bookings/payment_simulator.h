#pragma once
// The simulated payment processor that contrail ships (`contrail payments-sim`; the run and test
// scripts start one): charges, refunds and voids by idempotency key, with declines and timeouts on
// demand. Its wire format is what MakeHttpPaymentProcessor (payment_processor.h) speaks.
//
// Every /v1 route needs "Authorization: Bearer <api key>" when the simulator has an API key (401
// otherwise). Amounts are integer cents. Errors are
//   {"error":{"type":"invalid_request_error"|"card_error"|"idempotency_error"|"authentication_error"|
//             "api_error","code":"…","message":"…","param":"…"(when about a field)}}
//
// POST /v1/charges   Idempotency-Key: K (required, 1..200 characters, else 400)
//   {"amount_cents":N (1..100000000),"currency":"USD" (optional, 3 capitals),"source":"tok_…",
//    "description":"…" (optional)}
//   200 {"id":"ch_…","object":"charge","status":"succeeded","amount_cents":N,"refunded_cents":0,
//        "currency":"USD","source":…,"description":…,"idempotency_key":K,"created":<unix seconds>}
//   402 {"error":{"type":"card_error","code":"card_declined"|"insufficient_funds","message":…}}
//   The same K again with the same amount, currency and source gets the first answer replayed
//   (same status, same body: a declined key stays declined); with another one, 409 "key_reused";
//   a voided K, 409 "charge_voided". A malformed body or field: 400.
//   Sources: "tok_decline" always declines (card_declined), "tok_insufficient_funds" declines with
//   insufficient_funds, any other "tok_…" succeeds unless a simulation (below) says otherwise.
// POST /v1/charges/{id}/refunds   Idempotency-Key: R (required)
//   {"amount_cents":N} (optional; default: what is left) →
//   200 {"id":"re_…","object":"refund","charge":id,"amount_cents":N,"status":"succeeded",
//        "idempotency_key":R,"created":…,"charge_after":<the charge after this refund>}
//   The same R again (same charge, same amount asked) replays it; otherwise 409 "key_reused".
//   400 "amount_too_large" for more than is left (or nothing left), 404 for an unknown charge.
// POST /v1/voids   Idempotency-Key: K (the charge's key)
//   200 {"object":"void","idempotency_key":K,"charge":<the charge, now "refunded">|null}
//   Refunds in full what K charged, and every later charge request with K gets 409
//   "charge_voided". Idempotent.
// GET /v1/charges[?idempotency_key=K]   200 {"object":"list","data":[charges in creation order]}
// GET /v1/charges/{id}                  200 the charge as it is now (refunds applied), or 404
// GET /healthz                          200 {"status":"ok"} (no API key needed)
//
// Test control:
// POST /v1/simulate {"next":"decline"|"timeout"|"charge_then_hang"|"succeed","count":N (default 1),
//                    "hang_ms":M (default 30000)}
//   The next N charge requests with a new key (not seen, not voided) do this:
//   "decline": 402 card_declined, stored (the key stays declined);
//   "timeout": wait M ms, then 504 {"error":{"type":"api_error","code":"processor_timeout",…}}
//     without charging; nothing is stored, so a later request with the key is a new one;
//   "charge_then_hang": charge as usual (the charge stands), then wait M ms before answering.
//   "succeed" (or DELETE /v1/simulate) clears the simulation. 200 {"object":"simulation",…}.
// Options: a fixed latency before every charge's answer; a ledger file (payment_ledger.h).
//
// Waits are timers on the request's executor (no thread is blocked); Stop() ends them early.

#include <boost/asio/awaitable.hpp>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <random>
#include <string>

#include "core/result.h"
#include "net/http_message.h"

namespace contrail::flightly {

class PaymentLedger;
struct ChargeFields;
struct ChargeDecision;

struct PaymentSimulatorOptions {
  std::string api_key;                    // "" = no Authorization check
  std::chrono::milliseconds latency{0};   // added before every charge's answer
  std::string ledger_path;                // "" = the ledger lives in memory only
};

// The simulator's state and its request handler. Handle may be called concurrently from any
// number of I/O threads (one mutex guards the ledger and is never held across a wait).
class PaymentSimulator {
 public:
  // Opens (and replays) the ledger file when one is named: PaymentLedger::Open's errors.
  static core::Result<std::unique_ptr<PaymentSimulator>> Open(PaymentSimulatorOptions options);
  ~PaymentSimulator();
  PaymentSimulator(const PaymentSimulator&) = delete;
  PaymentSimulator& operator=(const PaymentSimulator&) = delete;

  // Answers one request of the wire format above; never throws. Runs on the caller's executor
  // and waits there (latency, hangs). The simulator must outlive every call.
  boost::asio::awaitable<net::HttpResponse> Handle(net::HttpRequest& request);

  // Ends every wait in progress and every later one at once (each then answers as it would have
  // after its wait): for a graceful stop that does not sit out a 30 s hang. Any thread.
  void Stop();

 private:
  explicit PaymentSimulator(PaymentSimulatorOptions options, std::unique_ptr<PaymentLedger> ledger);

  boost::asio::awaitable<net::HttpResponse> Route(net::HttpRequest& request);
  boost::asio::awaitable<net::HttpResponse> PostCharge(const net::HttpRequest& request);
  net::HttpResponse PostRefund(const net::HttpRequest& request, const std::string& charge_id);
  net::HttpResponse PostVoid(const net::HttpRequest& request);
  net::HttpResponse ListCharges(const net::HttpRequest& request);
  net::HttpResponse GetCharge(const std::string& id);
  net::HttpResponse PostSimulate(const net::HttpRequest& request);
  net::HttpResponse ClearSimulation();
  ChargeDecision DecideCharge(const std::string& key, const ChargeFields& fields);
  std::string NewId(const char* prefix);
  boost::asio::awaitable<void> Wait(std::chrono::milliseconds duration);

  const PaymentSimulatorOptions options_;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::unique_ptr<PaymentLedger> ledger_;  // guarded by mu_
  std::mt19937_64 ids_;                    // guarded by mu_
  // The simulation the next charges with a new key take (guarded by mu_).
  enum class Mode { kNone, kDecline, kTimeout, kChargeThenHang } mode_ = Mode::kNone;
  std::int64_t mode_count_ = 0;              // guarded by mu_
  std::chrono::milliseconds hang_{30'000};   // guarded by mu_
};

// The simulator's error body for an error the HTTP transport found itself (a body over the limit,
// a malformed request): for net::HttpServerOptions::error_response.
net::HttpResponse PaymentSimulatorTransportError(const core::Error& error);

}  // namespace contrail::flightly
