#pragma once
// The simulated payment processor's books (payment_simulator.h): charges, refunds and voided keys,
// with the answer each idempotency key got so that a repeat gets it again. Optionally kept in an
// append-only JSON Lines file, one event per line, each written and fsync'd before it takes effect,
// and replayed when the ledger is opened again, so a restarted simulator still knows its keys:
//
//   {"event":"charge","key":K,"amount_cents":N,"currency":"USD","source":"tok_visa","status":200,
//    "body":"<the response>","charge":{"id":"ch_…","description":"…","created":1767225600}}
//   {"event":"charge","key":K,…,"status":402,"body":"<the decline>"}            (no charge)
//   {"event":"refund","key":R,"id":"re_…","charge":"ch_…","amount_cents":N,"requested_cents":0,
//    "body":"<the response>"}
//   {"event":"void","key":K}
//
// Not thread-safe: its owner serializes every call (PaymentSimulator holds a mutex). Writing to the
// file blocks the calling thread for a write and an fsync.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace contrail::flightly {

struct LedgerCharge {
  std::string id;               // "ch_…"
  std::string idempotency_key;
  std::int64_t amount_cents = 0;
  std::int64_t refunded_cents = 0;
  std::string currency;
  std::string source;
  std::string description;
  std::int64_t created = 0;     // Unix seconds

  // "succeeded", "partially_refunded" or "refunded", by refunded_cents.
  std::string status() const;
};

// The first answer to a charge key, and what that request asked: a repeat must ask the same.
struct ChargeKeyRecord {
  std::string key;
  std::int64_t amount_cents = 0;
  std::string currency;
  std::string source;
  int http_status = 0;          // 200 (charged) or 402 (declined)
  std::string body;             // the response, replayed as is
  std::string charge_id;        // "" when declined
};

struct RefundRecord {
  std::string key;
  std::string id;               // "re_…"
  std::string charge_id;
  std::int64_t amount_cents = 0;
  std::int64_t requested_cents = 0;  // what the request asked; 0 = "the rest"
  std::string body;             // the response, replayed as is
};

class PaymentLedger {
 public:
  // An empty ledger kept in memory only.
  PaymentLedger();
  ~PaymentLedger();
  PaymentLedger(const PaymentLedger&) = delete;
  PaymentLedger& operator=(const PaymentLedger&) = delete;

  // Replays the file at `path` (created, mode 0600, when missing) and appends every later event to
  // it. A torn last line (a crash mid-write) is cut off. kInvalidArgument naming the line for an
  // event that is not JSON of the shape above or contradicts the events before it; kUnavailable
  // when the file cannot be read, created or cut.
  static core::Result<std::unique_ptr<PaymentLedger>> Open(const std::string& path);

  // nullptr when the key, id or refund key is unknown. Valid until the next Record call.
  const ChargeKeyRecord* FindChargeKey(std::string_view key) const;
  const LedgerCharge* FindCharge(std::string_view id) const;
  const RefundRecord* FindRefundKey(std::string_view key) const;
  bool voided(std::string_view key) const;
  // Every charge, in the order they were made.
  std::vector<const LedgerCharge*> charges() const;

  // Each writes its event (when there is a file) and then applies it. kUnavailable when the write
  // or fsync fails: the ledger is unchanged.
  //
  // REQUIRES: FindChargeKey(record.key) == nullptr; `charge` is set iff record.http_status == 200,
  // with charge->idempotency_key == record.key and an id that is not taken.
  core::Status RecordCharge(ChargeKeyRecord record, std::optional<LedgerCharge> charge);
  // REQUIRES: FindRefundKey(record.key) == nullptr; the charge exists and has at least
  // record.amount_cents > 0 left to refund.
  core::Status RecordRefund(RefundRecord record);
  // Marks `key` voided and refunds what is left of its charge, if any. A no-op when it is voided.
  core::Status RecordVoid(const std::string& key);

 private:
  core::Status Append(const std::string& line);
  core::Status ApplyLine(std::string_view line);
  void ApplyCharge(ChargeKeyRecord record, std::optional<LedgerCharge> charge);
  void ApplyRefund(RefundRecord record);
  void ApplyVoid(const std::string& key);

  int fd_ = -1;  // the file, open for appending; -1 without one
  std::vector<LedgerCharge> charges_;                       // in creation order
  std::map<std::string, std::size_t, std::less<>> charge_index_;  // id → position in charges_
  std::map<std::string, ChargeKeyRecord, std::less<>> charge_keys_;
  std::map<std::string, RefundRecord, std::less<>> refund_keys_;
  std::set<std::string, std::less<>> voided_;
};

}  // namespace contrail::flightly
