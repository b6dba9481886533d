// Classifying a provider's HTTP failures, so every provider retries and reports the same way.

#include <charconv>
#include <ctime>
#include <iomanip>
#include <sstream>

#include "net/http_client.h"

namespace contrail::net {
namespace {

// Retry-After is either delta-seconds or an HTTP date; 0 when absent or unreadable.
int RetryAfterMs(const std::string* value) {
  if (value == nullptr || value->empty()) return 0;
  int seconds = 0;
  auto [ptr, ec] = std::from_chars(value->data(), value->data() + value->size(), seconds);
  if (ec == std::errc() && ptr == value->data() + value->size()) {
    return seconds < 0 ? 0 : (seconds > 3600 ? 3'600'000 : seconds * 1000);
  }
  std::tm tm{};
  std::istringstream in(*value);
  in >> std::get_time(&tm, "%a, %d %b %Y %H:%M:%S");
  if (in.fail()) return 0;
  const std::time_t when = timegm(&tm);
  const std::time_t now = std::time(nullptr);
  if (when <= now) return 0;
  return static_cast<int>(std::min<std::time_t>(when - now, 3600) * 1000);
}

}  // namespace

core::Error HttpStatusError(std::string_view who, const HttpClientResponse& response, std::string_view detail) {
  const int status = response.status;
  std::string message = std::string(who) + " answered " + std::to_string(status);
  if (!detail.empty()) message += ": " + std::string(detail);
  core::Error error(status == 429 ? core::Code::kRateLimited : core::Code::kUpstream, std::move(message));
  error.retryable = status == 408 || status == 429 || status >= 500;
  error.retry_after_ms = RetryAfterMs(response.header("retry-after"));
  return error;
}

core::Error FetchError(std::string_view who, const core::Error& error, std::chrono::milliseconds timeout) {
  if (error.code == core::Code::kTimeout) {
    return core::Timeout(std::string(who) + " did not answer within " + std::to_string(timeout.count()) + " ms");
  }
  if (error.code == core::Code::kUnavailable) {
    core::Error e = core::Upstream(std::string(who) + " unreachable: " + error.message);
    e.retryable = true;
    return e;
  }
  return error;
}

}  // namespace contrail::net
