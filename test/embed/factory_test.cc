// embed/factory.h: the configured embedder, and startup errors that say what to change.

#include "embed/factory.h"

#include <gtest/gtest.h>

#include <string>

#include "core/config.h"

namespace contrail::embed {
namespace {

TEST(EmbedderFactory, DimensionMismatchIsAStartupErrorThatSaysWhatToChange) {
  core::Config c;
  c.embed.dimensions = 512;
  auto e = MakeConfiguredEmbedder(c);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().message.find("vector(1024)"), std::string::npos);
  EXPECT_NE(e.error().message.find("embed.dimensions = 1024"), std::string::npos);
  core::Config openai;
  openai.embed.provider = "openai";
  EXPECT_FALSE(MakeConfiguredEmbedder(openai).ok());  // no model, no base_url
  core::Config local;
  auto ok = MakeConfiguredEmbedder(local);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ((*ok)->model(), "contrail-local");
  EXPECT_EQ((*ok)->dimensions(), 1024);
}

// The server keeps in-process vectors out of the shared Valkey cache; a provider's go through it.
TEST(EmbedderFactory, OnlyTheBuiltInEmbedderComputesInProcess) {
  core::Config local;
  auto built_in = MakeConfiguredEmbedder(local);
  ASSERT_TRUE(built_in.ok()) << built_in.error().message;
  EXPECT_TRUE((*built_in)->computes_in_process());
  core::Config openai;
  openai.embed.provider = "openai";
  openai.embed.model = "text-embedding-3-small";
  openai.embed.base_url = "http://127.0.0.1:1/v1";
  auto remote = MakeConfiguredEmbedder(openai);
  ASSERT_TRUE(remote.ok()) << remote.error().message;
  EXPECT_FALSE((*remote)->computes_in_process());
}

}  // namespace
}  // namespace contrail::embed
