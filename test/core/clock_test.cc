// core/clock.h: the wall-clock forms the wire and the database use.

#include "core/clock.h"

#include <gtest/gtest.h>

namespace contrail::core {
namespace {

using namespace std::chrono;

TEST(ClockTest, DateTextIsIsoWithZeroPadding) {
  EXPECT_EQ(DateText(sys_days(year{2027} / March / 4)), "2027-03-04");
  EXPECT_EQ(DateText(sys_days(year{1999} / December / 31)), "1999-12-31");
}

TEST(ClockTest, ParseDateTextIsDateTextsInverseForCalendarDaysOnly) {
  EXPECT_EQ(ParseDateText("2027-03-04"), sys_days(year{2027} / March / 4));
  EXPECT_EQ(ParseDateText("2028-02-29"), sys_days(year{2028} / February / 29));
  for (const char* bad : {"2027-02-29", "2027-13-01", "2027-3-04", "2027/03/04", "20a7-03-04", "", "2027-03-04T"}) {
    EXPECT_FALSE(ParseDateText(bad).has_value()) << bad;
  }
}

TEST(ClockTest, UnixTimesAgreeWithEachOtherAndToday) {
  const std::int64_t ms = UnixMillis();
  const std::int64_t s = UnixSeconds();
  EXPECT_LE(ms / 1000, s);
  EXPECT_LE(s - ms / 1000, 1);
  const std::int64_t today_s = duration_cast<seconds>(Today().time_since_epoch()).count();
  EXPECT_LE(today_s, s);
  EXPECT_LT(s - today_s, 86'400 + 1);
}

}  // namespace
}  // namespace contrail::core
