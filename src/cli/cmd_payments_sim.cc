// `contrail payments-sim`: the simulated payment processor (flightly/bookings/payment_simulator.h)
// as a local HTTP service, until SIGINT or SIGTERM. Prints one line, "payments-sim listening on
// http://HOST:PORT", once it accepts connections; a hang in progress ends at once on the signal.

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <thread>

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
  // SIGINT/SIGTERM go to one thread by sigwait(); the server's threads have them blocked.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

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
  std::atomic<bool> running{true};
  std::thread signal_thread([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    if (running.load()) core::log::Info("payments-sim stopping", {{"signal", sig == SIGINT ? "SIGINT" : "SIGTERM"}});
    sim.Stop();
    server.Stop();
  });
  server.Run();
  running.store(false);
  pthread_kill(signal_thread.native_handle(), SIGTERM);  // wake the waiter if no signal came
  signal_thread.join();
  return 0;
}

}  // namespace contrail::cli
