#pragma once
// Wall-clock time in the forms the wire and the database use: Unix seconds and milliseconds (UTC),
// and calendar days as "YYYY-MM-DD". Thread-safe. Durations use std::chrono::steady_clock instead.

#include <chrono>
#include <cstdint>
#include <string>

namespace contrail::core {

std::int64_t UnixSeconds();
std::int64_t UnixMillis();

// Today's date in UTC.
std::chrono::sys_days Today();

// "2027-03-14".
std::string DateText(std::chrono::sys_days day);

}  // namespace contrail::core
