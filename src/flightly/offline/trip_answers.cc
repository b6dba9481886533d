// Trip answers: flight and hotel searches, weather, family trips, budget, booking and packages.
// They state what was understood (places, dates, party, budget) and never invent live prices or
// availability: fares, hotel rates and offers come only from the turn's live facts (the Flightly
// database), which Respond() lists after the answer.
#include <algorithm>

#include "flightly/climate.h"
#include "flightly/gazetteer.h"
#include "flightly/grounding.h"
#include "flightly/offline/activities.h"
#include "flightly/offline/answers.h"
#include "flightly/trip_dates.h"

namespace contrail::flightly::offline {
namespace {

struct Where {
  const Place* place = nullptr;
  std::string_view label;
};

Where Destination(const Question& question) {
  return {question.slots.destination, question.slots.destination_label};
}

void AppendWhere(std::string& out, const Where& where) {
  AppendPlaceName(out, *where.place, where.label);
}

// Hawaii means four airports; we default to Honolulu and say so.
void AppendHawaiiNote(const Where& where, std::string& out) {
  if (where.place->region != "Hawaii" || where.label != "Hawaii") return;
  out.append(
      " Hawaii has four main airports: Honolulu (HNL) on Oahu, Kahului (OGG) on Maui, Kona "
      "(KOA) on the Big Island and Lihue (LIH) on Kauai. I've used Honolulu; name an island to "
      "switch.");
}

// Fares depend on where the traveller flies from; without an origin the live facts name only the
// airports that have fares, so the answer asks.
constexpr std::string_view kAskOrigin =
    " Where will you fly from? (Add a home airport to your profile and I'll use it.)";

// Asks for the origin when the trip has a destination but neither the session nor the profile
// says where from.
void AskOriginIfUnknown(const Question& question, std::string& out) {
  if (question.slots.destination && !question.slots.origin && !question.profile.home) out.append(kAskOrigin);
}

// " Travellers and ages are from what you told me on 2026-12-07." (or "your profile").
void AppendPartySource(const Question& question, std::string& out) {
  const bool said_ages = question.request.context.remembered.contains("kids_ages");
  out.append(" Travellers and ages are from ").append(SourceOf(question, said_ages ? "kids_ages" : "adults")).append(".");
}

void AppendProfileNotes(Question& question, const Party& party, bool home_used, std::string& out) {
  const ProfileView& p = question.profile;
  if (home_used) out.append(" I used your home airport from ").append(SourceOf(question, "home_airport")).append(".");
  if (party.from_profile) AppendPartySource(question, out);
  if (!p.avoid_airlines.empty()) {
    out.append(" I'll leave out ");
    AppendClipped(out, p.avoid_airlines, 80);
    const auto& remembered = question.request.context.remembered;
    auto day = remembered.find("avoid_airlines");
    out.append(day == remembered.end() ? ", as your profile asks." : ", as you asked on " + day->second + ".");
  }
  if (!p.seat.empty()) {
    out.append(" I'll look for ");
    AppendClipped(out, p.seat, 20);
    out.append(" seats, your preference.");
  }
  if (p.nonstop && question.intent == Intent::kFlightSearch) {
    const auto& remembered = question.request.context.remembered;
    auto day = remembered.find("stops");
    out.append(day == remembered.end() ? " Nonstop flights first, as your profile asks."
                                       : " Nonstop flights first, as you asked on " + day->second + ".");
  }
  if (home_used || party.from_profile || !p.avoid_airlines.empty() || !p.seat.empty() || p.nonstop) {
    question.personalised = true;
  }
}

// When a flight leaves, and when a round trip comes back: "on April 6, returning April 13", "on
// Monday, returning Friday"; other nights as a stay's ("in March (7 nights)").
void AppendFlightDates(std::string& out, const Slots& s) {
  Slots out_only = s;
  out_only.nights = 0;
  const int leaves = WeekdayOf(s.when);
  if (Day back; ReturnDay(s, back)) {
    AppendWhen(out, out_only);
    out.append(", returning ").append(MonthName(back.month)).append(" ");
    AppendInt(out, back.day);
  } else if (leaves >= 0 && s.nights > 0 && s.nights < 7) {
    AppendWhen(out, out_only);
    out.append(", returning ").append(WeekdayName(leaves + s.nights));
  } else {
    AppendWhen(out, s);
  }
}

void FlightSearch(Question& question, std::string& out) {
  const Slots& s = question.slots;
  Where origin{s.origin, s.origin_label};
  bool home_used = false;
  if (!origin.place && question.profile.home) {
    origin = {question.profile.home, {}};
    home_used = true;
  }
  Where to = Destination(question);
  if (!to.place) {
    out.append("Where would you like to fly");
    if (origin.place) {
      out.append(" from ");
      AppendWhere(out, origin);
    }
    out.append(
        "? Tell me a city or airport and, if you know them, dates, who's travelling and a "
        "budget — for example \"flights from Las Vegas to Honolulu in March for 2 adults\".");
    return;
  }
  if (origin.place == to.place) {
    out.append("That starts and ends in ");
    AppendWhere(out, to);
    out.append(" — where would you like to fly from?");
    return;
  }
  Party party = ResolveParty(question);
  out.append("Looking for flights");
  if (origin.place) {
    out.append(" from ");
    AppendWhere(out, origin);
  }
  out.append(" to ");
  AppendWhere(out, to);
  AppendFlightDates(out, s);
  if (!party.empty()) {
    out.append(" for ");
    AppendParty(out, party);
  }
  Cabin cabin = s.cabin != Cabin::kNone ? s.cabin : question.profile.cabin;
  if (cabin != Cabin::kNone) out.append(", in ").append(CabinName(cabin));
  if (s.nonstop) out.append(", nonstop");
  AppendBudgetClause(question, out);
  out.append(".");
  if (s.cabin == Cabin::kNone && cabin != Cabin::kNone) question.personalised = true;
  AppendProfileNotes(question, party, home_used, out);
  AppendHawaiiNote(to, out);
  // "under $100" and nothing that cheap: said first, with what the route costs.
  for (const std::string& fact : question.request.context.live_facts) {
    if (IsNoFareLine(fact)) out.append(" ").append(fact);
  }
  out.append(" ").append(kNoLiveData);
  if (!origin.place) {
    out.append(kAskOrigin);
  } else if (!s.HasDates()) {
    out.append(" When would you like to go?");
  } else if (party.empty()) {
    out.append(" How many people are travelling?");
  } else if (party.adults == 0 && party.travelers == 0) {  // "2 kids, 4 and 8": children fly with an adult
    out.append(" How many adults are travelling with the children?");
  }
}

// The turn's live facts list hotels' nightly rates from the database.
bool HasHotelRates(const Question& question) {
  const auto& facts = question.request.context.live_facts;
  return std::any_of(facts.begin(), facts.end(), [](const std::string& f) { return IsHotelRateLine(f); });
}

void HotelSearch(Question& question, std::string& out) {
  Where to = Destination(question);
  if (!to.place) {
    out.append(
        "Which city or island would you like a hotel in? Add dates, who's travelling "
        "and a nightly budget if you have them.");
    return;
  }
  const Slots& s = question.slots;
  Party party = ResolveParty(question);
  out.append("Looking for hotels in ");
  AppendWhere(out, to);
  AppendWhen(out, s);
  if (!party.empty()) {
    out.append(" for ");
    AppendParty(out, party);
  }
  AppendHotelWants(s, out);
  AppendBudgetClause(question, out);
  out.append(".");
  if (!question.said.destination) {
    // "hotels there?": say which place was meant, so a wrong guess is easy to correct.
    bool there = false;
    for (std::size_t i = 0; i < question.tokens.size() && !there; ++i) {
      there = question.tokens.text(i) == "there";
    }
    out.append(there ? " I took \"there\" to be " : " I used ");
    out.append(to.label.empty() ? to.place->city : to.label);
    out.append(", from earlier in our conversation.");
    question.personalised = true;
  }
  if (party.from_profile) {
    AppendPartySource(question, out);
    question.personalised = true;
  }
  const bool kids = party.kids > 0 || !party.ages.empty();
  if (HasHotelRates(question)) {
    // The rates are the live facts, listed after the answer: say how they were picked.
    const std::string_view order = s.top_rated ? "best rated" : "cheapest";
    out.append(" Below are hotels with rooms left, ");
    if (kids) {
      out.append("family-friendly ones first, then the ").append(order);
    } else {
      out.append(order).append(" first");
    }
    out.append("; rates are a night.");
  } else {
    if (party.adults > 0 && party.kids > 0) {
      out.append(" I'll look for family rooms or suites that sleep ");
      AppendInt(out, party.adults + party.kids);
      out.append(".");
    }
    out.append(" ").append(kNoLiveData);
  }
  if (!s.HasDates()) out.append(" Which dates, or how many nights?");
}

// The places a weather question asks about, in the order it names them, leaving out where the
// traveller says they are from: "the weather in Maui compared to Reykjavik" is about Maui first,
// which the trip's slots (Reykjavik, the last place after "to") do not say. Returns how many.
std::size_t AskedPlaces(const Question& question, Where* out, std::size_t max) {
  std::size_t n = 0;
  const Tokens& tokens = question.tokens;
  for (std::size_t i = 0; i < tokens.size() && n < max;) {
    PlaceMatch m = MatchPlace(tokens, i);
    if (m.place == nullptr) {
      ++i;
      continue;
    }
    i += m.words;
    bool seen = m.place == question.said.origin && question.said.destination != nullptr;
    for (std::size_t k = 0; k < n; ++k) seen = seen || out[k].place == m.place;
    if (!seen) out[n++] = {m.place, m.label};
  }
  return n;
}

void AppendClimate(const Where& where, int month, std::string& out) {
  AppendWhere(out, where);
  const Place& place = *where.place;
  if (month) {
    out.append(" in ").append(MonthName(month)).append(" is typically ");
    out.append(TypicalWeather(place, month)).append(".");
    if (place.good_months & (1u << (month - 1))) out.append(" It's a good time to go.");
    return;
  }
  if (TypicalWeather(place, 1) == TypicalWeather(place, 7)) {
    out.append(" is typically ").append(TypicalWeather(place, 1)).append(".");
  } else {
    out.append(": in January it's typically ").append(TypicalWeather(place, 1));
    out.append("; in July, ").append(TypicalWeather(place, 7)).append(".");
  }
  if (place.good_months == 0xFFF) out.append(" Any time of year is a good time to go.");
  if (place.good_months != 0 && place.good_months != 0xFFF) {
    out.append(" The best time to go is usually ");
    AppendMonthRanges(out, place.good_months);
    out.append(".");
  }
}

// A second place named in the question, in brief and by name, so its season is never read as
// the first place's.
void AppendClimateToCompare(const Where& where, int month, std::string& out) {
  out.append(" For comparison, ");
  AppendWhere(out, where);
  if (month) {
    out.append(" in ").append(MonthName(month)).append(" is usually ").append(WeatherInBrief(*where.place, month));
  } else {
    out.append(" is usually ").append(WeatherInBrief(*where.place, 1)).append(" in January and ");
    out.append(WeatherInBrief(*where.place, 7)).append(" in July");
  }
  out.append(".");
}

void Weather(Question& question, std::string& out) {
  Where asked[3];
  std::size_t n = AskedPlaces(question, asked, std::size(asked));
  if (n == 0 && question.slots.destination) asked[n++] = Destination(question);  // "what's the weather like?"
  if (n == 0) {
    out.append(
        "Which place would you like the weather for? For example \"weather in Honolulu "
        "in March\".");
    return;
  }
  int month = MonthOf(question.slots);
  AppendClimate(asked[0], month, out);
  for (std::size_t k = 1; k < n; ++k) AppendClimateToCompare(asked[k], month, out);
  out.append(" That's the usual climate, not a forecast — I can't see live forecasts offline.");
}

void AppendFamilyFlightNotes(const Party& party, std::string& out) {
  out.append(
      "\n• Flights: children under 12 sit next to an adult for free, and strollers and "
      "car seats fly free");
  if (!party.ages.empty() && party.ages.youngest() < 2) {
    out.append("; your under-2 can fly on your lap");
  }
  out.append(
      ".\n• Bags: every traveller with a seat, children included, gets the same "
      "allowance.");
}

void FamilyTrip(Question& question, std::string& out) {
  Party party = ResolveParty(question);
  Where to = Destination(question);
  // "a trip with my wife": two adults are not a family with children.
  const bool kids = party.kids > 0 || !party.ages.empty() || party.travelers > 0 || party.adults == 0;
  out.append(kids ? "Let's plan a family trip" : "Let's plan a trip");
  if (to.place) {
    out.append(" to ");
    AppendWhere(out, to);
  }
  AppendWhen(out, question.slots);
  if (!party.empty()) {
    out.append(" for ");
    AppendParty(out, party);
  }
  out.append(".");
  if (party.from_profile) {
    out.append(" (Travellers are from your profile.)");
    question.personalised = true;
  }
  if (kids) AppendFamilyFlightNotes(party, out);
  if (to.place) {
    const Activity* picks[3];
    std::size_t n = PickActivities(question, *to.place, party, Interests(question), picks, 3);
    if (n > 0) out.append("\n• To do: ");
    for (std::size_t k = 0; k < n; ++k) {
      if (k > 0) out.append("; ");
      out.append(picks[k]->text);
    }
    if (n > 0) out.append(".");
    if (int month = MonthOf(question.slots)) {
      out.append("\n• Weather: usually ").append(WeatherInBrief(*to.place, month));
      out.append(" in ").append(MonthName(month)).append(".");
    }
    out.append(kAskForFlightsOrHotels).append(" ");
  } else {
    out.append(
        "\nNeed a destination? Ask \"where should we go in March?\" and I'll suggest "
        "family-friendly places. ");
  }
  out.append(kNoLiveData);
  AskOriginIfUnknown(question, out);
}

void Budget(Question& question, std::string& out) {
  const Slots& s = question.slots;
  if (s.HasBudget()) {
    out.append("Your budget: ");
    if (s.budget_min_usd > 0) {
      AppendBudgetRange(out, s);
    } else {
      AppendBudget(out, s.budget_usd, s.budget_unit);
    }
    out.append(".");
  } else if (question.profile.budget_usd > 0) {
    out.append("Your profile budget is ");
    AppendBudget(out, question.profile.budget_usd, BudgetUnit::kTotal);
    out.append(".");
    question.personalised = true;
  } else {
    out.append(
        "You haven't told me a budget yet — say one like \"under $300 a person\" and "
        "I'll keep it with your trip.");
  }
  out.append(
      " To make it go further: fly midweek, keep your dates flexible by a few days, book "
      "domestic trips 1–3 months ahead and long-haul 2–6 months ahead, compare nearby "
      "airports, set a fare alert in the app, and pick a Saver fare if you travel light.");
  Where to = Destination(question);
  int month = MonthOf(s);
  if (to.place && !month && to.place->good_months != 0 && to.place->good_months != 0xFFF) {
    out.append(" For ").append(to.place->city).append(", the busiest season is usually ");
    AppendMonthRanges(out, to.place->good_months);
    out.append(", so the months around it are often cheaper.");
  }
  if (to.place && month && to.place->tags != 0) {
    bool popular = to.place->good_months & (1u << (month - 1));
    out.append(" ")
        .append(MonthName(month))
        .append(popular ? " is a popular time for " : " is outside the busiest season for ");
    out.append(to.place->city).append(popular ? ", so book early." : ", which often helps prices.");
  }
  out.append(" ").append(kNoLiveData);
  AskOriginIfUnknown(question, out);
}

// Who completes a booking in chat: the flightly-agent model (README: Multi-agent Flightly), not this one.
constexpr std::string_view kAgentBooks =
    "I can't hold seats or take payment myself; the flightly-agent model can — ask it the same and it "
    "holds the seats for your party, takes the payment and emails the confirmation — or book on "
    "flightly.com or in the Flightly app.";

void Booking(Question& question, std::string& out) {
  out.append(
      "Here's how booking works on Flightly: 1) search flights (and hotels) for your dates "
      "and travellers; 2) choose your flights and a fare — Saver, Standard or Flex; 3) enter "
      "each traveller's name exactly as on their passport or ID; 4) add seats, bags and "
      "extras; 5) pay on the secure payment page; 6) get a confirmation email with your "
      "6-character booking reference, and the trip appears under Trips. ");
  out.append(kAgentBooks);
  std::string summary;
  if (AppendTripSummary(question, summary)) {
    out.append(" So far I have ").append(summary).append(".");
    question.personalised = true;
    if (!question.slots.destination)
      out.append(" Still needed: where you're going.");
    else if (!question.slots.HasDates())
      out.append(" Still needed: your travel dates.");
  }
}

void Packages(Question& question, std::string& out) {
  out.append(
      "Flight + hotel packages put both in one booking with one payment, often for less than "
      "booking them separately, and many include airport transfers. Packages follow the "
      "flight's fare rules and the hotel's cancellation policy.");
  Where to = Destination(question);
  if (to.place) {
    Party party = ResolveParty(question);
    out.append(" For ");
    AppendWhere(out, to);
    AppendWhen(out, question.slots);
    if (!party.empty()) {
      out.append(" for ");
      AppendParty(out, party);
    }
    out.append(", I'd search flights and hotels together.");
  }
  out.append(" ").append(kNoLiveData);
  AskOriginIfUnknown(question, out);
}

}  // namespace

void AnswerTrip(Question& question, std::string& out) {
  switch (question.intent) {
    case Intent::kFlightSearch: return FlightSearch(question, out);
    case Intent::kHotelSearch: return HotelSearch(question, out);
    case Intent::kWeather: return Weather(question, out);
    case Intent::kFamilyTrip: return FamilyTrip(question, out);
    case Intent::kBudget: return Budget(question, out);
    case Intent::kBooking: return Booking(question, out);
    case Intent::kPackages: return Packages(question, out);
    case Intent::kThingsToDo: return AnswerThingsToDo(question, out);
    case Intent::kDestinationIdeas: return AnswerDestinationIdeas(question, out);
    default: return AnswerConversation(question, out);
  }
}

void AnswerBookingAsk(Question& question, BookingAction action, std::string& out) {
  switch (action) {
    case BookingAction::kList:
      out.append("Your bookings are under Trips in the Flightly app. ");
      break;
    case BookingAction::kCancel:
      out.append("You can cancel a booking under Trips in the Flightly app; the refund follows its fare's rules. ");
      break;
    case BookingAction::kPay:
      out.append("A held booking is paid on flightly.com or in the app before its hold runs out. ");
      break;
    default:
      break;
  }
  out.append(kAgentBooks);
  std::string summary;
  if (action == BookingAction::kBook && AppendTripSummary(question, summary)) {
    out.append(" The trip so far: ").append(summary).append(".");
    question.personalised = true;
  }
}

}  // namespace contrail::flightly::offline
