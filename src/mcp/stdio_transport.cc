#include "mcp/stdio_transport.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/json.hpp>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <optional>

#include "core/log.h"

extern char** environ;

namespace contrail::mcp {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
// Bytes one read takes from a pipe; a message may span many reads.
constexpr std::size_t kReadChunk = 64 * 1024;
// A stderr line longer than this is logged cut short (the rest of it is read and dropped).
constexpr std::size_t kMaxStderrLine = 1024;

// The variables a server inherits from contrail (as the MCP SDKs' default environment): enough to
// find programs and run, nothing of contrail's configuration or credentials.
constexpr const char* kInherited[] = {"PATH", "HOME", "USER",   "LOGNAME", "SHELL",
                                      "TERM", "LANG", "LC_ALL", "TZ",      "TMPDIR"};

std::vector<std::string> ChildEnvironment(const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> env;
  for (const char* name : kInherited) {
    if (const char* v = std::getenv(name)) env[name] = v;
  }
  for (const auto& [name, value] : extra) env[name] = value;
  std::vector<std::string> out;
  for (const auto& [name, value] : env) out.push_back(name + "=" + value);
  return out;
}

struct Child {
  pid_t pid = -1;
  int stdin_fd = -1, stdout_fd = -1, stderr_fd = -1;  // contrail's ends
};

void CloseAll(std::initializer_list<int> fds) {
  for (int fd : fds) {
    if (fd >= 0) ::close(fd);
  }
}

// Starts `command` in a process group of its own with pipes for its stdin, stdout and stderr, its
// signals at their defaults and no descriptor of contrail's but those three.
core::Result<Child> Spawn(const std::vector<std::string>& command,
                          const std::map<std::string, std::string>& env) {
  int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1};
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
    const int e = errno;
    CloseAll({in[0], in[1], out[0], out[1], err[0], err[1]});
    return core::Unavailable(std::string("pipe: ") + std::strerror(e));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);  // sockets asio opened without CLOEXEC
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&attr, 0);
  sigset_t none, defaults;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  sigemptyset(&defaults);
  for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD}) sigaddset(&defaults, sig);
  posix_spawnattr_setsigdefault(&attr, &defaults);  // an ignored SIGPIPE would be inherited

  std::vector<char*> argv;
  for (const std::string& arg : command) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  std::vector<std::string> env_strings = ChildEnvironment(env);
  std::vector<char*> envp;
  for (std::string& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawnp(&pid, argv[0], &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  CloseAll({in[0], out[1], err[1]});
  if (rc != 0) {
    CloseAll({in[1], out[0], err[0]});
    return core::Unavailable("cannot start `" + command.front() + "`: " + std::strerror(rc));
  }
  return Child{pid, in[1], out[0], err[0]};
}

// Kills the process group of `pid` and reaps `pid`; how it ended, for error messages.
std::string KillAndReap(pid_t pid) {
  ::kill(-pid, SIGKILL);
  int status = 0;
  pid_t r;
  do {
    r = ::waitpid(pid, &status, 0);
  } while (r < 0 && errno == EINTR);
  if (r != pid) return "not reaped";
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return std::string("ended by signal ") + strsignal(WTERMSIG(status));
  return "ended";
}

class StdioTransport : public ClientTransport, public std::enable_shared_from_this<StdioTransport> {
 public:
  StdioTransport(asio::any_io_executor executor, const ClientOptions& options)
      : executor_(executor), options_(options), in_(executor), out_(executor), err_(executor) {}
  ~StdioTransport() override { Shutdown(); }

  asio::awaitable<core::Status> Open(Deadline) override {
    static std::once_flag ignore_sigpipe;
    std::call_once(ignore_sigpipe, [] { ::signal(SIGPIPE, SIG_IGN); });
    CONTRAIL_CO_TRY(Child child, Spawn(options_.command, options_.env));
    pid_ = child.pid;
    in_.assign(child.stdin_fd);
    out_.assign(child.stdout_fd);
    err_.assign(child.stderr_fd);
    open_ = true;
    auto self = shared_from_this();
    asio::co_spawn(executor_, ReadMessages(self), core::log::ExceptionLogger("MCP stdio reader"));
    asio::co_spawn(executor_, ReadStderr(self),
                   core::log::ExceptionLogger("MCP stdio stderr reader"));
    co_return core::Ok();
  }

  asio::awaitable<core::Result<json::object>> Request(json::object request,
                                                      Deadline deadline) override {
    auto self = shared_from_this();  // `this` outlives the wait even if the client drops it
    const std::int64_t id = request.at("id").as_int64();
    auto waiter = std::make_shared<Waiter>(executor_);
    waiter->timer.expires_at(deadline);
    waiting_[id] = waiter;
    if (core::Status s = Write(request); !s) {
      waiting_.erase(id);
      co_return s.error();
    }
    if (!waiter->result) co_await waiter->timer.async_wait(kTuple);
    if (!waiter->result) {
      waiting_.erase(id);
      co_return core::Timeout("no answer in time");
    }
    co_return std::move(*waiter->result);
  }

  asio::awaitable<core::Status> Send(json::object message, Deadline) override {
    co_return Write(message);
  }

  void set_protocol_version(std::string) override {}
  bool open() const override { return open_; }

  void Shutdown() override {
    Break(core::Unavailable("the connection was closed"), /*expected=*/true);
  }

  asio::awaitable<void> Close(Deadline) override {
    Shutdown();
    co_return;
  }

 private:
  struct Waiter {
    explicit Waiter(asio::any_io_executor ex) : timer(std::move(ex)) {}
    asio::steady_timer timer;  // cancelled when `result` is set
    std::optional<core::Result<json::object>> result;
  };

  // Queues `message` as one line; the writer coroutine sends the queue in order.
  core::Status Write(const json::object& message) {
    if (!open_) return core::Unavailable(ended_);
    // A server that stopped reading its input lets the queue grow; past this, calls fail.
    if (outbox_.size() > options_.max_message_bytes)
      return core::Unavailable("the server is not reading its input");
    outbox_ += json::serialize(message);
    outbox_ += '\n';
    if (!writing_) {
      writing_ = true;
      asio::co_spawn(executor_, Flush(shared_from_this()),
                     core::log::ExceptionLogger("MCP stdio writer"));
    }
    return core::Ok();
  }

  asio::awaitable<void> Flush([[maybe_unused]] std::shared_ptr<StdioTransport> self) {
    while (open_ && !outbox_.empty()) {
      std::string batch;
      batch.swap(outbox_);
      auto [ec, n] = co_await asio::async_write(in_, asio::buffer(batch), kTuple);
      if (ec) Break(core::Unavailable("writing to the server failed: " + ec.message()));
    }
    writing_ = false;
  }

  asio::awaitable<void> ReadMessages([[maybe_unused]] std::shared_ptr<StdioTransport> self) {
    std::string pending;
    std::size_t scanned = 0;  // bytes of `pending` known to hold no newline
    std::vector<char> chunk(kReadChunk);
    while (open_) {
      auto [ec, n] = co_await out_.async_read_some(asio::buffer(chunk), kTuple);
      if (ec) {
        Break(core::Unavailable(ec == asio::error::eof
                                    ? "the server closed its output"
                                    : "reading from the server failed: " + ec.message()));
        co_return;
      }
      pending.append(chunk.data(), n);
      std::size_t start = 0;
      for (std::size_t nl;
           open_ && (nl = pending.find('\n', std::max(start, scanned))) != std::string::npos;
           start = nl + 1) {
        if (nl - start > options_.max_message_bytes) break;  // a whole line can be too long too
        HandleLine(std::string_view(pending).substr(start, nl - start));
      }
      pending.erase(0, start);
      scanned = pending.size();
      if (open_ && pending.size() > options_.max_message_bytes) {
        // The cap is the server's to respect: the message is lost, and the rest of its line
        // cannot be told from the next message, so the connection ends.
        Break(core::Error(core::Code::kPayloadTooLarge,
                          "the server sent a message over " +
                              std::to_string(options_.max_message_bytes) + " bytes"));
      }
    }
  }

  void HandleLine(std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) return;
    boost::system::error_code ec;
    json::value message = json::parse(line, ec);
    if (ec || !message.is_object()) {
      core::log::Warn("MCP server wrote a line that is not a JSON-RPC message; skipped",
                      {{"server", options_.name}, {"line", line.substr(0, 200)}});
      return;
    }
    json::object& m = message.get_object();
    const json::value* id = m.if_contains("id");
    if (m.contains("method")) {
      if (id != nullptr) (void)Write(ReplyToServerRequest(m));  // notifications need nothing
      return;
    }
    if (id == nullptr || !id->is_int64()) return;  // contrail's ids are integers: not ours
    auto it = waiting_.find(id->get_int64());
    if (it == waiting_.end()) return;  // answered after its deadline
    it->second->result = std::move(m);
    it->second->timer.cancel();
    waiting_.erase(it);
  }

  asio::awaitable<void> ReadStderr([[maybe_unused]] std::shared_ptr<StdioTransport> self) {
    std::string line;
    std::vector<char> chunk(4096);
    for (;;) {
      auto [ec, n] = co_await err_.async_read_some(asio::buffer(chunk), kTuple);
      if (ec) co_return;
      for (std::size_t i = 0; i < n; ++i) {
        if (chunk[i] != '\n') {
          if (line.size() < kMaxStderrLine) line += chunk[i];
          continue;
        }
        if (core::log::DebugEnabled())
          core::log::Debug("MCP server stderr", {{"server", options_.name}, {"line", line}});
        line.clear();
      }
    }
  }

  // Ends the connection (once): the process group killed and reaped, requests in flight failed
  // with `why` and how the server ended. Logged unless contrail ended it on purpose.
  void Break(core::Error why, bool expected = false) {
    if (!open_) return;
    open_ = false;
    why.message += " (" + KillAndReap(pid_) + ")";
    pid_ = -1;
    ended_ = why.message;
    boost::system::error_code ignored;
    in_.close(ignored);
    out_.close(ignored);
    err_.close(ignored);
    if (!expected)
      core::log::Warn("MCP server connection ended",
                      {{"server", options_.name}, {"reason", why.message}});
    for (auto& [id, waiter] : waiting_) {
      waiter->result = why;
      waiter->timer.cancel();
    }
    waiting_.clear();
  }

  asio::any_io_executor executor_;
  const ClientOptions options_;
  asio::posix::stream_descriptor in_, out_, err_;  // the child's stdin, stdout and stderr
  pid_t pid_ = -1;
  bool open_ = false;
  std::string ended_ = "the server is not running";  // why writes fail once the connection ended
  std::map<std::int64_t, std::shared_ptr<Waiter>> waiting_;  // requests sent, by id
  std::string outbox_;                                       // lines not yet handed to the writer
  bool writing_ = false;                                     // a Flush coroutine is running
};

}  // namespace

std::shared_ptr<ClientTransport> MakeStdioTransport(asio::any_io_executor executor,
                                                    const ClientOptions& options) {
  return std::make_shared<StdioTransport>(std::move(executor), options);
}

}  // namespace contrail::mcp
