#include "flightly/climate.h"

#include <cstddef>

namespace contrail::flightly {
namespace {

constexpr std::string_view kEquatorialAllYear =
    "hot and humid, highs around 88–90 °F (31–32 °C), with short, heavy showers in any month";

struct Seasons {
  // December-February, March-May, June-August, September-November, in the north's calendar.
  std::string_view full[4];
  std::string_view brief[4];
  bool flips;  // temperate climates swap seasons south of the equator; tropical ones do not
};

constexpr Seasons kSeasons[] = {
    // kTropicalTradeWinds
    {{"warm, with highs around 80 °F (27 °C); it's the wetter season, with passing showers and "
      "big surf on north-facing shores",
      "warm and mostly sunny, highs 80–83 °F (27–28 °C), with showers easing through spring",
      "the driest, sunniest season, highs 85–88 °F (29–31 °C) cooled by trade winds",
      "warm and mostly dry, highs 84–87 °F (29–31 °C), until showers pick up in November"},
     {"warm with some showers", "warm and sunny", "hot, dry and sunny", "warm and mostly dry"},
     false},
    // kCaribbean
    {{"warm and dry — the peak season — with highs around 80–84 °F (27–29 °C)",
      "hot and mostly dry, highs 84–88 °F (29–31 °C)",
      "hot and humid, highs near 90 °F (32 °C), with afternoon storms; hurricane season runs "
      "June to November",
      "hot, humid and the rainiest time of year; hurricane season peaks August to October"},
     {"warm and dry", "hot and sunny", "hot, humid and stormy", "humid, hurricane season"},
     false},
    // kEquatorial
    {{kEquatorialAllYear, kEquatorialAllYear, kEquatorialAllYear, kEquatorialAllYear},
     {"hot and humid", "hot and humid", "hot and humid", "hot and humid"},
     false},
    // kMonsoon
    {{"the dry, pleasant season: warm days with highs around 85 °F (29 °C), cooler in the hills",
      "hot and getting hotter, highs 90–95 °F (32–35 °C), before the monsoon arrives",
      "monsoon season: hot, humid and very rainy, with heavy downpours",
      "the rains easing through October, then dry and pleasant from November"},
     {"dry and pleasant", "hot", "monsoon rains", "rains easing"},
     false},
    // kTropicalSouth
    {{"the wet season: hot and humid, highs around 88 °F (31 °C), with heavy afternoon rain",
      "the end of the wet season: hot and humid, turning drier from April",
      "the dry season: sunny and a little cooler, highs around 82–85 °F (28–29 °C)",
      "dry and sunny, getting hotter, with the rains returning around November"},
     {"hot and wet", "drying out", "dry and sunny", "dry and hot"},
     false},
    // kDesert
    {{"mild and sunny by day, highs 58–75 °F (14–24 °C), with cold nights",
      "warm and sunny, highs 75–90 °F (24–32 °C) — one of the best times to go",
      "very hot and dry, highs often over 100 °F (38 °C); plan outdoor time for the mornings",
      "warm and sunny, highs cooling from about 95 °F (35 °C) to 70 °F (21 °C)"},
     {"mild and sunny", "warm and sunny", "very hot", "warm and sunny"},
     true},
    // kMediterranean
    {{"mild and the wettest time of year, highs 55–65 °F (13–18 °C)",
      "mild to warm and sunny, highs 65–75 °F (18–24 °C)",
      "hot, dry and sunny, highs 80–90 °F (27–32 °C)",
      "warm early on and cooling later, highs 65–80 °F (18–27 °C), with rain returning late"},
     {"mild with some rain", "mild and sunny", "hot and dry", "warm"},
     true},
    // kHumidSubtropical
    {{"cool to mild, highs 50–65 °F (10–18 °C), with the odd cold snap",
      "warm and pleasant, highs 70–80 °F (21–27 °C)",
      "hot and humid, highs around 90 °F (32 °C), with afternoon thunderstorms",
      "warm to mild and pleasant, highs 65–80 °F (18–27 °C)"},
     {"cool to mild", "warm and pleasant", "hot and humid", "pleasant"},
     true},
    // kOceanic
    {{"cool, grey and damp, highs 40–50 °F (4–10 °C)",
      "mild and changeable, highs 55–65 °F (13–18 °C), with showers",
      "mild to warm, highs 68–75 °F (20–24 °C), with the longest days",
      "cooling and wetter, highs 50–62 °F (10–17 °C)"},
     {"cool and damp", "mild with showers", "mild to warm", "cool and wetter"},
     true},
    // kContinental
    {{"cold, highs around 25–40 °F (-4–4 °C), often with snow",
      "cool to mild and changeable, highs 50–70 °F (10–21 °C)",
      "warm to hot, highs 75–85 °F (24–29 °C), with thunderstorms",
      "crisp and mild, highs 50–70 °F (10–21 °C), with autumn colours"},
     {"cold and snowy", "mild", "warm", "crisp"},
     true},
    // kSubarctic
    {{"very cold and dark, highs around 20–35 °F (-7–2 °C); the season for northern lights",
      "cold to cool, highs 35–50 °F (2–10 °C), with the days lengthening fast",
      "cool to mild, highs 55–65 °F (13–18 °C), with very long days",
      "cool and getting colder, highs 35–50 °F (2–10 °C), as the northern lights return"},
     {"very cold", "cold", "mild with long days", "cool"},
     true},
    // kHighland
    {{"the dry season: mild, sunny days around 70 °F (21 °C) and chilly nights",
      "warm, highs 72–78 °F (22–26 °C), with the rains starting late in the season",
      "the rainy season: mild days with afternoon downpours", "mild, with the rains easing off"},
     {"dry and mild", "warm", "rainy", "mild"},
     true},
};

std::size_t SeasonIndex(const Place& place, int month, const Seasons& seasons) {
  std::size_t season = static_cast<std::size_t>((month % 12) / 3);  // Dec,Jan,Feb -> 0
  const bool southern = place.lat < 0;
  if (southern && seasons.flips) season = (season + 2) % 4;
  return season;
}

const Seasons& SeasonsOf(const Place& place) {
  return kSeasons[static_cast<std::size_t>(place.climate)];
}

}  // namespace

std::string_view TypicalWeather(const Place& place, int month) {
  const Seasons& seasons = SeasonsOf(place);
  return seasons.full[SeasonIndex(place, month, seasons)];
}

std::string_view WeatherInBrief(const Place& place, int month) {
  const Seasons& seasons = SeasonsOf(place);
  return seasons.brief[SeasonIndex(place, month, seasons)];
}

}  // namespace contrail::flightly
