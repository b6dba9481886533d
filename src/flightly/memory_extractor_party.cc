// The memory extractor's rules for the travelling party (adults, children's ages) and what the
// traveller likes: diet, interests, cabin.
#include <algorithm>
#include <array>

#include "flightly/memory_extractor_rules.h"
#include "flightly/profile.h"

namespace contrail::flightly::memory_rules {
namespace {

using Words = std::span<const std::string_view>;

constexpr std::string_view kAlong[] = {"with", "take", "taking", "bring", "bringing"};

// "my wife and I", "me and my husband", "with my partner", "I've got … a husband", "the two of
// us": the traveller travels as a couple. The partner's token, or tokens.size().
std::size_t CoupleAt(const Clause& c) {
  const Tokens& t = c.tokens;
  const bool has = At(t, c.begin, "i have") || At(t, c.begin, "ive got") || At(t, c.begin, "ive") ||
                   At(t, c.begin, "we have");
  for (std::size_t i = c.begin; i < t.size(); ++i) {
    if (At(t, i, "the two of us")) return i;
    if (!PartnerWord(t.text(i))) continue;
    const bool with_me = At(t, i + 1, "and i") || At(t, i + 1, "and me") || At(t, i + 1, "n i") ||
                         (t.text(i + 1) == "i" && t[i + 1].separator == '&');
    const bool mine = t.text(i - 1) == "my" || t.text(i - 1) == "a";
    const bool along = t.text(i - 1) == "my" && In(t.text(i - 2), kAlong);  // "take my wife to Rome"
    if (with_me || At(t, i - 2, "me and") || along || (has && mine)) return i;
  }
  return t.size();
}

}  // namespace

void FindParty(const Clause& c, MessageFacts& facts) {
  const Tokens& t = c.tokens;
  if (c.question || c.voice == Voice::kOther) return;
  const Slots said = ExtractSlots(t);
  std::size_t kid = c.begin;
  while (kid < t.size() && !ChildWord(t.text(kid)) && t.number(kid) < 0) ++kid;
  const bool kids = !said.kid_ages.empty() && !NegatedBefore(c, kid) && !OtherBefore(c, kid);
  if (kids) {
    if (c.correction) facts.kid_ages = {};
    for (std::size_t k = 0; k < said.kid_ages.size; ++k) facts.kid_ages.Add(said.kid_ages.values[k]);
    facts.Correct("kids_ages", c.correction);
  }
  if (c.voice != Voice::kSelf) return;
  const std::size_t couple = CoupleAt(c);
  int adults = 0;
  if (couple < t.size() && !NegatedBefore(c, couple) && !OtherBefore(c, couple)) adults = 2;
  // A family's party: "2 adults and 2 kids", "me, my husband and our two kids".
  if (said.adults > 0 && (said.kids > 0 || kids) && !OtherBefore(c, t.size())) adults = said.adults;
  if (adults == 0) return;
  facts.adults = adults;
  facts.Correct("adults", c.correction);
}

namespace {

struct DietPhrase {
  std::string_view phrase;
  std::string_view value;
};
// Longer phrases first: the first that matches at a token wins.
constexpr DietPhrase kDiets[] = {
    {"allergic to nuts", "nut allergy"}, {"allergic to peanuts", "nut allergy"},
    {"allergic to shellfish", "shellfish allergy"}, {"shellfish allergy", "shellfish allergy"},
    {"allergic to seafood", "shellfish allergy"}, {"allergic to fish", "fish allergy"},
    {"fish allergy", "fish allergy"},     {"allergic to eggs", "egg allergy"},
    {"egg allergy", "egg allergy"},       {"allergic to sesame", "sesame allergy"},
    {"sesame allergy", "sesame allergy"}, {"allergic to soy", "soy allergy"},
    {"lactose intolerant", "dairy-free"}, {"gluten free", "gluten-free"},
    {"nut allergy", "nut allergy"},       {"nut allergies", "nut allergy"},
    {"peanut allergy", "nut allergy"},    {"nut free", "nut allergy"},
    {"peanut free", "nut allergy"},       {"no nuts", "nut allergy"},
    {"no peanuts", "nut allergy"},        {"tree nut", "nut allergy"},
    {"dairy free", "dairy-free"},         {"no dairy", "dairy-free"},
    {"vegetarian", "vegetarian"},         {"veggie", "vegetarian"},
    {"vegan", "vegan"},                   {"pescatarian", "pescatarian"},
    {"pescetarian", "pescatarian"},       {"halal", "halal"},
    {"kosher", "kosher"},                 {"gluten", "gluten-free"},
    {"celiac", "gluten-free"},            {"coeliac", "gluten-free"},
};
// Said of the traveller's own meals: "I'm vegan", "we eat halal", "kosher meals please".
constexpr std::string_view kDietCues[] = {"im", "am", "were", "are", "eat", "eats", "keep", "meal", "meals",
                                          "food", "diet", "options", "please", "need", "allergy", "allergic",
                                          "strictly", "strict", "only", "everything", "request"};
// "vegan restaurants", "vegetarian-friendly": places, not the traveller's diet.
constexpr std::string_view kNotDiet[] = {"friendly", "restaurant", "restaurants", "place", "places", "spot",
                                         "spots", "cafe", "cafes", "scene"};

}  // namespace

void FindDiet(const Clause& c, MessageFacts& facts) {
  const Tokens& t = c.tokens;
  if (c.question || FindAny(t, kDietCues, 0) >= t.size()) return;
  for (std::size_t i = c.begin; i < t.size(); ++i) {
    const DietPhrase* found = nullptr;
    for (const DietPhrase& d : kDiets) {
      if (At(t, i, d.phrase)) {
        found = &d;
        break;
      }
    }
    if (!found) continue;
    const std::size_t after = i + 1 + std::count(found->phrase.begin(), found->phrase.end(), ' ');
    if (In(t.text(after), kNotDiet) || t.text(i - 1) == "non" || NegatedBefore(c, i) ||
        SubjectOf(c, i) != Voice::kSelf) {
      continue;
    }
    if (!In(found->value, facts.diet)) facts.diet.push_back(found->value);
    facts.Correct("diet", c.correction);
    i = after - 1;
  }
}

namespace {

// What the traveller (or their children) like: "we love", "I'm into", "big fans of".
constexpr std::string_view kLikeCues[] = {"love", "loves", "enjoy", "enjoys", "into", "big on", "fan of",
                                          "fans of", "obsessed with", "passionate about", "crazy about",
                                          "keen on", "mad about", "interested in", "like", "likes"};
// Before "into" and "like", so that "flights into Denver" and "something like that" are not.
constexpr std::string_view kLikers[] = {"i", "we", "were", "im", "are", "really", "also", "both", "all", "big",
                                        "totally", "so", "kids", "children", "family", "definitely", "huge"};

// "beach people", "museum lovers", "ski nuts".
constexpr std::string_view kKindsOfPeople[] = {"people", "person", "lovers", "lover", "fans", "fan", "buffs",
                                               "buff", "nuts", "junkies", "types", "type", "family"};

// The interest cue at token i: its length in tokens, or 0.
std::size_t LikeAt(const Tokens& t, std::size_t i) {
  for (std::string_view cue : kLikeCues) {
    if (!At(t, i, cue)) continue;
    if ((cue == "into" || cue == "like" || cue == "likes") && !In(t.text(i - 1), kLikers)) return 0;
    if (t.text(i - 1) == "id" || t.text(i - 1) == "would" || t.text(i - 1) == "wed") return 0;  // "I'd love a …"
    return 1 + std::count(cue.begin(), cue.end(), ' ');
  }
  return 0;
}

// The interest at token i as InterestTag knows it ("national parks", "beaches", "foodie" for
// "foodies"), and its length in tokens; "" when there is none.
std::string_view InterestAt(const Tokens& t, std::size_t i, std::size_t& words, std::string& buf) {
  char joined[64];
  const std::string_view two = JoinTokens(t, i, 2, joined, sizeof(joined));
  if (!two.empty() && InterestTag(two)) {
    words = 2;
    buf.assign(two);
    return buf;
  }
  words = 1;
  std::string_view one = t.text(i);
  if (one == "family") return {};
  if (one == "outdoorsy") return "outdoors";
  // "skiers", "hiker": the one who does it, for what they do ("skiing", "hiking").
  for (std::string_view er : {"ers", "er"}) {
    if (one.size() > er.size() + 2 && one.ends_with(er)) {
      buf.assign(one.substr(0, one.size() - er.size())).append("ing");
      if (InterestTag(buf)) return buf;
    }
  }
  if (InterestTag(one)) return one;
  if (one.size() > 3 && one.back() == 's' && InterestTag(one.substr(0, one.size() - 1))) {
    return one.substr(0, one.size() - 1);
  }
  return {};
}

void AddInterest(std::string_view interest, MessageFacts& facts) {
  if (std::find(facts.interests.begin(), facts.interests.end(), interest) == facts.interests.end()) {
    facts.interests.emplace_back(interest);
  }
}

}  // namespace

void FindInterests(const Clause& c, MessageFacts& facts) {
  const Tokens& t = c.tokens;
  if (c.question) return;
  const bool self_said = In(t.text(c.begin), std::array<std::string_view, 4>{"were", "im", "we", "i"});
  std::string buf;
  std::size_t from = t.size();
  for (std::size_t i = c.begin, words = 1; i < t.size() && from == t.size(); i += words) {
    const std::size_t cue = LikeAt(t, i);
    if (cue && !NegatedBefore(c, i) && SubjectOf(c, i) != Voice::kOther) from = i + cue;
    // What travellers say they are: "we're big foodies", "beach people", "outdoorsy".
    const std::string_view interest = InterestAt(t, i, words, buf);
    const bool kind = t.text(i) == "foodie" || t.text(i) == "foodies" || t.text(i) == "outdoorsy" ||
                      t.text(i).ends_with("er") || t.text(i).ends_with("ers") || In(t.text(i + words), kKindsOfPeople);
    if (!interest.empty() && kind && self_said && !NegatedBefore(c, i)) AddInterest(interest, facts);
  }
  for (std::size_t i = from, words = 1; i < t.size(); i += words) {
    const std::string_view interest = InterestAt(t, i, words, buf);
    if (!interest.empty() && SubjectOf(c, i) != Voice::kOther) AddInterest(interest, facts);
  }
}

namespace {

constexpr std::string_view kCabinWords[] = {"economy", "coach", "premium", "business", "first"};
constexpr std::string_view kStanding[] = {"always", "usually", "normally", "generally", "typically", "only",
                                          "prefer", "preferably", "fine", "stick", "whenever", "everytime"};

}  // namespace

void FindCabin(const Clause& c, MessageFacts& facts) {
  const Tokens& t = c.tokens;
  if (c.question || c.voice != Voice::kSelf) return;
  const Slots said = ExtractSlots(t);
  const std::size_t at = FindAny(t, kCabinWords, c.begin);
  if (said.cabin == Cabin::kNone || at >= t.size()) return;
  bool standing = FindAny(t, kStanding, 0) < t.size();
  for (std::size_t i = 0; i < t.size(); ++i) {
    standing = standing || At(t, i, "for me") || At(t, i, "i fly") || At(t, i, "we fly") || At(t, i, "every time");
    if (At(t, i, "this time") || At(t, i, "this trip")) return;  // one trip's choice
  }
  if (!standing || NegatedBefore(c, at) || OtherBefore(c, at) || PartnerBefore(c, at)) return;
  facts.cabin = said.cabin;
  facts.Correct("cabin", c.correction);
}

}  // namespace contrail::flightly::memory_rules
