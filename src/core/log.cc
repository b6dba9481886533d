#include "core/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cmath>
#include <cstdio>

#include "core/config.h"
#include "core/json_writer.h"

namespace contrail::core::log {
namespace {

using core::AppendJsonEscaped;

bool g_json = true;

std::shared_ptr<spdlog::logger> Logger() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto l = spdlog::stderr_logger_mt("contrail");
    l->set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",%v})", spdlog::pattern_time_type::utc);
    l->flush_on(spdlog::level::warn);
    return l;
  }();
  return logger;
}

std::string Format(std::string_view msg, Fields fields) {
  std::string line;
  line.reserve(64 + msg.size() + fields.size() * 24);
  if (g_json) {
    line += "\"msg\":\"";
    AppendJsonEscaped(line, msg);
    line += '"';
    for (const Field& f : fields) {
      line += ",\"";
      AppendJsonEscaped(line, f.key);
      line += "\":";
      if (f.quoted) {
        line += '"';
        AppendJsonEscaped(line, f.value);
        line += '"';
      } else {
        line += f.value;
      }
    }
  } else {
    line += msg;
    for (const Field& f : fields) {
      line += ' ';
      line += f.key;
      line += '=';
      line += f.value;
    }
  }
  return line;
}

void Emit(spdlog::level::level_enum level, std::string_view msg, Fields fields) {
  auto& logger = *Logger();
  if (!logger.should_log(level)) return;
  logger.log(level, "{}", Format(msg, fields));
}

}  // namespace

Field::Field(std::string_view k, double v) : key(k), quoted(false) {
  if (!std::isfinite(v)) {
    value = "null";
    return;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  value = buf;
}

void Init(const LogConfig& config) {
  g_json = config.format == "json";
  auto logger = Logger();
  if (g_json) {
    logger->set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",%v})",
                        spdlog::pattern_time_type::utc);
  } else {
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %l %v", spdlog::pattern_time_type::utc);
  }
  logger->set_level(spdlog::level::from_str(config.level));
}

bool DebugEnabled() { return Logger()->should_log(spdlog::level::debug); }
void Debug(std::string_view msg, Fields fields) { Emit(spdlog::level::debug, msg, fields); }
void Info(std::string_view msg, Fields fields) { Emit(spdlog::level::info, msg, fields); }
void Warn(std::string_view msg, Fields fields) { Emit(spdlog::level::warn, msg, fields); }
void Error(std::string_view msg, Fields fields) { Emit(spdlog::level::err, msg, fields); }

void ExceptionLogger::operator()(std::exception_ptr error) const {
  if (!error) return;
  std::string what = "an exception that is not a std::exception";
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
  }
  Error("background task failed", {{"task", task_}, {"error", what}});
}

}  // namespace contrail::core::log
