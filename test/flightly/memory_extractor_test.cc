// The rule-based memory extractor: what it remembers of what travellers say (each slot, in the
// profile's format), what it must not (questions, other people, one trip's constraints), how a
// correction and "that airline" read, the session's episode, and its figures on the people of
// test/flightly/data/memory_people.jsonl (the dev set) and memory_people_heldout.jsonl.

#include "flightly/memory_extractor.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "flightly/profile.h"
#include "support/async.h"
#include "support/memory_events.h"
#include "support/repo_path.h"

namespace contrail::flightly {
namespace {

namespace json = boost::json;
using memory::ExtractedMemory;
using memory::MemoryEvent;

using test::Assistant;
using test::Event;
using test::User;

std::vector<ExtractedMemory> Extract(std::vector<MemoryEvent> events, std::vector<MemoryEvent> earlier = {}) {
  return ExtractMemories(earlier, events);
}

// slot → value after the memories in order: a later value replaces, a merge value joins the list.
std::map<std::string, std::string> Remembered(const std::vector<ExtractedMemory>& memories) {
  std::map<std::string, std::string> out;
  for (const ExtractedMemory& m : memories) {
    std::string& v = out[m.slot];
    v = m.merge && !v.empty() ? v + "," + m.value : m.value;
  }
  return out;
}

std::map<std::string, std::string> Said(std::string message) { return Remembered(Extract({User(std::move(message))})); }

const char* kHawaiianFlights =
    "Here are the cheapest flights I found:\n"
    "- HA 193 (Hawaiian Airlines) LAS→HNL on 2027-03-02 at 13:40, nonstop, economy, $289 a person ($1156 for 4), 9 seats left\n"
    "- HA 195 (Hawaiian Airlines) LAS→HNL on 2027-03-04 at 09:05, nonstop, economy, $301 a person ($1204 for 4), 4 seats left";

TEST(MemoryExtractorTest, NameFromAnIntroduction) {
  EXPECT_EQ(Said("my name is Dana")["name"], "Dana");
  EXPECT_EQ(Said("Hi! I'm Dana Ruiz and we're planning a trip.")["name"], "Dana Ruiz");
  EXPECT_EQ(Said("my name is dana")["name"], "Dana");
  EXPECT_EQ(Said("Just call me Bex.")["name"], "Bex");
  EXPECT_EQ(Said("Hi, Dana here. Any deals to Denver?")["name"], "Dana");
}

TEST(MemoryExtractorTest, NoNameFromOtherWordsAfterIAm) {
  for (const char* message : {"I'm looking for flights to Denver", "I'm a Gold member", "I'm flying to Boston",
                              "I'm Vegetarian", "My sister's name is Ana", "I'm in Denver this week"}) {
    EXPECT_EQ(Said(message).count("name"), 0u) << message;
  }
}

TEST(MemoryExtractorTest, HomeAirportIsTheGazetteersCode) {
  EXPECT_EQ(Said("I live in Denver")["home_airport"], "DEN");
  EXPECT_EQ(Said("I fly out of LAS")["home_airport"], "LAS");
  EXPECT_EQ(Said("my home airport is SFO")["home_airport"], "SFO");
  EXPECT_EQ(Said("we're based in Seattle")["home_airport"], "SEA");
  const auto memories = Extract({User("I live in Denver")});
  ASSERT_EQ(memories.size(), 1u);
  EXPECT_EQ(memories[0].kind, memory::kFact);
  EXPECT_EQ(memories[0].text, "Home airport is DEN (Denver).");
}

TEST(MemoryExtractorTest, ATripsOriginIsNotHome) {
  for (const char* message : {"flights from Denver to Maui", "I'm flying out of Denver tomorrow",
                              "I'm from Boston originally", "my sister lives in Denver", "do you fly out of Denver?",
                              "I'd love to live in Paris"}) {
    EXPECT_EQ(Said(message).count("home_airport"), 0u) << message;
  }
}

TEST(MemoryExtractorTest, PartyOfTheTraveller) {
  auto said = Said("We have three kids aged 3, 7 and 12.");
  EXPECT_EQ(said["kids_ages"], "3,7,12");
  EXPECT_EQ(said.count("adults"), 0u);
  EXPECT_EQ(Said("2 kids, 4 and 8")["kids_ages"], "4,8");
  EXPECT_EQ(Said("my daughter is 6 and my son is 9")["kids_ages"], "6,9");
  EXPECT_EQ(Said("My wife and I are going to Rome")["adults"], "2");
  said = Said("flights to Maui for 2 adults and 2 kids aged 4 and 8");
  EXPECT_EQ(said["adults"], "2");
  EXPECT_EQ(said["kids_ages"], "4,8");
  const auto memories = Extract({User("the kids are 4 and 8")});
  ASSERT_EQ(memories.size(), 1u);
  EXPECT_EQ(memories[0].text, "Has kids aged 4 and 8.");
}

TEST(MemoryExtractorTest, NoPartyFromOtherPeopleOrNegations) {
  for (const char* message : {"My friend has 3 kids aged 2, 4 and 6", "I don't have kids", "no pets, no kids",
                              "my brother's kids are 4 and 6", "two kids", "flights for 3 adults to Vegas",
                              "do kids aged 2 fly free?"}) {
    const auto said = Said(message);
    EXPECT_EQ(said.count("kids_ages") + said.count("adults"), 0u) << message;
  }
}

TEST(MemoryExtractorTest, BudgetNeedsAStandingCue) {
  EXPECT_EQ(Said("my budget is $300")["budget_usd"], "300");
  EXPECT_EQ(Said("we can spend up to 500 dollars")["budget_usd"], "500");
  EXPECT_EQ(Said("We have $2,000 for the whole trip")["budget_usd"], "2000");
  EXPECT_EQ(Said("we're on a budget of 3k")["budget_usd"], "3000");
  const auto memories = Extract({User("Our budget is $300 a person.")});
  ASSERT_EQ(memories.size(), 1u);
  EXPECT_EQ(memories[0].kind, memory::kPreference);
  EXPECT_EQ(memories[0].text, "Budget is $300 a person.");
  for (const char* message : {"what's the budget for Paris?", "flights under $300 to Maui", "any under $250?",
                              "our hotel budget is $180 a night", "my friend's budget is $400",
                              "budget hotels in Rome under $100"}) {
    EXPECT_EQ(Said(message).count("budget_usd"), 0u) << message;
  }
}

TEST(MemoryExtractorTest, ABudgetCorrection) {
  const auto memories = Extract({User("actually my budget is $500 now")});
  ASSERT_EQ(memories.size(), 1u);
  EXPECT_EQ(memories[0].value, "500");
  EXPECT_TRUE(memories[0].correction);
  // A bare amount corrects the budget said just before it, and the later value comes last.
  const auto both = Extract({User("Our budget is $1,200."), Assistant("Noted."), User("Hmm, make that $1,500.")});
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[1].value, "1500");
  EXPECT_TRUE(both[1].correction);
  EXPECT_EQ(both[1].sources, std::vector<std::size_t>{2});
  // A new value for a slot the session set earlier is a correction even without a cue.
  const auto later = Extract({User("my budget is $800")}, {User("my budget is $600")});
  ASSERT_EQ(later.size(), 1u);
  EXPECT_TRUE(later[0].correction);
  // Within one message: the budget it had, then the one it has.
  EXPECT_EQ(Said("my budget was $2000 but it's $1500 now")["budget_usd"], "1500");
  // After a fare question, a bare amount is not a budget.
  EXPECT_EQ(Remembered(Extract({User("flights under $300?"), User("actually make it $400")})).count("budget_usd"), 0u);
}

TEST(MemoryExtractorTest, SeatPreference) {
  EXPECT_EQ(Said("I prefer an aisle seat")["seat"], "aisle");
  EXPECT_EQ(Said("window seat please")["seat"], "window");
  EXPECT_EQ(Said("Always aisle for me.")["seat"], "aisle");
  EXPECT_EQ(Said("My wife prefers the aisle, but I'm a window person.")["seat"], "window");
  for (const char* message : {"is an aisle seat extra?", "my daughter wants the window", "I don't like aisle seats",
                              "a room with a window view please", "can we get a window and an aisle together?"}) {
    EXPECT_EQ(Said(message).count("seat"), 0u) << message;
  }
}

TEST(MemoryExtractorTest, Diet) {
  EXPECT_EQ(Said("I'm vegetarian")["diet"], "vegetarian");
  EXPECT_EQ(Said("vegan meals please")["diet"], "vegan");
  EXPECT_EQ(Said("I'm celiac so gluten-free everything")["diet"], "gluten-free");
  EXPECT_EQ(Said("We eat halal only")["diet"], "halal");
  EXPECT_EQ(Said("kosher meals please")["diet"], "kosher");
  EXPECT_EQ(Said("I have a nut allergy, so no peanuts please")["diet"], "nut allergy");
  EXPECT_EQ(Said("I'm vegetarian and gluten-free")["diet"], "vegetarian, gluten-free");
  EXPECT_EQ(Said("I'm lactose intolerant and my wife is vegetarian")["diet"], "dairy-free");
  EXPECT_EQ(Said("My wife is vegetarian and I'm vegan")["diet"], "vegan");
  for (const char* message : {"do you have vegan meals?", "my friend is vegan", "I'm not vegetarian",
                              "we found a great vegan place in Portland", "any vegetarian-friendly restaurants?"}) {
    EXPECT_EQ(Said(message).count("diet"), 0u) << message;
  }
}

TEST(MemoryExtractorTest, EmailMustBeValidAndTheTravellers) {
  EXPECT_EQ(Said("my email is dana@example.com")["email"], "dana@example.com");
  EXPECT_EQ(Said("You can reach me at Keiko.T@Example.JP.")["email"], "Keiko.T@example.jp");
  EXPECT_EQ(Said("send it to dana.ruiz+trips@mail.example.org please")["email"], "dana.ruiz+trips@mail.example.org");
  for (const char* message : {"email me at dana at example dot com", "my email is dana@localhost",
                              "her email is maria@example.com", "my wife's email is maria@example.com",
                              "send the quote to my assistant, lisa@example.com",
                              "is help@flightly.com your support address?"}) {
    EXPECT_EQ(Said(message).count("email"), 0u) << message;
  }
}

TEST(MemoryExtractorTest, InterestsAreWordsTheProfileKnows) {
  const auto memories = Extract({User("we're into hiking and beaches")});
  ASSERT_EQ(memories.size(), 1u);
  EXPECT_EQ(memories[0].value, "hiking,beaches");
  EXPECT_TRUE(memories[0].merge);
  ForEachListItem(memories[0].value, [](std::string_view item) { EXPECT_NE(InterestTag(item), 0) << item; });
  EXPECT_EQ(Said("We love the outdoors")["interests"], "outdoors");
  EXPECT_EQ(Said("I love museums")["interests"], "museums");
  EXPECT_EQ(Said("the kids are obsessed with theme parks")["interests"], "theme parks");
  EXPECT_EQ(Said("my fiancée loves snorkeling and I love food")["interests"], "food");
  EXPECT_EQ(Said("We're huge skiers and beach people")["interests"], "skiing,beach");
  for (const char* message : {"do they have good museums in Rome?", "my brother loves skiing",
                              "I don't like beaches", "find a hotel near the beach", "I'd love a beach view"}) {
    EXPECT_EQ(Said(message).count("interests"), 0u) << message;
  }
}

TEST(MemoryExtractorTest, LoyaltyTier) {
  EXPECT_EQ(Said("I'm a gold member, do I get free bags?")["loyalty_tier"], "gold");
  EXPECT_EQ(Said("Platinum status with Delta")["loyalty_tier"], "platinum");
  EXPECT_EQ(Said("I have Mileage Plus gold")["loyalty_tier"], "gold");
  for (const char* message : {"what do platinum members get?", "my husband is gold with United",
                              "flights to the Gold Coast", "is silver status worth it?",
                              "silver tier requirement", "gold status perks"}) {
    EXPECT_EQ(Said(message).count("loyalty_tier"), 0u) << message;
  }
}

TEST(MemoryExtractorTest, CabinNeedsAHabit) {
  EXPECT_EQ(Said("I always fly business")["cabin"], "business");
  EXPECT_EQ(Said("economy is fine")["cabin"], "economy");
  EXPECT_EQ(Said("we fly premium economy")["cabin"], "premium economy");
  EXPECT_EQ(ParseCabinName(Said("I only fly first class")["cabin"]), Cabin::kFirst);
  for (const char* message : {"how much is business class to Tokyo?", "let's do economy this time",
                              "I'm on a business trip", "I never fly economy"}) {
    EXPECT_EQ(Said(message).count("cabin"), 0u) << message;
  }
}

TEST(MemoryExtractorTest, AvoidedAirlinesAreTheSeedsNames) {
  EXPECT_EQ(Said("avoid Spirit")["avoid_airlines"], "Spirit Airlines");
  EXPECT_EQ(Said("never United again")["avoid_airlines"], "United Airlines");
  EXPECT_EQ(Said("I don't want to fly Frontier")["avoid_airlines"], "Frontier Airlines");
  EXPECT_EQ(Said("not on American please")["avoid_airlines"], "American Airlines");
  EXPECT_EQ(Said("please don't book us on Air France")["avoid_airlines"], "Air France");
  const auto memories = Extract({User("Avoid United and American please")});
  ASSERT_EQ(memories.size(), 2u);  // one memory per airline
  EXPECT_EQ(memories[0].value, "United Airlines");
  EXPECT_EQ(memories[1].value, "American Airlines");
  EXPECT_TRUE(memories[1].merge);
  EXPECT_EQ(memories[1].text, "Avoids American Airlines.");
  for (const char* message : {"Should I avoid Spirit?", "we don't mind Spirit", "can you avoid layovers?",
                              "avoid Air", "my husband refuses to fly Spirit"}) {
    EXPECT_EQ(Said(message).count("avoid_airlines"), 0u) << message;
  }
}

TEST(MemoryExtractorTest, ThatAirlineIsTheOneNamedLast) {
  // In the assistant's answer before (here in `earlier`).
  auto memories = Extract({User("Book a family flight, and avoid that airline.")},
                          {User("flights from LAS to Honolulu in March"), Assistant(kHawaiianFlights)});
  ASSERT_EQ(memories.size(), 1u);
  EXPECT_EQ(memories[0].slot, "avoid_airlines");
  EXPECT_EQ(memories[0].value, "Hawaiian Airlines");
  EXPECT_EQ(memories[0].sources, std::vector<std::size_t>{0});
  // In the same batch of events.
  memories = Extract({User("anything to Cancun?"), Assistant("UA 1432 (United Airlines) DEN→CUN on 2027-04-03"),
                      User("skip that carrier")});
  ASSERT_EQ(memories.size(), 1u);
  EXPECT_EQ(memories[0].value, "United Airlines");
  EXPECT_EQ(memories[0].sources, std::vector<std::size_t>{2});
  // In the message itself.
  EXPECT_EQ(Said("We flew with Delta last year and hated it, never that airline again")["avoid_airlines"],
            "Delta Air Lines");
  // Not when the last answer names several, nor without an answer.
  EXPECT_TRUE(Extract({User("not that airline")},
                      {Assistant("DL 44 (Delta Air Lines) and AA 100 (American Airlines) fly it")}).empty());
  EXPECT_TRUE(Extract({User("avoid that airline")}).empty());
}

TEST(MemoryExtractorTest, OnlyTheUserSpeaksForTheTraveller) {
  const auto memories = Extract({Assistant("I prefer an aisle seat and my budget is $300."),
                                 Event(llm::Role::kTool, R"({"email":"dana@example.com"})")});
  EXPECT_TRUE(memories.empty());
}

TEST(MemoryExtractorTest, ARepeatedValueIsOneMemoryWithBothSources) {
  const auto memories = Extract({User("I prefer aisle seats"), Assistant("Noted."), User("aisle please, always")});
  ASSERT_EQ(memories.size(), 1u);
  EXPECT_EQ(memories[0].sources, (std::vector<std::size_t>{0, 2}));
}

TEST(MemoryExtractorTest, ExtractIsTheCoroutineOfExtractMemories) {
  boost::asio::io_context io;
  RuleExtractor extractor;
  const std::vector<MemoryEvent> events{User("I'm vegan")};
  auto r = test::RunAsync(io, extractor.Extract({}, events));
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.value().size(), 1u);
  EXPECT_EQ(r.value()[0].value, "vegan");
}

TEST(MemoryExtractorTest, TheEpisodeSaysTheTripAndWhatWasAsked) {
  RuleExtractor extractor;
  const std::vector<MemoryEvent> session{
      User("flights from Las Vegas to Honolulu in March for 2 adults and 2 kids"), Assistant(kHawaiianFlights),
      User("and hotels there?"), Assistant("Here are hotels in Honolulu…"), User("thanks!")};
  const ExtractedMemory episode = extractor.Summarize(session);
  EXPECT_EQ(episode.kind, memory::kEpisode);
  EXPECT_EQ(episode.slot, "episode");
  EXPECT_EQ(episode.text,
            "Planned a trip from Las Vegas (LAS) to Honolulu (HNL) in March for 2 adults and 2 kids; asked about "
            "flights and hotels.");
  EXPECT_EQ(episode.sources, (std::vector<std::size_t>{0, 2}));
  EXPECT_EQ(extractor.Summarize(std::vector<MemoryEvent>{User("can I bring my dog on board?")}).text,
            "Asked about pets.");
  EXPECT_EQ(extractor.Summarize(std::vector<MemoryEvent>{User("hi there"), User("thanks, bye")}).text, "");
  // What travellers tell of themselves is no question ("status" is not flight status).
  EXPECT_EQ(extractor.Summarize(std::vector<MemoryEvent>{User("I'm vegetarian and I'm a Gold member"),
                                                         User("forget my diet and my status")})
                .text,
            "");
  EXPECT_EQ(extractor.Summarize(std::vector<MemoryEvent>{User("I'm vegan"), User("can I get a vegan meal?")}).text,
            "Asked about meals.");
}

// ---------------------------------------------------------------------------------------------
// The dev set: each person's sessions replayed turn by turn (a user message and the answers after
// it are one batch; the session's events before it are `earlier`), memories applied in order (a
// later value replaces the slot's, a merge value joins its list), the result compared slot by slot
// with what the person's line expects. A list slot counts item by item.

struct Counts {
  int tp = 0, fp = 0, fn = 0;
};

std::set<std::string> Items(const std::string& value, bool list) {
  std::set<std::string> items;
  if (!list) return value.empty() ? items : std::set<std::string>{value};
  ForEachListItem(value, [&](std::string_view item) { items.emplace(item); });
  return items;
}

std::map<std::string, std::string> Replay(const json::array& sessions) {
  std::vector<ExtractedMemory> all;
  for (const json::value& s : sessions) {
    std::vector<MemoryEvent> events;
    for (const json::value& m : s.as_array()) {
      const json::object& o = m.as_object();
      events.push_back(Event(o.at("role").as_string() == "user" ? llm::Role::kUser : llm::Role::kAssistant,
                             std::string(o.at("content").as_string())));
    }
    for (std::size_t from = 0; from < events.size();) {
      std::size_t to = from + 1;
      while (to < events.size() && events[to].role != llm::Role::kUser) ++to;
      const std::span<const MemoryEvent> span(events);
      for (ExtractedMemory& m : ExtractMemories(span.subspan(0, from), span.subspan(from, to - from))) {
        all.push_back(std::move(m));
      }
      from = to;
    }
  }
  return Remembered(all);
}

struct Figures {
  int people = 0;
  double precision = 0, recall = 0;
  std::map<std::string, double> slot_precision;
};

// Replays each person of the file, prints what differs and each slot's figures.
Figures Score(const char* file) {
  Figures f;
  std::ifstream in(test::RepoPath(file));
  EXPECT_TRUE(in) << file;
  std::map<std::string, Counts> by_slot;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    ++f.people;
    const json::object person = json::parse(line).as_object();
    const std::map<std::string, std::string> got = Replay(person.at("sessions").as_array());
    std::map<std::string, std::string> want;
    for (const auto& [slot, value] : person.at("expect").as_object()) want[slot] = std::string(value.as_string());
    std::set<std::string> slots;
    for (const auto& [slot, value] : got) slots.insert(slot);
    for (const auto& [slot, value] : want) slots.insert(slot);
    for (const std::string& slot : slots) {
      const bool list = slot == "interests" || slot == "avoid_airlines";
      const std::string g_value = got.count(slot) ? got.at(slot) : "";
      const std::string w_value = want.count(slot) ? want.at(slot) : "";
      const std::set<std::string> g = Items(g_value, list);
      const std::set<std::string> w = Items(w_value, list);
      Counts& c = by_slot[slot];
      for (const std::string& item : g) (w.count(item) ? c.tp : c.fp) += 1;
      for (const std::string& item : w) c.fn += g.count(item) ? 0 : 1;
      if (g != w) {
        std::cout << "  " << person.at("person").as_string().c_str() << " " << slot << ": got \"" << g_value
                  << "\" want \"" << w_value << "\"\n";
      }
    }
  }
  Counts total;
  for (const auto& [slot, c] : by_slot) {
    const double p = c.tp + c.fp ? 1.0 * c.tp / (c.tp + c.fp) : 1.0;
    const double r = c.tp + c.fn ? 1.0 * c.tp / (c.tp + c.fn) : 1.0;
    std::printf("  %-15s precision %.2f (%d/%d)  recall %.2f (%d/%d)\n", slot.c_str(), p, c.tp, c.tp + c.fp, r, c.tp,
                c.tp + c.fn);
    f.slot_precision[slot] = p;
    total.tp += c.tp, total.fp += c.fp, total.fn += c.fn;
  }
  f.precision = total.tp + total.fp ? 1.0 * total.tp / (total.tp + total.fp) : 1.0;
  f.recall = total.tp + total.fn ? 1.0 * total.tp / (total.tp + total.fn) : 1.0;
  std::printf("  %-15s precision %.3f (%d/%d)  recall %.3f (%d/%d)  people %d\n", "all", f.precision, total.tp,
              total.tp + total.fp, f.recall, total.tp, total.tp + total.fn, f.people);
  return f;
}

// The set written first, beside which the rules were written.
TEST(MemoryExtractorTest, DevSetPrecisionAndRecall) {
  const Figures f = Score("test/flightly/data/memory_people.jsonl");
  EXPECT_GE(f.people, 40);
  for (const auto& [slot, p] : f.slot_precision) EXPECT_GE(p, 0.9) << slot;  // a wrong memory is worse than none
  RecordProperty("precision", std::to_string(f.precision));
  RecordProperty("recall", std::to_string(f.recall));
  EXPECT_GE(f.precision, 0.95);
  EXPECT_GE(f.recall, 0.95);
}

// People written after the rules, in three batches, each scored before the rules saw it (0.90 /
// 0.55, 0.77 / 0.68, 0.85 / 0.58 precision / recall) and then used for one round of fixes by kind
// (a phrasing, never a person): what to expect of new phrasings is nearer those first figures.
TEST(MemoryExtractorTest, HeldOutPrecisionAndRecall) {
  const Figures f = Score("test/flightly/data/memory_people_heldout.jsonl");
  EXPECT_GE(f.people, 60);
  RecordProperty("precision", std::to_string(f.precision));
  RecordProperty("recall", std::to_string(f.recall));
  EXPECT_GE(f.precision, 0.9);
  EXPECT_GE(f.recall, 0.8);
}


TEST(MemoryExtractorTest, WithdrawnValuesAreEmpty) {
  EXPECT_EQ(Said("actually I'm not vegetarian anymore"), (std::map<std::string, std::string>{{"diet", ""}}));
  EXPECT_EQ(Said("forget that I'm gluten free"), (std::map<std::string, std::string>{{"diet", ""}}));
  EXPECT_EQ(Said("please forget my status, I cancelled the card"),
            (std::map<std::string, std::string>{{"loyalty_tier", ""}}));
  EXPECT_EQ(Said("forget my home airport please"), (std::map<std::string, std::string>{{"home_airport", ""}}));
  EXPECT_EQ(Said("we don't really have a budget anymore"), (std::map<std::string, std::string>{{"budget_usd", ""}}));
  EXPECT_EQ(Said("don't remember my seat preference, it changes"), (std::map<std::string, std::string>{{"seat", ""}}));
  EXPECT_EQ(Said("I eat everything again, no more vegan diet"), (std::map<std::string, std::string>{{"diet", ""}}));
  EXPECT_EQ(Said("I don't mind layovers anymore"), (std::map<std::string, std::string>{{"stops", ""}}));
  // A new value in the same message is the value.
  EXPECT_EQ(Said("I'm not vegetarian anymore, I'm vegan now")["diet"], "vegan");
  // Several slots listed after one request.
  using Values = std::map<std::string, std::string>;
  EXPECT_EQ(Said("forget my diet and my status"), (Values{{"diet", ""}, {"loyalty_tier", ""}}));
  EXPECT_EQ(Said("please delete my seat, diet and budget"), (Values{{"seat", ""}, {"diet", ""}, {"budget_usd", ""}}));
  // The list ends at a word of another kind: "forget my diet, we fly business now" keeps the cabin.
  EXPECT_EQ(Said("forget my diet, we fly business now").count("cabin"), Said("we fly business now").count("cabin"));
  EXPECT_EQ(Said("forget my diet, we fly business now")["diet"], "");
}

TEST(MemoryExtractorTest, NothingWithdrawnByOtherWords) {
  EXPECT_TRUE(Said("don't forget my vegetarian meal").empty());
  EXPECT_TRUE(Said("forget Cancun, let's do Tokyo").empty());
  EXPECT_TRUE(Said("the aisle seat is no longer free?").empty());
  EXPECT_TRUE(Said("my sister isn't vegan anymore").empty());
  EXPECT_TRUE(Said("the kids don't fly free anymore").empty());
  EXPECT_EQ(Said("no more budget airlines for me").count("budget_usd"), 0u);
  EXPECT_EQ(Said("I want you to remember my diet, I'm vegan")["diet"], "vegan");
  EXPECT_EQ(Said("I don't remember my home airport code").count("home_airport"), 0u);
}

TEST(MemoryExtractorTest, NonstopFromADislikeOfConnections) {
  EXPECT_EQ(Said("I hate long layovers")["stops"], "nonstop");
  EXPECT_EQ(Said("I can't stand connecting flights")["stops"], "nonstop");
  EXPECT_EQ(Said("nonstop only for me")["stops"], "nonstop");
  // The dislike is the layovers', not the diet's.
  EXPECT_EQ(Said("I hate long layovers and I'm vegetarian"),
            (std::map<std::string, std::string>{{"diet", "vegetarian"}, {"stops", "nonstop"}}));
  EXPECT_EQ(Said("I always fly direct flights")["stops"], "nonstop");
  EXPECT_EQ(Said("are there nonstop flights to Maui?").count("stops"), 0u);
  EXPECT_EQ(Said("my husband hates layovers").count("stops"), 0u);
}

TEST(MemoryExtractorTest, ANewTierHomeBaseAndAllergy) {
  EXPECT_EQ(Said("I dropped down to Silver this year")["loyalty_tier"], "silver");
  EXPECT_EQ(Said("home base is Boston")["home_airport"], "BOS");
  EXPECT_EQ(Said("I'm allergic to shellfish")["diet"], "shellfish allergy");
  EXPECT_EQ(Said("we're a family: me, my wife and our son who is 7")["kids_ages"], "7");
  EXPECT_EQ(Said("my daughter just turned 5")["kids_ages"], "5");
}

TEST(MemoryExtractorTest, AHotelBudgetIsANightsRate) {
  const auto said = Said("our budget is $300 a night for hotels");
  EXPECT_EQ(said.count("budget_usd"), 0u);
  EXPECT_EQ(said.at("hotel_budget_usd"), "300");
}

}  // namespace
}  // namespace contrail::flightly
