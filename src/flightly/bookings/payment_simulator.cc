#include "flightly/bookings/payment_simulator.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <algorithm>
#include <optional>

#include "core/clock.h"
#include "core/json_writer.h"
#include "flightly/bookings/payment_ledger.h"

namespace contrail::flightly {

namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;

// A charge request's body, checked.
struct ChargeFields {
  std::int64_t amount_cents = 0;
  std::string currency = "USD";
  std::string source;
  std::string description;
};

// What a charge request is answered, and how long it waits before the answer goes out.
struct ChargeDecision {
  net::HttpResponse reply;
  std::chrono::milliseconds wait{0};
};

namespace {

constexpr std::size_t kMaxKeyBytes = 200;
constexpr std::int64_t kMaxAmountCents = 100'000'000;  // $1,000,000.00: a sanity bound, not a limit of a card
constexpr std::size_t kMaxSourceBytes = 100;
constexpr std::size_t kMaxDescriptionBytes = 1'000;
constexpr std::int64_t kMaxSimulateCount = 1'000'000;
constexpr std::int64_t kMaxHangMs = 600'000;
// How often a wait looks at Stop(): a timer cannot be cancelled from another thread safely, so a
// long wait is a series of short ones.
constexpr auto kStopCheck = 50ms;

net::HttpResponse Reply(int status, std::string body) {
  net::HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

std::string ErrorBody(std::string_view type, std::string_view code, std::string_view message,
                      std::string_view param = {}) {
  std::string out;
  core::JsonWriter w(out);
  w.BeginObject().Key("error").BeginObject().Key("type").String(type).Key("code").String(code);
  w.Key("message").String(message);
  if (!param.empty()) w.Key("param").String(param);
  w.EndObject().EndObject();
  return out;
}

net::HttpResponse ErrorReply(int status, std::string_view type, std::string_view code, std::string_view message,
                             std::string_view param = {}) {
  return Reply(status, ErrorBody(type, code, message, param));
}

// A request that the parsers below refused: the field (param) when there is one.
net::HttpResponse BadRequest(const core::Error& error) {
  return ErrorReply(400, "invalid_request_error", error.param.empty() ? "invalid_json" : "parameter_invalid",
                    error.message, error.param);
}

net::HttpResponse Conflict(std::string_view code, std::string_view message) {
  return ErrorReply(409, "idempotency_error", code, message);
}

net::HttpResponse LedgerFailure(const core::Error& error) {
  return ErrorReply(500, "api_error", "ledger_unavailable", error.message);
}

void WriteCharge(core::JsonWriter& w, const LedgerCharge& c) {
  w.BeginObject().Key("id").String(c.id).Key("object").String("charge").Key("status").String(c.status());
  w.Key("amount_cents").Int(c.amount_cents).Key("refunded_cents").Int(c.refunded_cents);
  w.Key("currency").String(c.currency).Key("source").String(c.source).Key("description").String(c.description);
  w.Key("idempotency_key").String(c.idempotency_key).Key("created").Int(c.created).EndObject();
}

std::string ChargeJson(const LedgerCharge& c) {
  std::string out;
  core::JsonWriter w(out);
  WriteCharge(w, c);
  return out;
}

// The decline code of a built-in card token, or "" for one that pays.
std::string SourceDecline(std::string_view source) {
  if (source == "tok_decline") return "card_declined";
  if (source == "tok_insufficient_funds") return "insufficient_funds";
  return "";
}

std::string DeclineBody(std::string_view code) {
  return ErrorBody("card_error", code,
                   code == "insufficient_funds" ? "Your card has insufficient funds." : "Your card was declined.");
}

core::Result<std::string> IdempotencyKey(const net::HttpRequest& request) {
  CONTRAIL_TRY(const std::string* key, request.SingleHeader("idempotency-key"));
  if (key == nullptr || key->empty() || key->size() > kMaxKeyBytes) {
    return core::InvalidArgument("an Idempotency-Key header of 1..200 characters is required", "Idempotency-Key");
  }
  return *key;
}

// The body as a JSON object whose members are all among `allowed`; an empty body is {}.
core::Result<json::object> ParseObject(std::string_view body, std::initializer_list<std::string_view> allowed) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return json::object();
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return core::InvalidArgument("the body must be a JSON object");
  for (const auto& member : v.get_object()) {
    if (std::find(allowed.begin(), allowed.end(), member.key()) == allowed.end()) {
      return core::InvalidArgument("unknown field " + std::string(member.key()), std::string(member.key()));
    }
  }
  return std::move(v.get_object());
}

// Member `name` as an integer in [min, max]; `fallback` when absent.
core::Result<std::int64_t> IntField(const json::object& o, std::string_view name, std::int64_t min,
                                    std::int64_t max, std::optional<std::int64_t> fallback) {
  const json::value* v = o.if_contains(name);
  const std::string field(name);
  if (v == nullptr) {
    if (fallback) return *fallback;
    return core::InvalidArgument(field + " is required", field);
  }
  // boost::json parses an integer that fits into int64 as one; larger ones and 1.0 are refused.
  const std::optional<std::int64_t> n = v->is_int64() ? std::optional<std::int64_t>(v->get_int64()) : std::nullopt;
  if (!n || *n < min || *n > max) {
    return core::InvalidArgument(field + " must be an integer from " + std::to_string(min) + " to " +
                                     std::to_string(max), field);
  }
  return *n;
}

// Member `name` as a string of at most `max_bytes`; `fallback` when absent.
core::Result<std::string> StringField(const json::object& o, std::string_view name, std::size_t max_bytes,
                                      std::optional<std::string> fallback) {
  const json::value* v = o.if_contains(name);
  const std::string field(name);
  if (v == nullptr) {
    if (fallback) return *fallback;
    return core::InvalidArgument(field + " is required", field);
  }
  if (!v->is_string() || v->get_string().size() > max_bytes) {
    return core::InvalidArgument(field + " must be a string of at most " + std::to_string(max_bytes) + " bytes",
                                 field);
  }
  return std::string(v->get_string());
}

core::Result<ChargeFields> ParseChargeFields(std::string_view body) {
  CONTRAIL_TRY(json::object o, ParseObject(body, {"amount_cents", "currency", "source", "description"}));
  ChargeFields f;
  CONTRAIL_TRY(f.amount_cents, IntField(o, "amount_cents", 1, kMaxAmountCents, std::nullopt));
  CONTRAIL_TRY(f.currency, StringField(o, "currency", 3, "USD"));
  if (f.currency.size() != 3 || !std::all_of(f.currency.begin(), f.currency.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    return core::InvalidArgument("currency must be a 3-letter ISO 4217 code in capitals (\"USD\")", "currency");
  }
  CONTRAIL_TRY(f.source, StringField(o, "source", kMaxSourceBytes, std::nullopt));
  if (!f.source.starts_with("tok_") || f.source.size() < 5) {
    return core::InvalidArgument("source must be a card token, \"tok_…\"", "source");
  }
  CONTRAIL_TRY(f.description, StringField(o, "description", kMaxDescriptionBytes, ""));
  return f;
}

bool Authorized(const net::HttpRequest& request, const std::string& api_key) {
  if (api_key.empty()) return true;
  const std::string* header = request.header("authorization");
  return header != nullptr && *header == "Bearer " + api_key;
}

net::HttpResponse MethodNotAllowed(std::string allow) {
  net::HttpResponse r = ErrorReply(405, "invalid_request_error", "method_not_allowed", "use " + allow);
  r.headers.emplace_back("Allow", std::move(allow));
  return r;
}

}  // namespace

core::Result<std::unique_ptr<PaymentSimulator>> PaymentSimulator::Open(PaymentSimulatorOptions options) {
  std::unique_ptr<PaymentLedger> ledger;
  if (options.ledger_path.empty()) {
    ledger = std::make_unique<PaymentLedger>();
  } else {
    CONTRAIL_TRY(ledger, PaymentLedger::Open(options.ledger_path));
  }
  return std::unique_ptr<PaymentSimulator>(new PaymentSimulator(std::move(options), std::move(ledger)));
}

PaymentSimulator::PaymentSimulator(PaymentSimulatorOptions options, std::unique_ptr<PaymentLedger> ledger)
    : options_(std::move(options)), ledger_(std::move(ledger)), ids_(std::random_device{}()) {}

PaymentSimulator::~PaymentSimulator() = default;

void PaymentSimulator::Stop() { stopping_.store(true); }

asio::awaitable<net::HttpResponse> PaymentSimulator::Handle(net::HttpRequest& request) {
  try {
    co_return co_await Route(request);
  } catch (const std::exception& e) {
    co_return ErrorReply(500, "api_error", "internal_error", e.what());
  }
}

asio::awaitable<net::HttpResponse> PaymentSimulator::Route(net::HttpRequest& request) {
  const std::string path(request.path());
  const std::string& method = request.method;
  if (path == "/healthz") {
    co_return method == "GET" ? Reply(200, R"({"status":"ok"})") : MethodNotAllowed("GET");
  }
  if (!path.starts_with("/v1/")) co_return ErrorReply(404, "invalid_request_error", "not_found", "no route " + path);
  if (!Authorized(request, options_.api_key)) {
    co_return ErrorReply(401, "authentication_error", "invalid_api_key",
                         "send the simulator's API key as Authorization: Bearer <key>");
  }
  if (path == "/v1/charges") {
    if (method == "POST") co_return co_await PostCharge(request);
    co_return method == "GET" ? ListCharges(request) : MethodNotAllowed("GET, POST");
  }
  if (path == "/v1/voids") co_return method == "POST" ? PostVoid(request) : MethodNotAllowed("POST");
  if (path == "/v1/simulate") {
    if (method == "POST") co_return PostSimulate(request);
    co_return method == "DELETE" ? ClearSimulation() : MethodNotAllowed("POST, DELETE");
  }
  constexpr std::string_view kCharges = "/v1/charges/";
  constexpr std::string_view kRefunds = "/refunds";
  if (path.starts_with(kCharges) && path.size() > kCharges.size()) {
    std::string id = path.substr(kCharges.size());
    if (id.ends_with(kRefunds)) {
      id.resize(id.size() - kRefunds.size());
      if (!id.empty() && id.find('/') == std::string::npos) {
        co_return method == "POST" ? PostRefund(request, id) : MethodNotAllowed("POST");
      }
    } else if (id.find('/') == std::string::npos) {
      co_return method == "GET" ? GetCharge(id) : MethodNotAllowed("GET");
    }
  }
  co_return ErrorReply(404, "invalid_request_error", "not_found", "no route " + path);
}

asio::awaitable<net::HttpResponse> PaymentSimulator::PostCharge(const net::HttpRequest& request) {
  core::Result<std::string> key = IdempotencyKey(request);
  if (!key) co_return BadRequest(key.error());
  core::Result<ChargeFields> fields = ParseChargeFields(request.body);
  if (!fields) co_return BadRequest(fields.error());
  ChargeDecision decision = DecideCharge(*key, *fields);
  co_await Wait(options_.latency + decision.wait);
  co_return std::move(decision.reply);
}

ChargeDecision PaymentSimulator::DecideCharge(const std::string& key, const ChargeFields& f) {
  std::lock_guard lock(mu_);
  if (ledger_->voided(key)) {
    return {Conflict("charge_voided", "the charge with this Idempotency-Key was voided; use a new key")};
  }
  if (const ChargeKeyRecord* first = ledger_->FindChargeKey(key)) {
    if (first->amount_cents != f.amount_cents || first->currency != f.currency || first->source != f.source) {
      return {Conflict("key_reused", "this Idempotency-Key was used with another amount, currency or source")};
    }
    return {Reply(first->http_status, first->body)};
  }
  const Mode mode = mode_count_ > 0 ? mode_ : Mode::kNone;
  if (mode != Mode::kNone && --mode_count_ == 0) mode_ = Mode::kNone;
  if (mode == Mode::kTimeout) {
    return {ErrorReply(504, "api_error", "processor_timeout", "the processor timed out; nothing was charged"), hang_};
  }
  const std::string decline = mode == Mode::kDecline ? "card_declined" : SourceDecline(f.source);
  ChargeKeyRecord record{key, f.amount_cents, f.currency, f.source, 402, "", ""};
  std::optional<LedgerCharge> charge;
  if (decline.empty()) {
    charge = LedgerCharge{NewId("ch_"), key, f.amount_cents, 0, f.currency, f.source, f.description,
                          core::UnixSeconds()};
    record.http_status = 200;
    record.body = ChargeJson(*charge);
  } else {
    record.body = DeclineBody(decline);
  }
  net::HttpResponse reply = Reply(record.http_status, record.body);
  if (core::Status s = ledger_->RecordCharge(std::move(record), std::move(charge)); !s) return {LedgerFailure(s.error())};
  return {std::move(reply), mode == Mode::kChargeThenHang ? hang_ : 0ms};
}

net::HttpResponse PaymentSimulator::PostRefund(const net::HttpRequest& request, const std::string& charge_id) {
  core::Result<std::string> key = IdempotencyKey(request);
  if (!key) return BadRequest(key.error());
  core::Result<json::object> body = ParseObject(request.body, {"amount_cents"});
  if (!body) return BadRequest(body.error());
  core::Result<std::int64_t> requested = IntField(*body, "amount_cents", 1, kMaxAmountCents, 0);
  if (!requested) return BadRequest(requested.error());
  std::lock_guard lock(mu_);
  if (const RefundRecord* first = ledger_->FindRefundKey(*key)) {
    if (first->charge_id != charge_id || first->requested_cents != *requested) {
      return Conflict("key_reused", "this Idempotency-Key was used for another refund");
    }
    return Reply(200, first->body);
  }
  const LedgerCharge* charge = ledger_->FindCharge(charge_id);
  if (charge == nullptr) return ErrorReply(404, "invalid_request_error", "resource_missing", "no such charge: " + charge_id);
  const std::int64_t left = charge->amount_cents - charge->refunded_cents;
  const std::int64_t amount = *requested > 0 ? *requested : left;
  if (amount <= 0 || amount > left) {
    return ErrorReply(400, "invalid_request_error", "amount_too_large",
                      std::to_string(left) + " cents are left to refund on " + charge_id, "amount_cents");
  }
  LedgerCharge after = *charge;
  after.refunded_cents += amount;
  RefundRecord record{*key, NewId("re_"), charge_id, amount, *requested, ""};
  core::JsonWriter w(record.body);
  w.BeginObject().Key("id").String(record.id).Key("object").String("refund").Key("charge").String(charge_id);
  w.Key("amount_cents").Int(amount).Key("currency").String(after.currency).Key("status").String("succeeded");
  w.Key("idempotency_key").String(*key).Key("created").Int(core::UnixSeconds()).Key("charge_after");
  WriteCharge(w, after);
  w.EndObject();
  net::HttpResponse reply = Reply(200, record.body);
  if (core::Status s = ledger_->RecordRefund(std::move(record)); !s) return LedgerFailure(s.error());
  return reply;
}

net::HttpResponse PaymentSimulator::PostVoid(const net::HttpRequest& request) {
  core::Result<std::string> key = IdempotencyKey(request);
  if (!key) return BadRequest(key.error());
  std::lock_guard lock(mu_);
  if (core::Status s = ledger_->RecordVoid(*key); !s) return LedgerFailure(s.error());
  const ChargeKeyRecord* record = ledger_->FindChargeKey(*key);
  const LedgerCharge* charge = record != nullptr ? ledger_->FindCharge(record->charge_id) : nullptr;
  std::string out;
  core::JsonWriter w(out);
  w.BeginObject().Key("object").String("void").Key("idempotency_key").String(*key).Key("charge");
  if (charge != nullptr) {
    WriteCharge(w, *charge);
  } else {
    w.Null();
  }
  w.EndObject();
  return Reply(200, std::move(out));
}

net::HttpResponse PaymentSimulator::ListCharges(const net::HttpRequest& request) {
  core::Result<std::optional<std::string>> only = request.QueryParam("idempotency_key");
  if (!only) return BadRequest(only.error());
  std::string out;
  core::JsonWriter w(out);
  w.BeginObject().Key("object").String("list").Key("data").BeginArray();
  std::lock_guard lock(mu_);
  for (const LedgerCharge* c : ledger_->charges()) {
    if (!only->has_value() || c->idempotency_key == **only) WriteCharge(w, *c);
  }
  w.EndArray().EndObject();
  return Reply(200, std::move(out));
}

net::HttpResponse PaymentSimulator::GetCharge(const std::string& id) {
  std::lock_guard lock(mu_);
  const LedgerCharge* charge = ledger_->FindCharge(id);
  if (charge == nullptr) return ErrorReply(404, "invalid_request_error", "resource_missing", "no such charge: " + id);
  return Reply(200, ChargeJson(*charge));
}

net::HttpResponse PaymentSimulator::PostSimulate(const net::HttpRequest& request) {
  core::Result<json::object> body = ParseObject(request.body, {"next", "count", "hang_ms"});
  if (!body) return BadRequest(body.error());
  core::Result<std::string> next = StringField(*body, "next", 32, std::nullopt);
  if (!next) return BadRequest(next.error());
  core::Result<std::int64_t> count = IntField(*body, "count", 1, kMaxSimulateCount, 1);
  if (!count) return BadRequest(count.error());
  core::Result<std::int64_t> hang_ms = IntField(*body, "hang_ms", 0, kMaxHangMs, 30'000);
  if (!hang_ms) return BadRequest(hang_ms.error());
  Mode mode = Mode::kNone;
  if (*next == "decline") {
    mode = Mode::kDecline;
  } else if (*next == "timeout") {
    mode = Mode::kTimeout;
  } else if (*next == "charge_then_hang") {
    mode = Mode::kChargeThenHang;
  } else if (*next != "succeed") {
    return BadRequest(core::InvalidArgument("next must be decline, timeout, charge_then_hang or succeed", "next"));
  }
  {
    std::lock_guard lock(mu_);
    mode_ = mode;
    mode_count_ = mode == Mode::kNone ? 0 : *count;
    hang_ = std::chrono::milliseconds(*hang_ms);
  }
  std::string out;
  core::JsonWriter(out).BeginObject().Key("object").String("simulation").Key("next").String(*next)
      .Key("count").Int(mode == Mode::kNone ? 0 : *count).Key("hang_ms").Int(*hang_ms).EndObject();
  return Reply(200, std::move(out));
}

net::HttpResponse PaymentSimulator::ClearSimulation() {
  std::lock_guard lock(mu_);
  mode_ = Mode::kNone;
  mode_count_ = 0;
  return Reply(200, R"({"object":"simulation","next":"succeed","count":0})");
}

std::string PaymentSimulator::NewId(const char* prefix) {
  static constexpr char kAlphabet[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string id = prefix;
  for (int i = 0; i < 24; ++i) id += kAlphabet[ids_() % 36];
  return id;
}

asio::awaitable<void> PaymentSimulator::Wait(std::chrono::milliseconds duration) {
  if (duration <= 0ms) co_return;
  asio::steady_timer timer(co_await asio::this_coro::executor);
  const auto end = std::chrono::steady_clock::now() + duration;
  while (!stopping_.load()) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= end) break;
    timer.expires_at(std::min(end, now + kStopCheck));
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

net::HttpResponse PaymentSimulatorTransportError(const core::Error& error) {
  const core::WireError wire = core::Describe(error.code);
  return ErrorReply(wire.http_status, "invalid_request_error", wire.code, error.message);
}

}  // namespace contrail::flightly
