#pragma once
// What kind of fact a question asks for, and whether a quotable unit holds one: "how much is an
// extra bag?" wants an amount, "how long does a refund take?" a duration, "can I bring my dog?" a
// yes or no. The second stage of retrieval (rerank.h) prefers units that hold the kind of fact
// asked for. English, rule-based; pure functions, thread-safe.

#include <cstdint>
#include <string_view>

namespace contrail::knowledge {

enum class AnswerType : std::uint8_t {
  kAny,        // nothing more specific recognised
  kAmount,     // a price, fee or discount: "how much", "cost", "fee"
  kCount,      // "how many"
  kDuration,   // "how long", "how far in advance", "how early"
  kWhen,       // a day, date, month or time: "when", "what time", "which months"
  kMeasure,    // a weight or size: "how heavy", "weight", "dimensions"
  kName,       // a name or code: "what is it called", "promo code"
  kYesNo,      // "can I …", "is there …", "do you …"
  kProcedure,  // "how do I …", "what should I do"
  kNumber,     // a limit or an age, whatever its unit: "the coverage limit", "maximum", "how old"
  kDate,       // a unit's fact only: a calendar month or date ("Travel: 1 March to 25 April 2027"),
               // which answers a question that names a day or month; QuestionAnswerType never returns it
  kFigure,     // a unit's fact only: a price in figures ("$125", "€14", "10%"), which answers "how much
               // is it?" where "free" answers only "do I pay?"; QuestionAnswerType never returns it
};

const char* AnswerTypeName(AnswerType type);

// The type of `question` (any case).
AnswerType QuestionAnswerType(std::string_view question);

// Whether an amount question asks for a price in figures ("how much does it cost …", "what's the
// fee …", "what charge applies …") rather than whether one pays at all ("do I pay for …?", "is it
// free?"): then a unit that only says "free" fits it less than one that states the price.
bool AsksForFigure(std::string_view question);

// What kinds of fact a unit of text holds, as AnswerType bits (1 << type).
std::uint32_t FactKinds(std::string_view text);

// How well a unit whose FactKinds are `kinds` fits a question of `type`: +1 when it holds the fact
// asked for, -1 when the question wants a number-like fact the unit lacks, else 0.
int TypeFit(AnswerType type, std::uint32_t kinds);

}  // namespace contrail::knowledge
