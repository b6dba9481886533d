#include "support/valkey_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>

namespace contrail::test {

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

namespace {

std::string Binary(const char* env, const char* fallback) {
  const char* v = std::getenv(env);
  return v && *v ? v : fallback;
}

}  // namespace

ValkeyServer::ValkeyServer(std::vector<std::string> extra_args) : ValkeyServer(std::move(extra_args), false) {}

ValkeyServer::ValkeyServer(std::vector<std::string> extra_args, bool tls)
    : port_(FreePort()), extra_args_(std::move(extra_args)), tls_(tls) {
  char tmpl[] = "/tmp/contrail-valkey-XXXXXX";
  dir_ = mkdtemp(tmpl);
  if (tls_) {
    std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 "
                      "-addext subjectAltName=IP:127.0.0.1 -keyout " + dir_ + "/key.pem -out " +
                      dir_ + "/cert.pem >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) std::fprintf(stderr, "openssl failed\n");
    extra_args_.insert(extra_args_.end(), {"--tls-cert-file", dir_ + "/cert.pem", "--tls-key-file",
                                           dir_ + "/key.pem", "--tls-auth-clients", "no"});
  }
  // Not a skip: the tests that use it fail, and this says why.
  if (!Start()) {
    std::fprintf(stderr,
                 "test Valkey (%s) did not answer on port %d; is valkey-server installed, or "
                 "CONTRAIL_VALKEY_SERVER set? See %s/valkey.log\n",
                 Binary("CONTRAIL_VALKEY_SERVER", "valkey-server").c_str(), port_, dir_.c_str());
  }
}

ValkeyServer::~ValkeyServer() {
  Stop(true);
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

bool ValkeyServer::Start() {
  if (pid_ > 0) return true;
  std::vector<std::string> args = {Binary("CONTRAIL_VALKEY_SERVER", "valkey-server"),
                                   "--port", tls_ ? "0" : std::to_string(port_), "--bind", "127.0.0.1",
                                   "--dir", dir_, "--save", "", "--appendonly", "no",
                                   "--logfile", dir_ + "/valkey.log", "--enable-debug-command", "local"};
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());
  if (tls_) args.insert(args.end(), {"--tls-port", std::to_string(port_)});
  pid_ = fork();
  if (pid_ == 0) {
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  for (int i = 0; i < 200; ++i) {
    // A server started with --requirepass answers NOAUTH: it is up all the same.
    const std::string pong = Cli({"PING"});
    if (pong == "PONG" || pong.rfind("NOAUTH", 0) == 0) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

void ValkeyServer::Stop(bool crash) {
  if (pid_ <= 0) return;
  kill(pid_, crash ? SIGKILL : SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string ValkeyServer::Cli(const std::vector<std::string>& args) const {
  std::string cmd = Binary("CONTRAIL_VALKEY_CLI", "valkey-cli") + " -p " + std::to_string(port_);
  if (tls_) cmd += " --tls --cacert " + ca_file();
  for (const auto& a : args) {
    cmd += " '";
    for (char c : a) cmd += c == '\'' ? std::string("'\\''") : std::string(1, c);
    cmd += "'";
  }
  cmd += " 2>/dev/null";
  std::string out;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[4096];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    pclose(p);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

}  // namespace contrail::test
