#include "knowledge/answer_type.h"

#include <array>
#include <cctype>
#include <string>

#include "knowledge/text_util.h"

namespace contrail::knowledge {
namespace {

constexpr std::uint32_t Bit(AnswerType t) { return 1u << static_cast<unsigned>(t); }

bool Has(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string_view::npos; }

template <std::size_t N>
bool HasAny(std::string_view text, const std::array<std::string_view, N>& needles) {
  for (std::string_view n : needles) {
    if (Has(text, n)) return true;
  }
  return false;
}

// The lower-case question with a space at both ends, so " word " finds whole words.
std::string Padded(std::string_view text) {
  std::string out = " ";
  for (char c : text) out += std::isalnum(static_cast<unsigned char>(c)) || c == '$' ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : ' ';
  return out + " ";
}

bool DigitBefore(std::string_view text, std::size_t at) {
  while (at > 0 && text[at - 1] == ' ') --at;
  return at > 0 && std::isdigit(static_cast<unsigned char>(text[at - 1]));
}

// A number followed by one of `units` (" 24 hours", "23 kg").
template <std::size_t N>
bool NumberWithUnit(std::string_view padded, const std::array<std::string_view, N>& units) {
  for (std::string_view u : units) {
    for (std::size_t at = padded.find(u); at != std::string_view::npos; at = padded.find(u, at + 1)) {
      if (DigitBefore(padded, at)) return true;
    }
  }
  return false;
}

constexpr std::array kMonths = std::to_array<std::string_view>(
    {" january ", " february ", " march ", " april ", " may ", " june ", " july ", " august ", " september ",
     " october ", " november ", " december ", " jan ", " feb ", " mar ", " apr ", " jun ", " jul ", " aug ",
     " sep ", " sept ", " oct ", " nov ", " dec "});

// Whether the padded lower-case question names a calendar month ("May I …" does not).
bool NamesMonth(std::string_view q) {
  for (std::string_view m : kMonths) {
    if (m != " may " && Has(q, m)) return true;
  }
  return Has(q, " in may ") || Has(q, " may 2") || Has(q, " of may ") || Has(q, " may 1");
}

// The words that ask for a price.
constexpr auto kPriceAsked = std::to_array<std::string_view>(
    {" how much ", " cost ", " costs ", " price ", " prices ", " fee ", " fees ", " $", " set me back ",
     " set us back "});

}  // namespace

const char* AnswerTypeName(AnswerType type) {
  static constexpr const char* kNames[] = {"any", "amount", "count", "duration", "when", "measure", "name", "yes_no",
                                           "procedure", "number", "date", "figure"};
  return kNames[static_cast<int>(type)];
}

AnswerType QuestionAnswerType(std::string_view question) {
  const std::string q = Padded(question);
  static constexpr auto kDuration = std::to_array<std::string_view>(
      {" how long ", " how far ", " how far in advance ", " how early ", " how soon ", " how late ", " how many days ",
       " how many hours ", " how many minutes ", " how many weeks ", " how many nights ", " deadline "});
  static constexpr auto kMeasure = std::to_array<std::string_view>(
      {" how heavy ", " how big ", " weigh ", " weight ", " dimensions ", " size ", " how large ", " max size "});
  // Words about money that do not ask for an amount when the question names a day or month ("does
  // the Black Friday discount cover June?" asks about dates).
  static constexpr auto kMoneyWords = std::to_array<std::string_view>(
      {" charge ", " pay ", " expensive ", " cheap ", " discount ", " percent ", " compensation ", " rate ",
       " rates "});
  static constexpr auto kWhen = std::to_array<std::string_view>(
      {" when ", " what time ", " what date ", " which month ", " which months ", " what month ", " until ",
       " best time ", " season ", " dates "});
  static constexpr auto kName = std::to_array<std::string_view>(
      {" called ", " name of ", " code ", " named ", " whats the name ", " what is the name "});
  static constexpr auto kProcedure = std::to_array<std::string_view>(
      {" how do i ", " how can i ", " how to ", " what should i do ", " what do i do ", " steps ", " where do i ",
       " how does ", " process "});
  static constexpr auto kYesNo = std::to_array<std::string_view>(
      {" can ", " is ", " are ", " do ", " does ", " will ", " may ", " should ", " am ", " could ", " is there ",
       " are there "});
  if (HasAny(q, kDuration)) return AnswerType::kDuration;
  if (HasAny(q, kMeasure)) return AnswerType::kMeasure;
  if (HasAny(q, kName)) return AnswerType::kName;
  if (HasAny(q, kPriceAsked)) return AnswerType::kAmount;
  if (Has(q, " how many ")) return AnswerType::kCount;
  if (HasAny(q, kMoneyWords) && !NamesMonth(q)) return AnswerType::kAmount;
  static constexpr auto kNumber = std::to_array<std::string_view>(
      {" limit ", " limits ", " cap ", " maximum ", " max ", " minimum ", " min ", " at most ", " at least ",
       " how old ", " age limit ", " minimum age "});
  if (HasAny(q, kNumber)) return AnswerType::kNumber;
  if (HasAny(q, kWhen)) return AnswerType::kWhen;
  if (HasAny(q, kProcedure)) return AnswerType::kProcedure;
  // "Is the fare valid in June?": a question that names a month is answered by dates.
  if (NamesMonth(q)) return AnswerType::kWhen;
  for (std::string_view start : kYesNo) {
    if (q.starts_with(start)) return AnswerType::kYesNo;
  }
  return AnswerType::kAny;
}

bool AsksForFigure(std::string_view question) {
  // "at no extra cost?", "is it free?": whether one pays, which "free" answers.
  static constexpr auto kFreeAsked = std::to_array<std::string_view>(
      {" free ", " no extra ", " no charge ", " without paying ", " at no ", " for nothing "});
  const std::string q = Padded(question);
  return (HasAny(q, kPriceAsked) || Has(q, " charge ") || Has(q, " charges ")) && !HasAny(q, kFreeAsked);
}

std::uint32_t FactKinds(std::string_view text) {
  const std::string t = Padded(text);
  std::uint32_t kinds = 0;
  static constexpr auto kFigures =
      std::to_array<std::string_view>({"$", " usd ", " eur ", " gbp ", " mxn ", " percent "});
  static constexpr auto kMoneyWithoutFigure =
      std::to_array<std::string_view>({" free ", " no charge ", " no fee ", " off "});
  if (HasAny(t, kFigures) || Has(text, "€") || Has(text, "£") || Has(text, "%")) {
    kinds |= Bit(AnswerType::kFigure) | Bit(AnswerType::kAmount);
  }
  if (HasAny(t, kMoneyWithoutFigure)) kinds |= Bit(AnswerType::kAmount);
  bool digit = false;
  for (char c : text) digit = digit || std::isdigit(static_cast<unsigned char>(c));
  static constexpr auto kCountWords = std::to_array<std::string_view>(
      {" one ", " two ", " three ", " four ", " five ", " six ", " none ", " unlimited ", " no "});
  if (digit || HasAny(t, kCountWords)) kinds |= Bit(AnswerType::kCount) | Bit(AnswerType::kNumber);
  static constexpr auto kTimeUnits = std::to_array<std::string_view>(
      {" minute", " hour", " day", " week", " month", " year", " night", " business day"});
  if (NumberWithUnit(t, kTimeUnits) || Has(t, " a day ") || Has(t, " same day ")) kinds |= Bit(AnswerType::kDuration);
  static constexpr auto kMeasureUnits = std::to_array<std::string_view>(
      {" kg ", " lb ", " lbs ", " cm ", " in ", " inches ", " pounds ", " kilos ", " litre", " ml "});
  if (NumberWithUnit(t, kMeasureUnits)) kinds |= Bit(AnswerType::kMeasure);
  // A distance answers "how long is the road?" and "how far is it?" as a time does.
  static constexpr auto kDistanceUnits = std::to_array<std::string_view>(
      {" mile", " km ", " kilomet", " metres ", " meters ", " m ", " ft ", " feet "});
  if (NumberWithUnit(t, kDistanceUnits)) kinds |= Bit(AnswerType::kDuration) | Bit(AnswerType::kMeasure);
  static constexpr auto kDayWords = std::to_array<std::string_view>(
      {" monday", " tuesday", " wednesday", " thursday", " friday", " saturday", " sunday", " am ", " pm ",
       " season ", " summer ", " winter ", " spring ", " autumn ", " fall "});
  if (HasAny(t, kMonths) || HasAny(t, kDayWords) || NumberWithUnit(t, kTimeUnits)) kinds |= Bit(AnswerType::kWhen);
  if (HasAny(t, kMonths)) kinds |= Bit(AnswerType::kDate);
  // A code or a name: a word in capitals with digits ("CANCUNSB27") or a capitalised phrase.
  for (std::size_t i = 0; i + 4 < text.size(); ++i) {
    std::size_t j = i;
    bool has_digit = false, has_upper = false;
    while (j < text.size() && (std::isupper(static_cast<unsigned char>(text[j])) || std::isdigit(static_cast<unsigned char>(text[j])))) {
      has_digit = has_digit || std::isdigit(static_cast<unsigned char>(text[j]));
      has_upper = has_upper || std::isupper(static_cast<unsigned char>(text[j]));
      ++j;
    }
    if (j - i >= 5 && has_digit && has_upper) kinds |= Bit(AnswerType::kName);
    i = j;
  }
  kinds |= Bit(AnswerType::kYesNo) | Bit(AnswerType::kProcedure) | Bit(AnswerType::kAny);
  return kinds;
}

int TypeFit(AnswerType type, std::uint32_t kinds) {
  switch (type) {
    case AnswerType::kAny:
    case AnswerType::kYesNo:
    case AnswerType::kProcedure:
      return 0;
    case AnswerType::kName:
      return (kinds & Bit(type)) ? 1 : 0;
    default:
      return (kinds & Bit(type)) ? 1 : -1;
  }
}

}  // namespace contrail::knowledge
