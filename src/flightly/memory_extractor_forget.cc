// The rules for what a traveller withdraws ("forget my diet", "I'm not vegetarian anymore") and
// for a standing dislike of connections ("I hate long layovers", "nonstop only for me").

#include <array>

#include "flightly/memory_extractor_rules.h"

namespace contrail::flightly::memory_rules {
namespace {

struct SlotWord {
  std::string_view word;
  std::string_view slot;
  bool value;  // a value of the slot ("vegetarian", "gold"), not only its name ("diet", "status")
};

constexpr std::array kSlotWords = {
    SlotWord{"diet", "diet", false},          SlotWord{"dietary", "diet", false},
    SlotWord{"vegetarian", "diet", true},     SlotWord{"vegan", "diet", true},
    SlotWord{"gluten", "diet", true},         SlotWord{"kosher", "diet", true},
    SlotWord{"halal", "diet", true},          SlotWord{"allergy", "diet", true},
    SlotWord{"allergies", "diet", true},      SlotWord{"allergic", "diet", true},
    SlotWord{"lactose", "diet", true},        SlotWord{"pescatarian", "diet", true},
    SlotWord{"seat", "seat", false},          SlotWord{"seats", "seat", false},
    SlotWord{"aisle", "seat", true},          SlotWord{"window", "seat", true},
    SlotWord{"status", "loyalty_tier", false}, SlotWord{"tier", "loyalty_tier", false},
    SlotWord{"membership", "loyalty_tier", false}, SlotWord{"member", "loyalty_tier", true},
    SlotWord{"silver", "loyalty_tier", true}, SlotWord{"gold", "loyalty_tier", true},
    SlotWord{"platinum", "loyalty_tier", true}, SlotWord{"diamond", "loyalty_tier", true},
    SlotWord{"budget", "budget_usd", true},   SlotWord{"airport", "home_airport", false},
    SlotWord{"live", "home_airport", true},   SlotWord{"cabin", "cabin", false},
    SlotWord{"class", "cabin", false},        SlotWord{"business", "cabin", true},
    SlotWord{"economy", "cabin", true},       SlotWord{"premium", "cabin", true},
    SlotWord{"layovers", "stops", true},      SlotWord{"layover", "stops", true},
    SlotWord{"connections", "stops", true},   SlotWord{"nonstop", "stops", true},
    SlotWord{"kids", "kids_ages", false},     SlotWord{"children", "kids_ages", false},
    SlotWord{"name", "name", false},          SlotWord{"email", "email", false},
    SlotWord{"interests", "interests", false}, SlotWord{"hobbies", "interests", false},
    SlotWord{"airlines", "avoid_airlines", false},
};

const SlotWord* SlotWordOf(std::string_view word) {
  for (const SlotWord& w : kSlotWords) {
    if (w.word == word) return &w;
  }
  return nullptr;
}

constexpr std::string_view kForgetVerbs[] = {"forget", "delete", "remove", "erase", "clear", "drop"};
constexpr std::string_view kSelf[] = {"my", "our", "i", "im", "we", "were", "me", "mine", "ive"};
constexpr std::string_view kNoLonger[] = {"anymore", "no longer", "no more", "any more", "not any longer"};
constexpr std::string_view kEatsEverything[] = {"eat everything", "eat anything", "eat meat again"};

void Forget(std::string_view slot, MessageFacts& facts) {
  for (std::string_view s : facts.forgotten) {
    if (s == slot) return;
  }
  facts.forgotten.push_back(slot);
}

// The slot of tokens[first] and of the ones listed after it: "forget my diet and my status", "my
// seat, meal and tier". The list ends at the first word that is neither a slot's nor a joining one.
void ForgetListed(const Tokens& t, std::size_t first, MessageFacts& facts) {
  static constexpr std::string_view kJoining[] = {"and", "or", "my", "our", "also", "the", "that", "im",
                                                   "i", "am", "preference", "preferences", "too"};
  for (std::size_t k = first; k < t.size(); ++k) {
    if (const SlotWord* w = SlotWordOf(t.text(k)); w != nullptr) {
      Forget(w->slot, facts);
    } else if (!In(t.text(k), kJoining)) {
      return;
    }
  }
}

// "forget my diet", "please delete that I'm gluten free", "don't remember my seat preference": a
// verb of forgetting, then within a few words the traveller's own slot. "Don't forget my
// vegetarian meal" asks the opposite; "forget Cancun" and "forget the budget" name nothing of
// the traveller's that is kept.
void FindForgetRequest(const Clause& c, MessageFacts& facts) {
  const Tokens& t = c.tokens;
  for (std::size_t i = c.begin; i < t.size(); ++i) {
    // "don't remember my seat preference" (told, not "I don't remember my …"), "stop remembering
    // …", "no need to remember …"; "I want you to remember my diet" is the opposite.
    const bool told_not_to = i > 0 && In(t.text(i - 1), {"dont", "not"}) &&
                             !(i > 1 && In(t.text(i - 2), {"i", "we", "you", "do"}));
    const bool forget = In(t.text(i), kForgetVerbs) ||
                        ((t.text(i) == "remember" || t.text(i) == "remembering") &&
                         (told_not_to || (i > 0 && t.text(i - 1) == "stop") || At(t, i - 3, "no need to")));
    if (!forget) continue;
    if (In(t.text(i), kForgetVerbs) && i > 0 && In(t.text(i - 1), {"dont", "not", "never", "t"})) continue;
    bool own = false;
    for (std::size_t k = i + 1; k < t.size() && k <= i + 6; ++k) {
      own = own || In(t.text(k), kSelf);
      const SlotWord* w = SlotWordOf(t.text(k));
      if (w == nullptr) continue;
      if (own || t.text(k - 1) == "my" || t.text(k - 1) == "our") ForgetListed(t, k, facts);
      break;
    }
  }
}

// "I'm not vegetarian anymore", "we don't really have a budget anymore", "no more vegan diet for
// me", "I'm no longer a Gold member", "I eat everything again": a value the traveller says no
// longer holds. Only slots whose value a word names: "the kids don't fly free anymore" withdraws
// nothing.
void FindNoLonger(const Clause& c, MessageFacts& facts) {
  const Tokens& t = c.tokens;
  bool self = false, no_longer = false, eats_everything = false;
  for (std::size_t i = c.begin; i < t.size(); ++i) {
    self = self || In(t.text(i), kSelf);
    for (std::string_view p : kNoLonger) no_longer = no_longer || At(t, i, p);
    for (std::string_view p : kEatsEverything) eats_everything = eats_everything || At(t, i, p);
  }
  if (!self) return;
  if (eats_everything && no_longer) return Forget("diet", facts);
  if (!no_longer) return;
  for (std::size_t i = c.begin; i < t.size(); ++i) {
    const SlotWord* w = SlotWordOf(t.text(i));
    if (w != nullptr && (w->value || (i > 0 && (t.text(i - 1) == "my" || t.text(i - 1) == "our")))) {
      if (w->slot == "stops") continue;  // "I don't mind layovers anymore": FindNonstopWithdrawn
      // "no more budget airlines for me" is about airlines, not the traveller's budget.
      if (In(t.text(i + 1), {"airline", "airlines", "carrier", "carriers", "hotel", "hotels", "flights"})) continue;
      Forget(w->slot, facts);
    }
  }
}

// "I don't mind layovers anymore", "connections are fine now": the nonstop preference withdrawn.
void FindNonstopWithdrawn(const Clause& c, MessageFacts& facts) {
  const Tokens& t = c.tokens;
  bool connections = false, fine = false;
  for (std::size_t i = c.begin; i < t.size(); ++i) {
    const SlotWord* w = SlotWordOf(t.text(i));
    connections = connections || (w != nullptr && w->slot == "stops" && t.text(i) != "nonstop");
    fine = fine || At(t, i, "dont mind") || At(t, i, "do not mind") || At(t, i, "fine with") ||
           At(t, i, "ok with") || At(t, i, "okay with") || At(t, i, "are fine") || At(t, i, "are ok");
  }
  if (connections && fine) Forget("stops", facts);
}

}  // namespace

void FindForgotten(const Clause& c, MessageFacts& facts) {
  if (c.question || c.voice == Voice::kOther) return;
  FindForgetRequest(c, facts);
  FindNoLonger(c, facts);
  FindNonstopWithdrawn(c, facts);
}

namespace {

constexpr std::string_view kConnections[] = {"layover", "layovers", "connection", "connections", "connecting",
                                             "stopover", "stopovers", "stops", "transfers"};
constexpr std::string_view kDislikes[] = {"hate", "hates", "dislike", "avoid", "never", "cant stand", "can not stand",
                                          "cannot stand", "not a fan of", "no", "detest", "loathe"};
constexpr std::string_view kNonstopCues[] = {"prefer", "preferably", "always", "usually", "love", "like", "for me",
                                             "i only", "we only", "only fly", "only book", "only take"};

bool AnyAt(const Tokens& t, std::size_t from, std::size_t to, std::span<const std::string_view> phrases) {
  for (std::size_t i = from; i < to && i < t.size(); ++i) {
    for (std::string_view p : phrases) {
      if (At(t, i, p)) return true;
    }
  }
  return false;
}

}  // namespace

void FindStops(const Clause& c, MessageFacts& facts) {
  if (c.question || c.voice != Voice::kSelf) return;
  const Tokens& t = c.tokens;
  for (std::size_t i = c.begin; i < t.size(); ++i) {
    const bool nonstop = t.text(i) == "nonstop" || At(t, i, "non stop") ||
                         (t.text(i) == "direct" && In(t.text(i + 1), {"flights", "flight", "only", "for"}));
    // "I hate long layovers", "I can't stand connecting flights", "no connections for me".
    const bool connection = In(t.text(i), kConnections);
    // The dislike is the traveller's: "I hate …", "we avoid …", "… for me"; "can you avoid
    // layovers?" asks it of one search.
    const bool mine = AnyAt(t, c.begin, i, std::array<std::string_view, 4>{"i", "we", "im", "were"}) ||
                      AnyAt(t, i, t.size(), std::array<std::string_view, 2>{"for me", "for us"});
    if (connection && mine && AnyAt(t, c.begin, i, kDislikes) && !OtherBefore(c, i)) {
      constexpr std::array<std::string_view, 3> kStanding = {"for me", "ever", "please"};
      if (t.text(i - 1) == "no" && !AnyAt(t, i, t.size(), kStanding)) continue;  // "no layovers on this trip"
      facts.stops = "nonstop";
      return;
    }
    // "nonstop only for me", "I always fly direct", "I prefer nonstop flights".
    if (nonstop && AnyAt(t, c.begin, t.size(), kNonstopCues) && !NegatedBefore(c, i) && !OtherBefore(c, i)) {
      facts.stops = "nonstop";
      return;
    }
  }
}

}  // namespace contrail::flightly::memory_rules
