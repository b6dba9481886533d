// The climate table against Flightly's published travel guides: for a place with a guide, every
// temperature the table states is one the guide states (the guide is the source), and the class
// table is still used for places without one.

#include "flightly/climate.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "flightly/offline/respond.h"
#include "flightly/understanding.h"
#include "support/repo_path.h"

namespace contrail::flightly {
namespace {

struct Guide {
  std::string file;
  const Place* place = nullptr;  // from the front matter's `destination:`
  std::string text;              // line breaks as spaces: a figure may wrap
};

std::vector<Guide> ReadGuides() {
  std::vector<Guide> guides;
  for (const auto& entry : std::filesystem::directory_iterator(test::RepoPath("data/knowledge/guides"))) {
    std::ifstream in(entry.path());
    std::stringstream buffer;
    buffer << in.rdbuf();
    Guide g{entry.path().filename().string(), nullptr, buffer.str()};
    std::smatch m;
    if (std::regex_search(g.text, m, std::regex("\ndestination: ([A-Z]{3})"))) g.place = FindPlaceByCode(m[1].str());
    for (char& c : g.text) c = c == '\n' ? ' ' : c;
    guides.push_back(std::move(g));
  }
  return guides;
}

// "75–80 °F", "(24–27 °C)", "high 80s °F", "−4–4 °C", "up to 70 °F": each figure as written.
std::vector<std::string> Temperatures(std::string_view text) {
  static const std::regex kFigure("(?:−|-)?[0-9]+s?(?:–(?:−|-)?[0-9]+)? °[FC]");
  std::vector<std::string> out;
  std::string s(text);
  for (std::sregex_iterator it(s.begin(), s.end(), kFigure), end; it != end; ++it) out.push_back(it->str());
  return out;
}

TEST(ClimateTest, EveryGuidePlaceIsKnownToTheGazetteer) {
  std::vector<Guide> guides = ReadGuides();
  ASSERT_GE(guides.size(), 18u);
  for (const Guide& g : guides) EXPECT_NE(g.place, nullptr) << g.file;
}

TEST(ClimateTest, EveryTemperatureForAGuidePlaceIsTheGuides) {
  for (const Guide& g : ReadGuides()) {
    if (g.place == nullptr) continue;
    int figures = 0;
    for (int month = 1; month <= 12; ++month) {
      for (std::string_view text : {TypicalWeather(*g.place, month), WeatherInBrief(*g.place, month)}) {
        for (const std::string& t : Temperatures(text)) {
          ++figures;
          EXPECT_NE(g.text.find(t), std::string::npos) << g.file << ", month " << month << ": " << t << " in \"" << text << "\"";
        }
      }
    }
    EXPECT_GT(figures, 0) << g.file << ": the table quotes none of the guide's temperatures";
  }
}

TEST(ClimateTest, MiamiInMarchHasTheGuidesHighs) {
  // The class table said 84–88 °F, about 9 °F above the guide's 75–80 °F.
  std::string_view march = TypicalWeather(*FindPlaceByCode("MIA"), 3);
  EXPECT_NE(march.find("75–80 °F (24–27 °C)"), std::string_view::npos) << march;
}

// With the guide's passage retrieved, the answer states its figures and no others.
TEST(ClimateTest, AWeatherAnswerWithItsGuideRetrievedStatesOneFigurePerThing) {
  llm::Source guide;
  guide.n = 1;
  guide.document_id = "guides/miami.md";
  guide.title = "Miami travel guide";
  guide.text = "December to April is the dry season and high season: sunny, 75–80 °F (24–27 °C) days, cooler "
               "evenings and ocean water around 72–76 °F. May to October is hot and humid (high 80s °F, 31 °C).";
  llm::ChatRequest request;
  request.messages.emplace_back(llm::Role::kUser, "what's the weather like in Miami in March?");
  request.context.facts = Understand(request.messages.back().content, "");
  request.context.sources = {guide};
  const std::string answer = offline::Respond(request).content;
  ASSERT_NE(answer.find("[1]"), std::string::npos) << answer;
  for (const std::string& t : Temperatures(answer)) EXPECT_NE(guide.text.find(t), std::string::npos) << t << " in " << answer;
}

TEST(ClimateTest, AMetroSharesItsGuide) {
  EXPECT_EQ(TypicalWeather(*FindPlaceByCode("LGA"), 7), TypicalWeather(*FindPlaceByCode("JFK"), 7));
  EXPECT_EQ(TypicalWeather(*FindPlaceByCode("ORY"), 1), TypicalWeather(*FindPlaceByCode("CDG"), 1));
}

TEST(ClimateTest, PlacesWithoutAGuideUseTheirClimateClass) {
  // Kona shares Honolulu's class but not its guide; Sydney's seasons are the south's.
  EXPECT_NE(TypicalWeather(*FindPlaceByCode("KOA"), 7), TypicalWeather(*FindPlaceByCode("HNL"), 7));
  EXPECT_FALSE(TypicalWeather(*FindPlaceByCode("KOA"), 7).empty());
  EXPECT_FALSE(WeatherInBrief(*FindPlaceByCode("SYD"), 1).empty());
}

}  // namespace
}  // namespace contrail::flightly
