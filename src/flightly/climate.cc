#include "flightly/climate.h"

#include <cstddef>
#include <cstdint>

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

// The places Flightly publishes a travel guide for (data/knowledge/guides/*.md, each naming its
// airport in `destination:`). A guide is the published source, so for these places the weather
// answer quotes the guide's own figures, word for word, instead of its climate class's: two
// numbers for one thing would leave the traveller guessing which is right. climate_test.cc checks
// that every figure below appears in the guide. Keyed by metro, so JFK, LGA and EWR all read New
// York's guide. A place's entries cover all twelve months, each month once.
struct GuideSeason {
  std::string_view metro;
  std::uint16_t months;  // places::Months()
  std::string_view full;
  std::string_view brief;
};

using places::Months;

// clang-format off
constexpr GuideSeason kGuideSeasons[] = {
    // guides/honolulu.md
    {"HNL", Months(11, 3), "the wetter season, with passing showers rather than days of rain and highs about 80–84 °F (27–29 °C)", "warm with passing showers"},
    {"HNL", Months(4, 5), "dry and sunny, warming towards summer highs of 86–89 °F (30–32 °C) — the sweet spot for crowds and prices", "warm, dry and sunny"},
    {"HNL", Months(6, 8), "the driest and busiest season, with highs of 86–89 °F (30–32 °C) and trade winds", "hot, dry and sunny"},
    {"HNL", Months(9, 10), "dry and sunny, with highs near summer's 86–89 °F (30–32 °C) — the sweet spot for crowds and prices", "warm, dry and sunny"},
    // guides/maui.md
    {"OGG", Months(12, 3), "80–88 °F (27–31 °C) at the coast, and the wetter season — but also humpback whale season", "warm with some showers"},
    {"OGG", Months(4, 5), "80–88 °F (27–31 °C) at the coast, with the best mix of weather, prices and crowds", "warm and sunny"},
    {"OGG", Months(6, 8), "dry and busy, 80–88 °F (27–31 °C) at the coast", "warm, dry and sunny"},
    {"OGG", Months(9, 11), "80–88 °F (27–31 °C) at the coast, with the best mix of weather, prices and crowds", "warm and sunny"},
    // guides/las-vegas.md
    {"LAS", Months(12, 2), "mild by day, 55–60 °F (13–16 °C), and cold at night; most resort pools close or open only one heated pool", "mild by day, cold at night"},
    {"LAS", Months(3, 5), "ideal: 70–85 °F (21–29 °C) days, perfect for hiking and pool days alike", "warm and sunny"},
    {"LAS", Months(6, 8), "extremely hot, often 105–115 °F (41–46 °C), so hike only at dawn", "extremely hot"},
    {"LAS", Months(9, 9), "very hot early on, then ideal 70–85 °F (21–29 °C) days from late September", "hot, then warm"},
    {"LAS", Months(10, 11), "ideal: 70–85 °F (21–29 °C) days, perfect for hiking and pool days alike", "warm and sunny"},
    // guides/san-diego.md
    {"SAN", Months(11, 4), "mild, between 65 and 78 °F (18–26 °C) by the coast as all year, with occasional rain; winter is the cheapest season", "mild"},
    {"SAN", Months(5, 6), "mild, between 65 and 78 °F (18–26 °C) by the coast, often under the \"May Gray\" and \"June Gloom\" cloud that burns off by afternoon, if at all", "mild, often cloudy mornings"},
    {"SAN", Months(7, 8), "sunny and busy, between 65 and 78 °F (18–26 °C) by the coast", "sunny and mild"},
    {"SAN", Months(9, 10), "the warmest time of year, with the warmest ocean (up to 70 °F, 21 °C) and fewer crowds", "warm and sunny"},
    // guides/seattle.md
    {"SEA", Months(11, 3), "cool (40s °F, 5–10 °C), gray and drizzly rather than stormy, with heavy snow in the mountain passes", "cool, gray and drizzly"},
    {"SEA", Months(4, 6), "mild with some showers", "mild with showers"},
    {"SEA", Months(7, 9), "dry, sunny and 75–80 °F (24–27 °C), with long evenings", "dry, sunny and warm"},
    {"SEA", Months(10, 10), "mild with some showers", "mild with showers"},
    // guides/denver.md
    {"DEN", Months(12, 3), "mild and sunny in the city between snowstorms, which melt quickly, and ski season in the mountains", "sunny between snowstorms"},
    {"DEN", Months(4, 5), "changeable, with snow one day and sun the next", "changeable"},
    {"DEN", Months(6, 9), "warm, 80–90 °F (27–32 °C) in the city and much cooler in the mountains, with afternoon thunderstorms in the high country", "warm"},
    {"DEN", Months(10, 11), "crisp, with golden aspen leaves into early October and ski season starting in the mountains", "crisp"},
    // guides/new-york.md
    {"NYC", Months(1, 3), "cold (25–40 °F, −4–4 °C), and the cheapest time to visit", "cold"},
    {"NYC", Months(4, 6), "comfortable, 60–75 °F (16–24 °C)", "mild and pleasant"},
    {"NYC", Months(7, 8), "hot and humid, 85–90 °F (29–32 °C)", "hot and humid"},
    {"NYC", Months(9, 10), "comfortable, 60–75 °F (16–24 °C), with autumn leaves in Central Park in late October", "mild and pleasant"},
    {"NYC", Months(11, 12), "comfortable early in November, then cold and festive, with the Rockefeller Center tree and skating rinks", "cooling, festive"},
    // guides/orlando.md
    {"MCO", Months(12, 2), "mild, with 70–75 °F (21–24 °C) days and cool mornings", "mild"},
    {"MCO", Months(3, 5), "warm and pleasant, and busiest over spring break (March to mid-April)", "warm and pleasant"},
    {"MCO", Months(6, 8), "hot and humid, 90–95 °F (32–35 °C), with thunderstorms most afternoons", "hot and humid"},
    {"MCO", Months(9, 11), "warm, and pleasant on weekdays until early November; hurricane season runs to November", "warm"},
    // guides/miami.md
    {"MIA", Months(12, 4), "dry and sunny — the high season — with 75–80 °F (24–27 °C) days and cooler evenings", "warm, dry and sunny"},
    {"MIA", Months(5, 10), "hot and humid (high 80s °F, 31 °C), with short afternoon thunderstorms almost every day; hurricane season runs June to November", "hot, humid and stormy"},
    {"MIA", Months(11, 11), "warm, at the end of hurricane season, before the dry season from December", "warm, drying out"},
    // guides/cancun.md
    {"CUN", Months(12, 4), "the dry season, with sunny 82–88 °F (28–31 °C) days and the calmest sea", "warm, dry and sunny"},
    {"CUN", Months(5, 6), "hotter than winter's 82–88 °F (28–31 °C) and still fairly dry; hurricane season starts in June", "hot and fairly dry"},
    {"CUN", Months(7, 11), "hot and humid; hurricane season runs June to November, with the highest risk in September and October", "hot, humid, hurricane season"},
    // guides/costa-rica.md
    {"SJO", Months(12, 4), "the dry season: sunny days, 70–80 °F (21–27 °C) in San José and 85–95 °F (29–35 °C) on the coasts", "dry and sunny"},
    {"SJO", Months(5, 6), "the green season: clear mornings and afternoon showers, 70–80 °F (21–27 °C) in San José", "green, with afternoon rain"},
    {"SJO", Months(7, 7), "a drier spell (the veranillo) in the green season, 70–80 °F (21–27 °C) in San José", "drier, green"},
    {"SJO", Months(8, 8), "the green season: clear mornings and afternoon showers, 70–80 °F (21–27 °C) in San José", "green, with afternoon rain"},
    {"SJO", Months(9, 10), "the wettest months on the Pacific side but the driest on the Caribbean coast", "wet on the Pacific side"},
    {"SJO", Months(11, 11), "the green season: clear mornings and afternoon showers, 70–80 °F (21–27 °C) in San José", "green, with afternoon rain"},
    // guides/bali.md
    {"DPS", Months(4, 10), "the dry season, with highs of 86–90 °F (30–32 °C) and the most consistent swells on the west coast", "dry and sunny"},
    {"DPS", Months(11, 3), "the wet season, with highs of 86–90 °F (30–32 °C) and showers mostly in the afternoon", "hot with afternoon showers"},
    // guides/cape-town.md (southern hemisphere: summer is November to March)
    {"CPT", Months(11, 2), "summer: dry, sunny and 75–85 °F (24–29 °C), with a strong south-easterly wind", "hot, dry and sunny"},
    {"CPT", Months(3, 5), "warm, calmer and quieter — the best time overall", "warm and calm"},
    {"CPT", Months(6, 8), "winter: mild (60–65 °F, 16–18 °C) but rainy, green and cheap", "mild and rainy"},
    {"CPT", Months(9, 10), "warm, calmer and quieter — the best time overall, and the peak of whale season", "warm and calm"},
    // guides/lisbon.md
    {"LIS", Months(11, 3), "mild (55–60 °F, 13–16 °C) and rainier, with low prices", "mild with some rain"},
    {"LIS", Months(4, 6), "ideal: 68–80 °F (20–27 °C), sunny and less crowded", "warm and sunny"},
    {"LIS", Months(7, 8), "hot (often 85–95 °F, 29–35 °C) and busy, while the Atlantic stays cool", "hot and dry"},
    {"LIS", Months(9, 10), "ideal: 68–80 °F (20–27 °C), sunny and less crowded", "warm and sunny"},
    // guides/paris.md
    {"PAR", Months(11, 3), "cool and gray (35–50 °F, 2–10 °C), with the lowest prices", "cool and gray"},
    {"PAR", Months(4, 6), "mild (60–75 °F, 15–24 °C), with blossoming parks and long evenings", "mild"},
    {"PAR", Months(7, 8), "warm to hot (sometimes over 95 °F, 35 °C, in heatwaves) and busy", "warm to hot"},
    {"PAR", Months(9, 10), "mild (60–75 °F, 15–24 °C), with golden parks", "mild"},
    // guides/reykjavik.md
    {"KEF", Months(11, 3), "dark, cold and windy, with only 4–5 hours of daylight in December — the season for northern lights and ice caves", "cold and dark"},
    {"KEF", Months(4, 5), "a good-value shoulder season, with the days getting longer", "cool"},
    {"KEF", Months(6, 8), "mild, 50–60 °F (10–15 °C), with the midnight sun", "mild with long days"},
    {"KEF", Months(9, 10), "quieter, with autumn colours and the first northern lights", "cool"},
    // guides/tokyo.md
    {"TYO", Months(12, 2), "cold, dry and sunny (40–50 °F, 5–10 °C), with clear views of Mount Fuji", "cold, dry and sunny"},
    {"TYO", Months(3, 4), "cherry-blossom season from late March to early April, Tokyo's most beautiful and busy time", "cherry-blossom season"},
    {"TYO", Months(5, 5), "mild (60–75 °F, 16–24 °C) and clear", "mild and clear"},
    {"TYO", Months(6, 7), "the rainy season (tsuyu) until mid-July, then hot and humid", "rainy"},
    {"TYO", Months(8, 9), "hot and humid, often over 90 °F (32 °C)", "hot and humid"},
    {"TYO", Months(10, 11), "mild (60–75 °F, 16–24 °C) and clear, with autumn leaves in late November", "mild and clear"},
    // guides/banff-calgary.md
    {"YYC", Months(12, 4), "ski season, with frozen waterfalls and cold snaps below −20 °F (−30 °C)", "cold and snowy"},
    {"YYC", Months(5, 6), "quieter and cheaper, with some trails still snowbound and lakes often frozen until early June", "cool, trails opening"},
    {"YYC", Months(7, 8), "peak season: warm days (70–80 °F, 21–27 °C) but cold nights", "warm days, cold nights"},
    {"YYC", Months(9, 9), "warm days until mid-September, then golden larch trees and fewer crowds", "crisp, golden larches"},
    {"YYC", Months(10, 11), "quieter and cheaper, with some trails snowbound", "cold"},
};
// clang-format on

// The guide's season for the place and month, or nullptr when Flightly publishes no guide for it.
const GuideSeason* GuideSeasonOf(const Place& place, int month) {
  for (const GuideSeason& g : kGuideSeasons) {
    if (g.metro == place.metro && (g.months & (1u << (month - 1)))) return &g;
  }
  return nullptr;
}

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
  if (const GuideSeason* guide = GuideSeasonOf(place, month)) return guide->full;
  const Seasons& seasons = SeasonsOf(place);
  return seasons.full[SeasonIndex(place, month, seasons)];
}

std::string_view WeatherInBrief(const Place& place, int month) {
  if (const GuideSeason* guide = GuideSeasonOf(place, month)) return guide->brief;
  const Seasons& seasons = SeasonsOf(place);
  return seasons.brief[SeasonIndex(place, month, seasons)];
}

}  // namespace contrail::flightly
