#pragma once
// Structured logging: one JSON object per line on stderr (or plain text), through spdlog.
//
//   log::Info("request", {{"request_id", id}, {"status", 200}, {"ms", 0.42}});
//   -> {"ts":"2026-11-25T12:00:00.123Z","level":"info","msg":"request","request_id":"…",…}

#include <cstdint>
#include <exception>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace contrail::core {
struct LogConfig;
}

namespace contrail::core::log {

// One key/value of a log line. Numbers and booleans are written as JSON numbers/booleans.
struct Field {
  std::string_view key;
  std::string value;
  bool quoted = true;

  Field(std::string_view k, std::string_view v) : key(k), value(v) {}
  Field(std::string_view k, const char* v) : key(k), value(v ? v : "") {}
  Field(std::string_view k, const std::string& v) : key(k), value(v) {}
  Field(std::string_view k, bool v) : key(k), value(v ? "true" : "false"), quoted(false) {}
  Field(std::string_view k, int v) : key(k), value(std::to_string(v)), quoted(false) {}
  Field(std::string_view k, long v) : key(k), value(std::to_string(v)), quoted(false) {}
  Field(std::string_view k, long long v) : key(k), value(std::to_string(v)), quoted(false) {}
  Field(std::string_view k, unsigned long v) : key(k), value(std::to_string(v)), quoted(false) {}
  Field(std::string_view k, unsigned long long v)
      : key(k), value(std::to_string(v)), quoted(false) {}
  Field(std::string_view k, double v);
};

using Fields = std::initializer_list<Field>;

// Sets level and format. Safe to call again (tests); not concurrently with logging.
void Init(const LogConfig& config);

bool DebugEnabled();
void Debug(std::string_view msg, Fields fields = {});
void Info(std::string_view msg, Fields fields = {});
void Warn(std::string_view msg, Fields fields = {});
void Error(std::string_view msg, Fields fields = {});

// The completion handler for a coroutine started with asio::co_spawn that nobody awaits: an
// exception that escapes the coroutine is logged at error level ("background task failed", with
// `task`: what the coroutine was doing, and `error`: the exception's what()) instead of being
// lost, as asio::detached would lose it. A normal end logs nothing. Copyable; runs on whatever
// thread completes the coroutine (logging is thread-safe).
//
//   asio::co_spawn(executor, Maintain(), core::log::ExceptionLogger("valkey connection upkeep"));
class ExceptionLogger {
 public:
  explicit ExceptionLogger(std::string task) : task_(std::move(task)) {}
  void operator()(std::exception_ptr error) const;

 private:
  std::string task_;
};

}  // namespace contrail::core::log
