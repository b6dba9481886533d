#include "flightly/grounding.h"

#include <algorithm>
#include <cstdio>

#include "flightly/intents.h"
#include "flightly/profile.h"
#include "flightly/slots.h"
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

int PartySize(const Slots& slots, const ProfileView& profile) {
  int n = slots.adults + slots.kids;
  if (n == 0) n = slots.travelers;
  if (n == 0 && !slots.kid_ages.empty()) n = 1 + slots.kid_ages.size;
  if (n == 0) n = profile.adults + profile.kid_ages.size;
  return std::max(1, n);
}

void PlanFares(const Slots& slots, const ProfileView& profile, KnowledgeNeed& need) {
  need.fares = true;
  need.destination = std::string(slots.destination->code);
  const Place* origin = slots.origin != nullptr ? slots.origin : profile.home;
  if (origin != nullptr && origin != slots.destination) need.origin = std::string(origin->code);
  need.month = slots.month;
  need.seats = PartySize(slots, profile);
  int budget = slots.budget_usd > 0 ? slots.budget_usd : profile.budget_usd;
  BudgetUnit unit = slots.budget_usd > 0 ? slots.budget_unit : BudgetUnit::kPerPerson;
  if (budget > 0 && unit == BudgetUnit::kPerPerson) need.max_fare_usd = budget;
  if (budget > 0 && unit == BudgetUnit::kTotal) need.max_fare_usd = budget / need.seats;
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
  const Slots& slots = understanding.next.slots;
  if (WantsFares(understanding.intent) && slots.destination != nullptr) {
    PlanFares(slots, ReadProfile(profile), need);
  }
  return need;
}

// --- live facts -------------------------------------------------------------------------------

namespace {

// The first and last day to search: the month's next occurrence (this year if not past, else
// next year), or the next 60 days.
std::pair<std::string, std::string> DateRange(const std::string& today, int month) {
  int y = std::stoi(today.substr(0, 4)), m = std::stoi(today.substr(5, 2));
  if (month == 0) return {today, ""};
  int year = month < m ? y + 1 : y;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int last = kDays[month - 1] + (month == 2 && year % 4 == 0 ? 1 : 0);
  char from[16], to[16];
  std::snprintf(from, sizeof from, "%04d-%02d-01", year, month);
  std::snprintf(to, sizeof to, "%04d-%02d-%02d", year, month, last);
  std::string start = from;
  return {std::max(start, today), to};
}

std::string Dollars(std::int64_t cents) { return "$" + std::to_string((cents + 50) / 100); }

pg::Statement FareQuery(const KnowledgeNeed& need, const std::string& today) {
  auto [from, to] = DateRange(today, need.month);
  pg::Params p;
  p.Text(need.destination).Text(from).Int(need.seats).Int(need.max_fare_usd > 0 ? need.max_fare_usd * 100LL : 0);
  std::string sql =
      "SELECT flight_no, origin, destination, depart_date::text, cabin, fare_cents, seats_left, refundable "
      "FROM flights WHERE destination = $1 AND depart_date >= $2::date AND seats_left >= $3 "
      "AND ($4 = 0 OR fare_cents <= $4) AND cabin = 'economy'";
  int next = 5;
  if (!to.empty()) {
    sql += " AND depart_date <= $" + std::to_string(next++) + "::date";
    p.Text(to);
  } else {
    sql += " AND depart_date <= $2::date + 60";
  }
  if (!need.origin.empty()) {
    sql += " AND origin = $" + std::to_string(next++);
    p.Text(need.origin);
  }
  sql += " ORDER BY fare_cents, depart_date LIMIT 5";
  return pg::Statement(std::move(sql), std::move(p));
}

pg::Statement OfferQuery(const KnowledgeNeed& need, const std::string& today) {
  pg::Params p;
  p.Text(need.destination).Text(today);
  return pg::Statement(
      "SELECT code, title, price_from_cents, valid_from::text, valid_to::text, discount_pct FROM promotions "
      "WHERE $1 = ANY(destinations) AND valid_to >= $2::date ORDER BY price_from_cents NULLS LAST, valid_from LIMIT 3",
      std::move(p));
}

}  // namespace

asio::awaitable<core::Result<std::vector<std::string>>> LookupLiveFacts(pg::Pool& pool, const KnowledgeNeed& need,
                                                                        std::string today) {
  std::vector<std::string> facts;
  if (!need.fares || need.destination.empty() || today.size() != 10) co_return facts;
  std::vector<pg::Statement> statements;
  statements.push_back(FareQuery(need, today));
  statements.push_back(OfferQuery(need, today));
  CONTRAIL_CO_TRY(std::vector<pg::Rows> results, co_await pool.Pipeline(std::move(statements)));
  const pg::Rows& fares = results.at(0);
  for (int r = 0; r < fares.size(); ++r) {
    facts.push_back(std::string(fares.text(r, 0)) + " " + std::string(fares.text(r, 1)) + "→" +
                    std::string(fares.text(r, 2)) + " on " + std::string(fares.text(r, 3)) + ", economy, " +
                    Dollars(fares.int64(r, 5)) + " a person, " + std::string(fares.text(r, 6)) + " seats left" +
                    (fares.text(r, 7) == "t" ? ", refundable" : ""));
  }
  const pg::Rows& offers = results.at(1);
  for (int r = 0; r < offers.size(); ++r) {
    std::string line = "Offer " + std::string(offers.text(r, 0)) + ": " + std::string(offers.text(r, 1));
    if (!offers.is_null(r, 2)) line += ", from " + Dollars(offers.int64(r, 2));
    line += " (valid " + std::string(offers.text(r, 3)) + " to " + std::string(offers.text(r, 4)) + ")";
    facts.push_back(std::move(line));
  }
  co_return facts;
}

}  // namespace contrail::flightly
