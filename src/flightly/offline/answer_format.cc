// The formatting helpers shared by the answer writers (answers.h).
#include <array>

#include "flightly/offline/answers.h"
#include "flightly/trip_dates.h"

namespace contrail::flightly::offline {

Party ResolveParty(const Question& question) {
  Party party;
  const Slots& s = question.slots;
  const ProfileView& p = question.profile;
  if (s.HasParty()) {
    party.adults = s.adults;
    party.kids = s.kids;
    party.ages = s.kid_ages;
    party.travelers = s.travelers;
    // "2 adults and 2 kids" with a profile that lists two kids' ages: those are their ages.
    if (party.ages.empty() && party.kids > 0 && p.kid_ages.size == party.kids) {
      party.ages = p.kid_ages;
      party.from_profile = true;
    }
    return party;
  }
  if (p.adults > 0 || p.HasKids()) {
    party.adults = p.adults;
    party.ages = p.kid_ages;
    party.kids = p.kid_ages.size;
    party.from_profile = true;
  }
  return party;
}

void AppendAges(std::string& out, const Ages& ages) {
  for (std::size_t k = 0; k < ages.size; ++k) {
    if (k > 0) out.append(k + 1 == ages.size ? " and " : ", ");
    AppendInt(out, ages.values[k]);
  }
}

void AppendParty(std::string& out, const Party& party) {
  bool any = false;
  // A profile's kids with no adults counted travel with the traveller: "you and 2 kids".
  if (party.from_profile && party.adults == 0 && party.kids > 0) {
    out.append("you");
    any = true;
  }
  if (party.adults > 0) {
    AppendInt(out, party.adults);
    out.append(party.adults == 1 ? " adult" : " adults");
    any = true;
  }
  if (party.kids > 0) {
    if (any) out.append(" and ");
    AppendInt(out, party.kids);
    out.append(party.kids == 1 ? " child" : " kids");
    any = true;
  }
  if (!party.ages.empty()) {
    if (!any) out.append("kids");
    out.append(party.ages.size == 1 ? " (age " : " (ages ");
    AppendAges(out, party.ages);
    out.append(")");
    any = true;
  }
  if (!any && party.travelers > 0) {
    AppendInt(out, party.travelers);
    out.append(party.travelers == 1 ? " traveller" : " travellers");
  }
}

void AppendWhen(std::string& out, const Slots& s) {
  if (s.month && s.day) {
    out.append(" on ").append(MonthName(s.month)).append(" ");
    AppendInt(out, s.day);
    if (s.year) {
      out.append(", ");
      AppendInt(out, s.year);
    }
  } else if (s.month) {
    out.append(" in ").append(MonthName(s.month));
    if (s.year) {
      out.append(" ");
      AppendInt(out, s.year);
    }
  } else if (s.day) {  // "on the 15th": of the month the fares are looked up in
    out.append(" on the ");
    AppendInt(out, s.day);
    out.append(OrdinalSuffix(s.day));
  } else if (!s.when.empty()) {
    // "next friday" is written "next Friday", and a lone weekday "on Friday".
    const int weekday = WeekdayOf(s.when);
    bool bare = s.when.starts_with("next ") || s.when.starts_with("this ") || s.when == "today" ||
                s.when == "tonight" || s.when == "tomorrow";
    out.append(bare ? " " : weekday >= 0 ? " on " : " for ").append(WhenText(s.when));
  }
  if (s.nights > 0) {
    out.append(s.HasDates() && (s.month || !s.when.empty()) ? " (" : " for ");
    AppendInt(out, s.nights);
    out.append(s.nights == 1 ? " night" : " nights");
    if (s.month || !s.when.empty()) out.append(")");
  }
}

void AppendBudget(std::string& out, int usd, BudgetUnit unit) {
  out.append("$");
  std::string digits;
  AppendInt(digits, usd);
  for (std::size_t k = 0; k < digits.size(); ++k) {
    if (k > 0 && (digits.size() - k) % 3 == 0) out.push_back(',');
    out.push_back(digits[k]);
  }
  if (unit == BudgetUnit::kPerPerson) out.append(" a person");
  if (unit == BudgetUnit::kPerNight) out.append(" a night");
}

void AppendHotelWants(const Slots& s, std::string& out) {
  if (s.hotel_stars > 0) {
    out.append(", ");
    AppendInt(out, s.hotel_stars);
    out.append(s.hotel_stars < 5 ? "★ or more" : "★");
  }
  // In amenity:: bit order.
  static constexpr std::string_view kLabels[kAmenityCount] = {
      "a pool", "a spa", "a gym", "breakfast", "parking", "a kids club", "pets welcome", "beach access"};
  bool first = true;
  for (int bit = 0; bit < kAmenityCount; ++bit) {
    if ((s.amenities & (1u << bit)) == 0) continue;
    out.append(first ? ", with " : " and ").append(kLabels[bit]);
    first = false;
  }
}

void AppendBudgetRange(std::string& out, const Slots& s) {
  if (s.budget_min_usd > 0 && s.budget_usd > 0) {
    AppendBudget(out, s.budget_min_usd, BudgetUnit::kTotal);
    out.append(" to ");
  } else {
    out.append(s.budget_min_usd > 0 ? "from " : "under ");
  }
  AppendBudget(out, s.budget_usd > 0 ? s.budget_usd : s.budget_min_usd, s.budget_unit);
}

void AppendCapabilities(std::string& out) {
  out.append(
      "flights and hotels (by place, dates, party and budget), baggage, check-in, seats, "
      "refunds, changes and other Flightly policies, weather, destination ideas, things to do "
      "and family trip planning");
}

int MonthOf(const Slots& slots) {
  if (slots.month) return slots.month;
  return MonthHint(slots.when);
}

void AppendMonthRanges(std::string& out, std::uint16_t months) {
  months &= 0xFFF;
  if (months == 0xFFF) {
    out.append("all year");
    return;
  }
  auto in = [months](int m) { return (months >> ((m + 11) % 12)) & 1; };  // m may be 0 or 13
  std::array<std::pair<int, int>, 6> runs{};  // at most 6 runs fit in 12 months
  std::size_t count = 0;
  for (int m = 1; m <= 12; ++m) {
    if (!in(m) || in(m - 1)) continue;  // not the start of a run
    int end = m;
    while (in(end + 1)) ++end;
    runs[count++] = {m, (end - 1) % 12 + 1};
  }
  for (std::size_t k = 0; k < count; ++k) {
    if (k > 0) out.append(k + 1 == count ? " and " : ", ");
    out.append(MonthName(runs[k].first));
    if (runs[k].second != runs[k].first) out.append(" to ").append(MonthName(runs[k].second));
  }
}

void AppendListItems(std::string& out, std::string_view comma_list) {
  std::size_t count = 0;
  ForEachListItem(comma_list, [&](std::string_view) { ++count; });
  std::size_t k = 0;
  ForEachListItem(comma_list, [&](std::string_view item) {
    if (k > 0) out.append(k + 1 == count ? " and " : ", ");
    AppendClipped(out, item, 40);
    ++k;
  });
}

void AppendBudgetClause(Question& question, std::string& out) {
  // A constraint belongs to what it was said about: a budget a night is a hotel's, and a fare or
  // trip budget (the profile's included) is not a hotel's. As grounding.cc plans the lookups.
  const bool hotel = question.intent == Intent::kHotelSearch;
  const Slots& s = question.slots;
  if (s.HasBudget() && (s.budget_unit == BudgetUnit::kPerNight) == hotel) {
    out.append(", ");
    AppendBudgetRange(out, s);
  } else if (hotel && question.profile.hotel_budget_usd > 0) {
    out.append(", within your ");
    AppendBudget(out, question.profile.hotel_budget_usd, BudgetUnit::kPerNight);
    out.append(" budget");
    question.personalised = true;
  } else if (!hotel && question.profile.budget_usd > 0) {
    out.append(", within your ");
    AppendBudget(out, question.profile.budget_usd, BudgetUnit::kTotal);
    out.append(" budget");
    question.personalised = true;
  }
}

bool AppendTripSummary(const Question& question, std::string& out) {
  const Slots& s = question.slots;
  if (s.empty()) return false;
  out.append("a trip");
  if (s.origin) {
    out.append(" from ");
    AppendPlaceName(out, *s.origin, s.origin_label);
  }
  if (s.destination) {
    out.append(" to ");
    AppendPlaceName(out, *s.destination, s.destination_label);
  }
  AppendWhen(out, s);
  Party party = ResolveParty(question);
  if (!party.empty()) {
    out.append(" for ");
    AppendParty(out, party);
  }
  if (s.cabin != Cabin::kNone) out.append(", in ").append(CabinName(s.cabin));
  if (s.nonstop) out.append(", nonstop");
  if (s.HasBudget()) {
    out.append(", ");
    AppendBudgetRange(out, s);
  }
  return true;
}

namespace {
const std::string* RememberedOn(const Question& question, std::string_view field) {
  const auto& remembered = question.request.context.remembered;
  auto it = remembered.find(std::string(field));
  return it == remembered.end() ? nullptr : &it->second;
}
}  // namespace

std::string SourceOf(const Question& question, std::string_view field) {
  const std::string* day = RememberedOn(question, field);
  return day == nullptr ? "your profile" : "what you told me on " + *day;
}

std::string Says(const Question& question, std::string_view field) {
  const std::string* day = RememberedOn(question, field);
  return day == nullptr ? "Your profile says" : "You told me on " + *day;
}

}  // namespace contrail::flightly::offline
