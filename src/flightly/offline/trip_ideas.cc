// Ideas grounded in the traveller: things to do in a place (suited to the kids' ages, interests
// and budget) and destinations for a month.
#include <algorithm>
#include <array>
#include <bit>

#include "flightly/offline/activities.h"
#include "flightly/offline/answers.h"
#include "flightly/climate.h"

namespace contrail::flightly::offline {
namespace {

struct TagName {
  std::uint16_t tag;
  std::string_view name;
};
constexpr TagName kTagNames[] = {
    {kBeach, "beaches"},
    {kOutdoors, "the outdoors"},
    {kFamily, "family fun"},
    {kCulture, "culture"},
    {kFood, "food"},
    {kCity, "city life"},
    {kThemeParks, "theme parks"},
    {kSki, "skiing"},
    {kWildlife, "wildlife"},
    {kNightlife, "nightlife"},
    {kRomance, "romance"},
};

// Up to three of the place's tags, the traveller's interests first: "beaches, the outdoors and
// family fun".
void AppendTagNames(std::string& out, std::uint16_t tags, std::uint16_t interests) {
  std::string_view picked[3];
  std::size_t n = 0;
  for (int pass = 0; pass < 2; ++pass) {
    for (const TagName& t : kTagNames) {
      bool liked = interests & t.tag;
      if (n < 3 && (tags & t.tag) && (pass == 0) == liked) picked[n++] = t.name;
    }
  }
  for (std::size_t k = 0; k < n; ++k) {
    if (k > 0) out.append(k + 1 == n ? " and " : ", ");
    out.append(picked[k]);
  }
}

int ActivityScore(const Activity& a, const Party& party, std::uint16_t interests, bool budget) {
  int score = 3 * std::popcount(static_cast<unsigned>(a.tags & interests));
  if ((party.kids > 0 || !party.ages.empty()) && (a.tags & kFamily)) score += 2;
  // With a budget, free and low-cost ideas come first, as the answer promises.
  if (budget && a.cost == Cost::kFree) score += 1;
  if (budget && a.cost == Cost::kPaid) score -= 10;
  return score;
}

// "for your kids (4 and 8)" and "with your love of outdoors and hiking", as they apply.
void AppendForWhom(Question& question, const Party& party, std::string& out) {
  if (!party.ages.empty()) {
    out.append(" for your kids (");
    AppendAges(out, party.ages);
    out.append(")");
    if (party.from_profile) question.personalised = true;
  } else if (party.kids > 0) {
    out.append(" with your kids");
  }
  if (!question.profile.interests.empty() && question.profile.interest_tags != 0) {
    out.append(party.ages.empty() && party.kids == 0 ? " with" : " and");
    out.append(" your love of ");
    AppendListItems(out, question.profile.interests);
    question.personalised = true;
  }
}

// The three best places to go in month (any month when 0), one per state or country so the list
// is varied, best first; nullptr where fewer qualify. Ties go to the gazetteer's order.
std::array<const Place*, 3> RankDestinations(int month, bool kids, std::uint16_t interests,
                                             const Place* home, int budget) {
  std::array<const Place*, 3> best{};
  std::array<int, 3> best_score{};
  for (const Place& p : AllPlaces()) {
    if (p.tags == 0 || (home && p.city == home->city)) continue;
    if (month && !(p.good_months & (1u << (month - 1)))) continue;
    int score = 2 * std::popcount(static_cast<unsigned>(p.tags & interests));
    if (kids && (p.tags & kFamily)) score += 2;
    // Close to home matters more on a tight budget.
    if (home && p.country == home->country) score += budget > 0 && budget <= 800 ? 3 : 1;
    bool same_region = false;
    for (const Place* b : best) same_region = same_region || (b && b->region == p.region);
    if (same_region) continue;
    for (std::size_t k = 0; k < best.size(); ++k) {
      if (best[k] && score <= best_score[k]) continue;
      for (std::size_t j = best.size() - 1; j > k; --j) {
        best[j] = best[j - 1];
        best_score[j] = best_score[j - 1];
      }
      best[k] = &p;
      best_score[k] = score;
      break;
    }
  }
  return best;
}

}  // namespace

std::uint16_t Interests(const Question& question) {
  std::uint16_t tags = question.profile.interest_tags;
  for (std::size_t i = 0; i < question.tokens.size(); ++i) {
    tags = static_cast<std::uint16_t>(tags | InterestTag(question.tokens.text(i)));
  }
  return tags;
}

std::size_t PickActivities(const Question& question, const Place& place, const Party& party,
                           std::uint16_t interests, const Activity** out, std::size_t max) {
  std::span<const Activity> pool = ActivitiesFor(place);
  bool curated = !pool.empty();
  if (!curated) pool = GenericActivities();
  int oldest = party.ages.empty() ? 99 : party.ages.oldest();
  bool budget = question.slots.budget_usd > 0 || question.profile.budget_usd > 0;
  std::array<std::pair<int, const Activity*>, 16> ranked;
  std::size_t n = 0;
  for (const Activity& a : pool) {
    if (n == ranked.size()) break;
    if (a.min_age > oldest || (!curated && !(a.tags & place.tags))) continue;
    // Insert after every entry with a score >= this one: best first, table order within a score.
    int score = ActivityScore(a, party, interests, budget);
    std::size_t pos = n;
    while (pos > 0 && ranked[pos - 1].first < score) {
      ranked[pos] = ranked[pos - 1];
      --pos;
    }
    ranked[pos] = {score, &a};
    ++n;
  }
  std::size_t count = std::min(n, max);
  for (std::size_t k = 0; k < count; ++k) out[k] = ranked[k].second;
  return count;
}

void AnswerThingsToDo(Question& question, std::string& out) {
  const Place* place = question.said.destination ? question.said.destination : question.slots.destination;
  std::string_view label =
      question.said.destination ? question.said.destination_label : question.slots.destination_label;
  if (!place) {
    out.append(
        "Which place would you like ideas for? For example \"things to do in Honolulu "
        "with kids\".");
    return;
  }
  Party party = ResolveParty(question);
  out.append("Here's what I'd do in ");
  AppendPlaceName(out, *place, label);
  AppendForWhom(question, party, out);
  out.append(":");
  const Activity* picks[5];
  std::size_t n = PickActivities(question, *place, party, Interests(question), picks, 5);
  int youngest = party.ages.empty() ? 0 : party.ages.youngest();
  for (std::size_t k = 0; k < n; ++k) {
    out.append("\n• ").append(picks[k]->text).append(" (").append(CostName(picks[k]->cost));
    if (picks[k]->min_age > youngest) {
      out.append(", best for ages ");
      AppendInt(out, picks[k]->min_age);
      out.append("+");
    }
    out.append(")");
  }
  int budget = question.slots.budget_usd > 0 ? question.slots.budget_usd : question.profile.budget_usd;
  if (budget > 0) {
    out.append("\nWithin your ");
    AppendBudget(out, budget,
                 question.slots.budget_usd > 0 ? question.slots.budget_unit : BudgetUnit::kTotal);
    out.append(
        " budget, I've put free and low-cost options first; I won't guess ticket prices, "
        "so check them before you go.");
    if (question.slots.budget_usd == 0) question.personalised = true;
  }
  if (int month = MonthOf(question.slots)) {
    out.append("\nIn ").append(MonthName(month)).append(" it's usually ");
    out.append(WeatherInBrief(*place, month)).append(" there.");
  }
}

void AnswerDestinationIdeas(Question& question, std::string& out) {
  int month = MonthOf(question.slots);
  Party party = ResolveParty(question);
  std::uint16_t interests = Interests(question);
  const Place* home = question.slots.origin ? question.slots.origin : question.profile.home;
  int budget = question.slots.budget_usd > 0 ? question.slots.budget_usd : question.profile.budget_usd;
  std::array<const Place*, 3> best =
      RankDestinations(month, party.kids > 0 || !party.ages.empty(), interests, home, budget);
  out.append("Here are three ideas");
  if (month) out.append(" for ").append(MonthName(month));
  AppendForWhom(question, party, out);
  out.append(":");
  for (const Place* p : best) {
    if (!p) continue;
    out.append("\n• ");
    AppendPlaceName(out, *p);
    if (p->region != p->city) out.append(", ").append(p->region);
    out.append(" — ");
    AppendTagNames(out, p->tags, interests);
    if (month) out.append("; ").append(WeatherInBrief(*p, month)).append(" then");
    out.append(".");
  }
  out.append("\nWant flights or hotels for one of these? Just ask, for example \"flights to ");
  out.append(best[0] ? best[0]->city : "Honolulu").append("\".");
  if (const Place* home = question.slots.origin ? question.slots.origin : question.profile.home) {
    out.append(" I'll look for flights from ");  // the traveller's, said or remembered
    AppendPlaceName(out, *home);
    out.append(".");
    question.personalised = true;
  }
  if (budget > 0) {
    out.append(" I'll keep your ");
    AppendBudget(out, budget,
                 question.slots.budget_usd > 0 ? question.slots.budget_unit : BudgetUnit::kTotal);
    out.append(" budget in mind.");
  }
  if (!month) out.append(" Tell me a month and I'll match the weather.");
  bool profile_used = (home && !question.slots.origin) || (budget > 0 && !question.slots.budget_usd);
  if (profile_used) question.personalised = true;
}

}  // namespace contrail::flightly::offline
