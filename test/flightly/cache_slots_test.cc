// flightly/cache_slots.h: the slots the semantic cache compares, and cache::Disagreement on them.

#include "flightly/cache_slots.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <fstream>
#include <map>

#include "flightly/understanding.h"
#include "support/repo_path.h"

namespace contrail::flightly {
namespace {

std::string Disagree(std::string_view a, std::string_view b) {
  const FlightlySlotExtractor slots;
  return cache::Disagreement(slots.Extract(a), slots.Extract(b));
}

TEST(CacheSlotsTest, TheTripsFactsKeepTheirDirection) {
  const FlightlySlotExtractor slots;
  const cache::QuestionSlots s = slots.Extract("cheapest flights from LAX to Honolulu on 14 March for 2 adults");
  EXPECT_EQ(s.at("origin"), "LAX");  // two places: a direction
  EXPECT_EQ(s.at("destination"), "HNL");
  EXPECT_EQ(s.at("month"), "3");
  EXPECT_EQ(s.at("day"), "14");
  EXPECT_EQ(s.at("adults"), "2");
  EXPECT_EQ(s.at("compare"), "low");
  EXPECT_FALSE(s.contains("negation"));
  EXPECT_NE(Disagree("flights from LAX to Honolulu", "flights from Honolulu to LAX"), "");
  // One place has no direction.
  EXPECT_EQ(Disagree("How do I get from Denver airport to downtown?", "easiest way into downtown Denver from the airport?"), "");
  EXPECT_EQ(slots.Extract("things to do in Lisbon").at("place"), "LIS");
}

TEST(CacheSlotsTest, NearMissesDisagree) {
  EXPECT_EQ(Disagree("flights to Maui in March", "flights to Maui in April"), "month");
  EXPECT_EQ(Disagree("flights to Maui on 14 March", "flights to Maui on 15 March"), "day");
  EXPECT_EQ(Disagree("flights to Paris returning March 7", "flights to Paris returning March 9"), "back");
  EXPECT_NE(Disagree("can I check 2 bags on Basic?", "can I check 3 bags on Basic?"), "");
  EXPECT_NE(Disagree("is the limit 23 kg?", "is the limit 32 kg?"), "");
  EXPECT_EQ(Disagree("can I bring my dog in the cabin?", "can't I bring my dog in the cabin?"), "negation");
  EXPECT_EQ(Disagree("flights with a stopover", "flights without a stopover"), "negation");
  EXPECT_EQ(Disagree("is the Flex fare refundable?", "is the Flex fare non-refundable?"), "negation");
  EXPECT_EQ(Disagree("cheapest hotel in Waikiki", "most expensive hotel in Waikiki"), "compare");
  EXPECT_EQ(Disagree("earliest flight to Denver", "latest flight to Denver"), "compare");
  EXPECT_EQ(Disagree("best month to visit Reykjavik?", "worst month to visit Reykjavik?"), "compare");
  EXPECT_EQ(Disagree("youngest age for the minor service?", "oldest age for the minor service?"), "age");
  EXPECT_EQ(Disagree("hotel in Lisbon under €80 a night", "hotel in Lisbon under €150 a night"), "numbers");
  EXPECT_EQ(Disagree("bike fee", "ski bag fee"), "item");
  EXPECT_EQ(Disagree("Gold status perks", "Platinum status perks"), "tier");
  // What is asked of the subject: its cost is not its age limit.
  EXPECT_EQ(Disagree("unaccompanied minor fee", "how old must an unaccompanied minor be"), "asks");
  EXPECT_EQ(Disagree("Cancun spring break deal", "blackout dates of the Cancun spring break deal"), "asks");
  // How long something takes is asked by "how long", "how soon", "how many days".
  EXPECT_EQ(Disagree("refund how long", "My flight got cancelled. Can I get rebooked or refunded?"), "asks");
  EXPECT_EQ(Disagree("how long does a refund take", "how many days until my refund arrives"), "");
  EXPECT_EQ(Disagree("refund for a long delay", "refund for a delayed flight"), "");
  // Soft slots: stated by both and different, or no evidence.
  EXPECT_EQ(Disagree("hotel for me and my wife", "hotel for me, my wife and my parents"), "company");
  EXPECT_EQ(Disagree("carry-on size limit", "how big can my carry-on be"), "");
  EXPECT_EQ(Disagree("basic fare carry on included?", "on Basic can I still take a carry-on?"), "");
  EXPECT_EQ(Disagree("flights to Denver on Friday", "flights to Denver on Saturday"), "weekday");
  EXPECT_NE(Disagree("change fee on a Basic fare", "change fee on a Flex fare"), "");
  EXPECT_NE(Disagree("flights to Paris in economy", "flights to Paris in business"), "");
  EXPECT_NE(Disagree("hotels for 2 adults", "hotels for 2 adults and a child"), "");
}

TEST(CacheSlotsTest, TheSituationOfAQuestionTellsItApart) {
  EXPECT_EQ(Disagree("refund if I cancel", "refund if you cancel"), "actor");
  EXPECT_EQ(Disagree("what if my flight is delayed", "what if I delay my trip"), "actor");
  EXPECT_EQ(Disagree("first checked bag fee", "second checked bag fee"), "nth");
  EXPECT_EQ(Disagree("flights to Paris in the morning", "red-eye flights to Paris"), "daypart");
  // A floor is its own budget (the trip slots read "over $200" as a minimum).
  EXPECT_EQ(Disagree("hotels in Maui under $200 a night", "hotels in Maui over $200 a night"), "budget");
  EXPECT_EQ(Disagree("flights to Cancun for less than $400", "flights to Cancun for $400 or more"), "bound");
  EXPECT_EQ(Disagree("window seat fee", "aisle seat fee"), "seat");
  EXPECT_EQ(Disagree("can I upgrade with miles", "can I upgrade with cash"), "pay");
  EXPECT_EQ(Disagree("do infants need a passport", "do adults need a passport"), "who");
  EXPECT_EQ(Disagree("change fee on a Flex ticket", "cancellation fee on a Flex ticket"), "action");
  EXPECT_EQ(Disagree("nonstop flights to Tokyo", "flights to Tokyo with a layover"), "nonstop");
  EXPECT_EQ(Disagree("can my service dog fly in the cabin", "can my pet dog fly in the cabin"), "item");
  EXPECT_EQ(Disagree("power bank in checked bag", "laptop in checked bag"), "item");
  EXPECT_EQ(Disagree("power bank in my checked bag", "power bank in my carry-on"), "where");
  EXPECT_EQ(Disagree("compare Flex and Standard", "compare Basic and Standard"), "fare");
  // Soft: said by one question only, they are no evidence ("seat fee" asks about every seat).
  EXPECT_EQ(Disagree("seat fee", "window seat fee"), "");
  EXPECT_EQ(Disagree("can I cancel within 24 hours", "24 hour cancellation"), "");
  EXPECT_EQ(Disagree("emotional support animal", "are emotional support animals allowed on the plane"), "");
  EXPECT_EQ(Disagree("cheap flights from Denver", "cheap flights to Denver"), "leg");
  EXPECT_EQ(Disagree("one way fare to Cancun", "round trip fare to Cancun"), "way");
  EXPECT_EQ(Disagree("bag fee on domestic flights", "bag fee on international flights"), "scope");
  EXPECT_EQ(Disagree("can I cancel before departure", "can I cancel after departure"), "timing");
  EXPECT_EQ(Disagree("hotel in Honolulu with a pool", "hotel in Honolulu with a spa"), "amenities");
  EXPECT_EQ(Disagree("beach hotels in Cancun", "downtown hotels in Cancun"), "area");
  EXPECT_EQ(Disagree("rainy season in Bali", "dry season in Bali"), "weather");
  EXPECT_EQ(Disagree("what if my bag is damaged", "what if my bag is lost"), "mishap");
  EXPECT_EQ(Disagree("earn miles on partner airlines", "spend miles on partner airlines"), "miles");
  EXPECT_EQ(Disagree("kids under 2 fly free?", "kids under 12 fly free?"), "limit");
  EXPECT_EQ(Disagree("how early can I check in online", "how late can I check in online"), "daypart");
  EXPECT_EQ(Disagree("can I get a refund in cash", "can I get a refund in credit"), "pay");
  // A way into town has one place and no side.
  EXPECT_EQ(Disagree("How do I get from Denver airport to downtown?", "easiest way into downtown Denver from the airport?"), "");
  EXPECT_EQ(Disagree("how early airport", "What time should I arrive at the airport?"), "");
  // "Plans changed" changes no booking.
  EXPECT_EQ(Disagree("cancel my Basic fare", "Plans changed and I must cancel my Basic fare"), "");
}

TEST(CacheSlotsTest, OneWordSaidOtherwiseIsAnotherQuestionUnlessItIsASynonym) {
  // Near misses no slot of their own names: one content word or phrase stands for another.
  EXPECT_EQ(Disagree("can I bring my own food on the plane", "can I buy food on the plane"), "words");
  EXPECT_EQ(Disagree("can I check in at the airport", "can I check in online"), "words");
  EXPECT_EQ(Disagree("best beaches in Maui for snorkeling", "best beaches in Maui for surfing"), "words");
  EXPECT_EQ(Disagree("wheelchair assistance at departure", "wheelchair assistance at arrival"), "words");
  // The same word in another spelling, a synonym (WordNet) or a phrase of the same travel concept
  // (the local embedder's lexicon) is the same question; so are numbers and the party's nouns,
  // which the trip slots compare.
  EXPECT_EQ(Disagree("lost luggage", "lost baggage"), "");
  EXPECT_EQ(Disagree("pet fee", "pet charge"), "");
  EXPECT_EQ(Disagree("carry on size", "cabin bag size"), "");
  EXPECT_EQ(Disagree("hand luggage weight limit", "carry-on weight limit"), "");
  EXPECT_EQ(Disagree("can kids fly alone", "can children fly alone"), "");
  EXPECT_EQ(Disagree("flights JFK to Lisbon on 3 June for one passenger", "flights JFK to Lisbon on 3 June, 1 adult"),
            "");
}

TEST(CacheSlotsTest, ParaphrasesAgree) {
  EXPECT_EQ(Disagree("how much is the pet fee in the cabin?", "pet in cabin fee?"), "");
  EXPECT_EQ(Disagree("Can I bring two bags on a Flex fare?", "is it ok to bring 2 bags with flex"), "");
  EXPECT_EQ(Disagree("flights LAX to Honolulu March 14", "I'd like to fly from Los Angeles to Honolulu on 14 March"), "");
  EXPECT_EQ(Disagree("what's the weather like in Maui in July?", "Maui weather July"), "");
  // A price asked for without the word: "how much is/for/to …", "what will that set me back".
  EXPECT_EQ(Disagree("wifi price", "how much is inflight wifi"), "");
  EXPECT_EQ(Disagree("extra bag fee", "how much for an extra checked bag"), "");
  EXPECT_EQ(Disagree("extra bag fee", "one more bag than my ticket includes, what will that set me back?"), "");
  EXPECT_EQ(Disagree("travel insurance cost", "What are the premiums for the insurance plans?"), "");
  // "Big" is a size asked for only after "how": a big dog, big airports and big delays are not.
  EXPECT_EQ(Disagree("large dog cargo", "how does a big dog travel in cargo"), "");
  EXPECT_EQ(Disagree("carry-on size limit", "how large can my carry-on be"), "");
  // A country the gazetteer knows one airport in is that airport's city; a trip from an airport
  // into its own city is about one place.
  EXPECT_EQ(Disagree("northern lights iceland when", "best time for the northern lights in Reykjavik"), "");
  EXPECT_EQ(Disagree("cdg to paris center", "How do I get from Charles de Gaulle airport into Paris?"), "");
}

TEST(CacheSlotsTest, OneTravellerIsOneAdult) {
  EXPECT_EQ(Disagree("SEA to Tokyo 9 Oct one way business 1 adult",
                     "business class for one person flying Seattle to Tokyo one way on October 9"), "");
  EXPECT_EQ(Disagree("flights JFK to Lisbon on 3 June for one passenger", "flights JFK to Lisbon on 3 June, 1 adult"), "");
  EXPECT_NE(Disagree("flights to Maui for a family of 4", "flights to Maui for 4 adults"), "");
}

TEST(CacheSlotsTest, AnAgeLimitAskedWithoutItsWordIsTheSameQuestion) {
  EXPECT_EQ(Disagree("minimum age for exit row seats", "how old do you have to be to sit in an exit row"), "");
  EXPECT_EQ(Disagree("min age child fly alone", "how old must a child be to fly alone"), "");
}

TEST(CacheSlotsTest, ARegionOfManyPlacesIsNoneOfThem) {
  EXPECT_EQ(Disagree("best time to visit Hawaii", "best time to visit Honolulu"), "place");
  EXPECT_EQ(Disagree("visa for Iceland", "visa for Mexico"), "place");
}

TEST(CacheSlotsTest, OtherAmountsThanAPriceAreNotOne) {
  EXPECT_EQ(Disagree("carry-on weight limit", "how much can my carry on weigh"), "");
  EXPECT_EQ(Disagree("pet fee", "how much can my pet weigh"), "asks");
  EXPECT_EQ(Disagree("wifi price", "how much luggage can I bring"), "asks");
}

// The cache-quality dev set (bench/data/README-cache.md), written by hand before any tuning: how
// many near-miss pairs the slots alone tell apart, by kind, and how many paraphrases (each wording
// against the group's first) they let through. The semantic cache adds similarity to both.
TEST(CacheSlotsTest, OnTheDevSetNearMissesDisagreeAndParaphrasesAgree) {
  std::ifstream in(test::RepoPath("bench/data/cache_quality_dev.jsonl"));
  ASSERT_TRUE(in) << "bench/data/cache_quality_dev.jsonl";
  const FlightlySlotExtractor slots;
  std::map<std::string, std::pair<int, int>> near_by_kind;  // kind -> (told apart, pairs)
  int near = 0, told_apart = 0, paraphrases = 0, agreed = 0;
  std::string line;
  while (std::getline(in, line)) {
    const boost::json::object o = boost::json::parse(line).as_object();
    if (o.at("type").as_string() == "near_miss") {
      const bool apart = !cache::Disagreement(slots.Extract(o.at("a").as_string()), slots.Extract(o.at("b").as_string())).empty();
      auto& [k_apart, k_pairs] = near_by_kind[std::string(o.at("kind").as_string())];
      k_apart += apart, ++k_pairs, told_apart += apart, ++near;
      if (!apart) std::printf("  not told apart [%s]: %s | %s\n", o.at("kind").as_string().c_str(), o.at("a").as_string().c_str(), o.at("b").as_string().c_str());
    } else {
      const boost::json::array& w = o.at("wordings").as_array();
      const cache::QuestionSlots first = slots.Extract(w.at(0).as_string());
      for (std::size_t i = 1; i < w.size(); ++i) {
        const std::string d = cache::Disagreement(first, slots.Extract(w[i].as_string()));
        agreed += d.empty(), ++paraphrases;
        if (!d.empty() && std::getenv("CACHE_SLOTS_VERBOSE")) std::printf("  paraphrase split on %s: %s | %s\n", d.c_str(), w.at(0).as_string().c_str(), w[i].as_string().c_str());
      }
    }
  }
  for (const auto& [kind, counts] : near_by_kind) std::printf("  %-12s %d/%d told apart\n", kind.c_str(), counts.first, counts.second);
  std::printf("near misses told apart %d/%d; paraphrases agreeing %d/%d\n", told_apart, near, agreed, paraphrases);
  ASSERT_GE(near, 120);
  ASSERT_GE(paraphrases, 300);
  // Measured on 2026-12-05: 139/140 told apart, 230/352 agreeing (before the item, tier, amount,
  // comparative and asked-of slots: 135/140 and 264/352; through the whole cache, with spelling
  // corrected first, the false hits went from 3 to 0 of 140, and paraphrases still agree on 43% of
  // asks: bench/data/README-cache.md). The splits of paraphrases are mostly real negations in other
  // words ("if I can't go" against "can I give my ticket away"), a party or place one wording names
  // in passing, and what one wording asks of its subject ("fee") that another leaves unsaid; the
  // slots veto, the similarity and the learned thresholds decide. 2026-12-06: 250/352 (a price
  // asked as "how much is", "big" a size only after "how", a country of one airport that
  // airport's city, an airport-into-its-city trip one place, an age limit soft, one traveller one
  // adult), still 139/140 told apart. 2026-12-07: n141–n200 added (who acts, which of several,
  // when in the day, which side of an amount, which seat, how paid, which change, stops, items):
  // 197/200 told apart (the other three below 0.5 similarity), 268/352 agreeing; n201–n260
  // (flights from or to one place, one way, domestic, before or after, amenities, areas, weather,
  // mishaps, miles, limits): 255/260 told apart, 268/352 agreeing; with one run of words said
  // otherwise (the contrast slot): 258/260, 268/352. Guards against falling back.
  EXPECT_GE(told_apart, near * 98 / 100);
  EXPECT_GE(agreed, paraphrases * 68 / 100);
}

// A service topic is the question's kind; a trip's slots tell trips apart, and what is not understood
// has no kind.
TEST(CacheSlotsTest, AServiceTopicIsTheQuestionsKind) {
  auto kind = [](std::string_view message) {
    cache::QuestionSlots slots;
    AddTurnSlots(*Understand(message, ""), slots);
    auto it = slots.find("^kind");
    return it == slots.end() ? std::string() : it->second;
  };
  EXPECT_EQ(kind("carry on size limit"), "carry_on");
  EXPECT_EQ(kind("How big can my cabin bag be?"), "carry_on");
  EXPECT_EQ(kind("can I bring my dog?"), "pets");
  EXPECT_EQ(kind("flights from LAX to Honolulu in March"), "");
  EXPECT_EQ(kind("hotels in Maui"), "");
  EXPECT_EQ(kind("asdkjh qwe"), "");
}

TEST(CacheSlotsTest, DisagreementNamesTheFirstSlotInNameOrder) {
  EXPECT_EQ(cache::Disagreement({}, {}), "");
  EXPECT_EQ(cache::Disagreement({{"a", "1"}}, {{"a", "1"}}), "");
  EXPECT_EQ(cache::Disagreement({{"a", "1"}, {"b", "2"}}, {{"b", "2"}}), "a");  // stated by one only
  EXPECT_EQ(cache::Disagreement({{"b", "2"}}, {{"a", "1"}, {"b", "3"}}), "a");
  EXPECT_EQ(cache::Disagreement({{"a", "1"}, {"b", "2"}}, {{"a", "1"}, {"b", "3"}}), "b");
}

}  // namespace
}  // namespace contrail::flightly
