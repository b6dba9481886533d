// Flightly's policies and services, as the offline model states them. Flightly is fictional: these
// texts ARE its policy, so they must stay consistent with each other (fare types Saver, Standard
// and Flex; bag limits 23 kg / 32 kg; the 24-hour rule; Flightly Miles tiers).
#include "flightly/offline/answers.h"

namespace contrail::flightly::offline {
namespace {

void Baggage(Question& question, std::string& out) {
  Cabin cabin = question.slots.cabin != Cabin::kNone ? question.slots.cabin : question.profile.cabin;
  if (question.slots.cabin == Cabin::kNone && cabin != Cabin::kNone) question.personalised = true;
  switch (cabin) {
    case Cabin::kPremium:
      out.append("In Premium Economy you can check 2 bags of up to 23 kg (50 lb) each. ");
      break;
    case Cabin::kBusiness:
      out.append("In Business you can check 2 bags of up to 32 kg (70 lb) each. ");
      break;
    case Cabin::kFirst:
      out.append("In First you can check 3 bags of up to 32 kg (70 lb) each. ");
      break;
    default: break;
  }
  out.append(
      "Flightly's checked-bag allowance: Economy Standard and Flex fares include 1 bag up to "
      "23 kg (50 lb); Economy Saver includes none (add bags in Manage booking); Premium Economy "
      "2 × 23 kg; Business 2 × 32 kg (70 lb); First 3 × 32 kg. Each bag can measure up to "
      "158 cm (62 in) in length + width + height. Every fare also includes a carry-on and a "
      "personal item. Strollers and car seats travel free.");
}

void CarryOn(std::string& out) {
  out.append(
      "On every Flightly fare you can bring one carry-on bag up to 56 × 36 × 23 cm "
      "(22 × 14 × 9 in) and 10 kg (22 lb) for the overhead bin, plus one personal item — a "
      "handbag, laptop bag or small backpack — that fits under the seat in front of you. "
      "Liquids follow the security rule: containers of 100 ml (3.4 oz) or less in one clear "
      "1-litre bag. Medicines and baby food are allowed in larger amounts. On full flights we "
      "may check a carry-on free of charge at the gate.");
}

void ExcessBaggage(std::string& out) {
  out.append(
      "Extra, overweight and oversized bags: you can add extra bags in Manage booking or at "
      "check-in — it costs less online, up to 24 hours before departure. A bag over your "
      "allowance's weight (23 or 32 kg) pays an overweight fee; nothing over 32 kg (70 lb) is "
      "accepted as a checked bag. Bags up to 203 cm (80 in) in total dimensions pay an "
      "oversize fee. Sports equipment (golf clubs, skis, surfboards, bikes) counts as one "
      "checked bag if it's packed in its own case; bikes and surfboards need to be booked "
      "ahead. The exact fee for your route shows in Manage booking.");
}

void LostLuggage(std::string& out) {
  out.append(
      "Sorry about your bag. Please report it before you leave the airport at the Flightly "
      "baggage desk, or within 24 hours in the app (Trips → your trip → Report a bag problem). "
      "You'll get a file reference to track it; most delayed bags reach you within 48 hours "
      "and we deliver them to you. Keep receipts for essentials you buy meanwhile — we "
      "reimburse reasonable costs. If a bag hasn't been found after 21 days it's declared lost "
      "and you can claim for its contents. Report damage within 7 days of getting the bag "
      "back.");
}

void Pets(std::string& out) {
  out.append(
      "Pets on Flightly: small dogs and cats can travel in the cabin in a soft, ventilated "
      "carrier that fits under the seat, with pet and carrier together up to 8 kg (17 lb). "
      "One pet per passenger; book at least 48 hours ahead, as there are only a few pet spots "
      "on each flight, and there is a pet fee each way. Larger pets travel as cargo through our "
      "partner. Trained service dogs fly free in the cabin with the required forms; emotional "
      "support animals travel as pets. Some destinations (Hawaii, the UK, Australia) have "
      "strict pet entry rules — check them early.");
}

void UnaccompaniedMinors(const Party& party, std::string& out) {
  out.append(
      "Children flying alone: kids aged 5 to 11 can fly without an adult only with Flightly's "
      "unaccompanied minor service (a fee applies; non-stop flights only). A staff member "
      "escorts them from check-in to the aircraft and hands them over at arrival to the adult "
      "named on the booking, who must show ID. Teens aged 12 to 17 can fly alone, and the "
      "service is optional for them. Children under 5 must travel with someone aged 16 or "
      "over.");
  if (!party.ages.empty() && party.ages.youngest() < 5) {
    out.append(" Your youngest (");
    AppendInt(out, party.ages.youngest());
    out.append(") would need to fly with someone aged 16 or over.");
  }
}

void Infants(const Party& party, std::string& out) {
  out.append(
      "Flying with a baby: infants from 7 days to under 2 years can travel on an adult's lap "
      "(one lap infant per adult) for a reduced infant fare plus taxes, or in their own seat in "
      "an approved car seat. Bassinets are available on long-haul flights — request one in "
      "Manage booking; they go first come, first served. A stroller and a car seat travel free "
      "and you can keep the stroller to the gate. Baby food, milk and formula are allowed "
      "through security. Children aged 2 and over need their own seat.");
  if (!party.ages.empty() && party.ages.youngest() < 2) {
    out.append(" Your little one is under 2, so a lap seat or their own seat both work.");
  }
}

void Refund(std::string& out) {
  out.append(
      "Refunds: Flex fares are fully refundable to your original payment method. Saver and "
      "Standard fares are non-refundable, but if you cancel before departure you get the fare "
      "back as Flightly credit (valid for 12 months) and unused taxes are refunded. Any "
      "booking can be cancelled for a full refund within 24 hours of booking if departure is "
      "at least 7 days away. If Flightly cancels your flight or changes it by 3 hours or more, "
      "you can have a full refund whatever the fare. Card refunds arrive within 7 business "
      "days.");
}

void Cancellation(std::string& out) {
  out.append(
      "To cancel, go to Manage booking → Cancel trip. Within 24 hours of booking (for "
      "departures at least 7 days away) it's free with a full refund. After that, Flex fares "
      "are refunded in full, and Saver and Standard fares become Flightly credit valid for 12 "
      "months, as long as you cancel before departure — a no-show forfeits a non-refundable "
      "fare. Hotels in a package follow the hotel's own cancellation policy, shown before you "
      "pay.");
}

void ChangeBooking(std::string& out) {
  out.append(
      "Changes: in Manage booking you can change dates, times or route up to 1 hour before "
      "departure. Standard and Flex fares have no change fee — you only pay any fare "
      "difference; Saver fares pay a change fee plus the difference. Flex fares also include "
      "free same-day changes and standby. Name corrections for typos are free; a booking "
      "can't be transferred to another person.");
}

void CheckIn(const Question& question, std::string& out) {
  out.append(
      "Check-in opens online and in the Flightly app 24 hours before departure and closes 60 "
      "minutes before (90 minutes for international flights). At the airport, counters open 3 "
      "hours before; bag drop closes 45 minutes before domestic and 60 minutes before "
      "international departures, and the gate closes 15 minutes before departure. We suggest "
      "arriving 2 hours ahead for domestic flights and 3 hours for international ones.");
  const Place* from = question.slots.origin ? question.slots.origin : question.profile.home;
  const Place* to = question.slots.destination;
  if (from && to && from->country != to->country) {
    out.append(" Your trip to ").append(to->city).append(" is international, so plan on 3 hours.");
  }
}

}  // namespace

bool AppendPersonalPolicyNote(Question& question, std::string& out) {
  const ProfileView& p = question.profile;
  const std::size_t before = out.size();
  switch (question.intent) {
    case Intent::kSeats:
      if (!p.seat.empty()) {
        out.append(" ").append(Says(question, "seat")).append(" you prefer ").append(p.seat);
        out.append(" seats, so I'll look for those.");
      }
      break;
    case Intent::kMeals:
      if (!p.diet.empty()) {
        out.append(" ").append(Says(question, "diet")).append(": ").append(p.diet);
        out.append(", so remember to request that meal for each flight.");
      }
      break;
    case Intent::kLoyalty:
    case Intent::kUpgrades:
      if (!p.loyalty_tier.empty()) {
        out.append(" ").append(Says(question, "loyalty_tier")).append(" you have ").append(p.loyalty_tier);
        out.append(" status.");
      }
      break;
    default: break;
  }
  if (out.size() == before) return false;
  question.personalised = true;
  return true;
}

namespace {

void Seats(Question& question, const Party& party, std::string& out) {
  out.append(
      "Seats: everyone gets a free standard seat at check-in. To choose earlier, seat "
      "selection is free on Flex fares, in Premium Economy and above and for Gold and Platinum "
      "members, and costs a small fee on Saver and Standard fares. Children under 12 are "
      "always seated next to an adult on the booking at no charge. Exit rows need passengers "
      "aged 15 or over who can help in an emergency; extra-legroom seats cost a little more.");
  AppendPersonalPolicyNote(question, out);
  if (party.kids > 0 || !party.ages.empty()) {
    out.append(" With kids on the trip, you'll be seated together for free.");
  }
}

void Upgrades(std::string& out) {
  out.append(
      "Flightly has four cabins: Economy; Premium Economy (more legroom, 2 checked bags, "
      "priority boarding); Business (lie-flat seats on long-haul flights, lounge access, 2 × "
      "32 kg bags); and First on selected long-haul routes. You can upgrade by paying the "
      "difference in Manage booking, with Flightly Miles, or by bidding when we invite you; "
      "at the airport we sell remaining seats at check-in. Upgrades with miles are confirmed "
      "first for Platinum and Gold members.");
}

void SpecialAssistance(std::string& out) {
  out.append(
      "Special assistance is free: tell us at least 48 hours before departure (Manage booking "
      "→ Special assistance) and we'll arrange wheelchair help from check-in to your seat and "
      "on arrival. Wheelchairs and mobility aids travel free in addition to your allowance; "
      "for powered wheelchairs, share the battery type. We also help travellers who are blind "
      "or deaf, have autism or other hidden disabilities, or need medical devices (approved "
      "portable oxygen concentrators and CPAP machines can be used on board). Pregnant "
      "travellers can fly up to 36 weeks (32 weeks for twins); after 28 weeks please carry a "
      "doctor's letter.");
}

void Meals(Question& question, std::string& out) {
  out.append(
      "Food on board: snacks and soft drinks are free on every flight. Economy gets a hot meal "
      "on flights over 5 hours, and snacks and meals to buy on shorter ones; Premium Economy, "
      "Business and First get full meals. Special meals (vegetarian, vegan, gluten-free, "
      "kosher, halal, child, diabetic) are free — request them at least 24 hours before "
      "departure in Manage booking. We can't guarantee a nut-free cabin, so bring what you "
      "need for a severe allergy.");
  AppendPersonalPolicyNote(question, out);
}

void Wifi(std::string& out) {
  out.append(
      "Wi-Fi and entertainment: most Flightly aircraft have Wi-Fi, with free messaging for "
      "everyone and a paid pass for browsing and streaming (free in Business and First and for "
      "Gold and Platinum members). Movies, TV and a kids' channel play on seatback screens or "
      "stream to your own device through the Flightly app — download the app before you fly "
      "and bring headphones. Most seats have USB or power outlets.");
}

void Loyalty(Question& question, std::string& out) {
  out.append(
      "Flightly Miles is our free loyalty programme: you earn miles on every flight (more in "
      "higher cabins and fares) and on partner hotels and cars, and spend them on flights, "
      "upgrades, seats and bags. Tiers are Blue, Silver, Gold and Platinum, with perks like "
      "free seat choice, extra bags, lounge access and priority upgrades. Miles stay valid as "
      "long as you earn or spend some every 24 months, and families can pool miles across up "
      "to 6 members.");
  AppendPersonalPolicyNote(question, out);
}

void Insurance(std::string& out) {
  out.append(
      "Flightly offers optional travel insurance from our insurance partner when you book or "
      "in Manage booking up to 24 hours before departure. It can cover trip cancellation, "
      "medical costs abroad, and delayed or lost bags; it isn't included in fares. Check the "
      "policy wording for what's covered, especially for pre-existing conditions, and compare "
      "it with any cover your credit card already gives you.");
}

void TravelDocuments(const Question& question, std::string& out) {
  const Place* from = question.slots.origin ? question.slots.origin : question.profile.home;
  const Place* to = question.slots.destination;
  if (from && to && from->country == "US" && to->country == "US") {
    out.append("Your trip to ")
        .append(to->city)
        .append(
            " is domestic: adults need a REAL ID-compliant driver's licence or a passport, and "
            "children under 18 travelling with an adult don't need ID on US domestic flights. For "
            "trips abroad, everyone needs their own passport.");
    return;
  }
  if (to) {
    out.append("For ").append(to->city);
    if (to->region != to->city) out.append(", ").append(to->region);
    out.append(", everyone");
  } else {
    out.append("For international trips, everyone");
  }
  out.append(
      ", children included, needs their own passport, and many countries require it to be "
      "valid for 6 months beyond your stay. Visa and electronic travel authorisation rules "
      "depend on your nationality (for example the US ESTA, Canada's eTA or the UK's ETA), so "
      "check the destination government's official site before you book. I can't give visa "
      "decisions, and the airline may deny boarding without the right documents.");
}

void Delays(std::string& out) {
  out.append(
      "If your flight is delayed or cancelled, Flightly rebooks you on the next available "
      "flight at no cost — check the app, where rebooking options appear automatically. For "
      "delays within our control we give meal vouchers after 2 hours and a hotel and transport "
      "when you're delayed overnight. If the delay is 3 hours or more or we cancel, you can "
      "take a full refund instead. Flights departing the EU or UK may also qualify for "
      "statutory compensation (EU261/UK261) of up to €600 depending on distance. Missed a "
      "connection on one Flightly booking? We rebook you free.");
}

void Payment(std::string& out) {
  out.append(
      "You can pay with Visa, Mastercard, American Express or Discover (credit or debit), "
      "Apple Pay, Google Pay, PayPal, Flightly gift cards and credit, or Flightly Miles. Prices "
      "show in your home currency. Flightly will never ask for card details in a chat — only on "
      "the secure payment page. Your receipt and invoice are in Trips → your booking.");
}

void Promotions(std::string& out) {
  out.append(
      "Deals and promo codes: current offers are on the Flightly deals page and in the app, "
      "and fare alerts tell you when a route gets cheaper. Enter a promo code at checkout — "
      "one per booking, not combinable with other offers, and it can't be added after "
      "payment. I can't see live deals from this offline model.");
}

void FlightStatus(std::string& out) {
  out.append(
      "I can't see live flight status from this offline model. The Flightly app (Trips → your "
      "flight) and the Flight Status page show real-time departure and arrival times, gates "
      "and terminals, and we send a push notification, text or email if anything changes — "
      "turn notifications on in the app.");
}

void CarRental(const Question& question, std::string& out) {
  out.append(
      "Cars and transfers: you can add a rental car or an airport transfer to a trip in "
      "Manage booking");
  if (question.slots.destination) {
    out.append(", with pick-up at ").append(question.slots.destination->city).append(" airport");
  }
  out.append(
      ". Drivers usually need to be 21 or over (under-25s pay a young-driver fee), hold a "
      "full licence (an International Driving Permit in some countries) and a credit card in "
      "their name. Child seats can be reserved with the car. ");
  out.append(kNoLiveData);
}

void ContactSupport(std::string& out) {
  out.append(
      "To reach a person, open the Flightly app or website → Help → Contact us: chat with an "
      "agent around the clock, or request a callback. For complaints, use the form there and "
      "we reply within 7 days. I'm the offline assistant, so I can't hand this chat over "
      "myself.");
}

}  // namespace

void AnswerPolicy(Question& question, std::string& out) {
  Party party = ResolveParty(question);
  if (party.from_profile && (question.intent == Intent::kUnaccompaniedMinors ||
                             question.intent == Intent::kInfants || question.intent == Intent::kSeats)) {
    question.personalised = true;
  }
  switch (question.intent) {
    case Intent::kLostLuggage: return LostLuggage(out);
    case Intent::kExcessBaggage: return ExcessBaggage(out);
    case Intent::kCarryOn: return CarryOn(out);
    case Intent::kBaggage: return Baggage(question, out);
    case Intent::kPets: return Pets(out);
    case Intent::kUnaccompaniedMinors: return UnaccompaniedMinors(party, out);
    case Intent::kInfants: return Infants(party, out);
    case Intent::kDelays: return Delays(out);
    case Intent::kRefund: return Refund(out);
    case Intent::kCancellation: return Cancellation(out);
    case Intent::kChangeBooking: return ChangeBooking(out);
    case Intent::kCheckIn: return CheckIn(question, out);
    case Intent::kSeats: return Seats(question, party, out);
    case Intent::kUpgrades: return Upgrades(out);
    case Intent::kSpecialAssistance: return SpecialAssistance(out);
    case Intent::kMeals: return Meals(question, out);
    case Intent::kWifi: return Wifi(out);
    case Intent::kLoyalty: return Loyalty(question, out);
    case Intent::kInsurance: return Insurance(out);
    case Intent::kTravelDocuments: return TravelDocuments(question, out);
    case Intent::kPayment: return Payment(out);
    case Intent::kPromotions: return Promotions(out);
    case Intent::kFlightStatus: return FlightStatus(out);
    case Intent::kCarRental: return CarRental(question, out);
    case Intent::kPackages: return AnswerTrip(question, out);
    case Intent::kContactSupport: return ContactSupport(out);
    default: return AnswerConversation(question, out);
  }
}

}  // namespace contrail::flightly::offline
