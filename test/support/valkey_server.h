#pragma once
// Starts a private valkey-server on a free loopback port for one test (or suite), in a temp dir.
// The binary is $CONTRAIL_VALKEY_SERVER or `valkey-server` on PATH. Stop()/Start() simulate an
// outage; the port stays the same so clients can reconnect.

#include <string>
#include <vector>

namespace contrail::test {

class ValkeyServer {
 public:
  explicit ValkeyServer(std::vector<std::string> extra_args = {});
  // With `tls`, it serves TLS only, with a fresh self-signed certificate for 127.0.0.1 whose path
  // is ca_file().
  ValkeyServer(std::vector<std::string> extra_args, bool tls);
  ~ValkeyServer();

  // Starts (again) and waits until it answers PING. Returns false if it does not come up.
  bool Start();
  // Stops it (SIGKILL when `crash`, else SIGTERM) and waits for the process to exit.
  void Stop(bool crash = false);
  int port() const { return port_; }
  std::string ca_file() const { return dir_ + "/cert.pem"; }
  // Runs valkey-cli against it and returns its stdout (trimmed).
  std::string Cli(const std::vector<std::string>& args) const;

 private:
  int port_;
  int pid_ = -1;
  std::string dir_;
  std::vector<std::string> extra_args_;
  bool tls_ = false;
};

// A TCP port on 127.0.0.1 that was free a moment ago.
int FreePort();

}  // namespace contrail::test
