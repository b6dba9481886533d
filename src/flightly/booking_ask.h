#pragma once
// What a message asks Flightly to DO with a booking, as opposed to asking about one: "book the
// Honolulu trip with travel insurance" books; "how do I book?" and "can I cancel within 24 hours?"
// ask about the rules (intents.h answers those from the documents).
//
//   ReadBookingAsk("please book it, with premier insurance")   {kBook, "", "premier"}
//   ReadBookingAsk("cancel booking K7Q2XM")                   {kCancel, "K7Q2XM"}
//   ReadBookingAsk("show my bookings")                        {kList}
//   ReadBookingAsk("how do I cancel a booking?")              {kNone}

#include <string>
#include <string_view>

namespace contrail::flightly {

enum class BookingAction { kNone, kBook, kCancel, kPay, kList };

struct BookingAsk {
  BookingAction action = BookingAction::kNone;
  std::string reference;  // a booking reference the message names ("K7Q2XM"), upper-cased; or ""
  // The travel insurance it asks for: "essential" | "plus" | "premier" | "none" (declined); ""
  // when it says nothing. Insurance named without a plan is "plus", the plan Flightly suggests.
  std::string insurance;
};

BookingAsk ReadBookingAsk(std::string_view message);

// "K7Q2XM" when `word` is written as a booking reference is: six of Flightly's alphabet (A-Z
// without I and O, 2-9). After "booking", "reference", "ref", "pnr" or "reservation" (`named`) any
// such six in any case ("booking rgnnkv"); otherwise upper case with a digit and a letter, so that
// a word is not taken for one. "" otherwise.
std::string AsBookingReference(std::string_view word, bool named);

}  // namespace contrail::flightly
