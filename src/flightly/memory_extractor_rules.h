#pragma once
// Internal to the rule-based memory extractor (memory_extractor.h): a user message split into
// clauses, how each clause is said, and the rules that read a slot from a clause. The rules fill a
// MessageFacts; memory_extractor.cc turns it into memories. Everything here is stateless apart
// from tables built once on first use; safe from any thread.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "flightly/slots.h"
#include "flightly/text.h"

namespace contrail::flightly::memory_rules {

// Whose a clause is, by its subject.
enum class Voice : std::uint8_t {
  kSelf,   // "I", "we", "my wife and I", or no subject ("window seat please")
  kParty,  // the traveller's children: "my daughter is 6", "the kids love theme parks"
  kOther,  // someone else: "my friend has 3 kids", "her email is …", "my wife prefers the aisle"
};

// One clause of a message: a sentence, or the part of one after ", but", ", so", ", I", ….
struct Clause {
  explicit Clause(std::string_view said, std::size_t at) : text(said), tokens(text), offset(at) {}
  Clause(const Clause&) = delete;
  Clause& operator=(const Clause&) = delete;

  std::string text;       // as written
  Tokens tokens;          // of text
  std::size_t offset;     // where text starts in the message
  std::size_t begin = 0;  // the first token after openers ("ok", "hi", "also", "by the way")
  bool question = false;  // asks rather than states ("is an aisle seat extra?", "any under $250?")
  bool correction = false;   // its sentence corrects: "actually", "instead", "make it", "now", …
  bool message_start = false;  // the message's first clause
  bool greeting = false;       // opened by "hi", "hey", "hello"
  Voice voice = Voice::kSelf;
};

// The message's clauses in order. Sentences end at ". ", "!", "?", ";" and new lines (not at the
// dots of an email address or a price); a comma starts a clause only before a word that starts one
// ("but", "so", "I", "we", "my", "can", "what", …), so "2 kids, 4 and 8" stays one clause.
std::deque<Clause> SplitClauses(std::string_view message);

// True when token `i` of the clause is `word`; a phrase's words are matched one token each.
bool At(const Tokens& tokens, std::size_t i, std::string_view phrase);
// The first token at or after `from` that is one of `words`, or tokens.size().
std::size_t FindAny(const Tokens& tokens, std::span<const std::string_view> words, std::size_t from);
// A negation ("not", "don't", "never", "no", "hate", …) among the clause's tokens [begin, i).
bool NegatedBefore(const Clause& clause, std::size_t i);
// Someone else ("friend", "sister's", "she", "her", …) among the clause's tokens [begin, i).
bool OtherBefore(const Clause& clause, std::size_t i);
// A partner ("wife") among the clause's tokens [0, i), unless the two are said together ("my wife
// and I", "me and my husband"): "I'm vegan and my wife is vegetarian".
bool PartnerBefore(const Clause& clause, std::size_t i);
// Whose token i is: the subject nearest before it ("I'm lactose intolerant and my wife is
// vegetarian": "lactose" is the traveller's, "vegetarian" the wife's), else the clause's voice.
Voice SubjectOf(const Clause& clause, std::size_t i);
// A child ("kid", "daughters", "toddler") and a partner ("wife", "husband", "partner").
bool ChildWord(std::string_view word);
bool PartnerWord(std::string_view word);
// A word that starts no name: pronouns, fillers, and capitalised words that are not names after
// "I'm" ("Gold", "Canadian", "Vegan").
bool NotAName(std::string_view lower_word);

// What one user message states, slot by slot; empty or 0 when it does not state it.
struct MessageFacts {
  std::string name;
  const Place* home = nullptr;
  int adults = 0;
  Ages kid_ages;
  int budget_usd = 0;
  bool budget_per_person = false;
  int hotel_budget_usd = 0;                 // a night
  std::string seat;
  std::vector<std::string_view> diet;       // static: "vegetarian", "nut allergy"
  std::string email;
  std::vector<std::string> interests;       // words InterestTag knows
  std::string_view loyalty_tier;            // static: "gold"
  Cabin cabin = Cabin::kNone;
  std::vector<std::string_view> avoid;      // airlines' full names, static
  std::string_view stops;                   // "nonstop": connections are disliked
  std::vector<std::string_view> forgotten;  // slots withdrawn: "forget my diet", "not vegan anymore"
  std::vector<std::string_view> corrected;  // slots said with a correction cue
  bool money = false;                       // states an amount of money, a budget or not
  bool budget_said = false;                 // talks of the traveller's budget ("my budget was …")

  void Correct(std::string_view slot, bool correction);
  void Clear(std::string_view slot);  // forgets what the message stated of the slot
  bool Corrected(std::string_view slot) const;
  // Whether the message states a value of the traveller's or withdraws one.
  bool StatesAny() const;
};

// The message's context in its session.
struct MessageContext {
  // The airline named most recently before the message (full name); "" when none was, or when the
  // nearest message naming airlines names several.
  std::string_view last_airline;
  bool last_money_was_budget = false;  // the user's latest amount of money was a budget
};

// The slots that one user message states.
MessageFacts ReadMessage(std::string_view message, const MessageContext& context);

// Rules, one slot (or two) each. memory_extractor_rules.cc:
void FindName(const Clause& clause, MessageFacts& facts);
void FindHome(const Clause& clause, MessageFacts& facts);
void FindBudget(const Clause& clause, const MessageContext& context, MessageFacts& facts);
void FindSeat(const Clause& clause, MessageFacts& facts);
void FindEmail(const Clause& clause, MessageFacts& facts);
void FindLoyalty(const Clause& clause, MessageFacts& facts);
// memory_extractor_party.cc:
void FindParty(const Clause& clause, MessageFacts& facts);  // adults and kids_ages
void FindDiet(const Clause& clause, MessageFacts& facts);
void FindInterests(const Clause& clause, MessageFacts& facts);
void FindCabin(const Clause& clause, MessageFacts& facts);
// memory_extractor_airlines.cc: "avoid Spirit", "never United again", "avoid that airline".
void FindAvoided(const Clause& clause, std::string_view message, const MessageContext& context,
                 MessageFacts& facts);

// memory_extractor_forget.cc: "forget my diet", "I'm not vegetarian anymore" (facts.forgotten);
// "I hate long layovers", "nonstop only for me" (facts.stops).
void FindForgotten(const Clause& clause, MessageFacts& facts);
void FindStops(const Clause& clause, MessageFacts& facts);
// "a, b and c".
std::string JoinAnd(const std::vector<std::string>& items);

// The distinct airlines (full names) a text names, in order: full names ("Hawaiian Airlines"),
// codes before a flight number ("HA 193") and, after "on", "with", "fly", …, leading words
// ("on Delta"). `capitalised_leading`: a capitalised leading word counts anywhere ("Is Spirit any
// good?", "Hawaiian lost our bags"), as a traveller names the airline a later "that airline"
// means; not for an assistant's text, whose capitalised words are often other carriers.
std::vector<std::string_view> AirlinesNamedIn(std::string_view text, bool capitalised_leading = false);

// The loyalty tiers a traveller can remember (slot loyalty_tier), as stored.
inline constexpr std::string_view kLoyaltyTiers[] = {"silver", "gold", "platinum", "diamond"};

// Whether a message refers back to an airline ("that airline", "this carrier", "the same
// airline", …: what MessageContext::last_airline resolves), in any case.
bool RefersToAnAirline(std::string_view message);

}  // namespace contrail::flightly::memory_rules
