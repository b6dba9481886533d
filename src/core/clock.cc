#include "core/clock.h"

#include <cstdio>

namespace contrail::core {

using std::chrono::system_clock;

std::int64_t UnixSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(system_clock::now().time_since_epoch()).count();
}

std::int64_t UnixMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::chrono::sys_days Today() { return std::chrono::floor<std::chrono::days>(system_clock::now()); }

std::string DateText(std::chrono::sys_days day) {
  std::chrono::year_month_day ymd(day);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

}  // namespace contrail::core
