#include "flightly/intents.h"

#include <algorithm>
#include <array>
#include <tuple>

#include "core/english_lexicon.h"
#include "flightly/gazetteer.h"
#include "flightly/slot_words.h"

namespace contrail::flightly {
namespace {

using enum Intent;

constexpr std::string_view kNames[] = {
    "unknown",          "recall_first",    "recall_last",       "recall_said",
    "recall_conversation", "profile_recall", "about",           "lost_luggage",
    "excess_baggage",   "carry_on",        "baggage",           "pets",
    "unaccompanied_minors", "infants",     "delays",            "refund",
    "cancellation",     "change_booking",  "check_in",          "seats",
    "upgrades",         "special_assistance", "meals",          "wifi",
    "loyalty",          "insurance",       "travel_documents",  "payment",
    "promotions",       "flight_status",   "car_rental",        "packages",
    "contact_support",  "weather",         "things_to_do",      "destination_ideas",
    "flight_search",    "hotel_search",    "family_trip",       "budget",
    "booking",          "greeting",        "thanks",            "goodbye",
    "out_of_domain",    "gibberish",
};
static_assert(std::size(kNames) == static_cast<std::size_t>(kCount), "one name per intent");

// A phrase adds weight to an intent. Weights: 5-7 a phrase that settles it, 3-4 a strong word,
// 1-2 a hint. Social words weigh 1 so that any real question in the same message wins.
struct Rule {
  std::string_view phrase;
  Intent intent;
  std::int8_t weight;
};

constexpr Rule kRules[] = {
    {"just ask", kRecallLast, 6}, {"just asked", kRecallLast, 6}, {"did i ask", kRecallLast, 6},
    {"i asked", kRecallLast, 4}, {"i just said", kRecallLast, 6},
    {"i just say", kRecallLast, 6}, {"last question", kRecallLast, 6},
    {"previous question", kRecallLast, 6}, {"my question", kRecallLast, 3},
    {"repeat my question", kRecallLast, 6}, {"what was my", kRecallLast, 3},
    {"did i ask first", kRecallFirst, 9}, {"i asked first", kRecallFirst, 8},
    {"first question", kRecallFirst, 8}, {"first thing i", kRecallFirst, 8},
    {"first message", kRecallFirst, 8}, {"very first", kRecallFirst, 4},
    {"did i first", kRecallFirst, 9}, {"i first", kRecallFirst, 6}, {"ask about first", kRecallFirst, 8},
    {"asked about first", kRecallFirst, 8}, {"the very start", kRecallFirst, 4},
    {"at the start", kRecallFirst, 3}, {"at the beginning", kRecallFirst, 3},
    {"did i say", kRecallSaid, 6}, {"did i tell you", kRecallSaid, 6},
    {"did i mention", kRecallSaid, 6}, {"did i want", kRecallSaid, 5}, {"remind me", kRecallSaid, 4},
    {"did we talk", kRecallConversation, 6}, {"have we talked", kRecallConversation, 6},
    {"we talked about", kRecallConversation, 6}, {"we discussed", kRecallConversation, 6},
    {"have we discussed", kRecallConversation, 6}, {"our conversation", kRecallConversation, 6},
    {"this conversation", kRecallConversation, 5}, {"so far", kRecallConversation, 2},
    {"summarize", kRecallConversation, 4}, {"summarise", kRecallConversation, 4},
    {"summary", kRecallConversation, 3}, {"recap", kRecallConversation, 5},
    {"conversation", kRecallConversation, 3}, {"talk about", kRecallConversation, 2},
    {"about me", kProfileRecall, 5}, {"know about me", kProfileRecall, 6},
    {"my profile", kProfileRecall, 6}, {"who am i", kProfileRecall, 6},
    {"remember about me", kProfileRecall, 6}, {"my preferences", kProfileRecall, 5},
    {"my details", kProfileRecall, 4}, {"my info", kProfileRecall, 4},
    {"my information", kProfileRecall, 4}, {"what do you know", kProfileRecall, 3},
    {"who are you", kAbout, 6}, {"what are you", kAbout, 6}, {"what can you do", kAbout, 6},
    {"your name", kAbout, 5}, {"are you a bot", kAbout, 6}, {"are you human", kAbout, 6},
    {"are you real", kAbout, 5}, {"are you ai", kAbout, 6}, {"are you an ai", kAbout, 6},
    {"help", kAbout, 1}, {"how can you help", kAbout, 6}, {"what can you help", kAbout, 6},
    {"what do you do", kAbout, 5}, {"which model", kAbout, 5}, {"what model", kAbout, 5},
    {"are you offline", kAbout, 6}, {"flightly local", kAbout, 4}, {"capabilities", kAbout, 4},
    {"what can i ask", kAbout, 6}, {"how do you work", kAbout, 6},
    {"lost", kLostLuggage, 4}, {"lost luggage", kLostLuggage, 6}, {"lost bag", kLostLuggage, 6},
    {"lost my", kLostLuggage, 4}, {"missing", kLostLuggage, 3},
    {"didnt arrive", kLostLuggage, 4}, {"never arrived", kLostLuggage, 4},
    {"never showed up", kLostLuggage, 5}, {"didnt show up", kLostLuggage, 5}, {"never came", kLostLuggage, 4},
    {"damaged", kLostLuggage, 4}, {"broken", kLostLuggage, 2}, {"baggage claim", kLostLuggage, 3},
    {"delayed bag", kLostLuggage, 6}, {"delayed luggage", kLostLuggage, 6},
    {"delayed baggage", kLostLuggage, 6}, {"stolen", kLostLuggage, 3},
    {"overweight", kExcessBaggage, 5}, {"excess", kExcessBaggage, 4},
    {"excess baggage", kExcessBaggage, 6}, {"extra bag", kExcessBaggage, 5},
    {"extra bags", kExcessBaggage, 5}, {"additional bag", kExcessBaggage, 5},
    {"second bag", kExcessBaggage, 4}, {"third bag", kExcessBaggage, 5},
    {"too heavy", kExcessBaggage, 5}, {"heavy", kExcessBaggage, 2},
    {"oversized", kExcessBaggage, 5}, {"over the limit", kExcessBaggage, 4},
    {"sports equipment", kExcessBaggage, 5}, {"golf clubs", kExcessBaggage, 5},
    {"skis", kExcessBaggage, 4}, {"surfboard", kExcessBaggage, 5}, {"bike", kExcessBaggage, 3},
    {"bicycle", kExcessBaggage, 3}, {"extra luggage", kExcessBaggage, 5},
    {"carry on", kCarryOn, 5}, {"carryon", kCarryOn, 5}, {"hand luggage", kCarryOn, 6},
    {"hand baggage", kCarryOn, 6}, {"cabin bag", kCarryOn, 6}, {"cabin baggage", kCarryOn, 6},
    {"personal item", kCarryOn, 6}, {"overhead", kCarryOn, 4}, {"backpack", kCarryOn, 3},
    {"liquids", kCarryOn, 5}, {"liquid", kCarryOn, 4}, {"laptop", kCarryOn, 2},
    {"bag", kBaggage, 2}, {"baggage", kBaggage, 3}, {"luggage", kBaggage, 3},
    {"suitcase", kBaggage, 3}, {"checked bag", kBaggage, 5}, {"checked baggage", kBaggage, 5},
    {"allowance", kBaggage, 3}, {"baggage allowance", kBaggage, 6},
    {"bag allowance", kBaggage, 6}, {"how many bags", kBaggage, 5}, {"weight limit", kBaggage, 3},
    {"check a bag", kBaggage, 5}, {"kg", kBaggage, 1},
    {"pet", kPets, 5}, {"dog", kPets, 5}, {"cat", kPets, 5}, {"puppy", kPets, 5},
    {"kitten", kPets, 5}, {"animal", kPets, 4}, {"service animal", kPets, 6},
    {"service dog", kPets, 6}, {"emotional support", kPets, 6}, {"rabbit", kPets, 4},
    {"unaccompanied", kUnaccompaniedMinors, 6}, {"fly alone", kUnaccompaniedMinors, 6},
    {"flying alone", kUnaccompaniedMinors, 6}, {"travel alone", kUnaccompaniedMinors, 5},
    {"traveling alone", kUnaccompaniedMinors, 5}, {"travelling alone", kUnaccompaniedMinors, 5},
    {"alone", kUnaccompaniedMinors, 2}, {"by himself", kUnaccompaniedMinors, 6},
    {"by herself", kUnaccompaniedMinors, 6}, {"by themselves", kUnaccompaniedMinors, 6},
    {"on his own", kUnaccompaniedMinors, 6}, {"on her own", kUnaccompaniedMinors, 6},
    {"on their own", kUnaccompaniedMinors, 5}, {"minor", kUnaccompaniedMinors, 3},
    {"infant", kInfants, 4}, {"baby", kInfants, 4}, {"babies", kInfants, 4},
    {"newborn", kInfants, 5}, {"toddler", kInfants, 3}, {"lap child", kInfants, 6},
    {"lap infant", kInfants, 6}, {"on my lap", kInfants, 6}, {"stroller", kInfants, 5},
    {"pram", kInfants, 5}, {"pushchair", kInfants, 5}, {"car seat", kInfants, 5},
    {"bassinet", kInfants, 6}, {"diapers", kInfants, 4}, {"baby food", kInfants, 5},
    {"delay", kDelays, 4}, {"delayed", kDelays, 4}, {"late", kDelays, 2},
    {"compensation", kDelays, 5}, {"compensate", kDelays, 5}, {"missed connection", kDelays, 6},
    {"missed my connection", kDelays, 6}, {"missed my flight", kDelays, 4},
    {"was cancelled", kDelays, 6}, {"was canceled", kDelays, 6}, {"got cancelled", kDelays, 6},
    {"got canceled", kDelays, 6}, {"been cancelled", kDelays, 6}, {"been canceled", kDelays, 6},
    {"eu261", kDelays, 6}, {"stranded", kDelays, 5}, {"stuck", kDelays, 3},
    {"disruption", kDelays, 5}, {"overbooked", kDelays, 5}, {"bumped", kDelays, 4},
    {"denied boarding", kDelays, 6},
    {"refund", kRefund, 5}, {"refundable", kRefund, 5}, {"money back", kRefund, 6},
    {"non refundable", kRefund, 5}, {"nonrefundable", kRefund, 5}, {"reimburse", kRefund, 3},
    {"reimbursement", kRefund, 3}, {"get my money", kRefund, 5},
    {"cancel", kCancellation, 4}, {"cancellation", kCancellation, 4},
    {"cancelling", kCancellation, 4}, {"canceling", kCancellation, 4},
    {"cancellation policy", kCancellation, 6}, {"cancel my", kCancellation, 5},
    {"change", kChangeBooking, 3}, {"change my", kChangeBooking, 4},
    {"change my flight", kChangeBooking, 6}, {"change the date", kChangeBooking, 6},
    {"rebook", kChangeBooking, 5}, {"rebooking", kChangeBooking, 5},
    {"reschedule", kChangeBooking, 5}, {"different date", kChangeBooking, 4},
    {"different flight", kChangeBooking, 4}, {"earlier flight", kChangeBooking, 4},
    {"later flight", kChangeBooking, 4}, {"move my flight", kChangeBooking, 6},
    {"name change", kChangeBooking, 5}, {"change fee", kChangeBooking, 6},
    {"modify", kChangeBooking, 4}, {"standby", kChangeBooking, 4},
    {"check in", kCheckIn, 5}, {"checkin", kCheckIn, 5}, {"boarding pass", kCheckIn, 5},
    {"online check in", kCheckIn, 6}, {"how early", kCheckIn, 4},
    {"arrive at the airport", kCheckIn, 5}, {"get to the airport", kCheckIn, 4},
    {"bag drop", kCheckIn, 4}, {"boarding time", kCheckIn, 4}, {"gate closes", kCheckIn, 4},
    {"hours before", kCheckIn, 2}, {"security", kCheckIn, 2},
    {"seat", kSeats, 3}, {"seats", kSeats, 3}, {"seat selection", kSeats, 6},
    {"select a seat", kSeats, 6}, {"choose my seat", kSeats, 6}, {"choose a seat", kSeats, 6},
    {"pick a seat", kSeats, 6}, {"pick my seat", kSeats, 6}, {"aisle", kSeats, 4},
    {"window", kSeats, 3}, {"exit row", kSeats, 6}, {"legroom", kSeats, 4},
    {"sit together", kSeats, 6}, {"seated together", kSeats, 6}, {"sit next", kSeats, 5},
    {"upgrade", kUpgrades, 5}, {"upgraded", kUpgrades, 5}, {"business class", kUpgrades, 3},
    {"first class", kUpgrades, 3}, {"premium economy", kUpgrades, 3},
    {"cabin class", kUpgrades, 5}, {"cabin classes", kUpgrades, 5}, {"classes", kUpgrades, 2},
    {"lounge", kUpgrades, 4}, {"lie flat", kUpgrades, 5}, {"difference between", kUpgrades, 2},
    {"economy", kUpgrades, 1}, {"business", kUpgrades, 1}, {"premium", kUpgrades, 1},
    {"wheelchair", kSpecialAssistance, 6}, {"assistance", kSpecialAssistance, 4},
    {"special assistance", kSpecialAssistance, 6}, {"disability", kSpecialAssistance, 5},
    {"disabled", kSpecialAssistance, 5}, {"reduced mobility", kSpecialAssistance, 6},
    {"mobility", kSpecialAssistance, 4}, {"blind", kSpecialAssistance, 5},
    {"deaf", kSpecialAssistance, 5}, {"visually impaired", kSpecialAssistance, 6},
    {"oxygen", kSpecialAssistance, 5}, {"medical", kSpecialAssistance, 3},
    {"cpap", kSpecialAssistance, 5}, {"pregnant", kSpecialAssistance, 5},
    {"pregnancy", kSpecialAssistance, 5}, {"special needs", kSpecialAssistance, 5},
    {"autism", kSpecialAssistance, 5}, {"crutches", kSpecialAssistance, 4},
    {"insulin", kSpecialAssistance, 4},
    {"meal", kMeals, 4}, {"food", kMeals, 2}, {"eat", kMeals, 2}, {"vegetarian", kMeals, 5},
    {"vegan", kMeals, 5}, {"gluten", kMeals, 5}, {"kosher", kMeals, 6}, {"halal", kMeals, 6},
    {"allergy", kMeals, 4}, {"allergies", kMeals, 4}, {"nut", kMeals, 3}, {"peanut", kMeals, 4},
    {"snack", kMeals, 4}, {"drinks", kMeals, 3}, {"dietary", kMeals, 5},
    {"special meal", kMeals, 6}, {"food on board", kMeals, 6}, {"alcohol", kMeals, 3},
    {"wifi", kWifi, 6}, {"wi fi", kWifi, 6}, {"internet", kWifi, 5},
    {"entertainment", kWifi, 5}, {"movie", kWifi, 3}, {"tv", kWifi, 3}, {"streaming", kWifi, 4},
    {"usb", kWifi, 4}, {"power outlet", kWifi, 5}, {"charge my phone", kWifi, 5},
    {"charger", kWifi, 4}, {"headphones", kWifi, 4},
    {"miles", kLoyalty, 4}, {"points", kLoyalty, 4}, {"loyalty", kLoyalty, 6},
    {"frequent flyer", kLoyalty, 6}, {"frequent flier", kLoyalty, 6}, {"rewards", kLoyalty, 4},
    {"tier", kLoyalty, 4}, {"elite", kLoyalty, 4}, {"elite status", kLoyalty, 6},
    {"gold status", kLoyalty, 6}, {"membership", kLoyalty, 3}, {"redeem", kLoyalty, 4},
    {"earn", kLoyalty, 3},
    {"insurance", kInsurance, 6}, {"insured", kInsurance, 5}, {"coverage", kInsurance, 4},
    {"trip protection", kInsurance, 6}, {"cover", kInsurance, 2},
    {"visa", kTravelDocuments, 6}, {"passport", kTravelDocuments, 5},
    {"esta", kTravelDocuments, 6}, {"etias", kTravelDocuments, 6},
    {"real id", kTravelDocuments, 6}, {"documents", kTravelDocuments, 4},
    {"entry requirements", kTravelDocuments, 6}, {"need a visa", kTravelDocuments, 7},
    {"birth certificate", kTravelDocuments, 4}, {"need an id", kTravelDocuments, 7},
    {"photo id", kTravelDocuments, 6}, {"what id", kTravelDocuments, 6}, {"id do i need", kTravelDocuments, 7},
    {"customs", kTravelDocuments, 4},
    {"immigration", kTravelDocuments, 4}, {"vaccination", kTravelDocuments, 4},
    {"pay", kPayment, 4}, {"payment", kPayment, 5}, {"credit card", kPayment, 5},
    {"debit card", kPayment, 5}, {"card", kPayment, 2}, {"paypal", kPayment, 6},
    {"apple pay", kPayment, 6}, {"google pay", kPayment, 6}, {"installments", kPayment, 6},
    {"instalments", kPayment, 6}, {"pay later", kPayment, 6}, {"currency", kPayment, 4},
    {"charged", kPayment, 3}, {"receipt", kPayment, 4}, {"invoice", kPayment, 4},
    {"gift card", kPayment, 5}, {"crypto", kPayment, 5}, {"cash", kPayment, 3},
    {"deal", kPromotions, 4}, {"deals", kPromotions, 5}, {"any deals", kPromotions, 7},
    {"any offers", kPromotions, 7}, {"promo", kPromotions, 6},
    {"promo code", kPromotions, 7}, {"promotion", kPromotions, 6}, {"discount", kPromotions, 5},
    {"coupon", kPromotions, 6}, {"sale", kPromotions, 4}, {"offers", kPromotions, 4},
    {"special offers", kPromotions, 6}, {"last minute", kPromotions, 3},
    {"flight status", kFlightStatus, 7}, {"status", kFlightStatus, 3},
    {"on time", kFlightStatus, 5}, {"is my flight", kFlightStatus, 4},
    {"departure time", kFlightStatus, 4}, {"arrival time", kFlightStatus, 4},
    {"gate", kFlightStatus, 3}, {"which gate", kFlightStatus, 5}, {"terminal", kFlightStatus, 3},
    {"landed", kFlightStatus, 4}, {"track my flight", kFlightStatus, 6},
    {"car rental", kCarRental, 7}, {"rent a car", kCarRental, 7}, {"rental car", kCarRental, 7},
    {"hire a car", kCarRental, 7}, {"car hire", kCarRental, 7}, {"car", kCarRental, 3},
    {"shuttle", kCarRental, 3}, {"airport transfer", kCarRental, 5}, {"taxi", kCarRental, 3},
    {"from the airport", kCarRental, 4}, {"into town", kCarRental, 4}, {"into the city", kCarRental, 4},
    {"cheapest way", kCarRental, 4}, {"get around", kCarRental, 4},
    {"package", kPackages, 5}, {"vacation package", kPackages, 7},
    {"holiday package", kPackages, 7}, {"flight and hotel", kPackages, 7},
    {"flight plus hotel", kPackages, 7}, {"flights and hotels", kPackages, 7},
    {"bundle", kPackages, 5}, {"all inclusive", kPackages, 6}, {"package deal", kPackages, 7},
    {"human", kContactSupport, 5}, {"agent", kContactSupport, 4},
    {"real person", kContactSupport, 6}, {"talk to someone", kContactSupport, 6},
    {"speak to", kContactSupport, 4}, {"customer service", kContactSupport, 6},
    {"customer support", kContactSupport, 6}, {"phone number", kContactSupport, 5},
    {"call you", kContactSupport, 5}, {"complaint", kContactSupport, 6},
    {"complain", kContactSupport, 6}, {"contact", kContactSupport, 5},
    {"weather", kWeather, 6}, {"temperature", kWeather, 5}, {"rain", kWeather, 4},
    {"rainy", kWeather, 4}, {"hot", kWeather, 2}, {"cold", kWeather, 2}, {"warm", kWeather, 2},
    {"sunny", kWeather, 3}, {"snow", kWeather, 3}, {"humid", kWeather, 4},
    {"climate", kWeather, 5}, {"forecast", kWeather, 5}, {"hurricane", kWeather, 4},
    {"rainy season", kWeather, 5}, {"degrees", kWeather, 3}, {"what to pack", kWeather, 3},
    {"best time", kWeather, 4}, {"when to go", kWeather, 4}, {"when should we go", kWeather, 5},
    {"time to visit", kWeather, 3},
    {"things to do", kThingsToDo, 6}, {"what to do", kThingsToDo, 5},
    {"should we do", kThingsToDo, 6}, {"should i do", kThingsToDo, 6},
    {"can we do", kThingsToDo, 4}, {"to do in", kThingsToDo, 4}, {"do there", kThingsToDo, 5},
    {"kids do", kThingsToDo, 5}, {"children do", kThingsToDo, 5}, {"family do", kThingsToDo, 5},
    {"activities", kThingsToDo, 5}, {"activity", kThingsToDo, 4},
    {"attractions", kThingsToDo, 5}, {"sightseeing", kThingsToDo, 5},
    {"what to see", kThingsToDo, 6}, {"must see", kThingsToDo, 5}, {"tour", kThingsToDo, 3},
    {"itinerary", kThingsToDo, 4}, {"hike", kThingsToDo, 4}, {"hiking", kThingsToDo, 4},
    {"snorkeling", kThingsToDo, 4}, {"snorkelling", kThingsToDo, 4},
    {"museum", kThingsToDo, 4}, {"kid friendly", kThingsToDo, 4},
    {"restaurants", kThingsToDo, 3}, {"where to eat", kThingsToDo, 5},
    {"nightlife", kThingsToDo, 4}, {"beaches", kThingsToDo, 3}, {"theme park", kThingsToDo, 4},
    {"day trip", kThingsToDo, 4}, {"excursion", kThingsToDo, 4}, {"fun", kThingsToDo, 2},
    {"where should", kDestinationIdeas, 6}, {"where to go", kDestinationIdeas, 6},
    {"where can we go", kDestinationIdeas, 6}, {"where can i go", kDestinationIdeas, 6},
    {"where could we", kDestinationIdeas, 5}, {"should we go", kDestinationIdeas, 5},
    {"suggest", kDestinationIdeas, 3}, {"suggestions", kDestinationIdeas, 3},
    {"recommend", kDestinationIdeas, 2}, {"ideas", kDestinationIdeas, 4},
    {"inspiration", kDestinationIdeas, 5}, {"somewhere", kDestinationIdeas, 4},
    {"destination", kDestinationIdeas, 4}, {"best place", kDestinationIdeas, 4},
    {"getaway", kDestinationIdeas, 4}, {"where to travel", kDestinationIdeas, 6},
    {"anywhere", kDestinationIdeas, 3}, {"go skiing", kDestinationIdeas, 5},
    {"ski trip", kDestinationIdeas, 5}, {"skiing", kDestinationIdeas, 3},
    {"beach holiday", kDestinationIdeas, 4}, {"beach vacation", kDestinationIdeas, 4},
    {"vacation", kDestinationIdeas, 1}, {"holiday", kDestinationIdeas, 1},
    {"flight", kFlightSearch, 3}, {"fly", kFlightSearch, 3}, {"flying", kFlightSearch, 2},
    {"fares", kFlightSearch, 3}, {"fare", kFlightSearch, 2}, {"airfare", kFlightSearch, 4},
    {"one way", kFlightSearch, 4}, {"round trip", kFlightSearch, 4},
    {"return flight", kFlightSearch, 4}, {"nonstop", kFlightSearch, 4},
    {"non stop", kFlightSearch, 4}, {"direct flight", kFlightSearch, 5},
    {"ticket", kFlightSearch, 2}, {"plane", kFlightSearch, 2}, {"get to", kFlightSearch, 2},
    {"cheapest flight", kFlightSearch, 5}, {"book a flight", kFlightSearch, 4},
    {"find flights", kFlightSearch, 5}, {"find a flight", kFlightSearch, 5},
    {"layover", kFlightSearch, 3}, {"airline", kFlightSearch, 2},
    {"travel to", kFlightSearch, 2}, {"trip to", kFlightSearch, 1}, {"go to", kFlightSearch, 1},
    {"hotel", kHotelSearch, 5}, {"stay", kHotelSearch, 3}, {"place to stay", kHotelSearch, 6},
    {"places to stay", kHotelSearch, 6}, {"where to stay", kHotelSearch, 6},
    {"we stay", kHotelSearch, 4}, {"accommodation", kHotelSearch, 5},
    {"accommodations", kHotelSearch, 5}, {"resort", kHotelSearch, 4},
    {"lodging", kHotelSearch, 5}, {"room", kHotelSearch, 3}, {"motel", kHotelSearch, 5},
    {"hostel", kHotelSearch, 5}, {"airbnb", kHotelSearch, 4}, {"vacation rental", kHotelSearch, 5},
    {"family", kFamilyTrip, 3}, {"family trip", kFamilyTrip, 5},
    {"family vacation", kFamilyTrip, 6}, {"family holiday", kFamilyTrip, 6},
    {"with kids", kFamilyTrip, 4}, {"with the kids", kFamilyTrip, 4},
    {"with my kids", kFamilyTrip, 4}, {"with children", kFamilyTrip, 4},
    {"with our kids", kFamilyTrip, 4}, {"kid", kFamilyTrip, 1}, {"children", kFamilyTrip, 1},
    {"plan a trip", kFamilyTrip, 2}, {"planning a trip", kFamilyTrip, 2},
    {"grandparents", kFamilyTrip, 2},
    {"budget", kBudget, 4}, {"afford", kBudget, 4}, {"cheap", kBudget, 3},
    {"cheaper", kBudget, 3}, {"cheapest", kBudget, 3}, {"cheapest time", kBudget, 6},
    {"save money", kBudget, 5},
    {"money", kBudget, 2}, {"affordable", kBudget, 4}, {"on a budget", kBudget, 6},
    {"spend", kBudget, 3}, {"enough", kBudget, 2},
    {"book", kBooking, 2}, {"book", kFlightSearch, 1}, {"booking", kBooking, 2},
    {"reserve", kBooking, 3}, {"reservation", kBooking, 3}, {"do i book", kBooking, 5},
    {"how to book", kBooking, 6}, {"can i book", kBooking, 3}, {"make a booking", kBooking, 6},
    {"book a trip", kBooking, 5}, {"book a holiday", kBooking, 5},
    {"book a vacation", kBooking, 5}, {"book it", kBooking, 5}, {"book this", kBooking, 5},
    {"purchase", kBooking, 3}, {"booking process", kBooking, 6}, {"can you book", kBooking, 4},
    {"book for me", kBooking, 5},
    {"hi", kGreeting, 1}, {"hello", kGreeting, 1}, {"hey", kGreeting, 1},
    {"hiya", kGreeting, 1}, {"good morning", kGreeting, 1}, {"good afternoon", kGreeting, 1},
    {"good evening", kGreeting, 1}, {"aloha", kGreeting, 1}, {"howdy", kGreeting, 1},
    {"how are you", kGreeting, 2},
    {"thanks", kThanks, 1}, {"thank you", kThanks, 1}, {"thx", kThanks, 1}, {"ty", kThanks, 1},
    {"appreciate it", kThanks, 1}, {"cheers", kThanks, 1}, {"great", kThanks, 1},
    {"perfect", kThanks, 1}, {"awesome", kThanks, 1}, {"ok", kThanks, 1}, {"okay", kThanks, 1},
    {"cool", kThanks, 1},
    {"bye", kGoodbye, 1}, {"goodbye", kGoodbye, 1}, {"see you", kGoodbye, 1},
    {"see ya", kGoodbye, 1}, {"good night", kGoodbye, 1}, {"thats all", kGoodbye, 1},
    {"world cup", kOutOfDomain, 6}, {"who won", kOutOfDomain, 5}, {"poem", kOutOfDomain, 6},
    {"poetry", kOutOfDomain, 6}, {"write me", kOutOfDomain, 3}, {"joke", kOutOfDomain, 6},
    {"song", kOutOfDomain, 4}, {"lyrics", kOutOfDomain, 6}, {"recipe", kOutOfDomain, 6},
    {"homework", kOutOfDomain, 6}, {"essay", kOutOfDomain, 6}, {"football", kOutOfDomain, 4},
    {"soccer", kOutOfDomain, 4}, {"basketball", kOutOfDomain, 5}, {"super bowl", kOutOfDomain, 6},
    {"election", kOutOfDomain, 6}, {"the president", kOutOfDomain, 4},
    {"president of", kOutOfDomain, 5},
    {"meaning of life", kOutOfDomain, 6}, {"capital of", kOutOfDomain, 5},
    {"calculate", kOutOfDomain, 5}, {"divided by", kOutOfDomain, 5},
    {"multiplied by", kOutOfDomain, 5}, {"square root", kOutOfDomain, 6},
    {"python", kOutOfDomain, 4}, {"javascript", kOutOfDomain, 5}, {"programming", kOutOfDomain, 5},
    {"stock market", kOutOfDomain, 6}, {"which stock", kOutOfDomain, 6}, {"stocks", kOutOfDomain, 5},
    {"invest in", kOutOfDomain, 5}, {"investing", kOutOfDomain, 5}, {"crypto", kOutOfDomain, 6},
    {"bitcoin", kOutOfDomain, 6}, {"tax return", kOutOfDomain, 6}, {"lottery", kOutOfDomain, 6},
};

// Price words ask what the topic they are about costs: a service's fee when the message or the
// previous turn names a service, and otherwise a trip's budget. Scored apart from kRules.
struct PriceRule {
  std::string_view phrase;
  std::int8_t weight;
};
constexpr PriceRule kPriceRules[] = {
    {"how much", 3}, {"cost", 3}, {"costs", 3}, {"price", 2}, {"prices", 2}, {"expensive", 3},
    {"fee", 2},      {"fees", 2}, {"charge", 2}, {"pay for", 2},
};

// Retrieval words of the service topics, appended to a follow-up's standalone query: the words
// Flightly's policy documents use for them.
struct TopicRule {
  Intent intent;
  std::string_view words;
};
constexpr TopicRule kTopicWords[] = {
    {kLostLuggage, "lost delayed damaged baggage"}, {kExcessBaggage, "excess overweight baggage fees"},
    {kCarryOn, "carry-on cabin bags"},              {kBaggage, "checked baggage allowance"},
    {kPets, "pets dogs cats in cabin"},             {kUnaccompaniedMinors, "unaccompanied minor service"},
    {kInfants, "infants lap infant"},               {kDelays, "delays compensation"},
    {kRefund, "refunds"},                           {kCancellation, "cancellation refunds"},
    {kChangeBooking, "changes change fees"},        {kCheckIn, "check-in boarding"},
    {kSeats, "seat selection"},                     {kUpgrades, "upgrades lounge"},
    {kSpecialAssistance, "special assistance"},     {kMeals, "meals food onboard"},
    {kWifi, "Wi-Fi entertainment onboard"},         {kLoyalty, "Flightly Miles loyalty"},
    {kInsurance, "travel insurance"},               {kTravelDocuments, "travel documents passport visa"},
    {kPayment, "payment"},                          {kPromotions, "promotions offers"},
    {kFlightStatus, "flight status"},               {kCarRental, "car rental transfers"},
    {kPackages, "packages flight and hotel"},       {kContactSupport, "contact support"},
};

// Common English words: a message with none of them and no travel word is gibberish.
constexpr std::string_view kCommonWords[] = {
    "the", "a", "an", "and", "or", "but", "if", "of", "to", "in", "on", "at", "for", "with",
    "from", "by", "about", "as", "is", "are", "was", "were", "be", "been", "am", "do", "does",
    "did", "have", "has", "had", "can", "could", "would", "should", "will", "may", "might", "must",
    "i", "me", "my", "we", "us", "our", "you", "your", "he", "she", "it", "its", "they", "them",
    "this", "that", "these", "those", "what", "which", "who", "where", "when", "why", "how",
    "not", "no", "yes", "please", "there", "here", "any", "some", "all", "more", "most", "much",
    "many", "very", "just", "also", "too", "than", "then", "so", "up", "out", "over", "get", "go",
    "want", "need", "like", "know", "tell", "show", "give", "let", "make", "take", "see", "find",
    "look", "think", "sorry", "well", "now", "good", "new", "one", "two", "whats", "hows", "im",
};

struct Hits {
  std::array<std::pair<Intent, std::int8_t>, 4> hits{};
  std::uint8_t size = 0;
};

PhraseTable<Hits> BuildTable() {
  PhraseTable<Hits> table;
  for (const Rule& rule : kRules) {
    Hits& hits = table.Upsert(rule.phrase);
    if (hits.size < hits.hits.size()) hits.hits[hits.size++] = {rule.intent, rule.weight};
  }
  return table;
}

const PhraseTable<Hits>& Table() {
  static const PhraseTable<Hits> table = BuildTable();
  return table;
}

using Scores = std::array<int, static_cast<std::size_t>(kCount)>;

const PhraseTable<std::int8_t>& PriceTable() {
  static const PhraseTable<std::int8_t> table = [] {
    PhraseTable<std::int8_t> t;
    for (const PriceRule& rule : kPriceRules) t.Add(rule.phrase, rule.weight);
    return t;
  }();
  return table;
}

void AddHits(const Hits& hits, Scores& scores) {
  for (std::size_t k = 0; k < hits.size; ++k) {
    scores[static_cast<std::size_t>(hits.hits[k].first)] += hits.hits[k].second;
  }
}

bool IsSmallTalk(Intent intent) { return intent == kGreeting || intent == kThanks || intent == kGoodbye; }

struct Scored {
  Scores scores{};
  int price = 0;                 // weight of the price words
  std::size_t social_words = 0;  // tokens covered by greeting, thanks and goodbye phrases
};

Scored Score(const Tokens& tokens) {
  Scored out;
  const PhraseTable<Hits>& table = Table();
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    bool unigram = false;
    std::size_t social = 0;
    table.ForEach(tokens, i, [&](const Hits& hits, std::size_t words) {
      unigram = unigram || words == 1;
      if (hits.size > 0 && IsSmallTalk(hits.hits[0].first)) social = std::max(social, words);
      AddHits(hits, out.scores);
    });
    out.social_words += social;
    if (auto price = PriceTable().Longest(tokens, i); price.value) out.price += *price.value;
    // A plural the table lacks counts as its singular: "pets", "hotels", "flights".
    std::string_view word = tokens.text(i);
    if (!unigram && word.size() > 3 && word.back() == 's' && word[word.size() - 2] != 's') {
      if (const Hits* hits = table.Find(word.substr(0, word.size() - 1))) AddHits(*hits, out.scores);
    }
  }
  return out;
}

// "17*23", "2+2": arithmetic, not travel.
bool HasArithmetic(const Tokens& tokens) {
  for (std::size_t i = 1; i < tokens.size(); ++i) {
    char op = tokens[i].separator;
    bool is_op = op == '*' || op == '+' || op == '=' || op == '^';
    if (is_op && tokens.number(i - 1) >= 0 && tokens.number(i) >= 0) return true;
  }
  return false;
}

bool StartsFollowUp(const Tokens& tokens) {
  std::string_view first = tokens.text(0);
  std::string_view second = tokens.text(1);
  return first == "and" || first == "also" || first == "then" ||
         ((first == "what" || first == "how") && second == "about");
}

// "what if he …", "does that …": the message points back at the previous turn's topic.
// `it_points`: false where "it" points at nothing ("is it warm in Maui?").
bool RefersBack(const Tokens& tokens, bool it_points = true) {
  if (StartsFollowUp(tokens) || (tokens.text(0) == "what" && tokens.text(1) == "if")) return true;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens.text(i) == "it" && !it_points) continue;
    for (std::string_view w : {"it", "that", "this", "he", "she", "him", "her", "they", "them",
                               "those", "these", "its", "his", "their"}) {
      if (tokens.text(i) == w) return true;
    }
  }
  return false;
}

// The highest score among [first, last] and its intent; the first listed wins a tie.
std::pair<Intent, int> Best(const Scores& scores, Intent first = kUnknown, Intent last = kGibberish) {
  std::size_t best = static_cast<std::size_t>(first);
  for (std::size_t k = best + 1; k <= static_cast<std::size_t>(last); ++k) {
    if (scores[k] > scores[best]) best = k;
  }
  return {static_cast<Intent>(best), scores[best]};
}

}  // namespace

std::string_view IntentName(Intent intent) {
  auto index = static_cast<std::size_t>(intent);
  return index < std::size(kNames) ? kNames[index] : kNames[0];
}

Intent ParseIntentName(std::string_view name) {
  for (std::size_t k = 0; k < std::size(kNames); ++k) {
    if (kNames[k] == name) return static_cast<Intent>(k);
  }
  return kUnknown;
}

bool IsTripIntent(Intent intent) { return intent >= kWeather && intent <= kBooking; }

bool IsServiceIntent(Intent intent) { return intent >= kLostLuggage && intent <= kContactSupport; }

bool IsSocial(Intent intent) { return intent >= kGreeting || intent == kUnknown; }

namespace {

IntentDecision Decide(Scored scored, const Tokens& tokens, const Slots& said, Intent previous) {
  Scores& scores = scored.scores;
  auto at = [&scores](Intent intent) -> int& { return scores[static_cast<std::size_t>(intent)]; };
  // A route is a flight question unless the words say otherwise ("hotels in X from Y" does).
  if (said.origin && said.destination) at(kFlightSearch) += 3;
  if (said.HasBudget()) at(kBudget) += 1;
  if (HasArithmetic(tokens)) at(kOutOfDomain) += 6;
  // "cool, what's the meaning of life?" is a question, not thanks: small talk wins only when it
  // makes up most of the message.
  if (tokens.size() > 3 && scored.social_words * 2 < tokens.size()) {
    at(kGreeting) = at(kThanks) = at(kGoodbye) = 0;
  }
  const int service = Best(scores, kLostLuggage, kContactSupport).second;
  auto [best, top] = Best(scores);
  // "what did I ask at the very start?": a question about the conversation that says "first" or
  // "start" is about its first question.
  if (best == kRecallLast && at(kRecallFirst) > 0) std::tie(best, top) = std::pair{kRecallFirst, at(kRecallLast)};
  const bool own_topic = top >= 2 && !IsSmallTalk(best);
  // "how much does that service cost?" after a service question asks for that service's fee.
  if (IsServiceIntent(previous) && !own_topic && !said.HasPlace() && scored.price > 0) {
    return {previous, true};
  }
  if (service < 3 && scored.price > 0) {
    at(kBudget) += scored.price;
    std::tie(best, top) = Best(scores);
  }
  // Follow-ups that only change a slot ("what about in April?", "under $200?", "change it to 3
  // adults") continue the previous trip question.
  const bool weak = top <= 1 || (top <= 2 && StartsFollowUp(tokens));
  const bool states_slots = !said.empty() || said.dropped != nullptr;
  if (IsTripIntent(previous) && states_slots && (weak || (said.correction && top < 5))) {
    return {previous, true};
  }
  const bool small_talk = at(kGreeting) + at(kThanks) + at(kGoodbye) > 0;
  if (IsServiceIntent(previous) && top <= 1 && !small_talk && said.empty() && RefersBack(tokens)) {
    return {previous, true};
  }
  // "and between the Hawaiian islands?" after the pet fee asks for the pet fee there, and so does
  // "sorry, it's to Paris, not Denver".
  const bool only_places = !said.HasDates() && !said.HasParty() && !said.HasBudget() && said.cabin == Cabin::kNone;
  if (IsServiceIntent(previous) && top == 0 && only_places && (StartsFollowUp(tokens) || said.correction)) {
    return {previous, true};
  }
  if (top > 0) return {best, false};
  if (said.HasPlace()) return {kFlightSearch, false};
  if (said.month || !said.when.empty()) return {kDestinationIdeas, false};
  return {};
}

}  // namespace

IntentDecision DecideIntent(const Tokens& tokens, const Slots& said, Intent previous) {
  const Scored scored = Score(tokens);
  IntentDecision decision = Decide(scored, tokens, said, previous);
  decision.strength = scored.scores[static_cast<std::size_t>(decision.intent)];
  // "how much is it?", "what about on international flights?": nothing of its own but a price or
  // a weak word, and it points back.
  // After a service question a flight word qualifies it ("what about on international flights?");
  // after a trip question it asks for flights.
  const int weak = IsServiceIntent(previous) ? 3 : 2;
  // "is it warm in Maui?": a weather question's "it" points at nothing.
  const bool refers_back = RefersBack(tokens, /*it_points=*/decision.intent != kWeather);
  decision.leans_back = decision.follow_up || ((refers_back || StartsFollowUp(tokens)) && decision.strength <= weak);
  return decision;
}

IntentDecision AskedIntent(const IntentDecision& whole, const Tokens& asking, const Slots& asked, Intent previous) {
  const IntentDecision ask = DecideIntent(asking, asked, previous);
  if (ask.intent == whole.intent || IsSocial(ask.intent) || ask.follow_up) return whole;
  // A topic of its own: a trip question names its place ("is it warm in Maui?"), a service
  // question in words that settle it ("how big can my carry-on be?", not "will you pay for …?").
  const bool own_topic = IsTripIntent(ask.intent) ? asked.HasPlace() && ask.strength >= 2 : ask.strength >= 5;
  // The story's topic is not the question's when the question's words weigh less for it …
  const bool story_only = Score(asking).scores[static_cast<std::size_t>(whole.intent)] < ask.strength;
  // … and the question does not point back at it ("My dog is 9 kg. Can he fly in the cabin?");
  // "it" in "is it warm in Maui?" points at nothing.
  const bool points_back = RefersBack(asking, /*it_points=*/ask.intent != kWeather);
  return own_topic && story_only && !points_back ? ask : whole;
}

Intent ClassifyIntent(const Tokens& tokens, const Slots& said, Intent previous) {
  return DecideIntent(tokens, said, previous).intent;
}

bool LooksLikeGibberish(std::string_view message, const Tokens& tokens) {
  if (message.find_first_not_of(" \t\r\n") == std::string_view::npos) return false;
  const PhraseTable<Hits>& table = Table();
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    std::string_view word = tokens.text(i);
    if (table.Starts(word) || PriceTable().Starts(word) || MatchPlace(tokens, i).place) return false;
    for (std::string_view common : kCommonWords) {
      if (word == common) return false;
    }
    // "fleet average age", "Ueno Zoo admission": words, just none the rules know.
    if (word.size() >= 3 && core::EnglishLexicon::Shared().Knows(word)) return false;
  }
  return true;
}

std::vector<std::string> SubjectWords(const Tokens& tokens) {
  // Words that carry no subject of their own beyond the common ones.
  static constexpr std::string_view kVague[] = {"anything", "something", "everything", "really", "still",
                                                "even",     "ever",      "only",       "other",  "another",
                                                "else",     "same",      "thing",      "things", "kind",
                                                "sort",     "bit",       "lot",        "guys",   "folks",
                                                "near",     "nearby",    "around",     "bring",  "use"};
  std::vector<bool> covered(tokens.size());
  auto cover = [&covered](std::size_t i, std::size_t n) {
    for (std::size_t k = i; k < i + n && k < covered.size(); ++k) covered[k] = true;
  };
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    Table().ForEach(tokens, i, [&](const Hits&, std::size_t words) { cover(i, words); });
    if (auto price = PriceTable().Longest(tokens, i); price.value) cover(i, price.words);
    if (auto slot = slot_words::Words().Longest(tokens, i); slot.value) cover(i, slot.words);
    if (PlaceMatch place = MatchPlace(tokens, i); place.place) cover(i, place.words);
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string_view word = tokens.text(i);
    if (covered[i] || word.size() < 3 || tokens.number(i) >= 0) continue;
    const bool plural_known = word.back() == 's' && Table().Find(word.substr(0, word.size() - 1)) != nullptr;
    const auto is = [word](std::string_view w) { return w == word; };
    if (plural_known || std::any_of(std::begin(kCommonWords), std::end(kCommonWords), is) ||
        std::any_of(std::begin(kVague), std::end(kVague), is)) {
      continue;
    }
    out.emplace_back(word);
  }
  return out;
}

std::string_view TopicWords(Intent intent) {
  for (const TopicRule& rule : kTopicWords) {
    if (rule.intent == intent) return rule.words;
  }
  return {};
}

}  // namespace contrail::flightly
