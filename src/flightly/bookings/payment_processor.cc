#include "flightly/bookings/payment_processor.h"

#include <boost/json.hpp>
#include <span>

#include "core/config.h"
#include "core/json_writer.h"
#include "net/http_client.h"
#include "net/redact.h"
#include "net/url.h"

namespace contrail::flightly {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::string_view kWho = "the payment processor";
constexpr std::size_t kMaxKeyBytes = 200;

// The processor's error object: {"error":{"code":"…","message":"…"}}; empty strings when absent.
struct ProcessorError {
  std::string code;
  std::string message;
};

ProcessorError ErrorOf(std::string_view body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  const json::value* error = !ec && v.is_object() ? v.get_object().if_contains("error") : nullptr;
  if (error == nullptr || !error->is_object()) return {};
  ProcessorError out;
  if (const json::value* c = error->get_object().if_contains("code"); c != nullptr && c->is_string()) {
    out.code = c->get_string();
  }
  if (const json::value* m = error->get_object().if_contains("message"); m != nullptr && m->is_string()) {
    out.message = m->get_string();
  }
  return out;
}

// The error for a non-2xx answer other than a decline (payment_processor.h lists the mapping).
core::Error StatusError(const net::HttpClientResponse& response, std::string_view api_key) {
  const ProcessorError e = ErrorOf(response.body);
  std::string message = std::string(kWho) + " answered " + std::to_string(response.status);
  if (!e.code.empty()) message += " " + e.code;
  if (!e.message.empty()) message += ": " + e.message;
  // A processor that quotes the key it was sent (a 401 body) repeats it nowhere.
  const std::string_view sent[] = {api_key};
  message = net::RedactCredentials(message, std::span<const std::string_view>(sent, api_key.empty() ? 0 : 1));
  const int s = response.status;
  core::Error error = s == 400   ? core::InvalidArgument(std::move(message))
                      : s == 404 ? core::NotFound(std::move(message))
                      : s == 409 ? core::Error(core::Code::kConflict, std::move(message))
                      : s == 408 || s == 504
                          ? core::Timeout(std::move(message) + " (what was asked may or may not have happened)")
                          : core::Upstream(std::move(message));
  error.retryable = s == 408 || s == 429 || s >= 500;
  return error;
}

// Fetch's error: kTimeout and kUnavailable keep their code (both retryable with the same key).
core::Error TransportError(const core::Error& error, std::chrono::milliseconds timeout) {
  core::Error out = error;
  if (error.code == core::Code::kTimeout) {
    out.message = std::string(kWho) + " did not answer within " + std::to_string(timeout.count()) +
                  " ms (what was asked may or may not have happened)";
  } else if (error.code == core::Code::kUnavailable) {
    out.message = std::string(kWho) + " is unreachable: " + error.message;
  }
  out.retryable = error.code == core::Code::kTimeout || error.code == core::Code::kUnavailable;
  return out;
}

core::Result<ProcessorCharge> ParseCharge(const json::value& v) {
  const json::object* o = v.if_object();
  if (o == nullptr) return core::Upstream(std::string(kWho) + " sent a charge that is not a JSON object");
  ProcessorCharge c;
  for (auto [name, target] : {std::pair{"id", &c.id}, std::pair{"status", &c.status},
                              std::pair{"currency", &c.currency}, std::pair{"idempotency_key", &c.idempotency_key}}) {
    const json::value* s = o->if_contains(name);
    if (s == nullptr || !s->is_string()) return core::Upstream(std::string(kWho) + " sent a charge without " + name);
    *target = s->get_string();
  }
  for (auto [name, target] : {std::pair{"amount_cents", &c.amount_cents}, std::pair{"refunded_cents", &c.refunded_cents}}) {
    const json::value* n = o->if_contains(name);
    if (n == nullptr || !n->is_int64()) return core::Upstream(std::string(kWho) + " sent a charge without " + name);
    *target = n->get_int64();
  }
  return c;
}

// Member `member` of the JSON object `body` ("" = `body` itself) as a charge.
core::Result<ProcessorCharge> ParseChargeIn(std::string_view body, std::string_view member) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return core::Upstream(std::string(kWho) + " sent a body that is not a JSON object");
  if (member.empty()) return ParseCharge(v);
  const json::value* inner = v.get_object().if_contains(member);
  if (inner == nullptr) return core::Upstream(std::string(kWho) + " sent no " + std::string(member));
  return ParseCharge(*inner);
}

core::Status CheckKey(std::string_view key, const char* param) {
  if (key.empty() || key.size() > kMaxKeyBytes) {
    return core::InvalidArgument(std::string(param) + " must be 1..200 characters", param);
  }
  return core::Ok();
}

class HttpPaymentProcessor final : public PaymentProcessor {
 public:
  explicit HttpPaymentProcessor(PaymentProcessorOptions options) : options_(std::move(options)) {}

  asio::awaitable<core::Result<ChargeResult>> Charge(ChargeRequest request) override {
    CONTRAIL_CO_TRY_STATUS(CheckKey(request.idempotency_key, "idempotency_key"));
    if (request.amount_cents <= 0) co_return core::InvalidArgument("amount_cents must be > 0", "amount_cents");
    if (request.source.empty()) co_return core::InvalidArgument("source must name a card token", "source");
    std::string body;
    core::JsonWriter(body).BeginObject().Key("amount_cents").Int(request.amount_cents)
        .Key("currency").String(request.currency).Key("source").String(request.source)
        .Key("description").String(request.description).EndObject();
    CONTRAIL_CO_TRY(net::HttpClientResponse response,
                    co_await Post("/v1/charges", request.idempotency_key, std::move(body)));
    if (response.status == 402) {
      ProcessorError e = ErrorOf(response.body);
      if (e.code.empty()) e.code = "card_declined";
      co_return ChargeResult{ChargeOutcome::kDeclined, {}, std::move(e.code), std::move(e.message)};
    }
    if (response.status != 200) co_return StatusError(response, options_.api_key);
    CONTRAIL_CO_TRY(ProcessorCharge charge, ParseChargeIn(response.body, ""));
    co_return ChargeResult{ChargeOutcome::kSucceeded, std::move(charge), "", ""};
  }

  asio::awaitable<core::Result<ProcessorCharge>> Refund(std::string idempotency_key, std::string charge_id,
                                                        std::int64_t amount_cents) override {
    CONTRAIL_CO_TRY_STATUS(CheckKey(idempotency_key, "idempotency_key"));
    if (amount_cents <= 0) co_return core::InvalidArgument("amount_cents must be > 0", "amount_cents");
    if (charge_id.empty() || charge_id.find_first_of("/?#% ") != std::string::npos) {
      co_return core::InvalidArgument("charge_id is not a charge id", "charge_id");
    }
    std::string body;
    core::JsonWriter(body).BeginObject().Key("amount_cents").Int(amount_cents).EndObject();
    const std::string path = "/v1/charges/" + charge_id + "/refunds";
    CONTRAIL_CO_TRY(net::HttpClientResponse response, co_await Post(path, idempotency_key, std::move(body)));
    if (response.status != 200) co_return StatusError(response, options_.api_key);
    co_return ParseChargeIn(response.body, "charge_after");
  }

  asio::awaitable<core::Result<std::optional<ProcessorCharge>>> Void(std::string charge_key) override {
    CONTRAIL_CO_TRY_STATUS(CheckKey(charge_key, "charge_key"));
    CONTRAIL_CO_TRY(net::HttpClientResponse response, co_await Post("/v1/voids", charge_key, "{}"));
    if (response.status != 200) co_return StatusError(response, options_.api_key);
    boost::system::error_code ec;
    json::value v = json::parse(response.body, ec);
    const json::value* charge = !ec && v.is_object() ? v.get_object().if_contains("charge") : nullptr;
    if (charge == nullptr) co_return core::Upstream(std::string(kWho) + " sent a void without its charge");
    if (charge->is_null()) co_return std::optional<ProcessorCharge>();
    CONTRAIL_CO_TRY(ProcessorCharge voided, ParseCharge(*charge));
    co_return std::optional<ProcessorCharge>(std::move(voided));
  }

 private:
  // POSTs `body` to `path` with the key; the response whatever its status, or TransportError.
  asio::awaitable<core::Result<net::HttpClientResponse>> Post(std::string path, std::string key, std::string body) {
    net::HttpClientRequest http;
    http.method = "POST";
    http.url = net::Url::Join(options_.url, path);
    http.headers.emplace_back("Content-Type", "application/json");
    http.headers.emplace_back("Accept", "application/json");
    http.headers.emplace_back("Idempotency-Key", std::move(key));
    if (!options_.api_key.empty()) http.headers.emplace_back("Authorization", "Bearer " + options_.api_key);
    http.body = std::move(body);
    http.connect_timeout = options_.timeout;
    http.timeout = options_.timeout;
    core::Result<net::HttpClientResponse> response = co_await net::Fetch(http);
    if (!response) co_return TransportError(response.error(), options_.timeout);
    co_return response;
  }

  const PaymentProcessorOptions options_;
};

}  // namespace

std::unique_ptr<PaymentProcessor> MakeHttpPaymentProcessor(PaymentProcessorOptions options) {
  return std::make_unique<HttpPaymentProcessor>(std::move(options));
}

std::unique_ptr<PaymentProcessor> MakeConfiguredPaymentProcessor(const core::PaymentsConfig& config) {
  if (config.url.empty()) return nullptr;
  return MakeHttpPaymentProcessor({config.url, config.api_key, std::chrono::milliseconds(config.timeout_ms)});
}

}  // namespace contrail::flightly
