// When two answers count as the same one for the answer cache's verification.

#include "server/chat/answer_cache.h"

#include <gtest/gtest.h>

namespace contrail::server::chat {
namespace {

TEST(AnswerCacheTest, TheSameLeadWithOtherCitationNumbersIsTheSameAnswer) {
  const std::string lead = "From Flightly's documents: Carry-on baggage › Size and weight limits: up to 10 kg.";
  const std::string a = lead + " [1]\n\n- more [2]";
  const std::string b = lead + " [3]\n\n- other [1]";
  EXPECT_TRUE(SameAnswerLead(a, b));
  EXPECT_FALSE(SameAnswerText(a, b));
}

TEST(AnswerCacheTest, AnotherLeadIsAnotherAnswer) {
  EXPECT_FALSE(SameAnswerLead("Carry-on bag: up to 10 kg. [1]", "Personal item: up to 45 cm. [1]"));
  EXPECT_FALSE(SameAnswerLead("Fee: $35 [1]", "Fee: $351"));  // only a bracketed number is a citation
  EXPECT_TRUE(SameAnswerLead("Gate [A] closes", "gate [A]  closes"));
}

}  // namespace
}  // namespace contrail::server::chat
