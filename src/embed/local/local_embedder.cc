#include "embed/local/local_embedder.h"

#include <cassert>

#include "embed/local/model.h"

namespace contrail::embed {
namespace {

bool IsBlank(std::string_view text) {
  return text.find_first_not_of(" \t\n\r\f\v") == std::string_view::npos;
}

}  // namespace

LocalEmbedder::LocalEmbedder(Options options)
    : model_tables_(local::LocalModel::Shared(options.wordnet_dir)),
      dimensions_(options.dimensions) {
  assert(dimensions_ > 0 && "LocalEmbedder needs at least one dimension");
}

boost::asio::awaitable<core::Result<std::vector<Vector>>> LocalEmbedder::Embed(
    std::span<const std::string> texts) {
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (IsBlank(texts[i])) {
      co_return core::InvalidArgument(
          "input[" + std::to_string(i) + "] is empty: every input must contain some text", "input");
    }
  }
  std::vector<Vector> vectors;
  vectors.reserve(texts.size());
  for (const std::string& text : texts) vectors.push_back(EmbedText(text));
  co_return vectors;
}

Vector LocalEmbedder::EmbedText(std::string_view text) const {
  Vector v(static_cast<std::size_t>(dimensions_), 0.0f);
  if (IsBlank(text)) return v;
  model_tables_->Accumulate(text, v);
  Normalize(v);
  return v;
}

bool LocalEmbedder::has_wordnet() const { return model_tables_->has_wordnet(); }
double LocalEmbedder::load_ms() const { return model_tables_->load_ms(); }

}  // namespace contrail::embed
