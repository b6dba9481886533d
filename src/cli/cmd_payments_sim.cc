// `contrail payments-sim`: the simulated payment processor (flightly/bookings/payment_simulator.h)
// as a local HTTP service, until SIGINT or SIGTERM. Prints one line, "payments-sim listening on
// http://HOST:PORT", once it accepts connections; a hang in progress ends at once on the signal.

#include <cstdio>
#include <cstdlib>

#include "cli/cli_support.h"
#include "cli/commands.h"
#include "core/config.h"
#include "core/log.h"
#include "flightly/bookings/payment_simulator.h"
#include "net/http_server.h"

namespace contrail::cli {

int RunPaymentsSim(const PaymentsSimFlags& flags) {
  core::log::Init(core::LogConfig{});
  std::string api_key = flags.api_key;
  if (api_key.empty()) {
    if (const char* env = std::getenv("CONTRAIL_PAYMENTS_SIM_API_KEY"); env != nullptr) api_key = env;
  }
  auto simulator = flightly::PaymentSimulator::Open(
      {api_key, std::chrono::milliseconds(flags.latency_ms), flags.ledger});
  if (!simulator) {
    std::fprintf(stderr, "contrail payments-sim: %s\n", simulator.error().message.c_str());
    return 2;
  }
  const sigset_t signals = BlockStopSignals();  // before the server's threads start

  net::HttpServerOptions options;
  options.host = flags.host;
  options.port = flags.port;
  options.threads = 1;  // every wait is a timer: one thread serves any number of hung requests
  options.error_response = flightly::PaymentSimulatorTransportError;
  flightly::PaymentSimulator& sim = **simulator;
  net::HttpServer server(options, [&sim](int) -> net::HttpHandler {
    return [&sim](net::HttpRequest& request) { return sim.Handle(request); };
  });
  auto port = server.Listen();
  if (!port) {
    std::fprintf(stderr, "contrail payments-sim: %s\n", port.error().message.c_str());
    return 1;
  }
  std::printf("payments-sim listening on http://%s:%d\n", flags.host.c_str(), *port);
  std::fflush(stdout);
  RunUntilStopSignal(signals, "payments-sim stopping", [&server] { server.Run(); }, [&] {
    sim.Stop();
    server.Stop();
  });
  return 0;
}

}  // namespace contrail::cli
