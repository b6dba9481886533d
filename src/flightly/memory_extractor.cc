#include "flightly/memory_extractor.h"

#include <algorithm>
#include <map>

#include "flightly/intents.h"
#include "flightly/memory_extractor_rules.h"

namespace contrail::flightly {

namespace memory_rules {

void MessageFacts::Correct(std::string_view slot, bool correction) {
  if (correction && !Corrected(slot)) corrected.push_back(slot);
}

void MessageFacts::Clear(std::string_view slot) {
  if (slot == "name") name.clear();
  if (slot == "home_airport") home = nullptr;
  if (slot == "kids_ages") kid_ages = Ages();
  if (slot == "budget_usd") budget_usd = 0;
  if (slot == "seat") seat.clear();
  if (slot == "diet") diet.clear();
  if (slot == "email") email.clear();
  if (slot == "interests") interests.clear();
  if (slot == "loyalty_tier") loyalty_tier = {};
  if (slot == "cabin") cabin = Cabin::kNone;
  if (slot == "avoid_airlines") avoid.clear();
  if (slot == "stops") stops = {};
}

bool MessageFacts::Corrected(std::string_view slot) const {
  return std::find(corrected.begin(), corrected.end(), slot) != corrected.end();
}

bool MessageFacts::StatesAny() const {
  return !name.empty() || home != nullptr || adults > 0 || !kid_ages.empty() || budget_usd > 0 ||
         hotel_budget_usd > 0 || !seat.empty() || !diet.empty() || !email.empty() || !interests.empty() ||
         !loyalty_tier.empty() || cabin != Cabin::kNone || !avoid.empty() || !stops.empty() || !forgotten.empty();
}

MessageFacts ReadMessage(std::string_view message, const MessageContext& context) {
  MessageFacts facts;
  MessageContext local = context;  // a clause's budget is the next clause's context
  for (const Clause& c : SplitClauses(message)) {
    const std::size_t withdrawn = facts.forgotten.size();
    FindName(c, facts);
    FindHome(c, facts);
    FindParty(c, facts);
    FindBudget(c, local, facts);
    if (facts.budget_usd > 0 || facts.budget_said) local.last_money_was_budget = true;
    FindSeat(c, facts);
    FindDiet(c, facts);
    FindEmail(c, facts);
    FindInterests(c, facts);
    FindLoyalty(c, facts);
    FindCabin(c, facts);
    FindAvoided(c, message, context, facts);
    FindStops(c, facts);
    FindForgotten(c, facts);
    // "forget that I'm gluten free" names the value it withdraws: it states none.
    for (std::size_t k = withdrawn; k < facts.forgotten.size(); ++k) facts.Clear(facts.forgotten[k]);
  }
  return facts;
}

std::string JoinAnd(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t k = 0; k < items.size(); ++k) {
    if (k > 0) out += k + 1 == items.size() ? " and " : ", ";
    out += items[k];
  }
  return out;
}

}  // namespace memory_rules

namespace {

using memory::ExtractedMemory;
using memory::MemoryEvent;
using memory_rules::JoinAnd;
using memory_rules::MessageFacts;

std::string AgesList(const Ages& ages, const char* separator) {
  std::vector<std::string> items;
  for (std::size_t k = 0; k < ages.size; ++k) items.push_back(std::to_string(ages.values[k]));
  if (std::string_view(separator) != ",") return JoinAnd(items);
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

struct Memories {
  const MessageFacts& facts;
  std::vector<ExtractedMemory> out;

  void Add(std::string_view kind, std::string_view slot, std::string value, std::string text, bool merge = false) {
    out.push_back({std::string(kind), std::string(slot), std::move(value), std::move(text), merge,
                   facts.Corrected(slot), {}});
  }
};

void AddPreferences(const MessageFacts& f, Memories& m) {
  using memory::kPreference;
  if (f.budget_usd > 0) {
    m.Add(kPreference, "budget_usd", std::to_string(f.budget_usd),
          "Budget is $" + std::to_string(f.budget_usd) + (f.budget_per_person ? " a person." : "."));
  }
  if (f.hotel_budget_usd > 0) {
    m.Add(kPreference, "hotel_budget_usd", std::to_string(f.hotel_budget_usd),
          "Hotel budget is $" + std::to_string(f.hotel_budget_usd) + " a night.");
  }
  if (!f.seat.empty()) m.Add(kPreference, "seat", f.seat, f.seat == "aisle" ? "Prefers an aisle seat." : "Prefers a window seat.");
  if (!f.diet.empty()) {
    std::string diet;
    for (std::string_view d : f.diet) diet += (diet.empty() ? "" : ", ") + std::string(d);
    m.Add(kPreference, "diet", diet, "Diet: " + diet + ".");
  }
  if (f.cabin != Cabin::kNone) {
    const std::string cabin(CabinName(f.cabin));
    const bool cls = f.cabin == Cabin::kBusiness || f.cabin == Cabin::kFirst;
    m.Add(kPreference, "cabin", cabin, "Prefers " + cabin + (cls ? " class." : "."));
  }
  if (!f.interests.empty()) {
    std::string list;
    for (const std::string& i : f.interests) list += (list.empty() ? "" : ",") + i;
    m.Add(kPreference, "interests", list, "Likes " + JoinAnd(f.interests) + ".", true);
  }
  for (std::string_view airline : f.avoid) {
    m.Add(kPreference, "avoid_airlines", std::string(airline), "Avoids " + std::string(airline) + ".", true);
  }
  if (!f.stops.empty()) m.Add(kPreference, "stops", std::string(f.stops), "Prefers nonstop flights.");
}

// What the traveller withdrew: an empty value (memory::ExtractedMemory), unless the message also
// states the slot's new value ("I'm not vegetarian anymore, I'm vegan now").
void AddForgotten(const MessageFacts& f, Memories& m) {
  for (std::string_view slot : f.forgotten) {
    const bool stated =
        std::any_of(m.out.begin(), m.out.end(), [&](const ExtractedMemory& e) { return e.slot == slot; });
    if (stated) continue;
    const bool fact = slot == "name" || slot == "home_airport" || slot == "kids_ages" || slot == "email" ||
                      slot == "loyalty_tier";
    m.out.push_back({std::string(fact ? memory::kFact : memory::kPreference), std::string(slot), "",
                     "Asked to forget: " + std::string(SlotLabel(slot)) + ".", false, true, {}});
  }
}

// The memories of one message's facts, slot by slot (facts first), without sources.
std::vector<ExtractedMemory> MemoriesOf(const MessageFacts& f) {
  using memory::kFact;
  Memories m{f, {}};
  if (!f.name.empty()) m.Add(kFact, "name", f.name, "Name is " + f.name + ".");
  if (f.home) {
    m.Add(kFact, "home_airport", std::string(f.home->code),
          "Home airport is " + std::string(f.home->code) + " (" + std::string(f.home->city) + ").");
  }
  if (f.adults > 0) {
    m.Add(kFact, "adults", std::to_string(f.adults),
          f.adults == 1 ? "Travels as 1 adult." : "Travels with " + std::to_string(f.adults) + " adults.");
  }
  if (!f.kid_ages.empty()) {
    m.Add(kFact, "kids_ages", AgesList(f.kid_ages, ","),
          (f.kid_ages.size == 1 ? "Has a child aged " : "Has kids aged ") + AgesList(f.kid_ages, " and ") + ".");
  }
  if (!f.email.empty()) m.Add(kFact, "email", f.email, "Email is " + f.email + ".");
  if (!f.loyalty_tier.empty()) {
    m.Add(kFact, "loyalty_tier", std::string(f.loyalty_tier), "Has " + std::string(f.loyalty_tier) + " loyalty status.");
  }
  AddPreferences(f, m);
  AddForgotten(f, m);
  return std::move(m.out);
}

// Adds a memory from event `index` to out; a repeat of the value the slot has last (any value it
// has, for a list slot) adds the source to that memory instead.
void AddMemory(ExtractedMemory memory, std::size_t index, std::vector<ExtractedMemory>& out) {
  for (auto it = out.rbegin(); it != out.rend(); ++it) {
    if (it->slot != memory.slot) continue;
    if (it->value == memory.value) {
      if (it->sources.back() != index) it->sources.push_back(index);
      return;
    }
    if (!memory.merge) break;
  }
  memory.sources = {index};
  out.push_back(std::move(memory));
}

}  // namespace

std::string_view SlotLabel(std::string_view slot) {
  if (slot == "home_airport") return "home airport";
  if (slot == "kids_ages") return "kids' ages";
  if (slot == "budget_usd") return "budget";
  if (slot == "hotel_budget_usd") return "hotel budget";
  if (slot == "seat") return "seat preference";
  if (slot == "loyalty_tier") return "Flightly Miles tier";
  if (slot == "avoid_airlines") return "airlines to avoid";
  if (slot == "stops") return "preference for nonstop flights";
  return slot;
}

std::vector<ExtractedMemory> ExtractMemories(std::span<const MemoryEvent> earlier, std::span<const MemoryEvent> events) {
  std::vector<ExtractedMemory> out;
  memory_rules::MessageContext context;
  std::map<std::string, std::string, std::less<>> latest;  // slot → its last value in the session
  // Which airline a message names matters only to a later "that airline": a batch without one
  // skips reading every message for airlines (most of the worker's extraction time).
  const bool refers = std::any_of(events.begin(), events.end(), [](const MemoryEvent& e) {
    return e.role == llm::Role::kUser && memory_rules::RefersToAnAirline(e.content);
  });
  auto read = [&](const MemoryEvent& e, bool is_new, std::size_t index) {
    if (e.role == llm::Role::kUser) {
      const MessageFacts facts = memory_rules::ReadMessage(e.content, context);
      for (ExtractedMemory& m : MemoriesOf(facts)) {
        auto it = latest.find(m.slot);
        if (!m.merge && it != latest.end() && it->second != m.value) m.correction = true;
        if (!m.merge) latest[m.slot] = m.value;
        if (is_new) AddMemory(std::move(m), index, out);
      }
      if (facts.budget_usd > 0 || facts.budget_said || facts.money) {
        context.last_money_was_budget = facts.budget_usd > 0 || facts.budget_said;
      }
    }
    // The airline a later "that airline" means: the one a message names; none when it names several.
    if (!refers) return;
    const std::vector<std::string_view> named =
        memory_rules::AirlinesNamedIn(e.content, /*capitalised_leading=*/e.role == llm::Role::kUser);
    if (!named.empty()) context.last_airline = named.size() == 1 ? named.front() : std::string_view();
  };
  for (const MemoryEvent& e : earlier) read(e, false, 0);
  for (std::size_t i = 0; i < events.size(); ++i) read(events[i], true, i);
  return out;
}

boost::asio::awaitable<core::Result<std::vector<memory::ExtractedMemory>>> RuleExtractor::Extract(
    std::span<const memory::MemoryEvent> earlier, std::span<const memory::MemoryEvent> events) const {
  co_return ExtractMemories(earlier, events);
}

}  // namespace contrail::flightly
