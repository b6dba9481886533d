// The connection slots' bookkeeping, without sockets (the server's use of it: http_server_test.cc).

#include "net/admission.h"

#include <gtest/gtest.h>

#include <vector>

namespace contrail::net {
namespace {

using boost::asio::ip::make_address;

TEST(AdmissionTest, AnAddressHoldsAtMostItsCapWhileOthersStillGetSlots) {
  Admission admission(100, 2);
  std::optional<Admission::Slot> a1 = admission.Take(make_address("10.0.0.1"));
  std::optional<Admission::Slot> a2 = admission.Take(make_address("10.0.0.1"));
  ASSERT_TRUE(a1 && a2);
  EXPECT_FALSE(admission.Take(make_address("10.0.0.1"))) << "a third slot for the same address";
  EXPECT_FALSE(admission.Take(make_address("::ffff:10.0.0.1"))) << "the same address, IPv4-mapped";
  EXPECT_TRUE(admission.Take(make_address("10.0.0.2")));
  EXPECT_EQ(admission.active(), 2u) << "the slot above was given back when it went";
  a1.reset();
  EXPECT_TRUE(admission.Take(make_address("10.0.0.1"))) << "a slot given back can be taken again";
}

TEST(AdmissionTest, AnIpv6ClientCountsByItsSlash64) {
  Admission admission(100, 1);
  std::optional<Admission::Slot> held = admission.Take(make_address("2001:db8:1:2::1"));
  ASSERT_TRUE(held);
  EXPECT_FALSE(admission.Take(make_address("2001:db8:1:2:ffff::9"))) << "same /64";
  EXPECT_TRUE(admission.Take(make_address("2001:db8:1:3::1"))) << "another /64";
}

TEST(AdmissionTest, SlotsBeyondMaxConnectionsAreOverTheLimitUntilOneIsGivenBack) {
  Admission admission(2, 10);
  EXPECT_EQ(admission.max_per_address(), 2) << "an address cannot hold more than the server";
  std::vector<Admission::Slot> slots;
  for (const char* a : {"10.0.0.1", "10.0.0.2"}) slots.push_back(*admission.Take(make_address(a)));
  EXPECT_FALSE(admission.over_limit());
  slots.push_back(*admission.Take(make_address("10.0.0.3")));
  EXPECT_TRUE(admission.over_limit());
  slots.front().Release();  // an idle connection gives up its slot
  EXPECT_FALSE(admission.over_limit());
  EXPECT_EQ(admission.active(), 2u);
}

TEST(AdmissionTest, ASlotIsGivenBackOnceWhetherReleasedMovedOrDestroyed) {
  Admission admission(10, 10);
  {
    Admission::Slot slot = *admission.Take(make_address("10.0.0.1"));
    Admission::Slot moved = std::move(slot);
    EXPECT_FALSE(slot.held());
    EXPECT_TRUE(moved.held());
    moved.Release();
    moved.Release();
    EXPECT_EQ(admission.active(), 0u);
  }
  EXPECT_EQ(admission.active(), 0u) << "destroying released slots gives nothing back twice";
}

TEST(AdmissionTest, RefusalsInFlightAreBounded) {
  Admission admission(10, 10);
  std::vector<Admission::Refusal> refusals;
  for (int i = 0; i < Admission::kMaxRefusalsInFlight; ++i) {
    refusals.push_back(admission.StartRefusal());
    ASSERT_TRUE(refusals.back());
  }
  EXPECT_FALSE(admission.StartRefusal());
  refusals.pop_back();
  EXPECT_TRUE(admission.StartRefusal()) << "a finished refusal makes room for another";
}

}  // namespace
}  // namespace contrail::net
