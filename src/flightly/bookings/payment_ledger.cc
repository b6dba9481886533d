#include "flightly/bookings/payment_ledger.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/json_writer.h"

namespace contrail::flightly {

namespace json = boost::json;

namespace {

core::Error FileError(const std::string& what, const std::string& path) {
  return core::Unavailable("payments ledger " + path + ": " + what + ": " + std::strerror(errno));
}

std::string ChargeEvent(const ChargeKeyRecord& r, const std::optional<LedgerCharge>& charge) {
  std::string out;
  core::JsonWriter w(out);
  w.BeginObject().Key("event").String("charge").Key("key").String(r.key);
  w.Key("amount_cents").Int(r.amount_cents).Key("currency").String(r.currency).Key("source").String(r.source);
  w.Key("status").Int(r.http_status).Key("body").String(r.body);
  if (charge) {
    w.Key("charge").BeginObject().Key("id").String(charge->id).Key("description").String(charge->description);
    w.Key("created").Int(charge->created).EndObject();
  }
  w.EndObject();
  return out;
}

std::string RefundEvent(const RefundRecord& r) {
  std::string out;
  core::JsonWriter w(out);
  w.BeginObject().Key("event").String("refund").Key("key").String(r.key).Key("id").String(r.id);
  w.Key("charge").String(r.charge_id).Key("amount_cents").Int(r.amount_cents);
  w.Key("requested_cents").Int(r.requested_cents).Key("body").String(r.body).EndObject();
  return out;
}

std::string VoidEvent(const std::string& key) {
  std::string out;
  core::JsonWriter(out).BeginObject().Key("event").String("void").Key("key").String(key).EndObject();
  return out;
}

// Reads members of one event; the first missing or mistyped one is remembered in `missing`.
struct EventReader {
  const json::object& o;
  std::string missing;

  std::string Str(std::string_view name) {
    const json::value* v = o.if_contains(name);
    if (v != nullptr && v->is_string()) return std::string(v->get_string());
    if (missing.empty()) missing = name;
    return {};
  }
  std::int64_t Int(std::string_view name) {
    const json::value* v = o.if_contains(name);
    if (v != nullptr && v->is_int64()) return v->get_int64();
    if (missing.empty()) missing = name;
    return 0;
  }
};

}  // namespace

std::string LedgerCharge::status() const {
  if (refunded_cents == 0) return "succeeded";
  return refunded_cents >= amount_cents ? "refunded" : "partially_refunded";
}

PaymentLedger::PaymentLedger() = default;

PaymentLedger::~PaymentLedger() {
  if (fd_ >= 0) ::close(fd_);
}

core::Result<std::unique_ptr<PaymentLedger>> PaymentLedger::Open(const std::string& path) {
  auto ledger = std::make_unique<PaymentLedger>();
  std::ifstream in(path, std::ios::binary);
  off_t good_bytes = 0;  // the end of the last complete line
  if (in) {
    std::string line;
    for (int line_no = 1; std::getline(in, line); ++line_no) {
      const bool complete = !in.eof();  // getline stopped at a '\n'
      if (!complete) break;             // torn last line: cut below
      good_bytes += static_cast<off_t>(line.size()) + 1;
      if (line.empty()) continue;
      if (core::Status s = ledger->ApplyLine(line); !s) {
        return core::InvalidArgument("payments ledger " + path + " line " + std::to_string(line_no) + ": " +
                                     s.error().message);
      }
    }
    if (in.bad()) return FileError("read", path);
  }
  ledger->fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (ledger->fd_ < 0) return FileError("open", path);
  struct stat st {};
  if (::fstat(ledger->fd_, &st) != 0) return FileError("stat", path);
  if (st.st_size > good_bytes && ::ftruncate(ledger->fd_, good_bytes) != 0) return FileError("cut the torn last line", path);
  return ledger;
}

core::Status PaymentLedger::Append(const std::string& line) {
  if (fd_ < 0) return core::Ok();
  const std::string text = line + "\n";
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd_, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return core::Unavailable(std::string("payments ledger: write: ") + std::strerror(errno));
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd_) != 0) return core::Unavailable(std::string("payments ledger: fsync: ") + std::strerror(errno));
  return core::Ok();
}

core::Status PaymentLedger::ApplyLine(std::string_view line) {
  boost::system::error_code ec;
  json::value v = json::parse(line, ec);
  if (ec || !v.is_object()) return core::InvalidArgument("not a JSON object");
  EventReader e{v.get_object(), ""};
  const std::string event = e.Str("event");
  const std::string key = e.Str("key");
  if (event == "charge") {
    ChargeKeyRecord r{key, e.Int("amount_cents"), e.Str("currency"), e.Str("source"),
                      static_cast<int>(e.Int("status")), e.Str("body"), ""};
    std::optional<LedgerCharge> charge;
    if (const json::value* c = e.o.if_contains("charge"); c != nullptr && c->is_object()) {
      EventReader ce{c->get_object(), ""};
      charge = LedgerCharge{ce.Str("id"), key, r.amount_cents, 0, r.currency, r.source, ce.Str("description"),
                            ce.Int("created")};
      if (!ce.missing.empty()) return core::InvalidArgument("the charge has no " + ce.missing);
      r.charge_id = charge->id;
    }
    if (!e.missing.empty()) return core::InvalidArgument("the event has no " + e.missing);
    if (charge_keys_.contains(key)) return core::InvalidArgument("the key " + key + " charged before");
    if (charge.has_value() != (r.http_status == 200) || (charge && charge_index_.contains(charge->id))) {
      return core::InvalidArgument("the charge event is inconsistent");
    }
    ApplyCharge(std::move(r), std::move(charge));
  } else if (event == "refund") {
    RefundRecord r{key, e.Str("id"), e.Str("charge"), e.Int("amount_cents"), e.Int("requested_cents"), e.Str("body")};
    if (!e.missing.empty()) return core::InvalidArgument("the event has no " + e.missing);
    const LedgerCharge* charge = FindCharge(r.charge_id);
    if (refund_keys_.contains(key) || charge == nullptr || r.amount_cents <= 0 ||
        r.amount_cents > charge->amount_cents - charge->refunded_cents) {
      return core::InvalidArgument("the refund does not fit the charges before it");
    }
    ApplyRefund(std::move(r));
  } else if (event == "void") {
    if (!e.missing.empty()) return core::InvalidArgument("the event has no " + e.missing);
    ApplyVoid(key);
  } else {
    return core::InvalidArgument("unknown event \"" + event + "\"");
  }
  return core::Ok();
}

const ChargeKeyRecord* PaymentLedger::FindChargeKey(std::string_view key) const {
  auto it = charge_keys_.find(key);
  return it == charge_keys_.end() ? nullptr : &it->second;
}

const LedgerCharge* PaymentLedger::FindCharge(std::string_view id) const {
  auto it = charge_index_.find(id);
  return it == charge_index_.end() ? nullptr : &charges_[it->second];
}

const RefundRecord* PaymentLedger::FindRefundKey(std::string_view key) const {
  auto it = refund_keys_.find(key);
  return it == refund_keys_.end() ? nullptr : &it->second;
}

bool PaymentLedger::voided(std::string_view key) const { return voided_.contains(key); }

std::vector<const LedgerCharge*> PaymentLedger::charges() const {
  std::vector<const LedgerCharge*> out;
  out.reserve(charges_.size());
  for (const LedgerCharge& c : charges_) out.push_back(&c);
  return out;
}

core::Status PaymentLedger::RecordCharge(ChargeKeyRecord record, std::optional<LedgerCharge> charge) {
  CONTRAIL_TRY_STATUS(Append(ChargeEvent(record, charge)));
  ApplyCharge(std::move(record), std::move(charge));
  return core::Ok();
}

core::Status PaymentLedger::RecordRefund(RefundRecord record) {
  CONTRAIL_TRY_STATUS(Append(RefundEvent(record)));
  ApplyRefund(std::move(record));
  return core::Ok();
}

core::Status PaymentLedger::RecordVoid(const std::string& key) {
  if (voided(key)) return core::Ok();
  CONTRAIL_TRY_STATUS(Append(VoidEvent(key)));
  ApplyVoid(key);
  return core::Ok();
}

void PaymentLedger::ApplyCharge(ChargeKeyRecord record, std::optional<LedgerCharge> charge) {
  if (charge) {
    record.charge_id = charge->id;
    charge_index_[charge->id] = charges_.size();
    charges_.push_back(std::move(*charge));
  }
  std::string key = record.key;
  charge_keys_.emplace(std::move(key), std::move(record));
}

void PaymentLedger::ApplyRefund(RefundRecord record) {
  charges_[charge_index_.at(record.charge_id)].refunded_cents += record.amount_cents;
  std::string key = record.key;
  refund_keys_.emplace(std::move(key), std::move(record));
}

void PaymentLedger::ApplyVoid(const std::string& key) {
  voided_.insert(key);
  const ChargeKeyRecord* record = FindChargeKey(key);
  if (record == nullptr || record->charge_id.empty()) return;
  LedgerCharge& charge = charges_[charge_index_.at(record->charge_id)];
  charge.refunded_cents = charge.amount_cents;
}

}  // namespace contrail::flightly
