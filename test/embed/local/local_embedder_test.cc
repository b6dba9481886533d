#include "embed/local/local_embedder.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <cmath>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "embed/embed_eval.h"
#include "support/repo_path.h"

namespace contrail::embed {
namespace {

std::string DevSetPath() { return test::RepoPath("bench/data/paraphrases.tsv").string(); }

const LocalEmbedder& Shared() {
  static const LocalEmbedder embedder;
  return embedder;
}

float Cos(std::string_view a, std::string_view b) {
  return Cosine(Shared().EmbedText(a), Shared().EmbedText(b));
}

double Norm(const Vector& v) {
  double sum = 0;
  for (float x : v) sum += static_cast<double>(x) * x;
  return std::sqrt(sum);
}

// Runs Embed() to the end on a private io_context.
core::Result<std::vector<Vector>> EmbedAll(LocalEmbedder& embedder,
                                           const std::vector<std::string>& texts) {
  boost::asio::io_context io;
  std::optional<core::Result<std::vector<Vector>>> out;
  boost::asio::co_spawn(
      io, [&]() -> boost::asio::awaitable<void> { out.emplace(co_await embedder.Embed(texts)); },
      [](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);
      });
  io.run();
  return std::move(*out);
}

TEST(LocalEmbedderTest, IsContrailLocalWith1024Dimensions) {
  EXPECT_EQ(Shared().model(), "contrail-local");
  EXPECT_EQ(Shared().dimensions(), 1024);
  EXPECT_EQ(Shared().EmbedText("flights to Paris").size(), 1024u);
  EXPECT_TRUE(Shared().has_wordnet()) << "WordNet 3.0 is expected in /usr/share/wordnet";
}

TEST(LocalEmbedderTest, OtherDimensionsOnRequest) {
  LocalEmbedder small(LocalEmbedder::Options{.dimensions = 64});
  EXPECT_EQ(small.dimensions(), 64);
  Vector v = small.EmbedText("flights to Paris");
  ASSERT_EQ(v.size(), 64u);
  EXPECT_NEAR(Norm(v), 1.0, 1e-5);
}

TEST(LocalEmbedderTest, SameTextGivesTheSameVectorEveryTimeAndInEveryInstance) {
  const std::string text = "Can I bring my dog on a flight from LAX to Honolulu?";
  const Vector first = Shared().EmbedText(text);
  EXPECT_EQ(Shared().EmbedText(text), first);
  LocalEmbedder other;
  EXPECT_EQ(other.EmbedText(text), first);
  EXPECT_NE(Shared().EmbedText("Can I bring my cat on a flight from LAX to Honolulu?"), first);
}

TEST(LocalEmbedderTest, VectorsHaveUnitLength) {
  for (std::string_view text :
       {"flights to Paris", "LAX", "what is it?", "???", "🙂", "x", "42",
        "Zürich in December: Christmas markets, fondue and snow-covered old-town lanes",
        "a much longer text about baggage, refunds, seats, hotels and weather in Lisbon"}) {
    EXPECT_NEAR(Norm(Shared().EmbedText(text)), 1.0, 1e-5) << text;
  }
}

TEST(LocalEmbedderTest, AirportCodeIsCloseToItsCityAndFarFromOthers) {
  EXPECT_GT(Cos("LAX", "Los Angeles"), 0.8f);
  EXPECT_GT(Cos("LAX", "Los Angeles International"), 0.8f);
  EXPECT_LT(Cos("LAX", "Paris"), 0.2f);
  EXPECT_GT(Cos("LAX", "Los Angeles") - Cos("LAX", "Paris"), 0.6f);
  EXPECT_GT(Cos("JFK", "New York"), 0.8f);
  EXPECT_GT(Cos("Hawaii", "HNL"), 0.8f);
  EXPECT_GT(Cos("Honolulu", "HNL"), 0.8f);
  EXPECT_GT(Cos("Vegas", "LAS"), 0.8f);
  EXPECT_GT(Cos("flights from LAX to JFK", "flights from Los Angeles to New York"), 0.8f);
}

TEST(LocalEmbedderTest, CodeThatIsAnEnglishWordNeedsCapitals) {
  EXPECT_GT(Cos("MAD", "Madrid"), 0.8f);
  EXPECT_LT(Cos("mad", "Madrid"), 0.3f);
  EXPECT_GT(Cos("lax", "Los Angeles"), 0.8f);  // "lax" is no word travellers mean otherwise
}

TEST(LocalEmbedderTest, ParaphrasesScoreAboveUnrelatedQuestions) {
  struct Case {
    const char* query;
    const char* paraphrase;
    const char* unrelated;
  };
  const Case cases[] = {
      {"how much luggage can I check?", "what is the checked baggage allowance?",
       "is Lisbon warm in March?"},
      {"can I get my money back?", "how do I get a refund?", "can I choose my seat?"},
      {"are pets allowed in the cabin?", "can my puppy fly with me onboard?",
       "when does online check-in open?"},
      {"cheap places to travel", "affordable vacation ideas", "do I need a visa for Japan?"},
      {"where should I take my kids?", "family friendly destinations",
       "how do I contact customer service?"},
      {"what's the weather in Tokyo in July?", "how hot is Tokyo in July?",
       "hotels near the Eiffel Tower"},
  };
  for (const Case& c : cases) {
    EXPECT_GT(Cos(c.query, c.paraphrase), Cos(c.query, c.unrelated) + 0.3f) << c.query;
  }
}

TEST(LocalEmbedderTest, NearMissesShareWordsButStayApart) {
  EXPECT_GT(Cos("cancel my hotel", "call off my hotel reservation"),
            Cos("cancel my hotel", "cancel my flight"));
  EXPECT_GT(Cos("flights to Paris", "airfare to CDG"), Cos("flights to Paris", "hotels in Paris"));
  EXPECT_GT(Cos("can I bring my dog on the plane?", "pets in the cabin"),
            Cos("can I bring my dog on the plane?", "can I bring my surfboard on the plane?"));
}

TEST(LocalEmbedderTest, SurfAndPartyFindsBeachNightlifeAndSurfGuides) {
  const std::string query = "where can I surf and party?";
  const float miami = Cos(query, "Miami: beaches, nightlife, clubs and bars");
  const float bali = Cos(query, "Bali: world-class surf breaks, yoga and wellness retreats");
  const float unrelated[] = {
      Cos(query, "Vienna: museums, opera, palaces and coffee houses"),
      Cos(query, "Florence: Renaissance art galleries and museums"),
      Cos(query, "Aspen: skiing, snowboarding and apres-ski"),
      Cos(query, "Zermatt: ski slopes below the Matterhorn"),
      Cos(query, "Orlando: theme parks, roller coasters and water parks"),
  };
  for (float other : unrelated) {
    EXPECT_GT(miami, other + 0.1f);
    EXPECT_GT(bali, other + 0.1f);
  }
}

TEST(LocalEmbedderTest, EmbedReturnsVectorsInOrder) {
  LocalEmbedder embedder;
  auto result = EmbedAll(embedder, {"flights to Paris", "hotels in Tokyo"});
  ASSERT_TRUE(result.ok()) << result.error().message;
  ASSERT_EQ(result->size(), 2u);
  EXPECT_EQ((*result)[0], embedder.EmbedText("flights to Paris"));
  EXPECT_EQ((*result)[1], embedder.EmbedText("hotels in Tokyo"));
  auto empty_batch = EmbedAll(embedder, {});
  ASSERT_TRUE(empty_batch.ok());
  EXPECT_TRUE(empty_batch->empty());
}

TEST(LocalEmbedderTest, EmptyOrBlankTextIsInvalidArgument) {
  LocalEmbedder embedder;
  for (const std::string& blank : {std::string(), std::string(" \t\n ")}) {
    auto result = EmbedAll(embedder, {"flights to Paris", blank});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, core::Code::kInvalidArgument);
    EXPECT_EQ(result.error().param, "input");
    EXPECT_NE(result.error().message.find("input[1]"), std::string::npos) << result.error().message;
  }
}

TEST(LocalEmbedderTest, ConcurrentCallersGetTheSameVectorsAsOne) {
  const std::vector<std::string> texts = {"flights from LAX to JFK", "where can I go surfing?",
                                          "cancel my hotel booking", "is Lisbon warm in March?"};
  std::vector<Vector> expected;
  for (const std::string& text : texts) expected.push_back(Shared().EmbedText(text));
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 200; ++round) {
        const std::size_t i = static_cast<std::size_t>(round + t) % texts.size();
        if (Shared().EmbedText(texts[i]) != expected[i]) ++mismatches[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

TEST(LocalEmbedderTest, WorksWithoutWordNet) {
  LocalEmbedder embedder(LocalEmbedder::Options{.wordnet_dir = "/nonexistent/wordnet"});
  EXPECT_FALSE(embedder.has_wordnet());
  Vector lax = embedder.EmbedText("LAX");
  EXPECT_NEAR(Norm(lax), 1.0, 1e-5);
  EXPECT_GT(Cosine(lax, embedder.EmbedText("Los Angeles")), 0.8f);
  EXPECT_NE(embedder.EmbedText("luggage"), Shared().EmbedText("luggage"));  // no synsets
}

// The dev set: floors a little below what the embedder measures (top-1 0.965, AUC 0.998,
// separation 0.66 when written), so a change that makes it worse fails here.
TEST(LocalEmbedderTest, DevSetParaphrasesAreSeparated) {
  auto report = EvaluateParaphrases(Shared(), DevSetPath());
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_GE(report->groups, 60);
  EXPECT_GE(report->queries, 180);
  EXPECT_GE(report->top1_accuracy, 0.93);
  EXPECT_GE(report->auc, 0.99);
  EXPECT_GE(report->separation, 0.55);
  EXPECT_GT(report->p10_same, report->p90_diff);
  std::cout << "dev set: " << report->groups << " groups, " << report->queries
            << " queries, separation " << report->separation << ", top-1 "
            << report->top1_accuracy << ", AUC " << report->auc << "\n";
}

}  // namespace
}  // namespace contrail::embed
