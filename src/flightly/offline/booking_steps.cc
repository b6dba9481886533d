#include "flightly/offline/booking_steps.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <cstdio>

#include "flightly/booking_ask.h"
#include "flightly/bookings/checkout.h"
#include "flightly/grounding.h"
#include "flightly/offline/agent_steps.h"
#include "flightly/text.h"
#include "flightly/understanding.h"

namespace contrail::flightly::offline {

namespace json = boost::json;

namespace {

enum class Agent { kLead, kBooking, kPayment, kSupport, kNone };

bool Offers(const llm::ChatRequest& request, std::string_view tool) {
  return std::any_of(request.tools.begin(), request.tools.end(), [&](const llm::ToolSpec& t) { return t.name == tool; });
}

Agent AgentOf(const llm::ChatRequest& request) {
  if (Offers(request, "booking_agent")) return Agent::kLead;
  if (Offers(request, "hold_booking")) return Agent::kBooking;
  if (Offers(request, "pay_booking")) return Agent::kPayment;
  if (Offers(request, "list_bookings")) return Agent::kSupport;
  return Agent::kNone;
}

// What a step's calls returned, after the last user message, in order.
struct Result {
  std::string tool;
  json::value output;  // the tool's JSON; a string when it returned text (a tool error's)
  bool is_error = false;
};

std::vector<Result> Results(const llm::ChatRequest& request) {
  std::vector<Result> out;
  const auto& m = request.messages;
  std::vector<const llm::ToolCall*> calls;
  for (std::size_t i = LastUserIndex(m); i < m.size(); ++i) {
    for (const llm::ToolCall& c : m[i].tool_calls) calls.push_back(&c);
    if (m[i].role != llm::Role::kTool) continue;
    auto call = std::find_if(calls.begin(), calls.end(), [&](const llm::ToolCall* c) { return c->id == m[i].tool_call_id; });
    Result r;
    r.tool = call == calls.end() ? "" : (*call)->name;
    boost::system::error_code ec;
    r.output = json::parse(m[i].content, ec);
    if (ec || !r.output.is_object()) {
      r.output = json::string(m[i].content);
      r.is_error = true;
    }
    out.push_back(std::move(r));
  }
  return out;
}

const Result* Last(const std::vector<Result>& results, std::string_view tool) {
  for (auto it = results.rbegin(); it != results.rend(); ++it) {
    if (it->tool == tool) return &*it;
  }
  return nullptr;
}

std::string Text(const json::value& v, std::string_view key) {
  const json::value* x = v.is_object() ? v.get_object().if_contains(key) : nullptr;
  return x != nullptr && x->is_string() ? std::string(x->get_string()) : std::string();
}

double Number(const json::value& v, std::string_view key) {
  const json::value* x = v.is_object() ? v.get_object().if_contains(key) : nullptr;
  return x != nullptr && x->is_number() ? x->to_number<double>() : 0;
}

const json::value& Field(const json::value& v, std::string_view key) {
  static const json::value kNull;
  const json::value* x = v.is_object() ? v.get_object().if_contains(key) : nullptr;
  return x != nullptr ? *x : kNull;
}

// "$1,188.54" of a tool's USD amount.
std::string Money(double usd) { return FormatUsd(std::llround(usd * 100)); }

// "HA 12 (Hawaiian Airlines) LAS → HNL, departing 2027-03-14 at 08:10 local time, economy"
std::string FlightLine(const json::value& booking) {
  const json::value& f = Field(booking, "flight");
  std::string line = Text(f, "flight_no");
  if (const std::string airline = Text(f, "airline_name"); !airline.empty()) line += " (" + airline + ")";
  std::string depart = Text(f, "depart_time");
  if (const std::size_t t = depart.find('T'); t != std::string::npos) depart.replace(t, 1, " at ");
  return line + " " + Text(f, "origin") + " → " + Text(f, "destination") + ", departing " + depart +
         " local time, " + Text(f, "cabin");
}

// "4 travellers × $279.00 = $1,116.00, Plus travel insurance $72.54: $1,188.54 in all"
std::string Amounts(const json::value& booking) {
  const auto passengers = static_cast<long long>(Number(booking, "passengers"));
  const double fare = Number(booking, "fare_usd");
  std::string line = std::to_string(passengers) + (passengers == 1 ? " traveller" : " travellers") + " × " +
                     Money(fare) + " = " + Money(fare * static_cast<double>(passengers));
  const json::value& insurance = Field(booking, "insurance");
  if (insurance.is_object()) {
    line += ", " + Text(insurance, "title") + " travel insurance " + Money(Number(insurance, "premium_usd"));
  } else {
    line += ", no travel insurance";
  }
  return line + ": " + Money(Number(booking, "total_usd")) + " in all";
}

Reply Answer(std::string text) {
  Reply r;
  r.content = std::move(text);
  r.intent = Intent::kBooking;
  r.personalised = true;
  return r;
}

BookingStep Ask(std::vector<llm::ToolCall> calls) { return BookingStep{std::move(calls), std::nullopt}; }
BookingStep Say(std::string text) { return BookingStep{{}, Answer(std::move(text))}; }

llm::ToolCall Call(const llm::ChatRequest& request, std::string name, json::object args) {
  std::size_t n = 1;
  for (const llm::Message& m : request.messages) n += m.tool_calls.size();
  return {"call_" + std::to_string(n), std::move(name), json::serialize(args)};
}

std::string_view LastUserText(const llm::ChatRequest& request) {
  const std::size_t last = LastUserIndex(request.messages);
  return last < request.messages.size() ? std::string_view(request.messages[last].content) : "";
}

// The traveller's email: one the message gives, else the profile's (said before, or saved).
std::string EmailFor(const llm::ChatRequest& request, std::string_view text) {
  for (std::size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    if (std::string email = EmailAround(text, at); !email.empty()) return email;
  }
  auto it = request.context.profile.find("email");
  return it == request.context.profile.end() ? std::string() : it->second;
}

// "the address you gave us on 2026-12-05" when long-term memory supplied it, else "".
std::string EmailSource(const llm::ChatRequest& request) {
  auto it = request.context.remembered.find("email");
  if (it == request.context.remembered.end()) return "";
  return it->second.empty() ? " (the address you gave us before)" : " (the address you gave us on " + it->second + ")";
}

// The reference of the booking a booking agent's run left held (its hold_booking's), or "".
std::string HeldReference(const json::value& agent_output) {
  const json::value& calls = Field(agent_output, "calls");
  if (!calls.is_array()) return "";
  for (const json::value& c : calls.get_array()) {
    if (Text(c, "tool") != "hold_booking") continue;
    const json::value& booking = Field(Field(c, "output"), "booking");
    if (Text(booking, "status") == "held") return Text(booking, "id");
  }
  return "";
}

// "Book a flight from LAS to HNL in month 3 for 4 travellers, with plus insurance." — what the
// turn understood, for the booking agent (an offline one reads the same understanding).
std::string BookTask(const llm::ChatRequest& request, const BookingAsk& ask) {
  std::string task = "Book a flight";
  // What the turn understood, or the message's own as a new session's (a request without a turn).
  std::shared_ptr<const Understanding> own;
  const Understanding* u = UnderstandingOf(request);
  if (u == nullptr) u = (own = Understand(LastUserText(request), "")).get();
  {
    const KnowledgeNeed need = PlanBookingTrip(*u, request.context.profile);
    if (!need.origin.empty()) task += " from " + need.origin;
    if (!need.destination.empty()) task += " to " + need.destination;
    if (need.month > 0) task += " in month " + std::to_string(need.month);
    task += " for " + std::to_string(need.seats) + (need.seats == 1 ? " traveller" : " travellers");
  }
  task += ask.insurance.empty() || ask.insurance == "none" ? ", without insurance" : ", with " + ask.insurance + " insurance";
  return task + ".";
}

// The lead: a booking turn goes to the booking agent, then to the payment agent for what it held;
// listing to the support agent. The answer is the last agent's.
std::optional<BookingStep> LeadStep(const llm::ChatRequest& request) {
  const BookingAsk ask = ReadBookingAsk(LastUserText(request));
  const std::vector<Result> results = Results(request);
  const bool delegated =
      std::any_of(results.begin(), results.end(), [](const Result& r) { return r.tool.ends_with("_agent"); });
  if (!delegated) {
    switch (ask.action) {
      case BookingAction::kNone: return std::nullopt;  // the travel agent's turn (agent_steps.h)
      case BookingAction::kBook: return Ask({Call(request, "booking_agent", {{"task", BookTask(request, ask)}})});
      case BookingAction::kCancel: {
        std::string task = ask.reference.empty() ? "Cancel my booking." : "Cancel booking " + ask.reference + ".";
        return Ask({Call(request, "booking_agent", {{"task", std::move(task)}})});
      }
      case BookingAction::kPay:
        return Ask({Call(request, "payment_agent", {{"task", "Pay for booking " + ask.reference + "."}})});
      case BookingAction::kList: return Ask({Call(request, "support_agent", {{"task", "Show my bookings."}})});
    }
  }
  const Result& last = results.back();
  if (last.is_error) return Say("I could not finish that: " + std::string(last.output.as_string()));
  if (last.tool == "booking_agent" && Last(results, "payment_agent") == nullptr) {
    if (std::string held = HeldReference(last.output); !held.empty()) {
      return Ask({Call(request, "payment_agent", {{"task", "Pay for booking " + held + "."}})});
    }
  }
  return Say(Text(last.output, "answer"));
}

// "Your bookings: K7Q2XM, confirmed: HA 12 …" for list_bookings' output.
std::string BookingList(const json::value& output) {
  const json::value& list = Field(output, "bookings");
  if (!list.is_array() || list.get_array().empty()) return "You have no bookings with Flightly yet.";
  std::string text = "Your bookings:";
  for (const json::value& b : list.get_array()) {
    text += "\n- " + Text(b, "id") + ", " + Text(b, "status") + ": " + FlightLine(b) + "; " + Amounts(b) + ".";
  }
  return text;
}

// The bookings list_bookings returned that can still be cancelled (held or confirmed).
std::vector<std::string> Cancellable(const json::value& output) {
  std::vector<std::string> refs;
  const json::value& list = Field(output, "bookings");
  if (!list.is_array()) return refs;
  for (const json::value& b : list.get_array()) {
    const std::string status = Text(b, "status");
    if (status == "held" || status == "confirmed") refs.push_back(Text(b, "id"));
  }
  return refs;
}

std::string CancelAnswer(const Result& r) {
  if (r.is_error) return "I could not cancel it: " + std::string(r.output.as_string());
  const std::string outcome = Text(r.output, "outcome");
  const json::value& booking = Field(r.output, "booking");
  const std::string ref = Text(booking, "id");
  if (outcome == "no_booking") return "I found no booking with that reference on your account.";
  if (outcome == "departed") return "Booking " + ref + " has already departed, so it can no longer be cancelled.";
  if (outcome == "already_cancelled") return "Booking " + ref + " was already cancelled.";
  std::string text = "Booking " + ref + " is cancelled: " + FlightLine(booking) + ".";
  const double refund = Number(r.output, "refund_usd"), credit = Number(r.output, "credit_usd");
  if (refund > 0) text += " " + Money(refund) + " goes back to your card.";
  if (credit > 0) text += " " + Money(credit) + " is kept for you as Flightly credit, valid for 12 months.";
  if (const std::string rule = Text(r.output, "rule"); !rule.empty()) text += " Why: " + rule + ".";
  return text;
}

std::string HoldAnswer(const Result& r) {
  if (r.is_error) {
    const std::string why(r.output.as_string());
    if (why.starts_with("sold out")) {
      return "Sorry, that flight has just sold out: the last seats went to another traveller, so nothing was booked "
             "and nothing was charged.";
    }
    return "I could not hold seats: " + why;
  }
  const json::value& booking = Field(r.output, "booking");
  const std::string status = Text(booking, "status");
  if (status == "confirmed") return "That booking is already confirmed: " + Text(booking, "id") + ", " + FlightLine(booking) + ".";
  if (status == "cancelled") return "That booking was cancelled: " + Text(booking, "id") + ".";
  return "I'm holding " + FlightLine(booking) + " for you, reference " + Text(booking, "id") + ": " + Amounts(booking) +
         ". The seats are held for 15 minutes until it is paid.";
}

// The booking agent: book (search, then hold the cheapest that fits) or cancel.
std::optional<BookingStep> BookingAgentStep(const llm::ChatRequest& request) {
  const std::string_view task = LastUserText(request);
  const BookingAsk ask = ReadBookingAsk(task);
  const std::vector<Result> results = Results(request);
  if (ask.action == BookingAction::kCancel) {
    if (const Result* cancelled = Last(results, "cancel_booking")) return Say(CancelAnswer(*cancelled));
    if (!ask.reference.empty()) return Ask({Call(request, "cancel_booking", {{"reference", ask.reference}})});
    const Result* listed = Last(results, "list_bookings");
    if (listed == nullptr) return Ask({Call(request, "list_bookings", {})});
    const std::vector<std::string> refs = Cancellable(listed->output);
    if (refs.size() == 1) return Ask({Call(request, "cancel_booking", {{"reference", refs[0]}})});
    if (refs.empty()) return Say("You have no booking that can be cancelled.");
    return Say(BookingList(listed->output) + "\nWhich one should I cancel? Give me its reference.");
  }
  if (ask.action != BookingAction::kBook) return std::nullopt;
  if (const Result* held = Last(results, "hold_booking")) return Say(HoldAnswer(*held));
  const std::string email = EmailFor(request, task);
  if (email.empty()) return Say("To book, I need the email address the confirmation should go to. What is it?");
  const Result* searched = Last(results, "search_flights");
  if (searched == nullptr) {
    std::optional<llm::ToolCall> search = SearchFlightsCall(request, true);
    if (!search) return Say("To book, tell me where you fly from and where to (and when, if you know).");
    return Ask({std::move(*search)});
  }
  if (searched->is_error) return Say("I could not search flights: " + std::string(searched->output.as_string()));
  const json::value& flights = Field(searched->output, "flights");
  if (!flights.is_array() || flights.get_array().empty()) {
    return Say("No flight from " + Text(searched->output, "origin") + " to " + Text(searched->output, "destination") +
               " between " + Text(searched->output, "from") + " and " + Text(searched->output, "to") +
               " has seats left for your party, so nothing was booked.");
  }
  const json::value& cheapest = flights.get_array().front();
  json::object args{{"flight_id", static_cast<std::int64_t>(Number(cheapest, "flight_id"))},
                    {"passengers", static_cast<std::int64_t>(Number(searched->output, "passengers"))},
                    {"insurance", ask.insurance.empty() ? "none" : ask.insurance},
                    {"email", email}};
  if (auto name = request.context.profile.find("name"); name != request.context.profile.end() && !name->second.empty()) {
    args["name"] = name->second;
  }
  return Ask({Call(request, "hold_booking", std::move(args))});
}

std::string PayAnswer(const llm::ChatRequest& request, const Result& r) {
  if (r.is_error) return "I could not take the payment: " + std::string(r.output.as_string());
  const std::string outcome = Text(r.output, "outcome");
  const json::value& booking = Field(r.output, "booking");
  const std::string ref = Text(booking, "id");
  if (outcome == "confirmed") {
    return "Booked! Your trip is confirmed, reference " + ref + ": " + FlightLine(booking) + "; " + Amounts(booking) +
           ", charged to your card. The confirmation is on its way to " + Text(booking, "contact_email") +
           EmailSource(request) + ".";
  }
  if (outcome == "declined") {
    return "Your card was declined (" + Text(r.output, "detail") + "), so nothing was charged and the seats of " + ref +
           " were released. Try another card and ask me to book again.";
  }
  if (outcome == "failed") {
    return "The payment service did not answer in time, so nothing was charged and the seats of " + ref +
           " were released. Please try again in a moment.";
  }
  if (outcome == "pending") {
    return "The payment service did not answer, and I could not yet confirm that nothing was charged. Booking " + ref +
           " stays held; ask me again in a moment and I will finish it without charging twice.";
  }
  if (outcome == "lapsed") return "The hold on " + ref + " expired before the payment arrived, so the charge was refunded.";
  if (outcome == "not_payable") return "Booking " + ref + " was cancelled, so there is nothing to pay.";
  return "I found no booking with that reference on your account.";
}

// The payment agent: pay the booking its task names.
std::optional<BookingStep> PaymentAgentStep(const llm::ChatRequest& request) {
  const BookingAsk ask = ReadBookingAsk(LastUserText(request));
  if (ask.action != BookingAction::kPay) return std::nullopt;
  const std::vector<Result> results = Results(request);
  if (const Result* paid = Last(results, "pay_booking")) return Say(PayAnswer(request, *paid));
  return Ask({Call(request, "pay_booking", {{"reference", ask.reference}})});
}

// The support agent: the traveller's bookings.
std::optional<BookingStep> SupportAgentStep(const llm::ChatRequest& request) {
  const BookingAsk ask = ReadBookingAsk(LastUserText(request));
  if (ask.action != BookingAction::kList) return std::nullopt;
  const std::vector<Result> results = Results(request);
  if (const Result* listed = Last(results, "list_bookings")) {
    return Say(listed->is_error ? "I could not read your bookings: " + std::string(listed->output.as_string())
                                : BookingList(listed->output));
  }
  return Ask({Call(request, "list_bookings", {})});
}

}  // namespace

std::optional<BookingStep> PlanBookingStep(const llm::ChatRequest& request) {
  if (request.tool_choice == "none") return std::nullopt;
  switch (AgentOf(request)) {
    case Agent::kLead: return LeadStep(request);
    case Agent::kBooking: return BookingAgentStep(request);
    case Agent::kPayment: return PaymentAgentStep(request);
    case Agent::kSupport: return SupportAgentStep(request);
    case Agent::kNone: break;
  }
  return std::nullopt;
}

}  // namespace contrail::flightly::offline
