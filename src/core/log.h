#pragma once
// Structured logging: one JSON object per line on stderr (or plain text), through spdlog.
//
//   log::Info("request", {{"request_id", id}, {"status", 200}, {"ms", 0.42}});
//   -> {"ts":"2026-11-25T12:00:00.123Z","level":"info","msg":"request","request_id":"…",…}

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

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

}  // namespace contrail::core::log
