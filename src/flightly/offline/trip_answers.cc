// Trip answers: flight and hotel searches, weather, family trips, budget, booking and packages.
// They state what was understood (places, dates, party, budget) and never invent live prices or
// availability: those come from the Flightly database in a later feature.
#include "flightly/offline/activities.h"
#include "flightly/offline/answers.h"
#include "flightly/climate.h"

namespace contrail::flightly::offline {
namespace {

struct Where {
  const Place* place = nullptr;
  std::string_view label;
};

Where Destination(const Turn& turn) {
  return {turn.slots.destination, turn.slots.destination_label};
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

void AppendProfileNotes(Turn& turn, const Party& party, bool home_used, std::string& out) {
  const ProfileView& p = turn.profile;
  if (home_used) out.append(" I used your home airport from your profile.");
  if (party.from_profile) out.append(" Travellers and ages are from your profile.");
  if (!p.avoid_airlines.empty()) {
    out.append(" I'll leave out ");
    AppendClipped(out, p.avoid_airlines, 80);
    out.append(", as your profile asks.");
  }
  if (!p.seat.empty()) {
    out.append(" I'll look for ");
    AppendClipped(out, p.seat, 20);
    out.append(" seats, your preference.");
  }
  if (home_used || party.from_profile || !p.avoid_airlines.empty() || !p.seat.empty()) {
    turn.personalised = true;
  }
}

void FlightSearch(Turn& turn, std::string& out) {
  const Slots& s = turn.slots;
  Where origin{s.origin, s.origin_label};
  bool home_used = false;
  if (!origin.place && turn.profile.home) {
    origin = {turn.profile.home, {}};
    home_used = true;
  }
  Where to = Destination(turn);
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
  Party party = ResolveParty(turn);
  out.append("Looking for flights");
  if (origin.place) {
    out.append(" from ");
    AppendWhere(out, origin);
  }
  out.append(" to ");
  AppendWhere(out, to);
  AppendWhen(out, s);
  if (!party.empty()) {
    out.append(" for ");
    AppendParty(out, party);
  }
  Cabin cabin = s.cabin != Cabin::kNone ? s.cabin : turn.profile.cabin;
  if (cabin != Cabin::kNone) out.append(", in ").append(CabinName(cabin));
  AppendBudgetClause(turn, out);
  out.append(".");
  if (s.cabin == Cabin::kNone && cabin != Cabin::kNone) turn.personalised = true;
  AppendProfileNotes(turn, party, home_used, out);
  AppendHawaiiNote(to, out);
  out.append(" ").append(kNoLiveData);
  if (!origin.place) {
    out.append(" Where will you fly from? (Add a home airport to your profile and I'll use it.)");
  } else if (!s.HasDates()) {
    out.append(" When would you like to go?");
  } else if (party.empty()) {
    out.append(" How many people are travelling?");
  }
}

void HotelSearch(Turn& turn, std::string& out) {
  Where to = Destination(turn);
  if (!to.place) {
    out.append(
        "Which city or island would you like a hotel in? Add dates, who's travelling "
        "and a nightly budget if you have them.");
    return;
  }
  const Slots& s = turn.slots;
  Party party = ResolveParty(turn);
  out.append("Looking for hotels in ");
  AppendWhere(out, to);
  AppendWhen(out, s);
  if (!party.empty()) {
    out.append(" for ");
    AppendParty(out, party);
  }
  AppendBudgetClause(turn, out);
  out.append(".");
  if (!turn.said.destination) {
    // "hotels there?": say which place was meant, so a wrong guess is easy to correct.
    bool there = false;
    for (std::size_t i = 0; i < turn.tokens.size() && !there; ++i) {
      there = turn.tokens.text(i) == "there";
    }
    out.append(there ? " I took \"there\" to be " : " I used ");
    out.append(to.label.empty() ? to.place->city : to.label);
    out.append(", from earlier in our conversation.");
    turn.personalised = true;
  }
  if (party.from_profile) {
    out.append(" Travellers and ages are from your profile.");
    turn.personalised = true;
  }
  if (party.adults > 0 && party.kids > 0) {
    out.append(" I'll look for family rooms or suites that sleep ");
    AppendInt(out, party.adults + party.kids);
    out.append(".");
  }
  out.append(" ").append(kNoLiveData);
  if (!s.HasDates()) out.append(" Which dates, or how many nights?");
}

void Weather(Turn& turn, std::string& out) {
  Where where{turn.said.destination, turn.said.destination_label};
  if (!where.place && turn.said.origin) where = {turn.said.origin, turn.said.origin_label};
  if (!where.place) where = Destination(turn);
  if (!where.place) {
    out.append(
        "Which place would you like the weather for? For example \"weather in Honolulu "
        "in March\".");
    return;
  }
  int month = MonthOf(turn.slots);
  AppendWhere(out, where);
  if (month) {
    out.append(" in ").append(MonthName(month)).append(" is typically ");
    out.append(TypicalWeather(*where.place, month)).append(".");
    if (where.place->good_months & (1u << (month - 1))) {
      out.append(" It's a good time to go.");
    }
  } else if (TypicalWeather(*where.place, 1) == TypicalWeather(*where.place, 7)) {
    out.append(" is typically ").append(TypicalWeather(*where.place, 1)).append(".");
  } else {
    out.append(": in January it's typically ").append(TypicalWeather(*where.place, 1));
    out.append("; in July, ").append(TypicalWeather(*where.place, 7)).append(".");
  }
  std::uint16_t good = where.place->good_months;
  if (!month && good == 0xFFF) out.append(" Any time of year is a good time to go.");
  if (!month && good != 0 && good != 0xFFF) {
    out.append(" The best time to go is usually ");
    AppendMonthRanges(out, good);
    out.append(".");
  }
  out.append(" That's the usual climate, not a forecast — I can't see live forecasts offline.");
}

void FamilyTrip(Turn& turn, std::string& out) {
  Party party = ResolveParty(turn);
  Where to = Destination(turn);
  out.append("Let's plan a family trip");
  if (to.place) {
    out.append(" to ");
    AppendWhere(out, to);
  }
  AppendWhen(out, turn.slots);
  if (!party.empty()) {
    out.append(" for ");
    AppendParty(out, party);
  }
  out.append(".");
  if (party.from_profile) {
    out.append(" (Travellers are from your profile.)");
    turn.personalised = true;
  }
  out.append(
      "\n• Flights: children under 12 sit next to an adult for free, and strollers and "
      "car seats fly free");
  if (!party.ages.empty() && party.ages.youngest() < 2) {
    out.append("; your under-2 can fly on your lap");
  }
  out.append(
      ".\n• Bags: every traveller with a seat, children included, gets the same "
      "allowance.");
  if (to.place) {
    const Activity* picks[3];
    std::size_t n = PickActivities(turn, *to.place, party, Interests(turn), picks, 3);
    if (n > 0) out.append("\n• To do: ");
    for (std::size_t k = 0; k < n; ++k) {
      if (k > 0) out.append("; ");
      out.append(picks[k]->text);
    }
    if (n > 0) out.append(".");
    if (int month = MonthOf(turn.slots)) {
      out.append("\n• Weather: usually ").append(WeatherInBrief(*to.place, month));
      out.append(" in ").append(MonthName(month)).append(".");
    }
    out.append("\nNext, ask me for flights or hotels there. ");
  } else {
    out.append(
        "\nNeed a destination? Ask \"where should we go in March?\" and I'll suggest "
        "family-friendly places. ");
  }
  out.append(kNoLiveData);
}

void Budget(Turn& turn, std::string& out) {
  const Slots& s = turn.slots;
  if (s.budget_usd > 0) {
    out.append("Your budget: ");
    AppendBudget(out, s.budget_usd, s.budget_unit);
    out.append(".");
  } else if (turn.profile.budget_usd > 0) {
    out.append("Your profile budget is ");
    AppendBudget(out, turn.profile.budget_usd, BudgetUnit::kTotal);
    out.append(".");
    turn.personalised = true;
  } else {
    out.append(
        "You haven't told me a budget yet — say one like \"under $300 a person\" and "
        "I'll keep it with your trip.");
  }
  out.append(
      " To make it go further: fly midweek, keep your dates flexible by a few days, book "
      "domestic trips 1–3 months ahead and long-haul 2–6 months ahead, compare nearby "
      "airports, set a fare alert in the app, and pick a Saver fare if you travel light.");
  Where to = Destination(turn);
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
}

void Booking(Turn& turn, std::string& out) {
  out.append(
      "Here's how booking works on Flightly: 1) search flights (and hotels) for your dates "
      "and travellers; 2) choose your flights and a fare — Saver, Standard or Flex; 3) enter "
      "each traveller's name exactly as on their passport or ID; 4) add seats, bags and "
      "extras; 5) pay on the secure payment page; 6) get a confirmation email with your "
      "6-character booking reference, and the trip appears under Trips. I can't complete a "
      "booking from this chat yet — that's coming.");
  std::string summary;
  if (AppendTripSummary(turn, summary)) {
    out.append(" So far I have ").append(summary).append(".");
    turn.personalised = true;
    if (!turn.slots.destination)
      out.append(" Still needed: where you're going.");
    else if (!turn.slots.HasDates())
      out.append(" Still needed: your travel dates.");
  }
}

void Packages(Turn& turn, std::string& out) {
  out.append(
      "Flight + hotel packages put both in one booking with one payment, often for less than "
      "booking them separately, and many include airport transfers. Packages follow the "
      "flight's fare rules and the hotel's cancellation policy.");
  Where to = Destination(turn);
  if (to.place) {
    Party party = ResolveParty(turn);
    out.append(" For ");
    AppendWhere(out, to);
    AppendWhen(out, turn.slots);
    if (!party.empty()) {
      out.append(" for ");
      AppendParty(out, party);
    }
    out.append(", I'd search flights and hotels together.");
  }
  out.append(" ").append(kNoLiveData);
}

}  // namespace

void AnswerTrip(Turn& turn, std::string& out) {
  switch (turn.intent) {
    case Intent::kFlightSearch: return FlightSearch(turn, out);
    case Intent::kHotelSearch: return HotelSearch(turn, out);
    case Intent::kWeather: return Weather(turn, out);
    case Intent::kFamilyTrip: return FamilyTrip(turn, out);
    case Intent::kBudget: return Budget(turn, out);
    case Intent::kBooking: return Booking(turn, out);
    case Intent::kPackages: return Packages(turn, out);
    case Intent::kThingsToDo: return AnswerThingsToDo(turn, out);
    case Intent::kDestinationIdeas: return AnswerDestinationIdeas(turn, out);
    default: return AnswerConversation(turn, out);
  }
}

}  // namespace contrail::flightly::offline
