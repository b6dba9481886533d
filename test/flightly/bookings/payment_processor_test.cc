// MakeHttpPaymentProcessor against the simulated processor (payment_simulator.h) on a local HTTP
// server with two I/O threads: a charge happens once per idempotency key however often and however
// concurrently it is asked; declines are answers, not errors; a charge whose answer never came is
// voided (refunded, its key refused from then on); refunds add up to the charge at most; a wrong
// API key and an unreachable processor are errors of their own.

#include "flightly/bookings/payment_processor.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/json.hpp>
#include <thread>

#include "flightly/bookings/payment_simulator.h"
#include "net/http_server.h"
#include "support/async.h"

namespace contrail::flightly {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;

constexpr char kApiKey[] = "sim-test-key-0123456789";

// The simulator served on a free port by two I/O threads.
class SimulatorServer {
 public:
  SimulatorServer() : sim_(PaymentSimulator::Open({kApiKey, 0ms, ""}).value()) {
    net::HttpServerOptions o;
    o.port = 0;
    o.threads = 2;
    server_ = std::make_unique<net::HttpServer>(o, [this](int) -> net::HttpHandler {
      return [this](net::HttpRequest& r) { return sim_->Handle(r); };
    });
    port_ = *server_->Listen();
    thread_ = std::thread([this] { server_->Run(); });
  }
  ~SimulatorServer() {
    sim_->Stop();  // requests still hanging answer now, so the server drains at once
    server_->Stop();
    thread_.join();
  }

  PaymentSimulator& sim() { return *sim_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  std::unique_ptr<PaymentSimulator> sim_;
  std::unique_ptr<net::HttpServer> server_;
  int port_ = 0;
  std::thread thread_;
};

class PaymentProcessorTest : public ::testing::Test {
 protected:
  std::unique_ptr<PaymentProcessor> Processor(std::chrono::milliseconds timeout = 5'000ms,
                                              std::string api_key = kApiKey) {
    return MakeHttpPaymentProcessor({server_.url(), std::move(api_key), timeout});
  }

  core::Result<ChargeResult> Charge(PaymentProcessor& p, std::string key, std::int64_t cents,
                                    std::string source = "tok_visa") {
    return test::RunAsync(io_, p.Charge({.idempotency_key = std::move(key), .amount_cents = cents,
                                         .source = std::move(source), .description = "test"}));
  }

  // A request straight to the simulator's handler (test control and what the client cannot ask).
  json::value Call(std::string method, std::string target, std::string body = "") {
    net::HttpRequest r;
    r.method = std::move(method);
    r.target = std::move(target);
    r.body = std::move(body);
    r.headers = {{"authorization", std::string("Bearer ") + kApiKey}};
    net::HttpResponse response = test::RunAsync(io_, server_.sim().Handle(r));
    EXPECT_EQ(response.status, 200) << response.body;
    return json::parse(response.body);
  }
  void Simulate(const std::string& body) { Call("POST", "/v1/simulate", body); }
  json::array Charges(const std::string& key = "") {
    return Call("GET", "/v1/charges" + (key.empty() ? "" : "?idempotency_key=" + key)).at("data").as_array();
  }

  SimulatorServer server_;
  asio::io_context io_;
};

TEST_F(PaymentProcessorTest, AChargeSucceedsWithTheProcessorsCharge) {
  auto p = Processor();
  core::Result<ChargeResult> r = Charge(*p, "pay:ABC123", 45'900);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->outcome, ChargeOutcome::kSucceeded);
  EXPECT_TRUE(r->charge.id.starts_with("ch_")) << r->charge.id;
  EXPECT_EQ(r->charge.status, "succeeded");
  EXPECT_EQ(r->charge.amount_cents, 45'900);
  EXPECT_EQ(r->charge.refunded_cents, 0);
  EXPECT_EQ(r->charge.currency, "USD");
  EXPECT_EQ(r->charge.idempotency_key, "pay:ABC123");
  const json::array charges = Charges();
  ASSERT_EQ(charges.size(), 1u);
  EXPECT_EQ(charges[0].at("id"), r->charge.id.c_str());
  EXPECT_EQ(charges[0].at("source"), "tok_visa");
  EXPECT_EQ(charges[0].at("description"), "test");
}

TEST_F(PaymentProcessorTest, TheSameKeyTwiceGivesTheFirstChargeAndChargesOnce) {
  auto p = Processor();
  core::Result<ChargeResult> first = Charge(*p, "pay:TWICE", 10'000);
  core::Result<ChargeResult> again = Charge(*p, "pay:TWICE", 10'000);
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_EQ(again->outcome, ChargeOutcome::kSucceeded);
  EXPECT_EQ(again->charge.id, first->charge.id);
  EXPECT_EQ(Charges().size(), 1u);
}

TEST_F(PaymentProcessorTest, ConcurrentChargesWithOneKeyMakeOneCharge) {
  auto p = Processor();
  constexpr int kCalls = 8;
  std::vector<core::Result<ChargeResult>> results(kCalls);
  int done = 0;
  for (int i = 0; i < kCalls; ++i) {
    ChargeRequest request{.idempotency_key = "pay:RACE", .amount_cents = 2'500, .source = "tok_visa"};
    asio::co_spawn(io_, p->Charge(std::move(request)), [&, i](std::exception_ptr e, core::Result<ChargeResult> r) {
      EXPECT_FALSE(e);
      results[i] = std::move(r);
      ++done;
    });
  }
  while (done < kCalls) io_.run_one();
  for (const auto& r : results) {
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->outcome, ChargeOutcome::kSucceeded);
    EXPECT_EQ(r->charge.id, results[0]->charge.id) << "every caller gets the one charge";
  }
  EXPECT_EQ(Charges().size(), 1u);
}

TEST_F(PaymentProcessorTest, DeclinedCardsAreAnOutcomeAndStayDeclined) {
  auto p = Processor();
  core::Result<ChargeResult> declined = Charge(*p, "pay:DECL", 1'000, "tok_decline");
  ASSERT_TRUE(declined.ok()) << declined.error().message;
  EXPECT_EQ(declined->outcome, ChargeOutcome::kDeclined);
  EXPECT_EQ(declined->decline_code, "card_declined");
  EXPECT_EQ(declined->message, "Your card was declined.");
  core::Result<ChargeResult> funds = Charge(*p, "pay:FUNDS", 1'000, "tok_insufficient_funds");
  ASSERT_TRUE(funds.ok());
  EXPECT_EQ(funds->decline_code, "insufficient_funds");
  core::Result<ChargeResult> again = Charge(*p, "pay:DECL", 1'000, "tok_decline");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->outcome, ChargeOutcome::kDeclined);
  EXPECT_TRUE(Charges().empty()) << "a decline charges nothing";
}

TEST_F(PaymentProcessorTest, ASimulatedDeclineTakesTheNextNewKeysOnly) {
  auto p = Processor();
  ASSERT_TRUE(Charge(*p, "pay:BEFORE", 500).ok());
  Simulate(R"({"next":"decline","count":2})");
  EXPECT_EQ(Charge(*p, "pay:BEFORE", 500)->outcome, ChargeOutcome::kSucceeded) << "a known key replays its answer";
  EXPECT_EQ(Charge(*p, "pay:D1", 500)->outcome, ChargeOutcome::kDeclined);
  EXPECT_EQ(Charge(*p, "pay:D2", 500)->decline_code, "card_declined");
  EXPECT_EQ(Charge(*p, "pay:AFTER", 500)->outcome, ChargeOutcome::kSucceeded);
  EXPECT_EQ(Charge(*p, "pay:D1", 500)->outcome, ChargeOutcome::kDeclined) << "a declined key stays declined";
  Simulate(R"({"next":"decline"})");
  Call("DELETE", "/v1/simulate");
  EXPECT_EQ(Charge(*p, "pay:CLEARED", 500)->outcome, ChargeOutcome::kSucceeded);
}

TEST_F(PaymentProcessorTest, ATimeoutIsAnErrorAndChargesNothing) {
  auto impatient = Processor(200ms);
  auto p = Processor();
  Simulate(R"({"next":"timeout","hang_ms":2000})");
  core::Result<ChargeResult> r = Charge(*impatient, "pay:SLOW", 7'000);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Code::kTimeout) << r.error().message;
  EXPECT_TRUE(r.error().retryable);
  EXPECT_TRUE(Charges().empty());
  // Nothing was stored for the key: asked again, it is a new charge.
  core::Result<ChargeResult> retry = Charge(*p, "pay:SLOW", 7'000);
  ASSERT_TRUE(retry.ok()) << retry.error().message;
  EXPECT_EQ(retry->outcome, ChargeOutcome::kSucceeded);
  EXPECT_EQ(Charges().size(), 1u);
}

TEST_F(PaymentProcessorTest, AChargeWhoseAnswerNeverCameIsVoidedAndItsKeyRefused) {
  auto impatient = Processor(200ms);
  auto p = Processor();
  Simulate(R"({"next":"charge_then_hang","hang_ms":2000})");
  core::Result<ChargeResult> r = Charge(*impatient, "pay:HUNG", 12'345);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Code::kTimeout) << r.error().message;
  ASSERT_EQ(Charges("pay:HUNG").size(), 1u) << "the charge stands although its answer never came";

  core::Result<std::optional<ProcessorCharge>> voided = test::RunAsync(io_, p->Void("pay:HUNG"));
  ASSERT_TRUE(voided.ok()) << voided.error().message;
  ASSERT_TRUE(voided->has_value());
  EXPECT_EQ((*voided)->status, "refunded");
  EXPECT_EQ((*voided)->amount_cents, 12'345);
  EXPECT_EQ((*voided)->refunded_cents, 12'345);
  EXPECT_EQ(Charges("pay:HUNG")[0].at("status"), "refunded");

  core::Result<ChargeResult> later = Charge(*p, "pay:HUNG", 12'345);
  ASSERT_FALSE(later.ok()) << "a voided key never charges";
  EXPECT_EQ(later.error().code, core::Code::kConflict);
  EXPECT_NE(later.error().message.find("charge_voided"), std::string::npos) << later.error().message;

  core::Result<std::optional<ProcessorCharge>> again = test::RunAsync(io_, p->Void("pay:HUNG"));
  ASSERT_TRUE(again.ok() && again->has_value()) << "a void is idempotent";
  EXPECT_EQ((*again)->id, (*voided)->id);
  EXPECT_EQ((*again)->refunded_cents, 12'345);
  EXPECT_EQ(Charges().size(), 1u);
}

TEST_F(PaymentProcessorTest, VoidingAKeyThatChargedNothingRefusesItsLaterCharges) {
  auto p = Processor();
  core::Result<std::optional<ProcessorCharge>> voided = test::RunAsync(io_, p->Void("pay:NEVER"));
  ASSERT_TRUE(voided.ok()) << voided.error().message;
  EXPECT_FALSE(voided->has_value());
  core::Result<ChargeResult> late = Charge(*p, "pay:NEVER", 900);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, core::Code::kConflict);
  EXPECT_TRUE(Charges().empty());
}

TEST_F(PaymentProcessorTest, RefundsAddUpToTheChargeAtMost) {
  auto p = Processor();
  core::Result<ChargeResult> charged = Charge(*p, "pay:REF", 10'000);
  ASSERT_TRUE(charged.ok());
  const std::string id = charged->charge.id;
  core::Result<ProcessorCharge> part = test::RunAsync(io_, p->Refund("refund:1", id, 3'000));
  ASSERT_TRUE(part.ok()) << part.error().message;
  EXPECT_EQ(part->status, "partially_refunded");
  EXPECT_EQ(part->refunded_cents, 3'000);
  core::Result<ProcessorCharge> replay = test::RunAsync(io_, p->Refund("refund:1", id, 3'000));
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(replay->refunded_cents, 3'000) << "the same refund key refunds once";
  core::Result<ProcessorCharge> rest = test::RunAsync(io_, p->Refund("refund:2", id, 7'000));
  ASSERT_TRUE(rest.ok()) << rest.error().message;
  EXPECT_EQ(rest->status, "refunded");
  EXPECT_EQ(rest->refunded_cents, 10'000);

  core::Result<ProcessorCharge> over = test::RunAsync(io_, p->Refund("refund:3", id, 1));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, core::Code::kInvalidArgument) << over.error().message;
  core::Result<ProcessorCharge> reused = test::RunAsync(io_, p->Refund("refund:1", id, 500));
  ASSERT_FALSE(reused.ok());
  EXPECT_EQ(reused.error().code, core::Code::kConflict) << reused.error().message;
  core::Result<ProcessorCharge> unknown = test::RunAsync(io_, p->Refund("refund:4", "ch_nosuchcharge", 100));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, core::Code::kNotFound) << unknown.error().message;
}

TEST_F(PaymentProcessorTest, AKeyReusedForAnotherAmountIsAConflict) {
  auto p = Processor();
  ASSERT_TRUE(Charge(*p, "pay:ONE", 1'000).ok());
  core::Result<ChargeResult> other = Charge(*p, "pay:ONE", 2'000);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, core::Code::kConflict);
  EXPECT_NE(other.error().message.find("key_reused"), std::string::npos) << other.error().message;
  EXPECT_EQ(Charges().size(), 1u);
}

TEST_F(PaymentProcessorTest, AWrongApiKeyIsRefusedAndChargesNothing) {
  auto p = Processor(5'000ms, "not-the-key");
  core::Result<ChargeResult> r = Charge(*p, "pay:AUTH", 1'000);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Code::kUpstream);
  EXPECT_NE(r.error().message.find("401"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().message.find("not-the-key"), std::string::npos) << "the key is not repeated";
  EXPECT_TRUE(Charges().empty());
  auto none = Processor(5'000ms, "");
  EXPECT_EQ(Charge(*none, "pay:AUTH", 1'000).error().code, core::Code::kUpstream) << "no key at all";
}

TEST_F(PaymentProcessorTest, FieldsOutOfRangeAreInvalidArguments) {
  auto p = Processor();
  EXPECT_EQ(Charge(*p, "", 1'000).error().code, core::Code::kInvalidArgument);
  EXPECT_EQ(Charge(*p, std::string(201, 'k'), 1'000).error().code, core::Code::kInvalidArgument);
  EXPECT_EQ(Charge(*p, "pay:ZERO", 0).error().code, core::Code::kInvalidArgument);
  EXPECT_EQ(test::RunAsync(io_, p->Refund("refund:x", "ch_a/../b", 1)).error().code, core::Code::kInvalidArgument);
  EXPECT_EQ(Charge(*p, "pay:SRC", 1'000, "card_4242").error().code, core::Code::kInvalidArgument)
      << "the processor's 400: a source that is not a token";
  EXPECT_TRUE(Charges().empty());
}

TEST(PaymentProcessorUnreachableTest, AProcessorThatIsNotListeningIsUnavailable) {
  asio::io_context io;
  int port = 0;
  {
    asio::ip::tcp::acceptor probe(io, {asio::ip::make_address("127.0.0.1"), 0});
    port = probe.local_endpoint().port();
  }  // closed: nothing listens there now
  auto p = MakeHttpPaymentProcessor({"http://127.0.0.1:" + std::to_string(port), kApiKey, 2'000ms});
  core::Result<ChargeResult> r =
      test::RunAsync(io, p->Charge({.idempotency_key = "pay:X", .amount_cents = 100, .source = "tok_visa"}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Code::kUnavailable) << r.error().message;
  EXPECT_TRUE(r.error().retryable);
}

}  // namespace
}  // namespace contrail::flightly
