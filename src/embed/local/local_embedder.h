#pragma once
// LocalEmbedder: "contrail-local", the built-in embedder. Weightless and deterministic: a text's
// vector depends only on the text, the dimensions and the tables compiled into contrail (plus
// WordNet 3.0 from /usr/share/wordnet). No network, no model file, no GPU.
//
// Features (model.h): lowercased words without stopwords, their Snowball stems, character
// 3-5-grams, WordNet synonyms of their most common senses, travel concepts ("surfing", "waves" and
// "breaks" share one), places from the place table ("LAX", "Los Angeles" and "Los Angeles
// International" share one), and pairs of adjacent words/concepts/places. Each feature is hashed
// (64-bit, with a namespace per family) to a dimension and a sign, weighted by family, summed, and
// the sum is L2-normalised.
//
//   LocalEmbedder embedder;                      // loads the shared tables
//   once per process Vector v = embedder.EmbedText("flights from LAX to
//   Honolulu");
//
// Thread-safe: Embed() and EmbedText() may be called concurrently from any thread.

#include <memory>
#include <string>
#include <string_view>

#include "embed/embedder.h"

namespace contrail::embed {

namespace local {
class LocalModel;
}

class LocalEmbedder : public Embedder {
 public:
  static constexpr int kDefaultDimensions = 1024;
  static constexpr const char* kModelId = "contrail-local";
  static constexpr const char* kDefaultWordNetDir = "/usr/share/wordnet";

  struct Options {
    int dimensions = kDefaultDimensions;  // vectors of another size are for
                                          // tests and experiments
    std::string wordnet_dir = kDefaultWordNetDir;
  };

  // Loads (or reuses) the process-wide tables: about 0.1 s the first time, nothing after. REQUIRES:
  // options.dimensions > 0
  explicit LocalEmbedder(Options options);
  LocalEmbedder() : LocalEmbedder(Options{}) {}

  const std::string& model() const override { return model_; }
  int dimensions() const override { return dimensions_; }
  bool computes_in_process() const override { return true; }

  // Computes the vectors on the calling thread (no I/O; about 20 us per short text) and returns
  // them in order. kInvalidArgument (param "input") when a text is empty or only whitespace, as
  // OpenAI's /v1/embeddings answers 400 for an empty input.
  boost::asio::awaitable<core::Result<std::vector<Vector>>> Embed(
      std::span<const std::string> texts) override;

  // The unit vector of `text`: dimensions() values, L2 norm 1. An empty or whitespace-only text
  // gives the zero vector (Embed() rejects it before it gets here).
  Vector EmbedText(std::string_view text) const;

  // Whether WordNet was found: without it the vectors lack synonym features and differ.
  bool has_wordnet() const;
  // Milliseconds the shared tables took to build (the first LocalEmbedder in the process paid it).
  double load_ms() const;

 private:
  std::shared_ptr<const local::LocalModel> model_tables_;
  std::string model_ = kModelId;
  int dimensions_;
};

}  // namespace contrail::embed
