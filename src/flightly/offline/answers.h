#pragma once
// The offline model's answer writers, one file per intent family: policy_answers.cc (Flightly's
// policies and services), trip_answers.cc and trip_ideas.cc (searches and planning, grounded in
// slots and profile), recall_answers.cc (the conversation itself) and conversation_answers.cc
// (profile, about, social, out of domain, gibberish, unknown).
// Internal to flightly/offline/: Respond() in respond.h is the entry point.

#include <cstddef>
#include <string>
#include <string_view>

#include "flightly/booking_ask.h"
#include "flightly/intents.h"
#include "flightly/profile.h"
#include "flightly/session_state.h"
#include "flightly/slots.h"
#include "flightly/text.h"
#include "llm/chat_model.h"

namespace contrail::flightly::offline {

// Everything a writer may read about the question being answered: the request, what the turn
// understood of the message in its session, and the profile. All references outlive the call.
struct Question {
  const llm::ChatRequest& request;
  std::size_t current;  // index in request.messages of the message being answered
  const Tokens& tokens;
  Intent intent;
  const Slots& said;   // what this message states
  const Slots& slots;  // the session's slots with this message merged in
  const ProfileView& profile;
  const SessionState& previous;  // the session before this message
  bool personalised = false;     // set by a writer that used the profile or the conversation
};

// Each appends the answer for question.intent to out; given an intent outside its family, a
// writer passes the question on to the right one.
void AnswerPolicy(Question& question, std::string& out);            // kLostLuggage .. kContactSupport
void AnswerTrip(Question& question, std::string& out);              // kWeather .. kBooking
void AnswerConversation(Question& question, std::string& out);      // the rest, including kUnknown
void AnswerRecall(Question& question, std::string& out);            // kRecallFirst .. kRecallConversation
void AnswerThingsToDo(Question& question, std::string& out);        // kThingsToDo (trip_ideas.cc)
void AnswerDestinationIdeas(Question& question, std::string& out);  // kDestinationIdeas (trip_ideas.cc)
// A request to book, pay, cancel or list bookings (booking_ask.h), whatever its intent: what this
// model cannot do, and who can (the flightly-agent model, the app); the trip so far for a booking.
void AnswerBookingAsk(Question& question, BookingAction action, std::string& out);

// Shared by the writers ---------------------------------------------------------------------

// " You told me on 2026-12-07 you prefer aisle seats, so I'll look for those." for a seat, meal or
// loyalty question when the profile or an earlier session holds the traveller's preference; false
// (nothing appended) otherwise.
bool AppendPersonalPolicyNote(Question& question, std::string& out);
// "Your budget: $400 (you told me on 2026-12-07)." for a profile key ("budget_usd") the profile
// or an earlier session holds; false (nothing appended) when neither does.
bool AppendKnownValue(Question& question, std::string_view key, std::string& out);

// Who is travelling: this session's slots first, else the profile.
struct Party {
  int adults = 0;
  int kids = 0;
  Ages ages;
  int travelers = 0;          // a total without a split
  bool from_profile = false;  // the ages or counts came from the profile
  bool empty() const { return adults == 0 && kids == 0 && travelers == 0 && ages.empty(); }
};
Party ResolveParty(const Question& question);

// "2 adults and 2 kids (ages 4 and 8)", "4 travellers"; nothing for an empty party.
void AppendParty(std::string& out, const Party& party);
// "4 and 8", "3, 6 and 9".
void AppendAges(std::string& out, const Ages& ages);
// " in March", " on March 14, 2026", " next week", " for spring break"; nothing without dates.
void AppendWhen(std::string& out, const Slots& slots);
// "$300 a person", "$150 a night", "$2,000".
void AppendBudget(std::string& out, int usd, BudgetUnit unit);
// ", 4★ or more, with a pool and a spa": what the hotel should be (Slots' stars and amenities), or nothing.
void AppendHotelWants(const Slots& s, std::string& out);
// "under $300 a person", "from $200 a night", "$150 to $250 a night". REQUIRES: s.HasBudget().
void AppendBudgetRange(std::string& out, const Slots& s);
// The list of things the offline model can help with, as one sentence fragment.
void AppendCapabilities(std::string& out);
// "April to October", "December to March and June to September", "all year".
void AppendMonthRanges(std::string& out, std::uint16_t months);
// The month the turn talks about: a stated month, else the one a season suggests; 0 if none.
int MonthOf(const Slots& slots);
// "outdoors and hiking" for the profile list "outdoors,hiking".
void AppendListItems(std::string& out, std::string_view comma_list);
// ", under $300 a person" from the slots, else ", within your $300 budget" from the profile
// (marking the turn personalised); nothing without a budget. A hotel search shows only a budget a
// night, and other answers never show one.
void AppendBudgetClause(Question& question, std::string& out);
// "flights from Las Vegas (LAS) to Honolulu (HNL) in March for 2 adults, under $300 a person"
// from the session's slots; returns false (appending nothing) when the session has none.
bool AppendTripSummary(const Question& question, std::string& out);

// Where a profile field the answer uses came from. Long-term memory fills in fields the saved
// profile does not set (llm::ChatContext::remembered), and the answer says so:
//   SourceOf  "your profile" | "what you told me on 2026-12-05"
//   Says      "Your profile says" | "You told me on 2026-12-05"
std::string SourceOf(const Question& question, std::string_view field);
std::string Says(const Question& question, std::string_view field);

// PlaceTag bits the traveller cares about: the profile's interests and interest words in the
// message ("we love beaches").
std::uint16_t Interests(const Question& question);

struct Activity;
// Up to max activities in place that suit the party's ages, best first for the interests (and
// free ones first when there is a budget). Returns how many were written to out.
std::size_t PickActivities(const Question& question, const Place& place, const Party& party,
                           std::uint16_t interests, const Activity** out, std::size_t max);

// The sentence every answer that could involve live data ends with. Respond() drops it when the
// turn carries live facts from the database (they are listed instead).
// The end of a trip plan without fares or rooms in it.
inline constexpr std::string_view kAskForFlightsOrHotels = "\nNext, ask me for flights or hotels there.";

inline constexpr std::string_view kNoLiveData =
    "I quote fares, rates and availability only from the Flightly database, so I won't guess prices.";

}  // namespace contrail::flightly::offline
