// Calendar arithmetic of a trip's dates (trip_dates.h), on std::chrono's civil calendar.
#include "flightly/trip_dates.h"

#include <chrono>

namespace contrail::flightly {
namespace {

namespace c = std::chrono;

// A day without a year is taken in this one: any will do, only the gap between days counts.
constexpr int kAnyYear = 2027;

c::year_month_day CivilDay(int year, int month, int day) {
  return {c::year{year ? year : kAnyYear}, c::month{static_cast<unsigned>(month)}, c::day{static_cast<unsigned>(day)}};
}

constexpr std::string_view kWeekdays[] = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                          "Friday", "Saturday", "Sunday"};

}  // namespace

bool IsRangeWord(std::string_view w) {
  return w == "to" || w == "until" || w == "till" || w == "through" || w == "thru";
}

int NightsBetween(int month, int day, int year, int back_month, int back_day, int back_year) {
  const c::year_month_day from = CivilDay(year, month, day);
  int to_year = back_year ? back_year : static_cast<int>(from.year());
  if (!back_year && (back_month < month || (back_month == month && back_day < day))) ++to_year;
  const c::year_month_day to = CivilDay(to_year, back_month, back_day);
  if (!from.ok() || !to.ok()) return 0;
  return static_cast<int>((c::sys_days{to} - c::sys_days{from}).count());
}

int WeekdayOf(std::string_view when) {
  for (int d = 0; d < 7; ++d) {
    const std::string_view name = kWeekdays[d];
    // The phrase is lowercase: compare the name's first letter lowered, then the rest.
    if (when.size() >= name.size() && when[when.size() - name.size()] == name[0] - 'A' + 'a' &&
        when.ends_with(name.substr(1))) {
      return d;
    }
  }
  return -1;
}

std::string_view WeekdayName(int day) { return kWeekdays[((day % 7) + 7) % 7]; }

std::string WhenText(std::string_view when) {
  const int weekday = WeekdayOf(when);
  if (weekday < 0) return std::string(when);
  const std::string_view name = WeekdayName(weekday);
  return std::string(when.substr(0, when.size() - name.size())).append(name);
}

std::string_view OrdinalSuffix(int day) {
  const int last = day % 10;
  return day / 10 % 10 == 1 || last == 0 || last > 3 ? "th" : last == 1 ? "st" : last == 2 ? "nd" : "rd";
}

int DaysInMonth(int month, int year) {
  const c::year_month_day_last last{c::year{year}, c::month_day_last{c::month{static_cast<unsigned>(month)}}};
  return static_cast<int>(static_cast<unsigned>(last.day()));
}

bool ReturnDay(const Slots& s, Day& back) {
  if (!s.month || !s.day || s.nights <= 0) return false;
  const c::year_month_day from = CivilDay(s.year, s.month, s.day);
  if (!from.ok()) return false;
  const c::year_month_day to{c::sys_days{from} + c::days{s.nights}};
  back.month = static_cast<int>(static_cast<unsigned>(to.month()));
  back.day = static_cast<int>(static_cast<unsigned>(to.day()));
  back.year = s.year ? static_cast<int>(to.year()) : 0;
  return true;
}

int NightsToReturn(const Slots& out, const Slots& back) {
  int month = back.back_month;
  if (month == 0) month = back.back_day <= out.day ? out.month % 12 + 1 : out.month;
  const int nights = NightsBetween(out.month, out.day, out.year, month, back.back_day, back.back_year);
  return nights >= 1 && nights <= 90 ? nights : 0;
}

}  // namespace contrail::flightly
