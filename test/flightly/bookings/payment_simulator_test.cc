// The simulated payment processor's handler called directly (no socket): malformed requests are
// 400s that name the field and charge nothing, the API key guards every /v1 route, a replayed key
// gets the first answer byte for byte, and the ledger file brings every key back after a restart
// (a torn last line cut off). Also the [payments] settings.

#include "flightly/bookings/payment_simulator.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "core/config.h"
#include "support/async.h"

namespace contrail::flightly {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr char kCharge[] = R"({"amount_cents":1500,"currency":"USD","source":"tok_visa","description":"seat"})";

class PaymentSimulatorTest : public ::testing::Test {
 protected:
  PaymentSimulatorTest() : sim_(PaymentSimulator::Open({}).value()) {}

  net::HttpResponse Call(PaymentSimulator& sim, std::string method, std::string target, std::string body = "",
                         std::string key = "", std::string authorization = "") {
    net::HttpRequest r;
    r.method = std::move(method);
    r.target = std::move(target);
    r.body = std::move(body);
    if (!key.empty()) r.headers.emplace_back("idempotency-key", std::move(key));
    if (!authorization.empty()) r.headers.emplace_back("authorization", std::move(authorization));
    return test::RunAsync(io_, sim.Handle(r));
  }
  net::HttpResponse Call(std::string method, std::string target, std::string body = "", std::string key = "") {
    return Call(*sim_, std::move(method), std::move(target), std::move(body), std::move(key));
  }
  json::array Charges(PaymentSimulator& sim) {
    return json::parse(Call(sim, "GET", "/v1/charges").body).at("data").as_array();
  }

  asio::io_context io_;
  std::unique_ptr<PaymentSimulator> sim_;
};

TEST_F(PaymentSimulatorTest, MalformedChargesAre400sNamingTheFieldAndChargeNothing) {
  const struct {
    const char* body;
    const char* param;  // "" = the body as a whole
  } cases[] = {
      {"", "amount_cents"},
      {"not json", ""},
      {"[1,2]", ""},
      {R"({"amount_cents":1500)", ""},
      {R"({"amount_cents":0,"source":"tok_visa"})", "amount_cents"},
      {R"({"amount_cents":-5,"source":"tok_visa"})", "amount_cents"},
      {R"({"amount_cents":"1500","source":"tok_visa"})", "amount_cents"},
      {R"({"amount_cents":15.5,"source":"tok_visa"})", "amount_cents"},
      {R"({"amount_cents":100000001,"source":"tok_visa"})", "amount_cents"},
      {R"({"amount_cents":1500})", "source"},
      {R"({"amount_cents":1500,"source":"card_4242"})", "source"},
      {R"({"amount_cents":1500,"source":"tok_"})", "source"},
      {R"({"amount_cents":1500,"source":7})", "source"},
      {R"({"amount_cents":1500,"source":"tok_visa","currency":"usd"})", "currency"},
      {R"({"amount_cents":1500,"source":"tok_visa","currency":"DOLLARS"})", "currency"},
      {R"({"amount_cents":1500,"source":"tok_visa","tip":5})", "tip"},
  };
  for (const auto& c : cases) {
    net::HttpResponse r = Call("POST", "/v1/charges", c.body, "pay:BAD");
    EXPECT_EQ(r.status, 400) << c.body << " → " << r.body;
    json::value error = json::parse(r.body).at("error");
    EXPECT_EQ(error.at("type"), "invalid_request_error") << r.body;
    EXPECT_FALSE(error.at("message").as_string().empty());
    const json::value* param = error.as_object().if_contains("param");
    EXPECT_EQ(param == nullptr ? "" : std::string(param->as_string()), c.param) << c.body << " → " << r.body;
  }
  const std::string long_description = R"({"amount_cents":1,"source":"tok_visa","description":")" +
                                       std::string(1'001, 'x') + "\"}";
  EXPECT_EQ(Call("POST", "/v1/charges", long_description, "pay:BAD").status, 400);
  EXPECT_TRUE(Charges(*sim_).empty());
  EXPECT_EQ(Call("POST", "/v1/charges", kCharge, "pay:BAD").status, 200) << "the key was not used up by the 400s";
}

TEST_F(PaymentSimulatorTest, AChargeNeedsAnIdempotencyKeyOf1To200Characters) {
  for (const std::string& key : {std::string(), std::string(201, 'k')}) {
    net::HttpResponse r = Call("POST", "/v1/charges", kCharge, key);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(json::parse(r.body).at("error").at("param"), "Idempotency-Key");
  }
  net::HttpRequest twice;
  twice.method = "POST";
  twice.target = "/v1/charges";
  twice.body = kCharge;
  twice.headers = {{"idempotency-key", "a"}, {"idempotency-key", "b"}};
  EXPECT_EQ(test::RunAsync(io_, sim_->Handle(twice)).status, 400) << "which key counts would be ambiguous";
  EXPECT_EQ(Call("POST", "/v1/charges", kCharge, std::string(200, 'k')).status, 200);
  EXPECT_EQ(Call("POST", "/v1/voids", "", "").status, 400);
  EXPECT_EQ(Call("POST", "/v1/charges/ch_x/refunds", "", "").status, 400);
}

TEST_F(PaymentSimulatorTest, ARepeatedKeyGetsTheFirstAnswerByteForByte) {
  net::HttpResponse first = Call("POST", "/v1/charges", kCharge, "pay:SAME");
  ASSERT_EQ(first.status, 200) << first.body;
  json::value charge = json::parse(first.body);
  EXPECT_EQ(charge.at("object"), "charge");
  EXPECT_EQ(charge.at("idempotency_key"), "pay:SAME");
  EXPECT_EQ(charge.at("description"), "seat");
  EXPECT_GT(charge.at("created").as_int64(), 1'700'000'000);
  net::HttpResponse again = Call("POST", "/v1/charges", kCharge, "pay:SAME");
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, first.body);
  net::HttpResponse one = Call("GET", "/v1/charges/" + std::string(charge.at("id").as_string()));
  EXPECT_EQ(one.status, 200);
  EXPECT_EQ(json::parse(one.body), charge);
  EXPECT_EQ(Call("GET", "/v1/charges/ch_unknown").status, 404);
  EXPECT_EQ(Call("POST", "/v1/charges", R"({"amount_cents":1500,"source":"tok_mastercard"})", "pay:SAME").status, 409)
      << "another source under the key";
}

TEST_F(PaymentSimulatorTest, EveryV1RouteNeedsTheApiKeyWhenTheSimulatorHasOne) {
  auto sim = PaymentSimulator::Open({"the-key", 0ms, ""}).value();
  for (const char* route : {"/v1/charges", "/v1/voids", "/v1/simulate", "/v1/charges/ch_1/refunds"}) {
    net::HttpResponse r = Call(*sim, "POST", route, kCharge, "pay:A");
    EXPECT_EQ(r.status, 401) << route;
    EXPECT_EQ(json::parse(r.body).at("error").at("type"), "authentication_error");
    EXPECT_EQ(Call(*sim, "POST", route, kCharge, "pay:A", "Bearer wrong").status, 401) << route;
  }
  EXPECT_EQ(Call(*sim, "GET", "/v1/charges", "", "", "the-key").status, 401) << "Bearer is required";
  EXPECT_EQ(Call(*sim, "GET", "/healthz").status, 200) << "health needs no key";
  EXPECT_EQ(Call(*sim, "POST", "/v1/charges", kCharge, "pay:A", "Bearer the-key").status, 200);
  EXPECT_EQ(Call(*sim, "GET", "/v1/charges", "", "", "Bearer the-key").status, 200);
}

TEST_F(PaymentSimulatorTest, UnknownRoutesAre404AndWrongMethods405) {
  EXPECT_EQ(Call("GET", "/v2/charges").status, 404);
  EXPECT_EQ(Call("GET", "/v1/refunds").status, 404);
  EXPECT_EQ(Call("GET", "/v1/charges/a/b").status, 404);
  net::HttpResponse r = Call("DELETE", "/v1/charges");
  EXPECT_EQ(r.status, 405);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].second, "GET, POST");
  EXPECT_EQ(Call("GET", "/v1/voids").status, 405);
}

TEST_F(PaymentSimulatorTest, SimulationsAreCheckedAndCounted) {
  EXPECT_EQ(Call("POST", "/v1/simulate", R"({"next":"explode"})").status, 400);
  EXPECT_EQ(Call("POST", "/v1/simulate", R"({"next":"decline","count":0})").status, 400);
  EXPECT_EQ(Call("POST", "/v1/simulate", R"({"next":"timeout","hang_ms":-1})").status, 400);
  EXPECT_EQ(Call("POST", "/v1/simulate", R"({"count":1})").status, 400);
  net::HttpResponse set = Call("POST", "/v1/simulate", R"({"next":"decline","count":2})");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(json::parse(set.body).at("count"), 2);
  EXPECT_EQ(Call("POST", "/v1/charges", kCharge, "k1").status, 402);
  EXPECT_EQ(Call("POST", "/v1/charges", kCharge, "k2").status, 402);
  EXPECT_EQ(Call("POST", "/v1/charges", kCharge, "k3").status, 200);
  EXPECT_EQ(Call("POST", "/v1/charges", kCharge, "k1").status, 402) << "a declined key stays declined";
}

TEST_F(PaymentSimulatorTest, ATimeoutAnswers504AfterItsHangWithoutCharging) {
  ASSERT_EQ(Call("POST", "/v1/simulate", R"({"next":"timeout","hang_ms":20})").status, 200);
  net::HttpResponse r = Call("POST", "/v1/charges", kCharge, "pay:T");
  EXPECT_EQ(r.status, 504) << r.body;
  EXPECT_EQ(json::parse(r.body).at("error").at("code"), "processor_timeout");
  EXPECT_TRUE(Charges(*sim_).empty());
}

TEST_F(PaymentSimulatorTest, StopEndsAHangAtOnce) {
  ASSERT_EQ(Call("POST", "/v1/simulate", R"({"next":"charge_then_hang","hang_ms":600000})").status, 200);
  sim_->Stop();
  net::HttpResponse r = Call("POST", "/v1/charges", kCharge, "pay:H");  // would hang ten minutes
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Charges(*sim_).size(), 1u);
}

// A ledger file in the test's own temporary folder.
class PaymentLedgerFileTest : public PaymentSimulatorTest {
 protected:
  PaymentLedgerFileTest() {
    dir_ = fs::temp_directory_path() / ("contrail-payments-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    path_ = (dir_ / "ledger.jsonl").string();
    fs::remove(path_);
  }
  ~PaymentLedgerFileTest() override { fs::remove_all(dir_); }
  std::unique_ptr<PaymentSimulator> OpenSim() { return PaymentSimulator::Open({"", 0ms, path_}).value(); }

  fs::path dir_;
  std::string path_;
};

TEST_F(PaymentLedgerFileTest, ARestartedSimulatorKnowsEveryKey) {
  std::string charged, declined, refund;
  {
    auto sim = OpenSim();
    charged = Call(*sim, "POST", "/v1/charges", kCharge, "pay:KEEP").body;
    declined = Call(*sim, "POST", "/v1/charges", R"({"amount_cents":5,"source":"tok_decline"})", "pay:NO").body;
    ASSERT_EQ(Call(*sim, "POST", "/v1/charges", kCharge, "pay:GONE").status, 200);
    ASSERT_EQ(Call(*sim, "POST", "/v1/voids", "", "pay:GONE").status, 200);
    const std::string id(json::parse(charged).at("id").as_string());
    refund = Call(*sim, "POST", "/v1/charges/" + id + "/refunds", R"({"amount_cents":500})", "refund:1").body;
  }
  auto sim = OpenSim();
  net::HttpResponse again = Call(*sim, "POST", "/v1/charges", kCharge, "pay:KEEP");
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, charged) << "the same charge, not a second one";
  EXPECT_EQ(Call(*sim, "POST", "/v1/charges", R"({"amount_cents":5,"source":"tok_decline"})", "pay:NO").body, declined);
  EXPECT_EQ(Call(*sim, "POST", "/v1/charges", kCharge, "pay:GONE").status, 409) << "still voided";
  const std::string id(json::parse(charged).at("id").as_string());
  EXPECT_EQ(Call(*sim, "POST", "/v1/charges/" + id + "/refunds", R"({"amount_cents":500})", "refund:1").body, refund);
  const json::array charges = Charges(*sim);
  ASSERT_EQ(charges.size(), 2u);
  EXPECT_EQ(charges[0].at("refunded_cents"), 500);
  EXPECT_EQ(charges[0].at("status"), "partially_refunded");
  EXPECT_EQ(charges[1].at("status"), "refunded");
}

TEST_F(PaymentLedgerFileTest, ATornLastLineIsCutAndAnEarlierBadLineRefused) {
  {
    auto sim = OpenSim();
    ASSERT_EQ(Call(*sim, "POST", "/v1/charges", kCharge, "pay:1").status, 200);
  }
  std::ofstream(path_, std::ios::app) << R"({"event":"charge","key":"pay:2","amo)";
  {
    auto sim = OpenSim();
    EXPECT_EQ(Charges(*sim).size(), 1u);
    ASSERT_EQ(Call(*sim, "POST", "/v1/charges", kCharge, "pay:2").status, 200) << "appends after the cut";
  }
  EXPECT_EQ(Charges(*OpenSim()).size(), 2u);
  std::ofstream(path_, std::ios::app) << "{\"event\":\"teleport\",\"key\":\"x\"}\n";
  auto broken = PaymentSimulator::Open({"", 0ms, path_});
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.error().message.find("line 3"), std::string::npos) << broken.error().message;
}

TEST(PaymentsConfigTest, TheSectionParsesFromTomlAndEnvironmentIsValidatedAndItsKeyHidden) {
  core::Config c;
  EXPECT_TRUE(c.payments.url.empty()) << "payments are off by default";
  EXPECT_EQ(c.payments.timeout_ms, 5'000);
  ASSERT_TRUE(core::ApplyTomlText("[payments]\nurl = \"http://127.0.0.1:8089\"\ntimeout_ms = 2000\n", c).ok());
  EXPECT_EQ(c.payments.url, "http://127.0.0.1:8089");
  EXPECT_EQ(c.payments.timeout_ms, 2'000);
  ASSERT_TRUE(core::ApplyEnvironment({{"CONTRAIL_PAYMENTS_API_KEY", "sim-secret-key-42"},
                                      {"CONTRAIL_PAYMENTS_TIMEOUT_MS", "3000"}}, c).ok());
  EXPECT_EQ(c.payments.api_key, "sim-secret-key-42");
  EXPECT_EQ(c.payments.timeout_ms, 3'000);
  EXPECT_TRUE(core::Validate(c).ok());
  const std::string toml = core::ToToml(c);
  EXPECT_EQ(toml.find("sim-secret-key-42"), std::string::npos) << toml;
  EXPECT_NE(toml.find("CONTRAIL_PAYMENTS_URL"), std::string::npos);
  const std::vector<std::string> secrets = core::SecretValues(c);
  EXPECT_NE(std::find(secrets.begin(), secrets.end(), "sim-secret-key-42"), secrets.end());
  for (auto bad : {+[](core::Config& x) { x.payments.url = "ftp://example.com"; },
                   +[](core::Config& x) { x.payments.timeout_ms = 0; },
                   +[](core::Config& x) { x.payments.timeout_ms = 60'001; }}) {
    core::Config broken = c;
    bad(broken);
    core::Status s = core::Validate(broken);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find("payments."), std::string::npos) << s.error().message;
  }
}

}  // namespace
}  // namespace contrail::flightly
