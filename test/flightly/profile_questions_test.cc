#include "flightly/profile_questions.h"

#include <gtest/gtest.h>

namespace contrail::flightly {
namespace {

std::string Asked(std::string_view text) {
  Tokens tokens(text);
  return std::string(AskedProfileSlot(tokens));
}

TEST(AskedProfileSlot, OwnValuesAskedBack) {
  EXPECT_EQ(Asked("what's my home airport again?"), "home_airport");
  EXPECT_EQ(Asked("What is my budget?"), "budget_usd");
  EXPECT_EQ(Asked("how old are my kids?"), "kids_ages");
  EXPECT_EQ(Asked("do you remember which seat I like?"), "seat");
  EXPECT_EQ(Asked("do you know my name?"), "name");
  EXPECT_EQ(Asked("which airlines did I say to avoid?"), "avoid_airlines");
  EXPECT_EQ(Asked("remind me what budget I gave you"), "budget_usd");
  EXPECT_EQ(Asked("who do I usually travel with?"), "adults");
  EXPECT_EQ(Asked("what seat do I prefer?"), "seat");
  EXPECT_EQ(Asked("what's my status with you?"), "loyalty_tier");
  EXPECT_EQ(Asked("what are my interests?"), "interests");
  EXPECT_EQ(Asked("where do I live?"), "home_airport");
  EXPECT_EQ(Asked("what do you remember about my diet?"), "diet");
  EXPECT_EQ(Asked("what email do you have for me?"), "email");
}

TEST(AskedProfileSlot, QuestionsAboutAServiceAreNot) {
  EXPECT_EQ(Asked("can my kids fly alone?"), "");
  EXPECT_EQ(Asked("what are my kids allowed to bring on board?"), "");
  EXPECT_EQ(Asked("what's my baggage allowance?"), "");
  EXPECT_EQ(Asked("what's my flight status?"), "");
  EXPECT_EQ(Asked("what do I need to bring for my son?"), "");
  EXPECT_EQ(Asked("what do you know about me?"), "");
  EXPECT_EQ(Asked("which seat is best for sleeping?"), "");
  EXPECT_EQ(Asked("my budget is $300 a person"), "");
}


TEST(AskedProfileSlot, WhatISaidAboutSomethingQuotesTheConversation) {
  EXPECT_EQ(Asked("what did I say about my budget?"), "");
  EXPECT_EQ(Asked("what did I tell you about my kids?"), "");
}

}  // namespace
}  // namespace contrail::flightly
