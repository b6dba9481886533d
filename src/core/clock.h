#pragma once
// Wall-clock time in the forms the wire and the database use: Unix seconds and milliseconds (UTC),
// and calendar days as "YYYY-MM-DD". Thread-safe. Durations use std::chrono::steady_clock instead.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace contrail::core {

std::int64_t UnixSeconds();
std::int64_t UnixMillis();

// Today's date in UTC.
std::chrono::sys_days Today();

// "2027-03-14".
std::string DateText(std::chrono::sys_days day);
// Inverse of DateText: nullopt unless `text` is YYYY-MM-DD and a day of the calendar.
std::optional<std::chrono::sys_days> ParseDateText(std::string_view text);

}  // namespace contrail::core
