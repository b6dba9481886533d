#include "cli/psql_session.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <string_view>
#include <utility>

namespace contrail::cli {

core::Result<std::unique_ptr<Psql>> Psql::Start(const core::PostgresConfig& pc) {
  std::signal(SIGPIPE, SIG_IGN);  // a psql that died makes write() fail instead of ending the bench
  int in[2], out[2];
  if (pipe2(in, O_CLOEXEC) != 0) return core::Unavailable("pipe failed");
  if (pipe2(out, O_CLOEXEC) != 0) return close(in[0]), close(in[1]), core::Unavailable("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, out[1], 2);  // errors arrive in the same stream
  std::vector<std::string> args = {"stdbuf", "-oL", "psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-o",
                                   "/dev/null", "-h", pc.host, "-p", std::to_string(pc.port), "-U", pc.user, "-d",
                                   pc.database};
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    if (!std::string_view(*e).starts_with("PGPASSWORD=")) env.emplace_back(*e);
  }
  if (!pc.password.empty()) env.push_back("PGPASSWORD=" + pc.password);
  auto pointers = [](std::vector<std::string>& v) {
    std::vector<char*> p;
    for (std::string& s : v) p.push_back(s.data());
    p.push_back(nullptr);
    return p;
  };
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, "stdbuf", &actions, nullptr, pointers(args).data(), pointers(env).data());
  posix_spawn_file_actions_destroy(&actions);
  close(in[0]);
  close(out[1]);
  if (rc != 0) return close(in[1]), close(out[0]), core::Unavailable(std::string("no stdbuf: ") + std::strerror(rc));
  return std::unique_ptr<Psql>(new Psql(pid, in[1], fdopen(out[0], "r")));
}

Psql::~Psql() {
  close(in_);  // psql ends at end of input
  std::fclose(out_);
  waitpid(pid_, nullptr, 0);
}

std::string Psql::Line(const knowledge::SimpleQueryPipeline& p) {
  for (const std::string& prepare : p.prepares) {
    if (prepared_.insert(prepare).second) pending_ += prepare + ";\n";
  }
  std::string line;
  for (const std::string& s : p.statements) line += (line.empty() ? "" : "\\; ") + s;
  return line + ";\n";
}

core::Result<std::vector<double>> Psql::Run(const std::string& lines, bool timed) {
  static constexpr std::string_view kEnd = "-- contrail block end --";
  std::string script = std::exchange(pending_, "") + (timed ? "\\timing on\n" : "") + lines +
                       (timed ? "\\timing off\n" : "") + "\\echo '" + std::string(kEnd) + "'\n";
  for (std::string_view rest = script; !rest.empty();) {
    ssize_t n = write(in_, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // psql is gone: its output says why
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
  std::vector<double> us;
  std::string other;
  char line[4096];
  while (std::fgets(line, sizeof line, out_) != nullptr) {
    double ms = 0;
    if (std::string_view(line).starts_with(kEnd)) return other.empty() ? core::Result<std::vector<double>>(us)
                                                                        : core::Unavailable("psql: " + other);
    if (std::sscanf(line, "Time: %lf ms", &ms) == 1) {
      us.push_back(ms * 1000);
    } else {
      other += line;
    }
  }
  return core::Unavailable("psql ended: " + other);
}

}  // namespace contrail::cli
