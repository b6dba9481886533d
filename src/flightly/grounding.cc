#include "flightly/grounding.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <boost/json.hpp>

#include "cache/canonical_json.h"
#include "core/clock.h"
#include "flightly/intents.h"
#include "flightly/profile.h"
#include "flightly/slots.h"
#include "flightly/trip_dates.h"
#include "pg/pool.h"

namespace contrail::flightly {

namespace asio = boost::asio;

namespace {

// Conversation-only intents, and messages outside the domain or with nothing to understand:
// nothing in the knowledge base answers them, and passages found anyway would be unrelated.
bool NeedsNoKnowledge(Intent intent) {
  switch (intent) {
    case Intent::kRecallFirst:
    case Intent::kRecallLast:
    case Intent::kRecallSaid:
    case Intent::kRecallConversation:
    case Intent::kProfileRecall:
    case Intent::kAbout:
    case Intent::kGreeting:
    case Intent::kThanks:
    case Intent::kGoodbye:
    case Intent::kOutOfDomain:
    case Intent::kGibberish:
      return true;
    default:
      return false;
  }
}

bool WantsFares(Intent intent) {
  return intent == Intent::kFlightSearch || intent == Intent::kFamilyTrip || intent == Intent::kBudget ||
         intent == Intent::kPromotions || intent == Intent::kPackages;
}

bool WantsHotels(Intent intent) {
  return intent == Intent::kHotelSearch || intent == Intent::kFamilyTrip || intent == Intent::kPackages;
}

int PartySize(const Slots& slots, const ProfileView& profile) {
  int n = slots.adults + slots.kids;
  if (n == 0) n = slots.travelers;
  if (n == 0 && !slots.kid_ages.empty()) n = 1 + slots.kid_ages.size;
  // A profile's kids travel with someone: the traveller, when the profile counts no adults.
  if (n == 0) n = (profile.adults > 0 ? profile.adults : profile.kid_ages.size > 0 ? 1 : 0) + profile.kid_ages.size;
  return std::max(1, n);
}

// The party the session states, else the profile's: the same rule as for its size.
bool PartyHasKids(const Slots& slots, const ProfileView& profile) {
  if (slots.HasParty()) return slots.kids > 0 || !slots.kid_ages.empty();
  return profile.HasKids();
}

void PlanTrip(const Slots& slots, const ProfileView& profile, KnowledgeNeed& need) {
  need.destination = std::string(slots.destination->code);
  need.city = std::string(slots.destination->city);
  need.month = slots.month;
  if (slots.month != 0 || slots.when.empty()) need.day = slots.day, need.year = slots.month ? slots.year : 0;
  if (slots.month == 0 && !slots.when.empty()) need.when = std::string(slots.when);
  need.seats = PartySize(slots, profile);
  need.kids = PartyHasKids(slots, profile);
}

void PlanFares(const Slots& slots, const ProfileView& profile, KnowledgeNeed& need) {
  need.fares = true;
  const Place* origin = slots.origin != nullptr ? slots.origin : profile.home;
  if (origin != nullptr && origin != slots.destination) need.origin = std::string(origin->code);
  // A budget a night is a hotel's (understanding.cc stores a hotel turn's budget that way): it
  // never caps fares, and the profile's budget applies as if none were stated.
  // A floor said ("over $500") replaces the profile's cap too.
  const bool fare_budget = slots.HasBudget() && slots.budget_unit != BudgetUnit::kPerNight;
  const BudgetUnit unit = fare_budget ? slots.budget_unit : BudgetUnit::kPerPerson;
  auto per_person = [&](int usd) { return unit == BudgetUnit::kTotal ? usd / need.seats : usd; };
  need.max_fare_usd = per_person(fare_budget ? slots.budget_usd : profile.budget_usd);
  if (fare_budget) need.min_fare_usd = per_person(slots.budget_min_usd);
  // The cabin said for this trip, else the one the traveller always flies.
  const Cabin cabin = slots.cabin != Cabin::kNone ? slots.cabin : profile.cabin;
  if (cabin == Cabin::kPremium) need.cabin = "premium_economy";
  if (cabin == Cabin::kBusiness || cabin == Cabin::kFirst) need.cabin = std::string(CabinName(cabin));
  need.nonstop = profile.nonstop || slots.nonstop;
}

void PlanHotels(const Slots& slots, const ProfileView& profile, KnowledgeNeed& need) {
  need.hotels = true;
  need.min_stars = slots.hotel_stars;
  need.top_rated = slots.top_rated;
  for (int bit = 0; bit < kAmenityCount; ++bit) {
    if (slots.amenities & (1u << bit)) need.amenities.emplace_back(AmenityName(1u << bit));
  }
  if (slots.HasBudget() && slots.budget_unit == BudgetUnit::kPerNight) {
    need.max_nightly_usd = slots.budget_usd;
    need.min_nightly_usd = slots.budget_min_usd;
  } else {
    need.max_nightly_usd = profile.hotel_budget_usd;  // the traveller's usual, 0 = none
  }
}

}  // namespace

KnowledgeNeed PlanKnowledge(const Understanding& understanding,
                            const std::map<std::string, std::string>& profile) {
  KnowledgeNeed need;
  if (understanding.standalone_query.empty() || NeedsNoKnowledge(understanding.intent)) return need;
  // A question in another language with no travel word we could gloss: nothing to search for.
  if (understanding.language != Language::kEnglish && understanding.intent == Intent::kUnknown) return need;
  need.retrieve = true;
  need.query = understanding.standalone_query;
  need.topic_words = understanding.topic_search_words;
  const Slots& slots = understanding.next.slots;
  if (slots.destination == nullptr) return need;
  const bool trip = AsksForTripAnswer(understanding);
  const bool fares = trip && WantsFares(understanding.intent), hotels = trip && WantsHotels(understanding.intent);
  if (!fares && !hotels) return need;
  const ProfileView view = ReadProfile(profile);
  PlanTrip(slots, view, need);
  if (fares) PlanFares(slots, view, need);
  if (hotels) PlanHotels(slots, view, need);
  return need;
}

KnowledgeNeed PlanBookingTrip(const Understanding& understanding, const std::map<std::string, std::string>& profile) {
  KnowledgeNeed need;
  const Slots& slots = understanding.next.slots;
  if (slots.destination == nullptr) return need;
  const ProfileView view = ReadProfile(profile);
  PlanTrip(slots, view, need);
  PlanFares(slots, view, need);
  return need;
}

// --- live facts -------------------------------------------------------------------------------

namespace {

constexpr std::string_view kHotelMark = "★, guest rating ";  // in every hotel line, and only there
constexpr std::string_view kFareMark = " a person, ";         // in every fare line, and only there
constexpr std::string_view kNoFare = "No flight from ";        // how a line saying none fits begins
// Enough to choose from, few enough to read in a chat answer (fares list 5, offers 3).
constexpr int kMaxHotels = 4;
constexpr int kMaxFareOrigins = 6;

// The days to search: the month's next occurrence (this year if not past, else next year) from
// today on, or, without a month, from today with no end (""). With a day, `day` is it and the
// period is the two weeks either side of it from today on (its fares come nearest first: a day with
// no flight still shows the days that have one).
constexpr std::chrono::days kDaysAround{14};

struct Period {
  std::string from, to;
  std::string day;  // "" when no day was asked
};

// Today as numbers, read once from its YYYY-MM-DD.
struct Calendar {
  std::chrono::sys_days now;
  int year, month, day;
};

// The day asked, in its year or its next occurrence from today; nullopt when it is no calendar
// day or it is past.
std::optional<std::chrono::sys_days> AskedDay(const Calendar& today, const KnowledgeNeed& need) {
  namespace chrono = std::chrono;
  int year = need.year;
  if (year == 0) {
    const bool past = need.month < today.month || (need.month == today.month && need.day < today.day);
    year = past ? today.year + 1 : today.year;
  }
  const chrono::year_month_day asked{chrono::year(year), chrono::month(static_cast<unsigned>(need.month)),
                                     chrono::day(static_cast<unsigned>(need.day))};
  if (!asked.ok() || chrono::sys_days(asked) < today.now) return std::nullopt;
  return chrono::sys_days(asked);
}

Period AroundDay(std::chrono::sys_days day, const std::string& today) {
  return {std::max(core::DateText(day - kDaysAround), today), core::DateText(day + kDaysAround), core::DateText(day)};
}

// The days a time phrase names from `today`: a day ("tomorrow"; "friday": the next one, today's
// weekday a week on; "this friday" may be today; "next friday": the one in next week), a weekend's
// Saturday, or a week (its Monday to Sunday); "this month" and "next month" set `month` instead.
// nullopt for any other phrase.
std::optional<Period> NamedDays(const Calendar& calendar, const std::string& today, std::string_view when,
                                int& month) {
  namespace chrono = std::chrono;
  const chrono::sys_days now = calendar.now;
  const int weekday = static_cast<int>(chrono::weekday(now).iso_encoding()) - 1;  // 0 Monday
  if (when == "today" || when == "tonight") return AroundDay(now, today);
  if (when == "tomorrow") return AroundDay(now + chrono::days(1), today);
  if (when == "this month" || when == "next month") {
    month = when == "this month" ? calendar.month : calendar.month % 12 + 1;
    return std::nullopt;
  }
  const chrono::sys_days monday = now - chrono::days(weekday);
  if (when == "this week" || when == "next week") {
    const chrono::sys_days first = monday + chrono::days(when == "next week" ? 7 : 0);
    return Period{std::max(core::DateText(first), today), core::DateText(first + chrono::days(6)), ""};
  }
  const bool weekend = when == "this weekend" || when == "next weekend";
  const int target = weekend ? 5 : WeekdayOf(when);  // a weekend is its Saturday
  if (target < 0) return std::nullopt;
  if (when.starts_with("next ")) return AroundDay(monday + chrono::days(7 + target), today);
  int ahead = (target - weekday + 7) % 7;
  if (ahead == 0 && !when.starts_with("this ")) ahead = 7;
  return AroundDay(now + chrono::days(ahead), today);
}

// `now` is the day `today` (YYYY-MM-DD) names.
Period DateRange(std::chrono::sys_days now, const std::string& today, const KnowledgeNeed& need) {
  const std::chrono::year_month_day ymd(now);
  const Calendar calendar{now, static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                          static_cast<int>(static_cast<unsigned>(ymd.day()))};
  int month = need.month;
  if (month == 0 && need.day >= 1 && need.day <= 31) {  // "on the 15th": this month's, or the next month's
    KnowledgeNeed dated = need;
    dated.month = need.day >= calendar.day ? calendar.month : calendar.month % 12 + 1;
    if (const auto day = AskedDay(calendar, dated)) return AroundDay(*day, today);
  }
  if (month == 0 && !need.when.empty()) {
    if (std::optional<Period> named = NamedDays(calendar, today, need.when, month)) return *named;
  }
  if (month >= 1 && month <= 12 && need.day >= 1 && need.day <= 31) {
    if (const auto day = AskedDay(calendar, need)) return AroundDay(*day, today);
  }
  if (month < 1 || month > 12) return {today, "", ""};
  const int year = month < calendar.month ? calendar.year + 1 : calendar.year;
  const std::chrono::year_month ym{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month))};
  const std::string from = core::DateText(std::chrono::sys_days(ym / 1));
  const std::string to = core::DateText(std::chrono::sys_days(ym / std::chrono::last));
  return {std::max(from, today), to, ""};
}

std::string Dollars(std::int64_t cents) { return "$" + std::to_string((cents + 50) / 100); }

// The flights a fare may come from: in the cabin to the destination with seats for the party, within the budget, departing in the period (or the next 60 days), from the origin
// when there is one.
// Appends its parameters to p.
std::string FareFilter(const KnowledgeNeed& need, const Period& period, pg::Params& p) {
  p.Text(need.destination).Text(period.from).Int(need.seats).Int(need.max_fare_usd > 0 ? need.max_fare_usd * 100LL : 0);
  std::string sql =
      " FROM flights WHERE destination = $1 AND depart_date >= $2::date AND seats_left >= $3 "
      "AND ($4 = 0 OR fare_cents <= $4) AND cabin = $5";
  p.Text(need.cabin);
  int next = 6;
  if (!period.to.empty()) {
    sql += " AND depart_date <= $" + std::to_string(next++) + "::date";
    p.Text(period.to);
  } else {
    sql += " AND depart_date <= $2::date + 60";
  }
  if (!need.origin.empty()) {
    sql += " AND origin = $" + std::to_string(next++);
    p.Text(need.origin);
  }
  if (need.min_fare_usd > 0) {
    sql += " AND fare_cents >= $" + std::to_string(next++);
    p.Int(need.min_fare_usd * 100LL);
  }
  return sql;
}

pg::Statement FareQuery(const KnowledgeNeed& need, const Period& period) {
  pg::Params p;
  std::string sql =
      "SELECT flight_no, origin, destination, depart_date::text, cabin, fare_cents, seats_left, refundable, stops" +
                    FareFilter(need, period, p) + " ORDER BY ";
  // The day asked first, then the days nearest it.
  if (!period.day.empty()) {
    p.Text(period.day);
    sql += "abs(depart_date - $" + std::to_string(p.size()) + "::date), ";
  }
  // Nonstop first for a traveller who prefers it; a connection when there is no other.
  sql += need.nonstop ? "stops, fare_cents, depart_date LIMIT 5" : "fare_cents, depart_date LIMIT 5";
  return pg::Statement(std::move(sql), std::move(p));
}

// The route's cheapest and dearest fares with the budget's cap and floor left out: what a search
// that found none within them can say instead.
pg::Statement CheapestFareQuery(KnowledgeNeed need, const Period& period) {
  need.max_fare_usd = need.min_fare_usd = 0;
  pg::Params p;
  std::string sql = "SELECT min(fare_cents), max(fare_cents)" + FareFilter(need, period, p);
  return pg::Statement(std::move(sql), std::move(p));
}

// Without an origin, a route from elsewhere is no answer: only which airports have fares.
pg::Statement FareOriginsQuery(const KnowledgeNeed& need, const Period& period) {
  pg::Params p;
  std::string sql = "SELECT origin" + FareFilter(need, period, p) + " GROUP BY origin ORDER BY min(fare_cents), origin LIMIT " +
                    std::to_string(kMaxFareOrigins);
  return pg::Statement(std::move(sql), std::move(p));
}

// "{pool,kids_club}": the amenities as a text[] literal (their names are Slots' fixed identifiers).
std::string TextArray(const std::vector<std::string>& names) {
  std::string out = "{";
  for (const std::string& name : names) out += (out.size() > 1 ? "," : "") + name;
  return out + "}";
}

// "kids_club" -> "kids club".
std::string AmenityLabel(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

pg::Statement HotelQuery(const KnowledgeNeed& need) {
  pg::Params p;
  p.Text(need.destination).Text(need.city).Int(need.max_nightly_usd * 100LL).Bool(need.kids);
  p.Int(need.min_nightly_usd * 100LL).Int(need.min_stars).Text(TextArray(need.amenities));
  const std::string order = need.top_rated ? "rating DESC, nightly_cents" : "nightly_cents, rating DESC";
  return pg::Statement(
      "SELECT name, stars, round(rating::numeric, 1)::text, nightly_cents, family_friendly, "
      "array_to_string(amenities, ',') FROM hotels "
      "WHERE (iata = $1 OR lower(city) = lower($2)) AND rooms_left > 0 AND ($3 = 0 OR nightly_cents <= $3) "
      "AND nightly_cents >= $5 AND stars >= $6 AND amenities @> $7::text[] "
      "ORDER BY (family_friendly AND $4) DESC, " + order + ", id LIMIT " + std::to_string(kMaxHotels),
      std::move(p));
}

// Promotions for the destination whose validity overlaps the period; without a month, those
// still valid from today on.
pg::Statement OfferQuery(const KnowledgeNeed& need, const Period& period) {
  pg::Params p;
  p.Text(need.destination).Text(period.from);
  std::string sql =
      "SELECT code, title, price_from_cents, valid_from::text, valid_to::text, discount_pct FROM promotions "
      "WHERE $1 = ANY(destinations) AND valid_to >= $2::date";
  if (!period.to.empty()) {
    sql += " AND valid_from <= $3::date";
    p.Text(period.to);
  }
  sql += " ORDER BY price_from_cents NULLS LAST, valid_from LIMIT 3";
  return pg::Statement(std::move(sql), std::move(p));
}

// "premium_economy" as a person reads it.
std::string CabinLabel(std::string_view cabin) {
  return cabin == "premium_economy" ? "premium economy" : std::string(cabin);
}

// ", nonstop" is said only of a search that asked for it (every fare's line would say it
// otherwise); a connection always is: ", 1 stop".
std::string StopsLabel(std::int64_t stops) {
  if (stops <= 0) return "";
  return ", " + std::to_string(stops) + (stops == 1 ? " stop" : " stops");
}

// " near March 14", " in March", " next Friday", " in the next two months": the period a fare
// search covered.
std::string PeriodLabel(const KnowledgeNeed& need) {
  if (need.month >= 1 && need.month <= 12) {
    std::string month(MonthName(need.month));
    return need.day > 0 ? " near " + month + " " + std::to_string(need.day) : " in " + month;
  }
  if (!need.when.empty()) return " " + WhenText(need.when);
  if (need.day <= 0) return " in the next two months";
  return " near the " + std::to_string(need.day) + std::string(OrdinalSuffix(need.day));
}

// "No flight from LAX to HNL in March has 4 seats under $100 a person in Flightly's system; the
// cheapest there is $233 a person." `range`: the route's cheapest and dearest fares in cents
// whatever the budget (CheapestFareQuery), or null when no budget was asked.
std::string NoFareLine(const KnowledgeNeed& need, const pg::Rows* range) {
  std::string line = std::string(kNoFare) + need.origin + " to " + need.destination + PeriodLabel(need) + " has ";
  line += need.seats > 1 ? std::to_string(need.seats) + " seats" : "a seat";
  if (need.cabin != "economy") line += " in " + CabinLabel(need.cabin);
  if (need.min_fare_usd > 0) line += " from " + Dollars(need.min_fare_usd * 100LL);
  if (need.max_fare_usd > 0) line += (need.min_fare_usd > 0 ? " to " : " under ") + Dollars(need.max_fare_usd * 100LL);
  if (need.min_fare_usd > 0 || need.max_fare_usd > 0) line += " a person";
  line += " in Flightly's system";
  if (range == nullptr || range->empty() || range->is_null(0, 0)) return line + ".";
  // What ruled them out: "over $2,000" is answered by the dearest fare, "under $100" the cheapest.
  if (need.max_fare_usd > 0 && range->int64(0, 0) > need.max_fare_usd * 100LL) {
    line += "; the cheapest there is " + Dollars(range->int64(0, 0)) + " a person";
  } else if (need.min_fare_usd > 0 && range->int64(0, 1) < need.min_fare_usd * 100LL) {
    line += "; the dearest there is " + Dollars(range->int64(0, 1)) + " a person";
  }
  return line + ".";
}

void AddFares(const pg::Rows& fares, std::vector<std::string>& facts) {
  for (int r = 0; r < fares.size(); ++r) {
    facts.push_back(std::string(fares.text(r, 0)) + " " + std::string(fares.text(r, 1)) + "→" +
                    std::string(fares.text(r, 2)) + " on " + std::string(fares.text(r, 3)) + ", " +
                    CabinLabel(fares.text(r, 4)) + StopsLabel(fares.int64(r, 8)) + ", " +
                    Dollars(fares.int64(r, 5)) + std::string(kFareMark) + std::string(fares.text(r, 6)) +
                    " seats left" +
                    (fares.text(r, 7) == "t" ? ", refundable" : ""));
  }
}

// "Fares to HNL in March depend on the airport you fly from; Flightly has them from LAX, SFO and
// SEA." Nothing when no airport has any.
void AddFareOrigins(const pg::Rows& origins, const KnowledgeNeed& need, std::vector<std::string>& facts) {
  if (origins.empty()) return;
  std::string line = "Fares to " + need.destination;
  if (need.month >= 1 && need.month <= 12) line += " in " + std::string(MonthName(need.month));
  line += " depend on the airport you fly from; Flightly has them from ";
  for (int r = 0; r < origins.size(); ++r) {
    if (r > 0) line += r + 1 == origins.size() ? " and " : ", ";
    line += origins.text(r, 0);
  }
  facts.push_back(line + ".");
}

// "pool,kids_club" -> ", pool, kids club"; wifi goes without saying.
void AppendAmenities(std::string_view list, std::string& out) {
  while (!list.empty()) {
    std::size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    if (item.empty() || item == "wifi") continue;
    out += ", " + AmenityLabel(item);
  }
}

void AddHotels(const pg::Rows& hotels, const KnowledgeNeed& need, std::vector<std::string>& facts) {
  for (int r = 0; r < hotels.size(); ++r) {
    facts.push_back(HotelRateLine(hotels.text(r, 0), hotels.text(r, 1), hotels.text(r, 2), hotels.int64(r, 3),
                                  hotels.text(r, 4) == "t", hotels.text(r, 5)));
  }
  if (!hotels.empty()) return;
  std::string none = "No hotel near " + need.destination + " has rooms left";
  if (need.max_nightly_usd > 0) none += " under " + Dollars(need.max_nightly_usd * 100LL) + " a night";
  if (need.min_stars > 0) none += " of " + std::to_string(need.min_stars) + "★ or more";
  for (std::size_t k = 0; k < need.amenities.size(); ++k) {
    none += (k == 0 ? " with " : " and ") + AmenityLabel(need.amenities[k]);
  }
  if (need.min_nightly_usd > 0) none += " from " + Dollars(need.min_nightly_usd * 100LL) + " a night";
  facts.push_back(none + " in Flightly's system.");
}

void AddOffers(const pg::Rows& offers, std::vector<std::string>& facts) {
  for (int r = 0; r < offers.size(); ++r) {
    std::string line = "Offer " + std::string(offers.text(r, 0)) + ": " + std::string(offers.text(r, 1));
    if (!offers.is_null(r, 2)) line += ", from " + Dollars(offers.int64(r, 2));
    line += " (valid " + std::string(offers.text(r, 3)) + " to " + std::string(offers.text(r, 4)) + ")";
    facts.push_back(std::move(line));
  }
}

}  // namespace

asio::awaitable<core::Result<std::vector<std::string>>> LookupLiveFacts(pg::Pool& pool, const KnowledgeNeed& need,
                                                                        std::string today) {
  std::vector<std::string> facts;
  const std::optional<std::chrono::sys_days> now = core::ParseDateText(today);
  if (!need.live() || need.destination.empty() || !now) co_return facts;
  const Period period = DateRange(*now, today, need);
  // One pipeline, one round trip: fares, hotels, offers, in that order, each only when wanted.
  std::vector<pg::Statement> statements;
  if (need.fares) statements.push_back(need.origin.empty() ? FareOriginsQuery(need, period) : FareQuery(need, period));
  if (need.hotels) statements.push_back(HotelQuery(need));
  if (need.fares) statements.push_back(OfferQuery(need, period));
  // With a budget, what the route costs without it, in case nothing fits (same round trip).
  const bool budgeted = need.fares && !need.origin.empty() && (need.max_fare_usd > 0 || need.min_fare_usd > 0);
  if (budgeted) statements.push_back(CheapestFareQuery(need, period));
  CONTRAIL_CO_TRY(std::vector<pg::Rows> results, co_await pool.Pipeline(std::move(statements)));
  std::size_t next = 0;
  if (need.fares) {
    const pg::Rows& fares = results.at(next++);
    if (need.origin.empty()) {
      AddFareOrigins(fares, need, facts);
    } else if (fares.empty()) {
      facts.push_back(NoFareLine(need, budgeted ? &results.back() : nullptr));
    } else {
      AddFares(fares, facts);
    }
  }
  if (need.hotels) AddHotels(results.at(next++), need, facts);
  if (need.fares) AddOffers(results.at(next++), facts);
  co_return facts;
}

bool IsHotelRateLine(std::string_view fact) { return fact.find(kHotelMark) != std::string_view::npos; }

bool IsFareLine(std::string_view fact) { return fact.find(kFareMark) != std::string_view::npos; }

bool IsNoFareLine(std::string_view fact) { return fact.starts_with(kNoFare); }

std::string HotelRateLine(std::string_view name, std::string_view stars, std::string_view rating,
                          std::int64_t nightly_cents, bool family_friendly, std::string_view amenities) {
  std::string line = std::string(name) + " (" + std::string(stars) + std::string(kHotelMark) + std::string(rating) +
                     "), " + Dollars(nightly_cents) + " a night";
  if (family_friendly) line += ", family friendly";
  AppendAmenities(amenities, line);
  return line;
}

std::string LiveFactsArguments(const KnowledgeNeed& need, std::string_view today) {
  boost::json::object o;
  o["fares"] = need.fares;
  o["hotels"] = need.hotels;
  o["origin"] = need.origin;
  o["destination"] = need.destination;
  o["city"] = need.city;
  o["month"] = need.month;
  if (need.day > 0) o["day"] = need.day;  // only when set, so a month's arguments keep their form
  if (need.year > 0) o["year"] = need.year;
  if (!need.when.empty()) o["when"] = need.when;
  o["max_fare_usd"] = need.max_fare_usd;
  o["max_nightly_usd"] = need.max_nightly_usd;
  // Only when set, so the arguments of a lookup without a floor keep their earlier form.
  if (need.min_fare_usd > 0) o["min_fare_usd"] = need.min_fare_usd;
  if (need.min_nightly_usd > 0) o["min_nightly_usd"] = need.min_nightly_usd;
  if (need.min_stars > 0) o["min_stars"] = need.min_stars;
  if (!need.amenities.empty()) o["amenities"] = boost::json::value_from(need.amenities);
  if (need.top_rated) o["top_rated"] = true;
  o["seats"] = need.seats;
  o["kids"] = need.kids;
  o["cabin"] = need.cabin;
  o["nonstop"] = need.nonstop;
  o["today"] = today;
  return cache::CanonicalJson(o);
}

}  // namespace contrail::flightly
